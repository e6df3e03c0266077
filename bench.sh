#!/usr/bin/env bash
# Every figure of docs/performance.md, each beside the limit of the machinery under it, in one run:
#   ./bench.sh                  all of the below, one after the other (about 35 minutes on 2 cores), then the report
#   ./bench.sh intake           the bare Spring MVC endpoint and dose-intake-service (single events, batches) and
#                               Kafka's ProducerPerformance, on a stack of its own (Kafka, intake at -Xmx256m)
#   ./bench.sh notification     emails a second (against a bare SMTP client), then alert-to-email by severity in a
#                               DOUBLE_DOSE storm (313 doses/s for 40 s), each on a stack of its own (-Xmx256m)
#   ./bench.sh rules            rules-service against a pass-through stream, on a broker of its own (rules-bench/README.md)
#   ./bench.sh report           bench-results/results.md, results.json and the charts, from the figures already there
# Writes bench-results/ (BENCH_RESULTS to change): each part's JSON, logs/, results.md, results.json, *.png.
# Nothing else may run meanwhile: it starts and stops ./run-local.sh itself (ports 8080-8082, 9092, 3025, 18080), each
# time on a fresh broker under bench-results/stacks/ (your .local/ is left alone).
#
# Options of one part go after its name, e.g. ./bench.sh intake --connections 8,32,128 --measure PT20S
# (IntakeBench), ./bench.sh rules --patients=2000 (RulesBench). On the running stack, as before:
#   ./bench.sh notification-throughput [--alerts 2000]   (RUN_LOCAL_SERVICES=notification-service ./run-local.sh)
#   ./bench.sh notification-storm [--storm-patients 50]  (ADHERENCE_INTAKE_RATE_LIMIT_PATIENT=0 ./run-local.sh)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
OUT="${BENCH_RESULTS:-$ROOT/bench-results}"
HEAP="${BENCH_HEAP:--Xmx256m}"
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="java"; fi
say() { printf '[bench] %s\n' "$*" >&2; }

build() { # the jars of the modules named, when missing or older than their sources
  local stale=false module jar
  for module in "$@"; do
    jar="$(compgen -G "$module/target/$module-*-exec.jar" | head -n 1 || true)"
    [[ "$module" == local-stack ]] && jar="$(compgen -G "local-stack/target/kafka/libs/kafka_2.13-*.jar" | head -n 1 || true)"
    if [[ -z "$jar" || -n "$(find "$module/src" adherence-contracts/src -newer "$jar" -type f 2>/dev/null | head -1)" ]]; then
      stale=true
    fi
  done
  if $stale; then
    say "building $*"
    ./mvnw -B -q -pl "$(IFS=,; echo "$*")" -am package -DskipTests >&2
  fi
}

loadgen() { # loadgen <main class> <args...>: a main of the load generator's jar
  local main="$1"
  shift
  local command=("$JAVA" -cp "$(compgen -G "load-generator/target/load-generator-*-exec.jar" | head -n 1)"
    -Dloader.main="$main" org.springframework.boot.loader.launch.PropertiesLauncher "$@")
  # in a background subshell: exec, so that its pid is the JVM's and stop_all stops the JVM
  if [[ -n "${exec_loadgen:-}" ]]; then exec "${command[@]}"; else "${command[@]}"; fi
}

STACK_PID=""
BARE_PID=""
stop_all() {
  [[ -n "$BARE_PID" ]] && kill "$BARE_PID" 2>/dev/null && wait "$BARE_PID" 2>/dev/null || true
  BARE_PID=""
  if [[ -n "$STACK_PID" ]]; then
    kill "$STACK_PID" 2>/dev/null || true
    wait "$STACK_PID" 2>/dev/null || true
    # the logs stay; the topics' data (a gigabyte after the intake part) does not
    rm -rf "${STACK_HOME:?}/kafka/data" "$STACK_HOME/state"
  fi
  STACK_PID=""
}
trap stop_all EXIT

