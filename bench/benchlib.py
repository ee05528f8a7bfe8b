"""What the benchmark scripts share: starting the panel jar, HTTP calls to it or to etcd's gateway, waiting with a deadline."""
import base64, glob, json, shutil, signal, socket, subprocess, time, urllib.error, urllib.request

# the first admin of every panel a benchmark starts; the panel's REST API is called as it
ADMIN_PASSWORD = "bench-admin-password"
ADMIN_AUTH = "Basic " + base64.b64encode(("admin:" + ADMIN_PASSWORD).encode()).decode()

def http(method, url, body=None, timeout=30):
    """(status, body): the body read as JSON when it is JSON. Calls to a panel's /api/ are signed in as its admin."""
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if "/api/v1/" in url:
        headers["Authorization"] = ADMIN_AUTH
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            text = r.read().decode()
            return r.status, (json.loads(text) if text and r.headers.get("Content-Type", "").find("json") >= 0 else text)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()

def call(method, url, body=None, timeout=30):
    """The body of a call that must succeed."""
    status, answer = http(method, url, body, timeout)
    if status >= 400:
        raise RuntimeError("%s %s answered %d: %s" % (method, url, status, answer))
    return answer

def wait(what, check, deadline=120, every=0.01):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            value = check()
            if value:
                return value
        except Exception:
            pass
        time.sleep(every)
    raise SystemExit("timed out waiting for " + what)

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def start_panel(data, ports, *options, java_options=()):
    """Starts the built jar on a free loopback port with its own data dir; returns (process, base URL) once it is ready."""
    jar = sorted(glob.glob("target/etcd-panel-*.jar"))[-1]
    port = free_port()
    panel = subprocess.Popen(["java", *java_options, "-jar", jar, "--server.port=%d" % port, "--server.address=127.0.0.1",
                              "--etcdpanel.data-dir=" + data, "--etcdpanel.local.ports=" + ports,
                              "--etcdpanel.security.admin-password=" + ADMIN_PASSWORD, *options],
                             stdout=open(data + "-panel.log", "w"), stderr=subprocess.STDOUT)
    api = "http://127.0.0.1:%d" % port
    wait("the panel", lambda: http("GET", api + "/actuator/health/readiness")[0] == 200, deadline=120, every=0.5)
    return panel, api

def stop_panel(panel, api, data):
    """Deletes every cluster the benchmark made, stops the panel, and leaves no etcd process nor data behind."""
    try:
        status, clusters = http("GET", api + "/api/v1/clusters")
        for cluster in clusters if status == 200 else []:
            http("DELETE", api + "/api/v1/clusters/" + cluster["name"])
        wait("every cluster gone", lambda: http("GET", api + "/api/v1/clusters")[1] == [], deadline=180, every=1)
    finally:
        panel.send_signal(signal.SIGTERM)
        panel.wait(60)
        subprocess.run(["pkill", "-f", "--", "--data-dir=" + data], check=False)
        shutil.rmtree(data, ignore_errors=True)
