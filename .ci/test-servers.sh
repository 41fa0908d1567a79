#!/usr/bin/env bash
# The servers the integration tests need, started and stopped by the build itself (pom.xml: exec-maven-plugin in
# pre-integration-test / post-integration-test), so `./mvnw -B verify` alone runs the whole suite:
#   Milvus Lite (.ci/milvus-lite.sh) for the *IT tests of collection/, moto (.ci/moto.sh) for PreflightIT, and the
#   real index engine (.ci/milvus-engine.sh: embedded Milvus 2.3.5) for the tests that need real recall.
#   .ci/test-servers.sh start  -> starts all three, writes MILVUS_URI / MOTO_URI / MILVUS_ENGINE_URI to
#                                 target/test-servers/servers.properties (failsafe passes them to the tests as
#                                 system properties)
#   .ci/test-servers.sh stop   -> stops what `start` started (also run by a watchdog when the build's JVM exits)
# A MILVUS_URI, MOTO_URI or MILVUS_ENGINE_URI already in the environment is used as is (nothing started for it).
# Without python3: one line, the integration tests skip — except with CI=true, where this fails the build.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${TEST_SERVERS_STATE:-$root/target/test-servers}"
props="$state/servers.properties"
ci="${CI:-false}"

log() { echo "test-servers: $*" >&2; }

# One server: `name script VAR`. Prints VAR=URI into the properties file, or skips/fails per CI.
start_one() {
  local name="$1" script="$2" var="$3"
  if [[ -n "${!var:-}" ]]; then
    log "$var=${!var} given: $name not started"
    echo "$var=${!var}" >>"$props"
    echo "external" >"$state/$name.mode"
    return
  fi
  local line
  if line="$("$script" start)"; then
    echo "$line" >>"$props"
    echo "started" >"$state/$name.mode"
    log "$line"
  elif [[ "$ci" == "true" ]]; then
    log "FAIL: $name did not start and CI=true (integration tests never skip in CI)"
    return 1
  else
    log "$name did not start (see above): its integration tests will be skipped"
  fi
}

start() {
  mkdir -p "$state"
  : >"$props"
  if ! command -v python3 >/dev/null 2>&1; then
    if [[ "$ci" == "true" ]]; then
      log "FAIL: python3 not found and CI=true: the test servers cannot start (integration tests never skip in CI)"
      exit 1
    fi
    log "python3 not found: the integration tests that need a server will be skipped (install python3 to run them)"
    return
  fi
  # If one fails in CI, stop what did start before failing the build.
  if ! start_one milvus-lite "$root/.ci/milvus-lite.sh" MILVUS_URI || ! start_one moto "$root/.ci/moto.sh" MOTO_URI \
      || ! start_one milvus-engine "$root/.ci/milvus-engine.sh" MILVUS_ENGINE_URI
  then
    stop
    exit 1
  fi
  watchdog
}

# The build's JVM is this script's parent. If the build dies before post-integration-test (a crash, Ctrl-C, a
# failsafe error), the watchdog stops the servers when that JVM is gone.
watchdog() {
  local build_pid="$PPID"
  setsid nohup bash -c "while kill -0 $build_pid 2>/dev/null; do sleep 2; done; exec '$root/.ci/test-servers.sh' stop-servers" \
      >"$state/watchdog.log" 2>&1 </dev/null &
  echo $! >"$state/watchdog.pid"
}

stop_servers() {
  for name in milvus-lite moto milvus-engine; do
    if [[ "$(cat "$state/$name.mode" 2>/dev/null || true)" == "started" ]]; then
      "$root/.ci/$name.sh" stop || true
    fi
    rm -f "$state/$name.mode"
  done
}

stop() {
  stop_servers
  if [[ -f "$state/watchdog.pid" ]]; then
    kill "$(cat "$state/watchdog.pid")" 2>/dev/null || true
    rm -f "$state/watchdog.pid"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  stop-servers) stop_servers ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
