#!/usr/bin/env bash
# The Open311 client test's real client: the `georeport` package from PyPI (a GeoReport v2 client,
# JSON and XML), pinned, in a virtualenv under .cache/venv-georeport (created once, reused after).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
GEOREPORT_VERSION=0.3.1
log() { echo "[georeport-setup] $*" >&2; }

python=""
for candidate in python3.13 python3.12 python3.11 python3.10 python3.9 python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import venv, ensurepip' >/dev/null 2>&1; then python=$candidate; break; fi
done
if [ -z "$python" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing python3-venv from Debian..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >/dev/null
    python=python3
  else
    log "missing system packages: python3 python3-venv (e.g. sudo apt-get install python3-venv)"; exit 1
  fi
fi

venv=.cache/venv-georeport
want="georeport $GEOREPORT_VERSION on $("$python" -c 'import sys; print(sys.version.split()[0])')"
if [ "$(cat "$venv/.installed" 2>/dev/null)" != "$want" ] || ! "$venv/bin/python" -c 'import georeport' >/dev/null 2>&1; then
  log "installing $want into $venv (PyPI)..."
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "georeport==$GEOREPORT_VERSION"
  echo "$want" >"$venv/.installed"
fi
