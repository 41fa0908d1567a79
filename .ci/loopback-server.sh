# Shared by .ci/milvus-lite.sh and .ci/moto.sh (sourced, not run): a Python server from a pinned virtualenv on a free
# loopback port, started in its own process group and stopped by its recorded pid only.
# The sourcing script sets: NAME (log prefix), URI_VAR (e.g. MILVUS_URI), venv, state, wait_seconds, and defines
#   venv_ready   -> success when $venv holds the pinned packages
#   venv_install -> installs them into $venv
#   serve PORT   -> execs the server on 127.0.0.1:PORT (stdout/stderr go to $state/server.log)

log() { echo "$NAME: $*" >&2; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port_answers() {
  python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()' "$1" \
    2>/dev/null
}

ensure_venv() {
  if venv_ready 2>/dev/null; then
    return
  fi
  log "installing into $venv"
  python3 -m venv "$venv"
  venv_install >&2
}

start() {
  if [[ -f "$state/pid" ]] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
    log "already running (pid $(cat "$state/pid"))"
    echo "$URI_VAR=$(cat "$state/uri")"
    return
  fi
  ensure_venv
  mkdir -p "$state"
  local port
  port="$(free_port)"
  log "starting on 127.0.0.1:$port (log: $state/server.log)"
  # setsid: own process group, so `stop` ends the server and nothing else.
  setsid bash -c "$(declare -f serve); serve $port" >"$state/server.log" 2>&1 < /dev/null &
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
  echo "$URI_VAR=http://127.0.0.1:$port"
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

main() {
  case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
  esac
}
