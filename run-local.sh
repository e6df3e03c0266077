#!/usr/bin/env bash
# Starts the whole stack locally, in the foreground, with nothing but a JDK 17:
#   - a real Apache Kafka broker (KRaft, combined broker+controller, its own process), data kept in .local/kafka
#   - GreenMail standalone: an SMTP server that accepts mail for any address and keeps it (read it over HTTP/IMAP)
#   - the services named in RUN_LOCAL_SERVICES (java -jar <module>/target/<module>-*-exec.jar)
# Builds what is missing first. Ctrl-C or SIGTERM stops everything: services, then GreenMail, then Kafka.
# All state lives under .local/ (reset with: rm -rf .local; RUN_LOCAL_HOME=<dir> for another, as ./bench.sh does for a
# fresh stack). See local-stack/README.md.
#
# Usage: ./run-local.sh [--rebuild] [--help]
#   --rebuild   build the repo (./mvnw -DskipTests package) even if the jars are there
#
# Environment (all optional):
#   RUN_LOCAL_SERVICES    services to start, space-separated; default "dose-intake-service rules-service
#                         notification-service dev-identity-provider care-console"; "" = Kafka and GreenMail only
#   RUN_LOCAL_HEALTH_TIMEOUT  seconds to wait for the services to report UP (default 180)
#   RUN_LOCAL_JAVA_OPTS   extra JVM options for the services (default none), e.g. "-Xmx512m"
#   KAFKA_HEAP_OPTS       JVM heap of the broker (default "-Xms256m -Xmx512m")
# Handed to the services, each only if not already set (so your environment always wins):
#   KAFKA_BOOTSTRAP_SERVERS              default localhost:9092
#   SPRING_MAIL_HOST, SPRING_MAIL_PORT   default localhost, 3025 (GreenMail)
#   ADHERENCE_SECURITY_JWT_HMAC_SECRET   default: a random 48-character secret made once, kept in .local/dev-jwt-secret
#                                        (intake checks patient-app and care-team tokens with it; notification too,
#                                        for its delivery log)
#   ADHERENCE_NOTIFICATION_ACK_SIGNING_KEY  default: a random secret made once, kept in .local/dev-ack-signing-key
#   ADHERENCE_DEV_IDP_USER_PASSWORD      the dev identity provider's users' password; default: made once, kept in
#                                        .local/dev-user-password, printed in the banner
#   ADHERENCE_CONSOLE_CLIENT_SECRET      the care console's secret at the dev identity provider (made once, .local/)
#   ADHERENCE_RULES_STATE_DIR            default .local/state/rules-service (Kafka Streams state of rules-service)
#   ADHERENCE_NOTIFICATION_STATE_DIR     default .local/state/notification-service (its Kafka Streams state)
# Every other configuration key keeps the service's own default and can be set in the environment in Spring's
# relaxed form (adherence.notification.from -> ADHERENCE_NOTIFICATION_FROM); this script passes no
# --spring.* or -D arguments to the services.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

LOCAL="${RUN_LOCAL_HOME:-$ROOT/.local}"
STACK="$ROOT/local-stack"
KAFKA_LIBS="$STACK/target/kafka/libs"
GREENMAIL_JAR="$STACK/target/greenmail/greenmail-standalone.jar"

KAFKA_PORT=9092
KAFKA_CONTROLLER_PORT=9093
SMTP_PORT=3025
IMAP_PORT=3143
POP3_PORT=3110
MAIL_API_PORT=8025

DEFAULT_SERVICES="dose-intake-service rules-service notification-service dev-identity-provider care-console"
# ${VAR-default} (no colon): an explicitly empty RUN_LOCAL_SERVICES means "no services"
RUN_LOCAL_SERVICES="${RUN_LOCAL_SERVICES-$DEFAULT_SERVICES}"
read -r -a SERVICES <<<"$RUN_LOCAL_SERVICES" || true
HEALTH_TIMEOUT="${RUN_LOCAL_HEALTH_TIMEOUT:-180}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
RUN_LOCAL_JAVA_OPTS="${RUN_LOCAL_JAVA_OPTS:-}"

