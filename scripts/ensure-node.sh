#!/usr/bin/env bash
# The project runs on the Node.js release pinned in .nvmrc (its major is the floor in package.json's
# engines). When the Node on PATH is older, this installs the pinned release from the npm registry
# (the `node-<os>-<arch>` package carries the official binary; no other download site is needed)
# into the git-ignored .cache/node/<version>, once.
#
#   bash scripts/ensure-node.sh            prints the bin directory to put first on PATH
#   bash scripts/ensure-node.sh CMD ARGS   runs CMD with that directory first on PATH
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="$(tr -d ' \nv' <"$here/.nvmrc")"
floor="${version%%.*}"
log() { echo "[ensure-node] $*" >&2; }

current_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

resolve_bin() {
  if command -v node >/dev/null 2>&1 && [ "$(current_major)" -ge "$floor" ]; then
    dirname "$(command -v node)"; return
  fi
  local dir="$here/.cache/node/$version"
  if [ ! -x "$dir/bin/node" ]; then
    local os arch
    case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) log "unsupported OS $(uname -s)"; exit 1 ;; esac
    case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) log "unsupported CPU $(uname -m)"; exit 1 ;; esac
    log "Node $(node -v 2>/dev/null || echo none) is older than $floor: installing node-$os-$arch@$version from the npm registry into .cache/node/$version (once)"
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-$os-$arch@$version" >/dev/null)
    mkdir -p "$tmp/x" && tar -xzf "$tmp"/node-*.tgz -C "$tmp/x"
    rm -rf "$dir" && mkdir -p "$(dirname "$dir")" && mv "$tmp/x/package" "$dir"
    rm -rf "$tmp"
  fi
  echo "$dir/bin"
}

bin="$(resolve_bin)"
if [ $# -eq 0 ]; then echo "$bin"; exit 0; fi
export PATH="$bin:$PATH"
log "running on Node $(node -v): $*"
exec "$@"
