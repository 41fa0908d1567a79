#!/usr/bin/env bash
# Builds, once, the real Kubernetes parts the kube tier (src/test/java/io/milvuseks/kube) runs on loopback: etcd,
# kube-apiserver, kube-scheduler, kube-controller-manager, and helm, from the Go module proxy, into a versioned
# cache directory; later runs only check the binaries are there.
#   .ci/kube-tools.sh            -> builds what is missing, prints KUBE_TOOLS=<dir> (the binaries are in <dir>/bin)
#   .ci/kube-tools.sh --check    -> exit 0 when every binary is cached, 1 otherwise (no build)
# Env: KUBE_TOOLS_CACHE (default ~/.cache/milvus-eks/kube-tools). A first build takes ~7 min on a quiet 2-core
# machine and 15-40 min on a loaded one; the Go build cache (go env GOCACHE) makes a rebuild take seconds.
# Go: the `go` on PATH when it is 1.24 or newer (Kubernetes 1.33's go.mod); otherwise Go 1.26.8 is fetched once
# from the Go module proxy (the golang.org/toolchain module, as `GOTOOLCHAIN` would) and checked against its sha256.
set -euo pipefail

K8S_VERSION="v1.33.13"     # the stack's EKS minor (1.33); staging/src modules are published as v0.33.13
ETCD_VERSION="v3.5.36"     # the etcd line Kubernetes 1.33 is tested with
HELM_VERSION="v3.18.6"     # helm 3.x, as the issue asks; templates charts as helm 3 does for `pulumi up`
# Bump when the build recipe (flags, patches) changes: the cache directory's name changes, so old caches rebuild
# (a re-link only, when the Go build cache is warm).
RECIPE=2
GO_TOOLCHAIN="go1.26.8"
GO_TOOLCHAIN_SHA256="30c2b1bf7dcc88d3eb0a1364e47ddd9128edb3110a30e8a0ef61cd5856b31de7" # linux-amd64 module zip

cache="${KUBE_TOOLS_CACHE:-$HOME/.cache/milvus-eks/kube-tools}"
dir="$cache/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-helm-$HELM_VERSION-r$RECIPE"
bin="$dir/bin"
tools=(etcd kube-apiserver kube-scheduler kube-controller-manager helm)

log() { echo "kube-tools: $*" >&2; }
have_all() { for t in "${tools[@]}"; do [[ -x "$bin/$t" ]] || return 1; done; }

if [[ "${1:-}" == "--check" ]]; then have_all; exit $?; fi
if have_all; then echo "KUBE_TOOLS=$dir"; exit 0; fi

mkdir -p "$bin" "$dir/src"
exec 9>"$dir/.lock"
flock 9   # two builds at once (a test and .ci/run, or two worktrees) wait for each other instead of racing
if have_all; then echo "KUBE_TOOLS=$dir"; exit 0; fi
started=$SECONDS

# A Go of at least 1.24, or the pinned toolchain from the module proxy.
go_ok() { local v; v="$("$1" env GOVERSION 2>/dev/null)" || return 1; v="${v#go}"
  [[ "${v%%.*}" -gt 1 || ( "${v%%.*}" -eq 1 && "$(echo "$v" | cut -d. -f2)" -ge 24 ) ]]; }
GO="$(command -v go || true)"
if [[ -z "$GO" ]] || ! go_ok "$GO"; then
  tc="$cache/$GO_TOOLCHAIN"
  if [[ ! -x "$tc/bin/go" ]]; then
    proxy="${GOPROXY:-https://proxy.golang.org}"; proxy="${proxy%%,*}"
    url="$proxy/golang.org/toolchain/@v/v0.0.1-$GO_TOOLCHAIN.linux-amd64.zip"
    log "no Go >= 1.24 on PATH: fetching $GO_TOOLCHAIN from $url"
    command -v curl >/dev/null || { log "curl not found: install Go 1.24+ or curl"; exit 1; }
    curl -fsSL -o "$cache/toolchain.zip.part" "$url"
    echo "$GO_TOOLCHAIN_SHA256  $cache/toolchain.zip.part" | sha256sum -c --quiet - \
      || { log "the toolchain zip's sha256 differs from the pinned one"; exit 1; }
    rm -rf "$cache/toolchain-unzip" && mkdir -p "$cache/toolchain-unzip"
    python3 -m zipfile -e "$cache/toolchain.zip.part" "$cache/toolchain-unzip"
    rm -rf "$tc" && mv "$cache/toolchain-unzip/golang.org/toolchain@v0.0.1-$GO_TOOLCHAIN.linux-amd64" "$tc"
    chmod -R u+x "$tc/bin" "$tc/pkg/tool"   # module zips keep no file modes
    rm -rf "$cache/toolchain-unzip" "$cache/toolchain.zip.part"
  fi
  GO="$tc/bin/go"
