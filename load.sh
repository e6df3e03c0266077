#!/usr/bin/env bash
# Puts load on the running stack (./run-local.sh) and reports what it measured: client latency and throughput, and
# from the services' /actuator/prometheus, events accepted, alerts, emails and their latencies, heap and CPU.
#   ./load.sh [--intake URL] [--patients N] [--rate events/s] [--duration PT60S] [--batch-size K]
#             [--secret S | --secret-file F] [--services URL,URL,URL] [--mix overdose=0.02,symptoms=0.05]
#             [--report-json FILE] [--help for every option]
# Builds load-generator/target/load-generator-<version>-exec.jar when it is missing or older than any file under
# load-generator/src, load-generator/pom.xml or adherence-contracts/src (LOAD_REBUILD=1 builds it anyway).
# LOAD_JAVA_OPTS: extra JVM options, split on blanks (e.g. LOAD_JAVA_OPTS="-Xmx512m -XX:+UseG1GC").
# Without --secret or --secret-file the HS256 secret is read from .local/dev-jwt-secret, as ./run-local.sh made it.
# See load-generator/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="java"; fi

# the project's version, read from load-generator/pom.xml's <parent> (no Maven start needed)
version="$(sed -n '/<parent>/,/<\/parent>/s:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/load-generator/pom.xml" | head -1)"

# the exec jar of the current version; failing that, the newest exec jar there is
find_jar() {
  local f newest=""
  f="$ROOT/load-generator/target/load-generator-${version}-exec.jar"
  if [[ -n "$version" && -f "$f" ]]; then echo "$f"; return 0; fi
  for f in "$ROOT"/load-generator/target/load-generator-*-exec.jar; do
    [[ -f "$f" ]] || continue
    if [[ -z "$newest" || "$f" -nt "$newest" ]]; then newest="$f"; fi
  done
  [[ -n "$newest" ]] && { echo "$newest"; return 0; }
  return 1
}

# whether a source of the jar changed after it was built
stale() {
  local changed
  changed="$(find "$ROOT/load-generator/src" "$ROOT/load-generator/pom.xml" "$ROOT/adherence-contracts/src" \
    -newer "$1" -type f 2>/dev/null | head -1)"
  [[ -n "$changed" ]] && { echo "[load] $changed is newer than $1: rebuilding" >&2; return 0; }
  return 1
}

if [[ "${LOAD_REBUILD:-}" == 1 ]] || ! jar="$(find_jar)" || stale "$jar"; then
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

java_opts=()
if [[ -n "${LOAD_JAVA_OPTS:-}" ]]; then read -ra java_opts <<< "$LOAD_JAVA_OPTS"; fi

exec "$JAVA" ${java_opts[@]+"${java_opts[@]}"} -jar "$jar" ${args[@]+"${args[@]}"}
