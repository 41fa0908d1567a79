#!/usr/bin/env bash
# Starts / stops moto_server (PyPI moto[server]), an AWS API emulator, on a free loopback port, for PreflightIT.
#   .ci/moto.sh start   -> prints MOTO_URI=http://127.0.0.1:PORT (also written to $STATE/uri)
#   .ci/moto.sh stop    -> stops the server started by `start` (by its recorded pid only)
# Env: MOTO_VENV (default target/moto-venv), MOTO_STATE (default target/moto), MOTO_WAIT_SECONDS (default 60).
set -euo pipefail

MOTO_VERSION="5.2.5"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${MOTO_VENV:-$root/target/moto-venv}"
state="${MOTO_STATE:-$root/target/moto}"
wait_seconds="${MOTO_WAIT_SECONDS:-60}"

log() { echo "moto: $*" >&2; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port_answers() {
  python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()' "$1" \
    2>/dev/null
}

ensure_venv() {
  if [[ -x "$venv/bin/moto_server" ]] \
      && "$venv/bin/python" -c "import importlib.metadata as m; assert m.version('moto') == '$MOTO_VERSION'" 2>/dev/null; then
    return
  fi
  log "installing moto[server]==$MOTO_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "moto[server]==$MOTO_VERSION" >&2
}

start() {
  if [[ -f "$state/pid" ]] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
    log "already running (pid $(cat "$state/pid"))"
    echo "MOTO_URI=$(cat "$state/uri")"
    return
  fi
  ensure_venv
  mkdir -p "$state"
  local port
  port="$(free_port)"
  log "starting on 127.0.0.1:$port (log: $state/server.log)"
  # setsid: own process group, so `stop` ends the server and nothing else.
  setsid "$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$state/server.log" 2>&1 < /dev/null &
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
    sleep 0.5
  done
  echo "http://127.0.0.1:$port" >"$state/uri"
  log "ready (pid $pid)"
  echo "MOTO_URI=http://127.0.0.1:$port"
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
