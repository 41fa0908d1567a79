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
NAME=milvus-lite
URI_VAR=MILVUS_URI
venv="${MILVUS_LITE_VENV:-$root/target/milvus-lite-venv}"
state="${MILVUS_LITE_STATE:-$root/target/milvus-lite}"
wait_seconds="${MILVUS_LITE_WAIT_SECONDS:-120}"
export venv state MILVUS_LITE_VERSION PYMILVUS_VERSION

venv_ready() {
  [[ -x "$venv/bin/milvus-lite" ]] \
    && "$venv/bin/python" -c "import importlib.metadata as m; assert m.version('milvus-lite') == '$MILVUS_LITE_VERSION'"
}

venv_install() {
  "$venv/bin/pip" install -q --disable-pip-version-check \
      "milvus-lite==$MILVUS_LITE_VERSION" "pymilvus==$PYMILVUS_VERSION"
}

serve() {
  # a fresh data dir each start: the tests create what they need
  rm -rf "$state/data" && mkdir -p "$state/data"
  exec "$venv/bin/milvus-lite" server --data-dir "$state/data" --host 127.0.0.1 --port "$1"
}

# shellcheck source=.ci/loopback-server.sh
source "$root/.ci/loopback-server.sh"
main "$@"
