#!/usr/bin/env python3
"""Kubernetes reconcile benchmark, rerunnable: python3 bench/kube_reconcile_bench.py [--clusters 200] [--passes 5] [--ref REF]

The real panel, as the ServiceAccount of docker/kubernetes/rbac.yaml, reconciles N single-member
clusters against the test harness's real kube-apiserver with nothing to change; reports time per pass
(the panel's etcdpanel_reconcile timer) and API requests per pass by verb (the API server's own
apiserver_request_total), writes first. The work is KubernetesReconcileBenchmark (a JUnit class run only
from here). With --ref, the same benchmark class runs on that commit's code, in a temporary worktree,
so a change can be compared with the code before it in one session.
Needs: ETCDPANEL_KUBE_TOOLS=$(bin/kube-tools) (or Go to build them), etcd on PATH, Maven's local repository.
"""
import argparse, os, shutil, subprocess, sys, tempfile

BENCH = "src/test/java/io/etcdpanel/runtime/kubernetes/KubernetesReconcileBenchmark.java"

def run(tree, clusters, passes, result):
    if not os.path.exists(os.path.join(tree, BENCH)):
        shutil.copy(BENCH, os.path.join(tree, BENCH))
    env = dict(os.environ)
    env.setdefault("ETCDPANEL_KUBE_TOOLS", subprocess.check_output(["bin/kube-tools"], text=True).strip())
    subprocess.run(["./mvnw", "-B", "-q", "-o", "test", "-Dtest=KubernetesReconcileBenchmark", "-Dsurefire.failIfNoSpecifiedTests=false",
                    "-Dbench.clusters=%d" % clusters, "-Dbench.passes=%d" % passes, "-Dbench.result=" + result],
                   cwd=tree, env=env, check=True, stdout=subprocess.DEVNULL)
    figures = {}
    for line in open(result):
        *key, value = line.split()
        figures[" ".join(key)] = float(value)
    return figures

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clusters", type=int, default=200)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--ref", help="also run the benchmark on this commit (e.g. main) and print both")
    args = parser.parse_args()
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    out = tempfile.mkdtemp(prefix="kube-bench-")
    runs = {"this tree": run(".", args.clusters, args.passes, os.path.join(out, "now.txt"))}
    if args.ref:
        tree = os.path.join(out, "ref")
        subprocess.run(["git", "worktree", "add", "--detach", tree, args.ref], check=True, stdout=subprocess.DEVNULL)
        try:
            runs[args.ref] = run(tree, args.clusters, args.passes, os.path.join(out, "ref.txt"))
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", tree], check=False)
    # request rows that are zero in every run (the API server counts per resource it serves) say nothing
    keys = sorted({key for figures in runs.values() for key, value in figures.items()
                   if value or not key.startswith("requests_per_pass")})
    print("| figure | " + " | ".join(runs) + " |")
    print("|---|" + "---|" * len(runs))
    for key in keys:
        print("| %s | %s |" % (key, " | ".join("%g" % figures.get(key, 0) for figures in runs.values())))

if __name__ == "__main__":
    sys.exit(main())
