#!/usr/bin/env python3
"""Restore benchmark of the backup issue, rerunnable: python3 bench/restore_bench.py [--mib 256] [--runs 3]

A 3-member cluster made through the panel is filled with --mib of data and backed up through the
panel. Then, alternating:
  by hand: `etcdctl snapshot restore` of that snapshot file into 3 fresh data dirs, one after the
           other, with one --initial-cluster and token, then the 3 etcd processes started and
           polled (every 10 ms, etcd's HTTP gateway) until all three answer with the same leader;
  panel:   POST .../restores {"mode": "in-place"} on the running cluster, polled (every 20 ms)
           until the restore is Succeeded; its own steps give the time of each.
The panel's restore also stops the running members and takes a pre-restore snapshot first, which
the by-hand run does not; both are reported apart. Restore tests are off so that none runs beside
a measurement. Needs a built jar, etcd and etcdctl on PATH.
"""
import argparse, base64, datetime, os, shutil, statistics, subprocess, tempfile, time

from benchlib import call, free_port, http, start_panel, stop_panel, wait

def by_hand(snapshot, workdir):
    """Seconds from the first restore command to three members that agree on a leader."""
    members = [("hand-%d" % i, free_port(), free_port()) for i in range(3)]
    cluster = ",".join("%s=http://127.0.0.1:%d" % (name, peer) for name, _, peer in members)
    processes = []
    start = time.monotonic()
    try:
        for name, _, peer in members:
            subprocess.run(["etcdctl", "snapshot", "restore", snapshot, "--data-dir=" + os.path.join(workdir, name),
                            "--name=" + name, "--initial-cluster=" + cluster, "--initial-cluster-token=by-hand",
                            "--initial-advertise-peer-urls=http://127.0.0.1:%d" % peer],
                           check=True, env=dict(os.environ, ETCDCTL_API="3"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for name, client, peer in members:
            processes.append(subprocess.Popen(
                ["etcd", "--name=" + name, "--data-dir=" + os.path.join(workdir, name),
                 "--listen-client-urls=http://127.0.0.1:%d" % client, "--advertise-client-urls=http://127.0.0.1:%d" % client,
                 "--listen-peer-urls=http://127.0.0.1:%d" % peer, "--initial-advertise-peer-urls=http://127.0.0.1:%d" % peer,
                 "--initial-cluster=" + cluster, "--initial-cluster-token=by-hand"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        def agreed():
            leaders = {call("POST", "http://127.0.0.1:%d/v3/maintenance/status" % client, {}, timeout=2).get("leader")
                       for _, client, _ in members}
            return len(leaders) == 1 and None not in leaders
        wait("three members agreeing on a leader", agreed, deadline=300, every=0.01)
        return time.monotonic() - start
    finally:
        for process in processes:
            process.terminate()
            process.wait(30)
        for name, _, _ in members:
            shutil.rmtree(os.path.join(workdir, name), ignore_errors=True)

def seconds(step):
    parse = lambda text: datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return (parse(step["finishedAt"]) - parse(step["startedAt"])).total_seconds()

def through_panel(api, snapshot_id):
    """(seconds from POST to Succeeded, seconds per step)."""
    start = time.monotonic()
    status, restore = http("POST", api + "/api/v1/clusters/bench/restores", {"snapshotId": snapshot_id, "mode": "in-place"})
    assert status == 202, restore
    done = wait("the restore", deadline=600, every=0.02, check=lambda: (lambda r: r if r["status"] in ("Succeeded", "Failed") else None)(
        call("GET", api + "/api/v1/restores/" + restore["id"])))
    total = time.monotonic() - start
    assert done["status"] == "Succeeded", done
    wait("bench handed back", lambda: call("GET", api + "/api/v1/clusters/bench")["status"]["phase"] == "Running", deadline=120, every=0.1)
    return total, {step["name"]: seconds(step) for step in done["steps"]}

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mib", type=int, default=256)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="bench-restore-")
    workdir = tempfile.mkdtemp(prefix="bench-restore-hand-")
    panel, api = start_panel(data, "26200-26299", "--etcdpanel.backup.restore-test=false")
    try:
        call("POST", api + "/api/v1/clusters", {"name": "bench", "replicas": 3, "quotaBackendBytes": 8 * 1024 ** 3})
        wait("bench Running", lambda: call("GET", api + "/api/v1/clusters/bench")["status"]["phase"] == "Running", deadline=600, every=0.5)
        endpoint = call("GET", api + "/api/v1/clusters/bench/members")[0]["clientUrls"][0]
        value = base64.b64encode(os.urandom(768 * 1024)).decode()  # 1 MiB of base64 per key
        for i in range(args.mib):
            call("POST", endpoint + "/v3/kv/put", {"key": base64.b64encode(b"blob-%06d" % i).decode(), "value": value}, timeout=60)
        snapshot = call("POST", api + "/api/v1/clusters/bench/snapshots")
        snapshot = wait("the backup", deadline=600, every=0.1, check=lambda: (lambda s: s if s["status"] == "Succeeded" else None)(
            call("GET", api + "/api/v1/snapshots/" + snapshot["id"])))
        file = snapshot["location"][len("file:"):]
        print("| snapshot | %.0f MiB, revision %d |" % (snapshot["sizeBytes"] / 1024 ** 2, snapshot["revision"]))
        hands, panels, steps = [], [], []
        for run in range(args.runs):
            hands.append(by_hand(file, workdir))
            total, per_step = through_panel(api, snapshot["id"])
            panels.append(total)
            steps.append(per_step)
            print("| run %d | by hand %.2f s | panel %.2f s (%.2fx) | %s |" % (run + 1, hands[-1], total, total / hands[-1],
                  ", ".join("%s %.2f s" % item for item in per_step.items())))
        hand, panel_total = statistics.median(hands), statistics.median(panels)
        without = statistics.median(total - s["take pre-restore snapshot"] - s["stop members"] for total, s in zip(panels, steps))
        print("| median | by hand %.2f s | panel %.2f s (%.2fx, +%.2f s) | panel without the pre-restore snapshot and the stop: %.2f s (%.2fx, %+.2f s) |"
              % (hand, panel_total, panel_total / hand, panel_total - hand, without, without / hand, without - hand))
    finally:
        stop_panel(panel, api, data)
        shutil.rmtree(workdir, ignore_errors=True)

if __name__ == "__main__":
    main()