SAMPLE_PATIENT="p-123"
# the dev clinic whose care team the banner's token is, and a second one to see what one clinic may not do to another
DEV_CLINIC="dev-clinic"
OTHER_CLINIC="dev-clinic-2"
CARE_TEAM_SCOPE="patients:write care-team:read"
TOKEN_TTL_SECONDS=$((12 * 3600))

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="java"; fi

say()  { printf '[run-local] %s\n' "$*"; }
warn() { printf '[run-local] WARNING: %s\n' "$*" >&2; }
die()  { printf '[run-local] ERROR: %s\n' "$*" >&2; exit 1; }

REBUILD=false
for arg in "$@"; do
  case "$arg" in
    --rebuild) REBUILD=true ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) die "unknown argument '$arg' (try --help)" ;;
  esac
done

service_port() {
  case "$1" in
    dose-intake-service) echo 8080 ;;
    rules-service) echo 8081 ;;
    notification-service) echo 8082 ;;
    dev-identity-provider) echo 9000 ;;
    care-console) echo 8083 ;;
    *) return 1 ;;
  esac
}

service_jar() { # prints the executable jar of a service module, if built
  local f
  for f in "$ROOT/$1/target/$1-"*-exec.jar; do
    [[ -f "$f" ]] && { echo "$f"; return 0; }
  done
  return 1
}

for svc in ${SERVICES[@]+"${SERVICES[@]}"}; do
  service_port "$svc" >/dev/null || die "unknown service '$svc' in RUN_LOCAL_SERVICES (known: $DEFAULT_SERVICES)"
done

# ---------------------------------------------------------------------------------------------- processes
# pids of what this script started, stopped in reverse order by cleanup()
KAFKA_PID=""
GREENMAIL_PID=""
declare -A SERVICE_PIDS=()
SLEEP_PID=""
PID_FILES=()
CLEANED_UP=false

alive() { # true while the process runs (a zombie that was not reaped yet counts as gone)
  local pid="$1" _a _b state _rest
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/stat" ]]; then
    read -r _a _b state _rest <"/proc/$pid/stat" 2>/dev/null || return 1
    [[ "$state" != Z ]]
  fi
}

