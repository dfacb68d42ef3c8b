#!/usr/bin/env bash
# The S3 attachment store's test server: SeaweedFS's `weed`, built from the Go module proxy at a pinned
# pseudo-version (the proxy checks the module against sum.golang.org), cached under
# .cache/seaweedfs/<version>/weed. Idempotent: a cached binary is reused; the build writes to a
# temporary name and renames, so a cut build never leaves a half binary behind.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SEAWEEDFS_VERSION=v0.0.0-20261109003541-7506e5f91cd6
log() { echo "[seaweedfs-setup] $*" >&2; }

out=".cache/seaweedfs/$SEAWEEDFS_VERSION"
if [ -x "$out/weed" ]; then log "weed: $out/weed (cached)"; exit 0; fi
command -v go >/dev/null 2>&1 || { log "needs Go (https://go.dev/dl/ or apt-get install golang)"; exit 1; }

log "downloading github.com/seaweedfs/seaweedfs@$SEAWEEDFS_VERSION from the Go module proxy..."
dir="$(go mod download -json "github.com/seaweedfs/seaweedfs@$SEAWEEDFS_VERSION" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[ -d "$dir" ] || { log "go mod download gave no module directory"; exit 1; }

# The module cache is read-only; the build needs a writable copy of the source.
mkdir -p "$out"
src="$(mktemp -d "$out/src.XXXXXX")"
trap 'chmod -R u+w "$src" 2>/dev/null; rm -rf "$src"' EXIT
cp -R "$dir/." "$src/"
chmod -R u+w "$src"
log "building weed (several minutes on a busy machine)..."
abs_out="$(cd "$out" && pwd)"
(cd "$src" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath -o "$abs_out/weed.tmp" ./weed)
mv "$abs_out/weed.tmp" "$abs_out/weed"
log "weed: $out/weed"
