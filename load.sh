#!/usr/bin/env bash
# Puts load on the running stack (./run-local.sh) and reports what it measured: client latency and throughput, and
# from the services' /actuator/prometheus, events accepted, alerts, emails and their latencies, heap and CPU.
#   ./load.sh [--intake URL] [--patients N] [--rate events/s] [--duration PT60S] [--batch-size K]
#             [--secret S | --secret-file F] [--services URL,URL,URL] [--mix overdose=0.02,symptoms=0.05]
#             [--report-json FILE] [--help for every option]
# Builds load-generator/target/load-generator-*-exec.jar once if it is missing (LOAD_REBUILD=1 builds it again).
# Without --secret or --secret-file the HS256 secret is read from .local/dev-jwt-secret, as ./run-local.sh made it.
# See load-generator/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="java"; fi

find_jar() {
  local f
  for f in "$ROOT"/load-generator/target/load-generator-*-exec.jar; do
    [[ -f "$f" ]] && { echo "$f"; return 0; }
  done
  return 1
}

if [[ "${LOAD_REBUILD:-}" == 1 ]] || ! jar="$(find_jar)"; then
  echo "[load] building load-generator: ./mvnw -B -q -pl load-generator -am package -DskipTests" >&2
  (cd "$ROOT" && ./mvnw -B -q -pl load-generator -am package -DskipTests) >&2
  jar="$(find_jar)" || { echo "[load] ERROR: no load-generator/target/load-generator-*-exec.jar after the build" >&2; exit 1; }
fi

args=("$@")
has_secret=false
for a in "$@"; do
  case "$a" in --secret|--secret=*|--secret-file|--secret-file=*) has_secret=true ;; esac
done
# relative paths the user gives stay relative to where they ran the script; only the default is the repo's
$has_secret || args+=(--secret-file "$ROOT/.local/dev-jwt-secret")

exec "$JAVA" ${LOAD_JAVA_OPTS:-} -jar "$jar" ${args[@]+"${args[@]}"}