fi
export GOFLAGS=-buildvcs=false GOWORK=off CGO_ENABLED=0 GOTOOLCHAIN=local
log "building with $("$GO" version)"

# A module copied out of the module cache, writable, so its go.mod can be edited.
copy_module() { # module version dest
  local json srcdir
  json="$(cd "$dir/src" && GOFLAGS=-mod=mod "$GO" mod download -json "$1@$2")"
  srcdir="$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [[ -d "$srcdir" ]] || { log "go mod download $1@$2 gave no directory"; exit 1; }
  rm -rf "$3" && cp -r "$srcdir" "$3" && chmod -R u+w "$3"
}

# Deletes a `replace ( ... )` block and single `replace` lines from a go.mod.
drop_replaces() { sed -i -e '/^replace (/,/^)/d' -e '/^replace /d' "$1"; }

# Each binary is linked into a temporary name and renamed when complete, so an interrupted build never leaves a
# file that --check would take for a finished one.
finish() { for t in "$@"; do mv -f "$bin/.partial/$t" "$bin/$t"; done; }

build_etcd() {
  [[ -x "$bin/etcd" ]] && return
  log "building etcd $ETCD_VERSION (its go.mod replaces point at published modules of the same version)"
  local src="$dir/src/etcd" t0=$SECONDS
  copy_module go.etcd.io/etcd/server/v3 "$ETCD_VERSION" "$src"
  drop_replaces "$src/go.mod"
  # server/v3 is a library; etcd's own binary is a two-line main over etcdmain. (etcd's version string is a
  # constant of go.etcd.io/etcd/api/v3/version, so it needs no ldflags.)
  mkdir -p "$src/cmd/etcd"
  cat >"$src/cmd/etcd/main.go" <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  (cd "$src" && { "$GO" mod tidy -e >/dev/null 2>&1 || true; } && "$GO" build -mod=mod -o "$bin/.partial/etcd" ./cmd/etcd)
  finish etcd
  log "etcd built in $((SECONDS - t0)) s"
}

build_kube() {
  if [[ -x "$bin/kube-apiserver" && -x "$bin/kube-scheduler" && -x "$bin/kube-controller-manager" ]]; then return; fi
  log "building kube-apiserver, kube-scheduler, kube-controller-manager $K8S_VERSION"
  local src="$dir/src/kubernetes" minor="v0${K8S_VERSION#v1}" t0=$SECONDS
  copy_module k8s.io/kubernetes "$K8S_VERSION" "$src"
  drop_replaces "$src/go.mod"
  rm -f "$src/go.work" "$src/go.work.sum"
  # staging modules are required at v0.0.0 and replaced by ./staging (absent from the module zip): the
  # published staging modules carry the same code at v0.<minor>.<patch>.
  sed -i -E "s#^(\s*k8s\.io/[a-z0-9-]+) v0\.0\.0\$#\1 $minor#" "$src/go.mod"
  # What hack/lib/version.sh stamps into a release build, so `--version` and /version say v1.33.13.
  local major="${K8S_VERSION#v}"; major="${major%%.*}"
  local kminor; kminor="$(echo "$K8S_VERSION" | cut -d. -f2)"
  local pkg=k8s.io/component-base/version
  local ldflags="-X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=$major -X $pkg.gitMinor=$kminor"
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  (cd "$src" && { "$GO" mod tidy -e >/dev/null 2>&1 || true; } \
   && "$GO" build -mod=mod -ldflags "$ldflags" -o "$bin/.partial/" \
        ./cmd/kube-apiserver ./cmd/kube-scheduler ./cmd/kube-controller-manager)
  finish kube-apiserver kube-scheduler kube-controller-manager
  log "kube-apiserver, kube-scheduler, kube-controller-manager built in $((SECONDS - t0)) s"
}

build_helm() {
  [[ -x "$bin/helm" ]] && return
  log "building helm $HELM_VERSION"
  local t0=$SECONDS
  # helm's Makefile sets the version the same way (internal/version.version); without it `helm version` says v3.18
  GOBIN="$bin/.partial" "$GO" install -ldflags "-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  finish helm
  log "helm built in $((SECONDS - t0)) s"
}

mkdir -p "$bin/.partial"
build_etcd
build_kube
build_helm
rm -rf "$bin/.partial"
have_all || { log "a binary is missing after the build"; exit 1; }
log "all built in $((SECONDS - started)) s into $dir"
echo "KUBE_TOOLS=$dir"