stop_pids() { # stop_pids <what> <timeout-seconds> <pid>...: SIGTERM, wait, SIGKILL after the timeout
  local what="$1" timeout="$2" pid waited=0 left
  shift 2
  local pids=()
  for pid in "$@"; do alive "$pid" && pids+=("$pid"); done
  ((${#pids[@]})) || return 0
  say "stopping $what (pid ${pids[*]})"
  kill -TERM "${pids[@]}" 2>/dev/null
  while :; do
    left=()
    for pid in "${pids[@]}"; do alive "$pid" && left+=("$pid"); done
    ((${#left[@]})) || break
    if ((waited >= timeout * 2)); then
      warn "$what did not stop within ${timeout}s, killing pid ${left[*]}"
      kill -KILL "${left[@]}" 2>/dev/null
      break
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  return 0
}

cleanup() {
  local rc=$?
  set +e
  # from here on nothing interrupts the shutdown; output to a closed pipe (./run-local.sh | tee ...) just fails
  trap '' INT TERM HUP PIPE
  $CLEANED_UP && return
  CLEANED_UP=true
  [[ -n "$SLEEP_PID" ]] && kill "$SLEEP_PID" 2>/dev/null
  local started=false
  [[ -n "$KAFKA_PID$GREENMAIL_PID${SERVICE_PIDS[*]:-}" ]] && started=true
  if $started; then say "shutting down"; fi
  stop_pids "services" 30 ${SERVICE_PIDS[@]+"${SERVICE_PIDS[@]}"}
  stop_pids "GreenMail" 15 $GREENMAIL_PID
  stop_pids "Kafka" 60 $KAFKA_PID
  ((${#PID_FILES[@]})) && rm -f "${PID_FILES[@]}"
  if $started; then say "stopped (exit $rc)"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
# stdout may be a pipe whose reader died (Ctrl-C also stops `tee`): without this trap bash would die of SIGPIPE
# and skip the cleanup
trap 'exit 141' PIPE

# ---------------------------------------------------------------------------------------------- checks
command -v "$JAVA" >/dev/null 2>&1 || die "no 'java' on PATH (and no JAVA_HOME): a JDK 17 is needed"
java_major="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
[[ "${java_major%%.*}" =~ ^[0-9]+$ ]] && ((${java_major%%.*} >= 17)) \
  || die "Java 17 or newer is needed, '$JAVA' is version ${java_major:-unknown}"

port_owner() { # a description of who listens on a local TCP port, empty if nobody
  local port="$1" line=""
  if command -v ss >/dev/null 2>&1; then
    line="$(ss -Hltnp "( sport = :$port )" 2>/dev/null | head -n1 | sed 's/  */ /g')"
  fi
  if [[ -z "$line" ]] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    line="something answers on 127.0.0.1:$port"
  fi
  printf '%s' "$line"
}

check_ports() {
  local entries=("$KAFKA_PORT:Kafka" "$KAFKA_CONTROLLER_PORT:Kafka controller" "$SMTP_PORT:GreenMail SMTP"
                 "$IMAP_PORT:GreenMail IMAP" "$POP3_PORT:GreenMail POP3" "$MAIL_API_PORT:GreenMail web API")
  local svc e port owner busy=0 pidfile
  for svc in ${SERVICES[@]+"${SERVICES[@]}"}; do entries+=("$(service_port "$svc"):$svc"); done
  for e in "${entries[@]}"; do
    port="${e%%:*}"
    owner="$(port_owner "$port")"
    if [[ -n "$owner" ]]; then
      printf '[run-local] ERROR: port %s (%s) is already in use: %s\n' "$port" "${e#*:}" "$owner" >&2
      busy=1
    fi
  done
  if ((busy)); then
    for pidfile in "$LOCAL/run/"*.pid; do
      [[ -f "$pidfile" ]] || continue
      if alive "$(cat "$pidfile")"; then
        printf '[run-local]   a previous ./run-local.sh may still run: %s is pid %s\n' \
          "$(basename "$pidfile" .pid)" "$(cat "$pidfile")" >&2
      fi
    done
    die "free the port(s) above (or stop what holds them) and start again; nothing was started"
  fi
}

check_ports

# ---------------------------------------------------------------------------------------------- build
missing_services=()
for svc in ${SERVICES[@]+"${SERVICES[@]}"}; do
  service_jar "$svc" >/dev/null || missing_services+=("$svc")
done
stack_ready() { [[ -f "$GREENMAIL_JAR" ]] && compgen -G "$KAFKA_LIBS/kafka_2.13-*.jar" >/dev/null; }

if $REBUILD || ((${#missing_services[@]})); then
  if ((${#missing_services[@]})); then say "not built yet: ${missing_services[*]}"; fi
  say "building the repo: ./mvnw -B -q -DskipTests package (takes a few minutes the first time)"
  ./mvnw -B -q -DskipTests package || die "the build failed (see above)"
fi
if ! stack_ready; then
  say "building local-stack (Kafka and GreenMail jars): ./mvnw -B -q -pl local-stack package"
  ./mvnw -B -q -pl local-stack package || die "building local-stack failed (see above)"
fi
stack_ready || die "local-stack/target lacks the Kafka or GreenMail jars even after building local-stack"
for svc in ${SERVICES[@]+"${SERVICES[@]}"}; do
  service_jar "$svc" >/dev/null || die "$svc/target/$svc-*-exec.jar is still missing after the build"
done
if $REBUILD || ((${#missing_services[@]})); then check_ports; fi

mkdir -p "$LOCAL/kafka/data" "$LOCAL/kafka/logs" "$LOCAL/greenmail" "$LOCAL/logs" "$LOCAL/run"

# ---------------------------------------------------------------------------------------------- helpers
http_fetch() { # http_fetch <url>: prints the HTTP status code on the first line, then the body; fails if nothing answers
  local url="$1"
  if command -v curl >/dev/null 2>&1; then
    local out
    out="$(curl -s --max-time 5 -w '\n%{http_code}' "$url")" || return 1
    printf '%s\n%s' "${out##*$'\n'}" "${out%$'\n'*}"
    return
  fi
  # no curl: plain HTTP/1.0 over bash's /dev/tcp
  local rest="${url#http://}" hostport path host port response
  hostport="${rest%%/*}"; path="/${rest#*/}"; host="${hostport%%:*}"; port="${hostport##*:}"
  [[ "$host" == localhost ]] && host=127.0.0.1
  exec 3<>"/dev/tcp/$host/$port" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$hostport" >&3
  response="$(cat <&3)"
  exec 3<&- 3>&-
  local status_line="${response%%$'\r'*}"
  status_line="${status_line#* }"
  printf '%s\n%s' "${status_line%% *}" "${response#*$'\r\n\r\n'}"
}

http_ok() { # http_ok <url> [body-regex]: true if the answer is 200 (and its body matches the regex)
  local answer
  answer="$(http_fetch "$1" 2>/dev/null)" || return 1
  [[ "${answer%%$'\n'*}" == 200 ]] || return 1
  [[ -z "${2:-}" ]] || grep -Eq "$2" <<<"${answer#*$'\n'}"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

show_tail() { # show_tail <file> [lines]
  local f="$1" n="${2:-40}"
  if [[ -f "$f" ]]; then
    printf '[run-local] ---- last %s lines of %s ----\n' "$n" "${f#"$ROOT"/}" >&2
    tail -n "$n" "$f" >&2
    printf '[run-local] ----\n' >&2
  fi
}

kafka_tool() { # runs a Kafka CLI class from the local-stack classpath, warnings to stderr only
  "$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$STACK/config/kafka-tools-log4j2.xml" \
    -cp "$KAFKA_LIBS/*" "$@"
}

# ---------------------------------------------------------------------------------------------- Kafka
KAFKA_DATA="$LOCAL/kafka/data"
KAFKA_PROPS="$LOCAL/kafka/server.properties"
KAFKA_LOGS="$LOCAL/kafka/logs"

cat >"$KAFKA_PROPS" <<EOF
# Written by ./run-local.sh on every start (edit the script, not this file).
# One node that is both broker and KRaft controller; data in $KAFKA_DATA.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://localhost:$KAFKA_PORT,CONTROLLER://localhost:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://localhost:$KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
log.dirs=$KAFKA_DATA
# topics are declared by the services (same partition count everywhere); nothing is created by accident
auto.create.topics.enable=false
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
# a single broker: the internal topics (consumer offsets, transactions of exactly-once Kafka Streams, share groups)
# must make do with one replica
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
EOF

CLUSTER_ID_FILE="$LOCAL/kafka/cluster.id"
if [[ -f "$KAFKA_DATA/meta.properties" ]]; then
  formatted_id="$(sed -n 's/^cluster\.id=//p' "$KAFKA_DATA/meta.properties")"
  if [[ -n "$formatted_id" && "$(cat "$CLUSTER_ID_FILE" 2>/dev/null)" != "$formatted_id" ]]; then
    printf '%s\n' "$formatted_id" >"$CLUSTER_ID_FILE"
  fi
else
  if [[ ! -s "$CLUSTER_ID_FILE" ]]; then
    say "Kafka: making a cluster id (kept in .local/kafka/cluster.id)"
    kafka_tool kafka.tools.StorageTool random-uuid >"$CLUSTER_ID_FILE.tmp"
    mv "$CLUSTER_ID_FILE.tmp" "$CLUSTER_ID_FILE"
  fi
  say "Kafka: formatting the storage in .local/kafka/data (first start only)"
  kafka_tool kafka.tools.StorageTool format --ignore-formatted \
    -t "$(tr -d '[:space:]' <"$CLUSTER_ID_FILE")" -c "$KAFKA_PROPS" >>"$KAFKA_LOGS/storage-format.out" 2>&1 \
    || { show_tail "$KAFKA_LOGS/storage-format.out"; die "formatting the Kafka storage failed"; }
fi

say "starting Kafka (KRaft, localhost:$KAFKA_PORT), logs in .local/kafka/logs/"
kafka_log_offset=0
[[ -f "$KAFKA_LOGS/server.log" ]] && kafka_log_offset="$(wc -c <"$KAFKA_LOGS/server.log")"
# shellcheck disable=SC2086 # KAFKA_HEAP_OPTS holds several options
"$JAVA" $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
  -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
  -Dlog4j2.configurationFile="$STACK/config/kafka-log4j2.xml" -Dkafka.logs.dir="$KAFKA_LOGS" \
  -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_PROPS" >>"$KAFKA_LOGS/kafka.out" 2>&1 &
KAFKA_PID=$!
echo "$KAFKA_PID" >"$LOCAL/run/kafka.pid"; PID_FILES+=("$LOCAL/run/kafka.pid")

kafka_started() {
  [[ -f "$KAFKA_LOGS/server.log" ]] || return 1
  local size
  size="$(wc -c <"$KAFKA_LOGS/server.log")"
  ((size < kafka_log_offset)) && kafka_log_offset=0 # the log rolled over
  tail -c "+$((kafka_log_offset + 1))" "$KAFKA_LOGS/server.log" | grep -q 'Kafka Server started'
}

deadline=$((SECONDS + 120))
until port_open "$KAFKA_PORT" && kafka_started; do
  if ! alive "$KAFKA_PID"; then
    show_tail "$KAFKA_LOGS/kafka.out" 20; show_tail "$KAFKA_LOGS/server.log"
    die "Kafka exited during start-up"
  fi
  ((SECONDS < deadline)) || { show_tail "$KAFKA_LOGS/server.log"; die "Kafka was not ready within 120 s"; }
  sleep 1
done
say "Kafka is ready on localhost:$KAFKA_PORT (pid $KAFKA_PID)"

# ---------------------------------------------------------------------------------------------- GreenMail
say "starting GreenMail (SMTP localhost:$SMTP_PORT, IMAP $IMAP_PORT, POP3 $POP3_PORT, web API $MAIL_API_PORT)"
"$JAVA" -Xmx512m -Djava.awt.headless=true \
  -Dgreenmail.smtp.hostname=127.0.0.1 -Dgreenmail.smtp.port="$SMTP_PORT" \
  -Dgreenmail.imap.hostname=127.0.0.1 -Dgreenmail.imap.port="$IMAP_PORT" \
  -Dgreenmail.pop3.hostname=127.0.0.1 -Dgreenmail.pop3.port="$POP3_PORT" \
  -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port="$MAIL_API_PORT" \
  -Dgreenmail.auth.disabled \
  -jar "$GREENMAIL_JAR" >"$LOCAL/greenmail/greenmail.log" 2>&1 &
GREENMAIL_PID=$!
echo "$GREENMAIL_PID" >"$LOCAL/run/greenmail.pid"; PID_FILES+=("$LOCAL/run/greenmail.pid")

deadline=$((SECONDS + 60))
until port_open "$SMTP_PORT" && http_ok "http://127.0.0.1:$MAIL_API_PORT/api/service/readiness"; do
  if ! alive "$GREENMAIL_PID"; then show_tail "$LOCAL/greenmail/greenmail.log"; die "GreenMail exited during start-up"; fi
  ((SECONDS < deadline)) || { show_tail "$LOCAL/greenmail/greenmail.log"; die "GreenMail was not ready within 60 s"; }
  sleep 1
done
say "GreenMail is ready (pid $GREENMAIL_PID)"

# ---------------------------------------------------------------------------------------------- secret and tokens
# a random secret made once and kept under .local/, so that tokens and links stay valid across restarts
dev_secret() {
  local file="$1"
  if [[ ! -s "$file" ]]; then
    (
      umask 077
      if command -v openssl >/dev/null 2>&1; then
        openssl rand -base64 36 | tr -d '\n'
      else
        head -c 36 /dev/urandom | base64 | tr -d '\n'
      fi >"$file"
    )
    say "made a dev secret, kept in ${file#"$ROOT"/}" >&2
  fi
  cat "$file"
}
if [[ -z "${ADHERENCE_SECURITY_JWT_HMAC_SECRET:-}" ]]; then
  ADHERENCE_SECURITY_JWT_HMAC_SECRET="$(dev_secret "$LOCAL/dev-jwt-secret")"
  SECRET_SOURCE=".local/dev-jwt-secret"
else
  SECRET_SOURCE="your environment (ADHERENCE_SECURITY_JWT_HMAC_SECRET)"
fi
# notification-service signs the acknowledgement links of CRITICAL emails with its own key
if [[ -z "${ADHERENCE_NOTIFICATION_ACK_SIGNING_KEY:-}" ]]; then
  ADHERENCE_NOTIFICATION_ACK_SIGNING_KEY="$(dev_secret "$LOCAL/dev-ack-signing-key")"
fi
export ADHERENCE_NOTIFICATION_ACK_SIGNING_KEY
# the dev identity provider's users (one password for all, printed in the banner) and the console's client secret
if [[ -z "${ADHERENCE_DEV_IDP_USER_PASSWORD:-}" ]]; then
  ADHERENCE_DEV_IDP_USER_PASSWORD="$(dev_secret "$LOCAL/dev-user-password" | tr -dc 'A-Za-z0-9' | head -c 16)"
fi
if [[ -z "${ADHERENCE_CONSOLE_CLIENT_SECRET:-}" ]]; then
  ADHERENCE_CONSOLE_CLIENT_SECRET="$(dev_secret "$LOCAL/dev-console-client-secret")"
fi
export ADHERENCE_DEV_IDP_USER_PASSWORD ADHERENCE_CONSOLE_CLIENT_SECRET
# the console signs users in with the dev identity provider, unless you name another
export SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_CLINIC_ISSUER_URI="${SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_CLINIC_ISSUER_URI:-http://localhost:9000}"
export ADHERENCE_DEV_IDP_CONSOLE_CLIENT_SECRET="${ADHERENCE_DEV_IDP_CONSOLE_CLIENT_SECRET:-$ADHERENCE_CONSOLE_CLIENT_SECRET}"
export ADHERENCE_SECURITY_JWT_HMAC_SECRET
secret_len="$(printf '%s' "$ADHERENCE_SECURITY_JWT_HMAC_SECRET" | wc -c)"
((secret_len >= 32)) || warn "ADHERENCE_SECURITY_JWT_HMAC_SECRET has $secret_len bytes; HS256 needs at least 32"

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
make_jwt() { # make_jwt <sub> <scope> <iat> <exp> [<clinic>]; the ids and scopes are plain ASCII, no JSON escaping
  if command -v openssl >/dev/null 2>&1; then
    local header payload input sig clinic=""
    [[ -n "${5:-}" ]] && clinic="$(printf ',"clinic":"%s"' "$5")"
    header="$(printf '%s' '{"alg":"HS256","typ":"JWT"}' | b64url)"
    payload="$(printf '{"sub":"%s","scope":"%s"%s,"iat":%s,"exp":%s}' "$1" "$2" "$clinic" "$3" "$4" | b64url)"
    input="$header.$payload"
    sig="$(printf '%s' "$input" | openssl dgst -sha256 -hmac "$ADHERENCE_SECURITY_JWT_HMAC_SECRET" -binary | b64url)"
    printf '%s.%s\n' "$input" "$sig"
  else
    "$JAVA" "$STACK/scripts/DevJwt.java" "$@"
  fi
}
now="$(date +%s)"
exp=$((now + TOKEN_TTL_SECONDS))
PATIENT_TOKEN="$(make_jwt "$SAMPLE_PATIENT" "events:write" "$now" "$exp")"
CARE_TEAM_TOKEN="$(make_jwt "care-team-$DEV_CLINIC" "$CARE_TEAM_SCOPE" "$now" "$exp" "$DEV_CLINIC")"
OTHER_CLINIC_TOKEN="$(make_jwt "care-team-$OTHER_CLINIC" "$CARE_TEAM_SCOPE" "$now" "$exp" "$OTHER_CLINIC")"
(
  umask 077
  {
    echo "# Dev JWTs written by ./run-local.sh at $(date -u +%Y-%m-%dT%H:%M:%SZ), valid 12 h, signed with $SECRET_SOURCE"
    echo "# patient app of $SAMPLE_PATIENT (scope events:write); the care team of clinic $DEV_CLINIC and that of"
    echo "# clinic $OTHER_CLINIC (scope $CARE_TEAM_SCOPE, claim clinic): each writes and reads its own patients only"
    echo "PATIENT_TOKEN=$PATIENT_TOKEN"
    echo "CARE_TEAM_TOKEN=$CARE_TEAM_TOKEN"
    echo "OTHER_CLINIC_TOKEN=$OTHER_CLINIC_TOKEN"
  } >"$LOCAL/dev-tokens.env"
)

# ---------------------------------------------------------------------------------------------- services
export KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP_SERVERS:-localhost:$KAFKA_PORT}"
export SPRING_MAIL_HOST="${SPRING_MAIL_HOST:-localhost}"
export SPRING_MAIL_PORT="${SPRING_MAIL_PORT:-$SMTP_PORT}"

for svc in ${SERVICES[@]+"${SERVICES[@]}"}; do
  jar="$(service_jar "$svc")"
  port="$(service_port "$svc")"
  [[ -f "$LOCAL/logs/$svc.log" ]] && mv -f "$LOCAL/logs/$svc.log" "$LOCAL/logs/$svc.log.prev"
  mkdir -p "$LOCAL/state/$svc"
  say "starting $svc on port $port (${jar#"$ROOT"/}), log in .local/logs/$svc.log"
  (
    if [[ "$svc" == rules-service ]]; then
      export ADHERENCE_RULES_STATE_DIR="${ADHERENCE_RULES_STATE_DIR:-$LOCAL/state/$svc}"
    fi
    if [[ "$svc" == notification-service ]]; then
      export ADHERENCE_NOTIFICATION_STATE_DIR="${ADHERENCE_NOTIFICATION_STATE_DIR:-$LOCAL/state/$svc}"
    fi
    if [[ "$svc" == care-console && " ${SERVICES[*]} " == *" dev-identity-provider "* ]]; then
      # the console reads its identity provider's configuration when it starts
      until http_ok "http://localhost:9000/actuator/health/readiness" '"status" *: *"UP"'; do sleep 1; done
    fi
    # shellcheck disable=SC2086 # RUN_LOCAL_JAVA_OPTS holds several options
    exec "$JAVA" $RUN_LOCAL_JAVA_OPTS -jar "$jar"
  ) >"$LOCAL/logs/$svc.log" 2>&1 &
  SERVICE_PIDS[$svc]=$!
  echo "$!" >"$LOCAL/run/$svc.pid"; PID_FILES+=("$LOCAL/run/$svc.pid")
done

if ((${#SERVICES[@]})); then
  say "waiting up to ${HEALTH_TIMEOUT}s for the services to report UP on /actuator/health/readiness"
  deadline=$((SECONDS + HEALTH_TIMEOUT))
  for svc in "${SERVICES[@]}"; do
    port="$(service_port "$svc")"
    # ready: UP answers 200 and {"status":"UP",...}; DOWN or OUT_OF_SERVICE answer 503. Readiness, not the whole
    # health: notification-service is ready (it takes alerts in) while the mail server is still down
    until http_ok "http://localhost:$port/actuator/health/readiness" '"status" *: *"UP"'; do
      if ! alive "${SERVICE_PIDS[$svc]}"; then
        show_tail "$LOCAL/logs/$svc.log" 60
        die "$svc exited during start-up (log: .local/logs/$svc.log)"
      fi
      if ((SECONDS >= deadline)); then
        show_tail "$LOCAL/logs/$svc.log" 60
        die "$svc did not report UP on http://localhost:$port/actuator/health/readiness within ${HEALTH_TIMEOUT}s (last answer: $(http_fetch "http://localhost:$port/actuator/health" 2>/dev/null | tr '\n' ' ' | head -c 300 || true))"
      fi
      sleep 2
    done
    say "$svc is UP"
  done
fi

# ---------------------------------------------------------------------------------------------- banner
MAIL_API="http://localhost:$MAIL_API_PORT"
{
  echo
  echo "================================================================================================"
  echo " Local stack is up. Ctrl-C (or SIGTERM to pid $$) stops all of it. Reset everything: rm -rf .local"
  echo "================================================================================================"
  if ((${#SERVICES[@]})); then
    echo " Services"
    for svc in "${SERVICES[@]}"; do
      port="$(service_port "$svc")"
      printf '   %-22s http://localhost:%s   health: http://localhost:%s/actuator/health   log: .local/logs/%s.log\n' \
        "$svc" "$port" "$port" "$svc"
    done
    [[ " ${SERVICES[*]} " == *" dose-intake-service "* ]] && echo "   intake API base:       http://localhost:8080/api/v1"
  else
    echo " Services: none (RUN_LOCAL_SERVICES is empty)"
  fi
  echo " Kafka"
  echo "   bootstrap:             localhost:$KAFKA_PORT   (data: .local/kafka/data, logs: .local/kafka/logs/server.log)"
  echo "   topics:                java -cp 'local-stack/target/kafka/libs/*' org.apache.kafka.tools.TopicCommand --bootstrap-server localhost:$KAFKA_PORT --list"
  echo " Mail (GreenMail: accepts mail for any address; kept in memory until the stack stops)"
  echo "   SMTP localhost:$SMTP_PORT, IMAP localhost:$IMAP_PORT, POP3 localhost:$POP3_PORT (log in as the recipient address, any password)"
  echo "   mailboxes:             curl -s $MAIL_API/api/user"
  echo "   mails of a recipient:  curl -s $MAIL_API/api/user/<recipient-address>/messages"
  echo "                          e.g. curl -s $MAIL_API/api/user/neuro@clinic.example/messages"
  echo "   subjects of all mails: local-stack/mails.sh     (one recipient, full text: local-stack/mails.sh <address>)"
  echo "   API page (Swagger UI): $MAIL_API/   delete all mails: curl -s -X POST $MAIL_API/api/mail/purge"
  echo " Environment handed to the services"
  echo "   KAFKA_BOOTSTRAP_SERVERS=$KAFKA_BOOTSTRAP_SERVERS SPRING_MAIL_HOST=$SPRING_MAIL_HOST SPRING_MAIL_PORT=$SPRING_MAIL_PORT"
  echo "   ADHERENCE_SECURITY_JWT_HMAC_SECRET from $SECRET_SOURCE"
  echo " Dev JWTs (HS256, valid 12 h; also in .local/dev-tokens.env: source .local/dev-tokens.env)"
  echo "   patient app of $SAMPLE_PATIENT (scope events:write):"
  echo "     PATIENT_TOKEN=$PATIENT_TOKEN"
  echo "   care team of clinic $DEV_CLINIC (sub care-team-$DEV_CLINIC, scope $CARE_TEAM_SCOPE, clinic $DEV_CLINIC):"
  echo "     CARE_TEAM_TOKEN=$CARE_TEAM_TOKEN"
  echo "   care team of clinic $OTHER_CLINIC (gets 403 on $DEV_CLINIC's patients, 404 on their alerts):"
  echo "     OTHER_CLINIC_TOKEN=$OTHER_CLINIC_TOKEN"
  if [[ " ${SERVICES[*]} " == *" care-console "* ]]; then
    echo " Care console:            http://localhost:8083  (sign in with the dev identity provider, http://localhost:9000)"
    echo "   users, password $ADHERENCE_DEV_IDP_USER_PASSWORD (from .local/dev-user-password or your environment):"
    echo "     physician         Dr. Dana Rivera, neuro@clinic.example   PHYSICIAN, clinic $DEV_CLINIC (may acknowledge)"
    echo "     nurse             Kim Okafor, nurse@clinic.example        NURSE, clinic $DEV_CLINIC (may acknowledge)"
    echo "     caregiver         Sam Lee, sam@family.example             CAREGIVER, clinic $DEV_CLINIC (reads only)"
    echo "     other-physician   Dr. Alex Morgan                         PHYSICIAN, clinic $OTHER_CLINIC (sees none of $DEV_CLINIC)"
  fi
  echo " Delivery log of an alert (its id is in the email): curl -s -H \"Authorization: Bearer \$CARE_TEAM_TOKEN\" http://localhost:8082/api/v1/alerts/<alertId>"
  echo " Logs: .local/logs/ (services), .local/kafka/logs/, .local/greenmail/greenmail.log"
  echo "================================================================================================"
} 

# ---------------------------------------------------------------------------------------------- foreground
# Stay in the foreground; if any process dies on its own, say which and stop the rest.
while :; do
  for svc in ${SERVICES[@]+"${SERVICES[@]}"}; do
    if ! alive "${SERVICE_PIDS[$svc]}"; then
      show_tail "$LOCAL/logs/$svc.log" 60
      die "$svc stopped unexpectedly; stopping the stack"
    fi
  done
  alive "$GREENMAIL_PID" || { show_tail "$LOCAL/greenmail/greenmail.log"; die "GreenMail stopped unexpectedly; stopping the stack"; }
  alive "$KAFKA_PID" || { show_tail "$KAFKA_LOGS/server.log"; die "Kafka stopped unexpectedly; stopping the stack"; }
  sleep 2 &
  SLEEP_PID=$!
  wait "$SLEEP_PID" || true
  SLEEP_PID=""
done
