#!/usr/bin/env bash
# The benchmarks that are not the load generator's open-model run (./load.sh), on the running stack:
#   ./bench.sh notification-throughput [--alerts 2000]      emails a second, the rest of the stack idle
#                                                            (RUN_LOCAL_SERVICES=notification-service ./run-local.sh)
#   ./bench.sh notification-storm [--storm-patients 50 ...]  alert-to-email by severity in a DOUBLE_DOSE storm
#                                                            (ADHERENCE_INTAKE_RATE_LIMIT_PATIENT=0 ./run-local.sh)
#   ./bench.sh rules [--patients=10000 ...]                  rules-service against a pass-through stream, on a broker
#                                                            of its own (nothing else running; rules-bench/README.md)
# The notification ones print a JSON report (--report-json FILE writes it too; notification-service/README.md, "Measured");
# rules writes rules-bench/target/bench/report.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
scenario="${1:-}"
case "$scenario" in
  notification-throughput) shift; args=(throughput --purge-url http://localhost:8025/api/mail/purge "$@") ;;
  notification-storm) shift; args=(storm --secret-file "$ROOT/.local/dev-jwt-secret" "$@") ;;
  rules) shift; exec "$ROOT/rules-bench/bench.sh" "$@" ;;
  *) sed -n '2,9p' "$0" >&2; exit 2 ;;
esac
jar="$(ls "$ROOT"/load-generator/target/load-generator-*-exec.jar 2>/dev/null | head -n 1 || true)"
if [[ -z "$jar" || -n "$(find "$ROOT/load-generator/src" "$ROOT/adherence-contracts/src" -newer "$jar" -type f | head -1)" ]]; then
  echo "[bench] building load-generator" >&2
  (cd "$ROOT" && ./mvnw -B -q -pl load-generator -am package -DskipTests) >&2
  jar="$(ls "$ROOT"/load-generator/target/load-generator-*-exec.jar | head -n 1)"
fi
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="java"; fi
exec "$JAVA" -cp "$jar" -Dloader.main=org.adherence.loadgen.bench.NotificationBench \
  org.springframework.boot.loader.launch.PropertiesLauncher "${args[@]}"