await_http() { # await_http <url> <what>
  for _ in $(seq 1 180); do
    curl -sf -o /dev/null "$1" && return 0
    if [[ -n "$STACK_PID" ]] && ! kill -0 "$STACK_PID" 2>/dev/null; then break; fi
    sleep 1
  done
  say "ERROR: $2 did not come up ($1); see $OUT/logs/"
  exit 1
}

STACK_HOME=""
stack() { # stack <name> <services> [VAR=value...]: ./run-local.sh with these services, each at $HEAP, on a fresh
          # broker and state of its own ($OUT/stacks/<name>): no part measures what an earlier one left on the topics
  local name="$1" services="$2" port
  shift 2
  STACK_HOME="$OUT/stacks/$name"
  rm -rf "$STACK_HOME"
  mkdir -p "$OUT/logs" "$STACK_HOME"
  env RUN_LOCAL_HOME="$STACK_HOME" RUN_LOCAL_SERVICES="$services" RUN_LOCAL_JAVA_OPTS="$HEAP" "$@" ./run-local.sh \
    >"$OUT/logs/$name.log" 2>&1 &
  STACK_PID=$!
  for svc in $services; do
    case "$svc" in dose-intake-service) port=8080 ;; rules-service) port=8081 ;; *) port=8082 ;; esac
    await_http "http://localhost:$port/actuator/health/readiness" "$svc"
  done
  [[ -n "$services" ]] || sleep 20
}

part_intake() {
  build load-generator dose-intake-service local-stack
  say "intake: Kafka and dose-intake-service ($HEAP, every feature on; the per-patient limit raised, not off)"
  stack intake dose-intake-service ADHERENCE_INTAKE_RATE_LIMIT_PATIENT=10000000
  (exec_loadgen=1 loadgen org.adherence.loadgen.bench.bare.BareEndpoint --server.port=18080) \
    >"$OUT/logs/bare-endpoint.log" 2>&1 &
  BARE_PID=$!
  for _ in $(seq 1 60); do (echo >/dev/tcp/localhost/18080) 2>/dev/null && break; sleep 1; done
  loadgen org.adherence.loadgen.bench.IntakeBench --kafka-libs local-stack/target/kafka/libs \
    --secret-file "$STACK_HOME/dev-jwt-secret" --out "$OUT" "$@"
  stop_all
}

part_notification() {
  build load-generator notification-service dose-intake-service rules-service local-stack
  say "notification: emails a second, notification-service alone ($HEAP)"
  stack notification notification-service
  loadgen org.adherence.loadgen.bench.NotificationBench throughput --purge-url http://localhost:8025/api/mail/purge \
    --alerts 3000 --report-json "$OUT/notification-throughput.json" >&2
  stop_all
  say "notification: a DOUBLE_DOSE storm through the whole stack ($HEAP each)"
  stack storm "dose-intake-service rules-service notification-service" ADHERENCE_INTAKE_RATE_LIMIT_PATIENT=0
  loadgen org.adherence.loadgen.bench.NotificationBench storm --secret-file "$STACK_HOME/dev-jwt-secret" \
    --seconds 40 --report-json "$OUT/notification-storm.json" "$@" >&2
  stop_all
}

part_rules() {
  say "rules: rules-service against a pass-through stream"
  rules-bench/bench.sh "$@"
  cp rules-bench/target/bench/report.json "$OUT/rules.json"
}

part_report() {
  build load-generator
  loadgen org.adherence.loadgen.bench.BenchReport --dir "$OUT"
}

mkdir -p "$OUT"
part="${1:-all}"
[[ $# -gt 0 ]] && shift
case "$part" in
  all)
    part_intake
    part_notification
    part_rules --patients=2000
    part_report ;;
  intake) part_intake "$@" ;;
  notification) part_notification "$@" ;;
  rules) part_rules "$@" ;;
  report) part_report ;;
  notification-throughput)
    build load-generator
    loadgen org.adherence.loadgen.bench.NotificationBench throughput --purge-url http://localhost:8025/api/mail/purge "$@" ;;
  notification-storm)
    build load-generator
    loadgen org.adherence.loadgen.bench.NotificationBench storm --secret-file "$ROOT/.local/dev-jwt-secret" "$@" ;;
  *) sed -n '2,18p' "$0" >&2; exit 2 ;;
esac
