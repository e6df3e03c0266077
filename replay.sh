#!/usr/bin/env bash
# Replays a file of events through the rules offline and prints the findings the service would have raised.
#   ./replay.sh <events.jsonl> [--pack <rule-pack.json>] [--until <time>] [--scan-interval <duration>]
# The file format and the output are described in rules-service/README.md ("Replay").
set -euo pipefail
cd "$(dirname "$0")"

jar=$(ls rules-service/target/rules-service-*-exec.jar 2>/dev/null | head -n 1 || true)
if [[ -z "$jar" ]]; then
  echo "building rules-service (once)..." >&2
  ./mvnw -B -q -pl rules-service -am package -DskipTests >&2
  jar=$(ls rules-service/target/rules-service-*-exec.jar | head -n 1)
fi

exec java -cp "$jar" -Dloader.main=org.adherence.rules.replay.ReplayCommand \
  org.springframework.boot.loader.launch.PropertiesLauncher "$@"
