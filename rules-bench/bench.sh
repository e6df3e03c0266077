#!/usr/bin/env bash
# rules-service against a pass-through Kafka Streams application on the same topics, on a Kafka broker of its own
# (localhost:19092, data in rules-bench/target/bench/kafka, deleted first): 10,000 patients x 30 days of history,
# then a backlog of 10 events per patient. Prints the figures and writes them to rules-bench/target/bench/report.md.
# Needs the other services idle; takes 15 to 30 minutes on 2 cores. See rules-bench/README.md.
#
# Usage: rules-bench/bench.sh [--patients=N] [--days=N] [--backlog-per-patient=N]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="java"; fi

WORK="$ROOT/rules-bench/target/bench"
KAFKA_LIBS="$ROOT/local-stack/target/kafka/libs"
PORT=19092
CONTROLLER_PORT=19093

jar() { compgen -G "$1" | head -n 1; }
if [[ -z "$(jar "rules-service/target/rules-service-*-exec.jar")" || -z "$(jar "rules-bench/target/rules-bench-*-exec.jar")" \
      || -z "$(jar "$KAFKA_LIBS/kafka_2.13-*.jar")" ]]; then
  echo "[bench] building rules-service, rules-bench and local-stack"
  ./mvnw -B -q -pl rules-service,rules-bench,local-stack -am package -DskipTests
fi
RULES_JAR="$(jar "rules-service/target/rules-service-*-exec.jar")"
BENCH_JAR="$(jar "rules-bench/target/rules-bench-*-exec.jar")"

rm -rf "$WORK"
mkdir -p "$WORK/kafka/data" "$WORK/logs"
cat >"$WORK/kafka/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:$CONTROLLER_PORT
listeners=PLAINTEXT://localhost:$PORT,CONTROLLER://localhost:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://localhost:$PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
log.dirs=$WORK/kafka/data
auto.create.topics.enable=false
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
kafka_tool() {
  "$JAVA" -Xmx256m -Dlog4j2.configurationFile="$ROOT/local-stack/config/kafka-tools-log4j2.xml" -cp "$KAFKA_LIBS/*" "$@"
}
CLUSTER_ID="$(kafka_tool kafka.tools.StorageTool random-uuid)"
kafka_tool kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$WORK/kafka/server.properties" >"$WORK/logs/format.out"
"$JAVA" -Xms512m -Xmx512m -XX:+UseG1GC -Dlog4j2.configurationFile="$ROOT/local-stack/config/kafka-log4j2.xml" \
  -Dkafka.logs.dir="$WORK/logs" -cp "$KAFKA_LIBS/*" kafka.Kafka "$WORK/kafka/server.properties" \
  >"$WORK/logs/kafka.out" 2>&1 &
KAFKA_PID=$!
trap 'kill "$KAFKA_PID" 2>/dev/null; wait "$KAFKA_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  (echo >/dev/tcp/localhost/$PORT) 2>/dev/null && break
  sleep 0.5
done

"$JAVA" -Xmx1g -cp "$BENCH_JAR" -Dloader.main=org.adherence.bench.RulesBench \
  org.springframework.boot.loader.launch.PropertiesLauncher \
  --bootstrap=localhost:$PORT --rules-jar="$RULES_JAR" --bench-jar="$BENCH_JAR" --work="$WORK" "$@"
