#!/usr/bin/env bash
# Starts / stops a Milvus Lite server (PyPI milvus-lite) on a free loopback port, for the integration tests.
#   .ci/milvus-lite.sh start   -> prints MILVUS_URI=http://127.0.0.1:PORT (also written to $STATE/uri)
#   .ci/milvus-lite.sh stop    -> stops the server started by `start` (by its recorded pid only)
# Env: MILVUS_LITE_VENV (default target/milvus-lite-venv), MILVUS_LITE_STATE (default target/milvus-lite),
#      MILVUS_LITE_WAIT_SECONDS (default 120).
set -euo pipefail

MILVUS_LITE_VERSION="3.2.2"
PYMILVUS_VERSION="3.0.2" # its protobuf stubs are what milvus-lite's server imports

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${MILVUS_LITE_VENV:-$root/target/milvus-lite-venv}"
state="${MILVUS_LITE_STATE:-$root/target/milvus-lite}"
wait_seconds="${MILVUS_LITE_WAIT_SECONDS:-120}"

log() { echo "milvus-lite: $*" >&2; }

free_port() {
  python3 - <<'PY'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

port_answers() {
  python3 - "$1" <<'PY'
import socket, sys
try:
    socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()
except OSError:
    sys.exit(1)
PY
}

ensure_venv() {
  if [[ -x "$venv/bin/milvus-lite" ]] \
      && "$venv/bin/python" -c "import importlib.metadata as m; assert m.version('milvus-lite') == '$MILVUS_LITE_VERSION'" 2>/dev/null; then
    return
  fi
  log "installing milvus-lite==$MILVUS_LITE_VERSION pymilvus==$PYMILVUS_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check \
      "milvus-lite==$MILVUS_LITE_VERSION" "pymilvus==$PYMILVUS_VERSION" >&2
}

start() {
  if [[ -f "$state/pid" ]] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
    log "already running (pid $(cat "$state/pid"))"
    echo "MILVUS_URI=$(cat "$state/uri")"
    return
  fi
  ensure_venv
  mkdir -p "$state"
  rm -rf "$state/data"
  mkdir -p "$state/data"
  local port
  port="$(free_port)"
  log "starting on 127.0.0.1:$port (log: $state/server.log)"
  # setsid: own process group, so `stop` ends the server and nothing else.
  setsid "$venv/bin/milvus-lite" server --data-dir "$state/data" --host 127.0.0.1 --port "$port" \
      >"$state/server.log" 2>&1 < /dev/null &
  local pid=$!
  echo "$pid" >"$state/pid"
  local deadline=$((SECONDS + wait_seconds))
  until port_answers "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "server exited before answering; last log lines:"
      tail -n 20 "$state/server.log" >&2 || true
      rm -f "$state/pid"
      exit 1
    fi
    if (( SECONDS >= deadline )); then
      log "no answer on port $port after ${wait_seconds}s; stopping it"
      stop
      exit 1
    fi
    sleep 1
  done
  echo "http://127.0.0.1:$port" >"$state/uri"
  log "ready (pid $pid)"
  echo "MILVUS_URI=http://127.0.0.1:$port"
}

stop() {
  if [[ ! -f "$state/pid" ]]; then
    log "not running (no $state/pid)"
    return
  fi
  local pid
  pid="$(cat "$state/pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    log "stopped (pid $pid)"
  fi
  rm -f "$state/pid" "$state/uri"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
