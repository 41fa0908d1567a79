#!/usr/bin/env bash
# Benchmark of the offline plan: runs `plan --stack <stack>` N times on the built jar and prints, per run, the wall
# time and the CPU time (user + system, the child JVM included), then the medians and the CPU time of `--help` for
# scale. CPU time is the figure to compare: wall time moves with whatever else the machine runs.
# Usage: .ci/bench-plan.sh [stack=prod] [runs=5]  (build first: ./mvnw -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
stack="${1:-prod}"
runs="${2:-5}"
[[ -f target/milvus-eks.jar ]] || { echo "build first: ./mvnw -q package -DskipTests" >&2; exit 2; }
python3 - "$stack" "$runs" <<'PY'
import os, resource, statistics, subprocess, sys, time
stack, runs = sys.argv[1], int(sys.argv[2])
def once(args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    subprocess.run(["java", "-jar", "target/milvus-eks.jar", *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
walls, cpus = [], []
for i in range(1, runs + 1):
    wall, cpu = once(["plan", "--stack", stack, "--quiet", "--json", os.devnull])
    walls.append(wall); cpus.append(cpu)
    print(f"run {i}: wall {wall:.2f}s, cpu {cpu:.2f}s")
_, help_cpu = once(["--help"])
print(f"plan --stack {stack}: median wall {statistics.median(walls):.2f}s, median cpu {statistics.median(cpus):.2f}s "
      f"over {runs} runs ({os.cpu_count()} cores); --help cpu {help_cpu:.2f}s")
PY
