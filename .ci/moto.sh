#!/usr/bin/env bash
# Starts / stops moto_server (PyPI moto[server]), an AWS API emulator, on a free loopback port, for PreflightIT.
#   .ci/moto.sh start   -> prints MOTO_URI=http://127.0.0.1:PORT (also written to $STATE/uri)
#   .ci/moto.sh stop    -> stops the server started by `start` (by its recorded pid only)
# Env: MOTO_VENV (default target/moto-venv), MOTO_STATE (default target/moto), MOTO_WAIT_SECONDS (default 60).
set -euo pipefail

MOTO_VERSION="5.2.5"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NAME=moto
URI_VAR=MOTO_URI
venv="${MOTO_VENV:-$root/target/moto-venv}"
state="${MOTO_STATE:-$root/target/moto}"
wait_seconds="${MOTO_WAIT_SECONDS:-60}"
export venv state MOTO_VERSION

venv_ready() {
  [[ -x "$venv/bin/moto_server" ]] \
    && "$venv/bin/python" -c "import importlib.metadata as m; assert m.version('moto') == '$MOTO_VERSION'"
}

venv_install() {
  "$venv/bin/pip" install -q --disable-pip-version-check "moto[server]==$MOTO_VERSION"
}

serve() {
  exec "$venv/bin/moto_server" -H 127.0.0.1 -p "$1"
}

# shellcheck source=.ci/loopback-server.sh
source "$root/.ci/loopback-server.sh"
main "$@"
