#!/usr/bin/env bash
# The soak (not in CI): the platform on real processes (one Kafka broker from Apache Kafka's jars, the three services'
# jars, a real SMTP server) under a steady load for 20 minutes, with the faults of the fault tests at random moments
# (broker, rules-service and notification-service killed with kill -9 and restarted, the mail server refusing for a
# minute, unreadable records), then every accepted event, alert and email reconciled, and each service's heap after
# collection compared between the first and the last third of the run.
#   ./soak.sh [minutes] [doses-per-second] [seed]
# The report: fault-tests/target/fault/soak-report.md (and the test's log). docs/reliability.md has the last one.
set -euo pipefail
cd "$(dirname "$0")"
minutes="${1:-20}"
rate="${2:-6}"
seed_arg=()
[[ -n "${3:-}" ]] && seed_arg=("-Dsoak.seed=$3")
./mvnw -B -ntp -pl fault-tests -am verify -Dfault.groups=soak -Dtest=SoakTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dsoak.minutes="$minutes" -Dsoak.rate="$rate" "${seed_arg[@]}"
cat fault-tests/target/fault/soak-report.md
