#!/usr/bin/env bash
# Temporal's time-skipping test server (Java, from Maven Central), started the way
# TestWorkflowEnvironment.createTimeSkipping expects: `test-server.sh <port> [args...]`.
# `exec` matters: the SDK kills this PID at teardown, so the JVM must be this process.
# JVM flags keep start-up well under the SDK's 5-second wait on a 2-core machine.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${HOTLINE_TEST_SERVER_DIR:-$here/.cache/test-server}"
cds=()
[ -f "$dir/app.jsa" ] && cds=(-XX:SharedArchiveFile="$dir/app.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k "${cds[@]}" \
  -Dlogback.configurationFile="$here/tools/test-server/logback.xml" \
  -cp "$dir/lib/*" io.temporal.testserver.TestServer "$@"
