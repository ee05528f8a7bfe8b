#!/usr/bin/env python3
"""Snapshot benchmark of the backup issue, rerunnable: python3 bench/snapshot_bench.py [--gib 1.0] [--runs 3]

A 1-member cluster made through the panel is filled with --gib of data; then, alternating,
`etcdctl snapshot save` from that member and a backup through the panel (POST .../snapshots) are
timed. The panel runs with a small heap (--panel-heap, default 256m) and its heap is sampled from
/actuator/prometheus during each backup, after a full GC (jcmd GC.run) for a clean baseline.
Needs a built jar, etcd and etcdctl on PATH.
"""
import argparse, base64, os, re, subprocess, tempfile, threading, time

from benchlib import call, start_panel, stop_panel, wait

def heap_used(api):
    text = call("GET", api + "/actuator/prometheus")
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith("jvm_memory_used_bytes{") and 'area="heap"' in line)

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gib", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--panel-heap", default="256m", help="-Xmx of the panel: a snapshot held in memory could not fit")
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="bench-snap-")
    # restore tests off: each would restore 1 GiB beside the next run and skew both sides of the comparison
    panel, api = start_panel(data, "26100-26199", "--etcdpanel.backup.restore-test=false", java_options=["-Xmx" + args.panel_heap])
    try:
        call("POST", api + "/api/v1/clusters", {"name": "big", "replicas": 1, "quotaBackendBytes": 8 * 1024 ** 3})
        wait("big Running", lambda: call("GET", api + "/api/v1/clusters/big")["status"]["phase"] == "Running", deadline=600, every=0.5)
        endpoint = call("GET", api + "/api/v1/clusters/big/members")[0]["clientUrls"][0]
        value = base64.b64encode(os.urandom(1024 * 1024)).decode()  # 1 MiB of incompressible bytes per key
        for i in range(int(args.gib * 1024)):
            call("POST", endpoint + "/v3/kv/put", {"key": base64.b64encode(b"blob-%06d" % i).decode(), "value": value}, timeout=60)
        print("| filled | %.2f GiB of values in 1 MiB keys |" % args.gib)
        for run in range(args.runs):
            out = os.path.join(data, "etcdctl-%d.db" % run)
            start = time.monotonic()
            subprocess.run(["etcdctl", "--endpoints=" + endpoint, "snapshot", "save", out], check=True,
                           env=dict(os.environ, ETCDCTL_API="3"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            reference = time.monotonic() - start
            size = os.path.getsize(out)
            os.remove(out)

            subprocess.run(["jcmd", str(panel.pid), "GC.run"], check=True, stdout=subprocess.DEVNULL)
            baseline = heap_used(api)
            peak = [baseline]
            done = threading.Event()
            def sample():
                while not done.is_set():
                    peak[0] = max(peak[0], heap_used(api))
                    time.sleep(0.05)
            sampler = threading.Thread(target=sample)
            sampler.start()
            start = time.monotonic()
            snapshot = call("POST", api + "/api/v1/clusters/big/snapshots")
            record = wait("the backup", deadline=600, every=0.02, check=lambda: (lambda s: s if s["status"] != "Running" else None)(
                call("GET", api + "/api/v1/snapshots/" + snapshot["id"])))
            total = time.monotonic() - start
            done.set()
            sampler.join()
            assert record["status"] == "Succeeded", record
            event = next(e["message"] for e in call("GET", api + "/api/v1/clusters/big/events") if snapshot["id"] in e["message"]
                         and e["reason"] == "SnapshotTaken")
            streamed = int(re.search(r"streamed in (\d+) ms", event).group(1)) / 1000
            mib = size / 1024 ** 2
            print("| run %d | etcdctl snapshot save: %.2f s, %.0f MiB/s | panel stream: %.2f s, %.0f MiB/s (%.2fx) | panel total with checks: %.2f s (%.2fx) | heap growth %.1f MiB |" % (
                run + 1, reference, mib / reference, streamed, mib / streamed, reference / streamed, total, reference / total,
                (peak[0] - baseline) / 1024 ** 2))
            call("DELETE", api + "/api/v1/snapshots/" + snapshot["id"])
    finally:
        stop_panel(panel, api, data)

if __name__ == "__main__":
    main()
