#!/usr/bin/env python3
"""Benchmarks of issue 2, rerunnable: python3 bench/panel_bench.py [--clusters 20] [--runs 15] [--interval 10s]

1. Time from POST of a 3-member cluster to Running with a leader, against the time the same three
   etcd processes (same flags as the panel gives them) take to elect a leader when started by hand.
2. One health sweep of N clusters x 3 members against one probe round trip (both read from the
   panel's own timers), and the panel's CPU (share of one core) and resident memory at the
   reconcile interval (default 10 s), over a 60 s window.
Needs: a built jar (./mvnw -DskipTests package), etcd on PATH. Everything listens on 127.0.0.1.
"""
import argparse, os, shutil, statistics, subprocess, tempfile, time

from benchlib import http, start_panel, stop_panel, wait

def has_leader(client_port):
    status, body = http("POST", "http://127.0.0.1:%d/v3/maintenance/status" % client_port, {}, timeout=1)
    return status == 200 and isinstance(body, dict) and body.get("leader") not in (None, "0")

def by_hand(base_port, run):
    """Three etcd processes started by hand, as the panel starts them; seconds until one reports a leader."""
    root = tempfile.mkdtemp(prefix="bench-hand-")
    names = ["hand-%d" % i for i in range(3)]
    ports = {n: (base_port + 2 * i, base_port + 2 * i + 1) for i, n in enumerate(names)}
    cluster = ",".join("%s=http://127.0.0.1:%d" % (n, ports[n][1]) for n in names)
    procs = []
    start = time.monotonic()
    for n in names:
        c, p = ports[n]
        procs.append(subprocess.Popen(["etcd", "--name=" + n, "--data-dir=" + os.path.join(root, n),
            "--listen-client-urls=http://127.0.0.1:%d" % c, "--advertise-client-urls=http://127.0.0.1:%d" % c,
            "--listen-peer-urls=http://127.0.0.1:%d" % p, "--initial-advertise-peer-urls=http://127.0.0.1:%d" % p,
            "--initial-cluster=" + cluster, "--initial-cluster-state=new", "--initial-cluster-token=hand-%d" % run,
            "--quota-backend-bytes=2147483648", "--auto-compaction-mode=periodic", "--auto-compaction-retention=1h"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    wait("a leader by hand", lambda: any(has_leader(ports[n][0]) for n in names))
    took = time.monotonic() - start
    for p in procs:
        p.terminate()
    for p in procs:
        p.wait(30)
    shutil.rmtree(root)
    return took

def metric(text, name):
    for line in text.splitlines():
        if line.startswith(name + " ") or ("{" not in name and line.startswith(name + "{")):
            return float(line.rsplit(" ", 1)[1])
    return 0.0

def cpu_seconds(pid):
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

def rss_mib(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clusters", type=int, default=20)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--interval", default="10s", help="etcdpanel.reconcile.interval for the sweep and CPU part")
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="bench-panel-")
    panel, api = start_panel(data, "26100-26999", "--etcdpanel.reconcile.interval=" + args.interval)
    try:
        hand, ours = [], []
        for run in range(args.runs):
            hand.append(by_hand(26000, run))
            name = "bench-%d" % run
            start = time.monotonic()
            assert http("POST", api + "/api/v1/clusters", {"name": name, "replicas": 3})[0] == 201
            wait(name + " Running", lambda: (lambda s: s["phase"] == "Running" and s["leaderId"])(
                http("GET", api + "/api/v1/clusters/" + name)[1]["status"]))
            ours.append(time.monotonic() - start)
            http("DELETE", api + "/api/v1/clusters/" + name)
            wait(name + " gone", lambda: http("GET", api + "/api/v1/clusters/" + name)[0] == 404, every=0.2)
        print("| 3 members to a leader | by hand: median %.2f s | through the panel: median %.2f s | ratio %.2f |" % (
            statistics.median(hand), statistics.median(ours), statistics.median(ours) / statistics.median(hand)))
        print("  runs by hand: " + ", ".join("%.2f" % t for t in hand) + "; through the panel: " + ", ".join("%.2f" % t for t in ours))

        for i in range(args.clusters):
            assert http("POST", api + "/api/v1/clusters", {"name": "sweep-%d" % i, "replicas": 3})[0] == 201
        wait("all clusters Running", lambda: all(c["status"]["phase"] == "Running" for c in http("GET", api + "/api/v1/clusters")[1]),
             deadline=300, every=1)
        time.sleep(15)  # let start-up work settle before the measured window
        single_before = http("GET", api + "/actuator/prometheus")[1]
        for _ in range(30):  # looks at one cluster at a time: its 3 probes are the reference round trip
            http("GET", api + "/api/v1/clusters/sweep-0/members")
            time.sleep(0.2)
        single_after = http("GET", api + "/actuator/prometheus")[1]
        single = 'etcdpanel_member_probe_seconds_%s{look="cluster"}'
        single_n = metric(single_after, single % "count") - metric(single_before, single % "count")
        single_s = (metric(single_after, single % "sum") - metric(single_before, single % "sum")) / single_n
        before = http("GET", api + "/actuator/prometheus")[1]
        cpu_before, t_before = cpu_seconds(panel.pid), time.monotonic()
        time.sleep(60)
        after = http("GET", api + "/actuator/prometheus")[1]
        cpu = (cpu_seconds(panel.pid) - cpu_before) / (time.monotonic() - t_before)
        sweeps = metric(after, "etcdpanel_health_sweep_seconds_count") - metric(before, "etcdpanel_health_sweep_seconds_count")
        sweep_s = (metric(after, "etcdpanel_health_sweep_seconds_sum") - metric(before, "etcdpanel_health_sweep_seconds_sum")) / sweeps
        swept = 'etcdpanel_member_probe_seconds_%s{look="sweep"}'
        probes = metric(after, swept % "count") - metric(before, swept % "count")
        probe_s = (metric(after, swept % "sum") - metric(before, swept % "sum")) / probes
        print("| sweep of %d clusters x 3 members | one probe round trip (one cluster looked at alone): mean %.2f ms (%d probes) "
              "| one sweep: mean %.2f ms (%d sweeps; its probes took %.2f ms each on average) | sweep / round trip %.1f; %d round trips one after another would take %.0f ms |" % (
            args.clusters, single_s * 1000, single_n, sweep_s * 1000, sweeps, probe_s * 1000, sweep_s / single_s,
            args.clusters * 3, args.clusters * 3 * single_s * 1000))
        print("| panel at a %s interval, %d clusters | CPU %.2f%% of one core | resident memory %.0f MiB |" % (
            args.interval, args.clusters, cpu * 100, rss_mib(panel.pid)))
    finally:
        stop_panel(panel, api, data)

if __name__ == "__main__":
    main()
