#!/usr/bin/env bash
# Shows the mails that the local GreenMail of ./run-local.sh received (its REST API on http://localhost:8025).
#   local-stack/mails.sh                 every mailbox, one line per mail (date, sender, subject)
#   local-stack/mails.sh ADDRESS...      every mail to ADDRESS: headers and text
#   local-stack/mails.sh --raw ADDRESS   the same as raw MIME
# Set MAILS_API to read another GreenMail API (default http://localhost:8025).
# Without Java at hand: curl -s http://localhost:8025/api/user/ADDRESS/messages
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$HERE/target/greenmail/greenmail-standalone.jar"
[[ -f "$JAR" ]] || { echo "missing $JAR: run ./run-local.sh (or ./mvnw -B -pl local-stack package) first" >&2; exit 1; }
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="java"; fi
# greenmail-standalone.jar brings Jackson and Jakarta Mail; its log4j2 stays quiet below ERROR
exec "$JAVA" -XX:TieredStopAtLevel=1 -Xshare:auto -Dlog4j2.level=ERROR -cp "$JAR" "$HERE/scripts/Mails.java" "$@"
