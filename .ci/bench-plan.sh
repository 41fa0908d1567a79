#!/usr/bin/env bash
# Benchmark of the offline plan: runs `plan --stack <stack>` N times on the built jar and prints each wall time
# and the median, in seconds. Usage: .ci/bench-plan.sh [stack=prod] [runs=5]  (build first: ./mvnw -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
stack="${1:-prod}"
runs="${2:-5}"
[[ -f target/milvus-eks.jar ]] || { echo "build first: ./mvnw -q package -DskipTests" >&2; exit 2; }
times=()
for ((i = 1; i <= runs; i++)); do
  start=$(date +%s.%N)
  java -jar target/milvus-eks.jar plan --stack "$stack" --quiet --json /dev/null 2>/dev/null
  end=$(date +%s.%N)
  t=$(python3 -c "print(f'{$end - $start:.2f}')")
  times+=("$t")
  echo "run $i: ${t}s"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | python3 -c "import sys; v=[float(x) for x in sys.stdin]; print(f'{sorted(v)[len(v)//2]:.2f}')")
echo "plan --stack $stack: median ${median}s over $runs runs ($(nproc) cores)"
