#!/usr/bin/env bash
# Starts / stops a real Milvus index engine (PyPI `milvus` 2.3.5: the Milvus 2.3.5 standalone server with knowhere,
# embedded etcd and local storage) on a free loopback port, for the integration tests that need real recall.
#   .ci/milvus-engine.sh start   -> prints MILVUS_ENGINE_URI=http://127.0.0.1:PORT (also written to $STATE/uri)
#   .ci/milvus-engine.sh stop    -> stops the server started by `start` (its process group, by the recorded pid only)
# Env: MILVUS_ENGINE_VENV (default target/milvus-engine-venv), MILVUS_ENGINE_STATE (default target/milvus-engine),
#      MILVUS_ENGINE_WAIT_SECONDS (default 240).
# The server listens on all interfaces (the package has no bind-address setting): clients use 127.0.0.1 only.
set -euo pipefail

MILVUS_VERSION="2.3.5"    # the newest `milvus` PyPI serves here (shared/reference/milvus-embedded-2.3.md)
PYMILVUS_VERSION="2.3.7"  # its client: the readiness check below calls the server through it
# pymilvus 2.3.7 imports pkg_resources (setuptools < 70) and breaks with marshmallow 4 / environs 10
PINS=("setuptools==69.5.1" "marshmallow==3.26.2" "environs==9.5.0" "grpcio==1.60.0")

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NAME=milvus-engine
URI_VAR=MILVUS_ENGINE_URI
venv="${MILVUS_ENGINE_VENV:-$root/target/milvus-engine-venv}"
state="${MILVUS_ENGINE_STATE:-$root/target/milvus-engine}"
wait_seconds="${MILVUS_ENGINE_WAIT_SECONDS:-240}"
export venv state MILVUS_VERSION PYMILVUS_VERSION

venv_ready() {
  "$venv/bin/python" -c "import importlib.metadata as m, pkg_resources
assert m.version('milvus') == '$MILVUS_VERSION' and m.version('pymilvus') == '$PYMILVUS_VERSION'" 2>/dev/null
}

venv_install() {
  "$venv/bin/pip" install -q --disable-pip-version-check \
      "milvus==$MILVUS_VERSION" "pymilvus==$PYMILVUS_VERSION" "${PINS[@]}"
}

serve() {
  # a fresh base dir each start (config, etcd, data, logs): the tests create what they need
  rm -rf "$state/base" "$state/ready" && mkdir -p "$state/base"
  # pymilvus reads MILVUS_URI / MILVUS_CONN_ALIAS at import (pymilvus/settings.py) and fails on one that is not a URI
  # (the tests' MILVUS_URI=none): the readiness check below must talk to this server only
  exec env -u MILVUS_URI -u MILVUS_CONN_ALIAS "$venv/bin/python" - "$1" "$state" <<'PY'
import os, re, signal, socket, sys
import milvus
from milvus import MilvusServer, MilvusServerConfig

port, state = int(sys.argv[1]), sys.argv[2]
base = state + "/base"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


# The package's template leaves the embedded etcd on etcd's default ports (2379/2380: taken by any other etcd or
# embedded Milvus here). Milvus starts it from etcd.config.path when that is set: add the key, name free ports.
with open(os.path.dirname(milvus.__file__) + "/data/config.yaml.template") as f:
    text, n = re.subn(r"(?m)^  use:\n    embed: true",
                      "  config:\n    path: {{ etcd_config_path }}\n  use:\n    embed: true", f.read())
assert n == 1, "milvus config template: no etcd.use.embed key"
with open(base + "/milvus.yaml.template", "w") as f:
    f.write(text)
client, peer = free_port(), free_port()
with open(base + "/embed-etcd.yaml", "w") as f:
    f.write(f"name: default\nlisten-client-urls: http://127.0.0.1:{client}\n"
            f"advertise-client-urls: http://127.0.0.1:{client}\nlisten-peer-urls: http://127.0.0.1:{peer}\n"
            f"initial-advertise-peer-urls: http://127.0.0.1:{peer}\ninitial-cluster: default=http://127.0.0.1:{peer}\n")
config = MilvusServerConfig(template=base + "/milvus.yaml.template", etcd_port=client)
config.set("etcd_config_path", base + "/embed-etcd.yaml")
config.glog_conf_file = os.path.dirname(milvus.__file__) + "/data/glog.conf"  # set only for the default template
server = MilvusServer(config)
server.set_base_dir(base)
server.listen_port = port  # the client (proxy) port; the other internal ports are found free from Milvus' defaults up
server.webservice_port = free_port()  # /healthz and metrics


def bye(*_):
    server.stop()  # terminates the milvus child (kills it after 1 s)
    sys.exit(0)


signal.signal(signal.SIGTERM, bye)
signal.signal(signal.SIGINT, bye)
server.start()  # returns once the server's /healthz says OK
from pymilvus import connections, utility  # noqa: E402

connections.connect(host="127.0.0.1", port=str(port))
print(f"milvus-engine: Milvus {utility.get_server_version()} up, pid {server.server_proc.pid}", flush=True)
connections.disconnect("default")
open(state + "/ready", "w").write(str(server.server_proc.pid))
sys.exit(server.server_proc.wait())
PY
}

# shellcheck source=.ci/loopback-server.sh
source "$root/.ci/loopback-server.sh"

# The port opens before the server can serve: ready only once serve() has called it through the client.
port_answers() {
  [[ -f "$state/ready" ]] \
    && python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()' \
        "$1" 2>/dev/null
}

# Two processes (the python wrapper and the milvus server it spawns) share the group started by setsid: stop waits
# until the whole group is gone, not only its leader, and kills what is left.
stop() {
  if [[ ! -f "$state/pid" ]]; then
    log "not running (no $state/pid)"
    return
  fi
  local pid
  pid="$(cat "$state/pid")"
  if kill -0 -- "-$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do
      kill -0 -- "-$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 -- "-$pid" 2>/dev/null; then
      kill -KILL -- "-$pid" 2>/dev/null || true
      sleep 0.5
    fi
    log "stopped (process group $pid)"
  fi
  rm -f "$state/pid" "$state/uri" "$state/ready"
}

main "$@"
