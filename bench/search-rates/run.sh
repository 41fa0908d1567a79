#!/usr/bin/env bash
# Reruns the search-rate benchmark: makes its two venvs if missing (exact pins), then runs run.py at low priority.
#   bash bench/search-rates/run.sh [--quick] [--rows N] [--datasets ...] [--indexes ...]   (see run.py --help)
# Env: BENCH_VENV (default target/bench-venv), BENCH_DISKANN_VENV (default target/bench-diskann-venv),
#      PYTHON (default python3.11, else python3).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${BENCH_VENV:-$root/target/bench-venv}"
dvenv="${BENCH_DISKANN_VENV:-$root/target/bench-diskann-venv}"
py="${PYTHON:-$(command -v python3.11 || command -v python3)}"

ensure() { # venv requirements-file
  local stamp="$1/.requirements" want
  want="$(cat "$2")"
  if [[ -x "$1/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return
  fi
  echo "search-rates: installing $2 into $1" >&2
  "$py" -m venv "$1"
  "$1/bin/pip" install -q --disable-pip-version-check -r "$2" >&2
  echo "$want" >"$stamp"
}

ensure "$venv" "$here/requirements.txt"
ensure "$dvenv" "$here/requirements-diskann.txt"
# builds use every core; searches pin themselves to one thread (faiss omp 1, diskannpy num_threads=1). Idle OpenMP
# threads sleep rather than spin (GNU and Intel runtimes): spinning burns the CPU seconds being measured, and on a
# shared machine it starves the thread doing the work.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}" OMP_WAIT_POLICY=PASSIVE KMP_BLOCKTIME=0
exec nice -n 10 "$venv/bin/python" "$here/run.py" --diskann-python "$dvenv/bin/python" "$@"
