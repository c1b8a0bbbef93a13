# Sourced by the replication scripts in examples/: talk to the Aiven API
# (aiven-sim by default) with curl and jq, the way Aiven's API docs do.
#
# Without AIVEN_WEB_URL, starts bin/aiven-sim (make build first) on a free
# port with project "guide" and PROVISION_DELAY (default 3s); otherwise
# uses AIVEN_WEB_URL, AIVEN_TOKEN and PROJECT. WAIT_SECONDS bounds every
# wait (default 60), POLL_SECONDS is the pause between polls (default 0.5).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }
done

wait_seconds=${WAIT_SECONDS:-60}
poll_seconds=${POLL_SECONDS:-0.5}
work=$(mktemp -d)
sim_pid=
trap '[ -z "$sim_pid" ] || { kill "$sim_pid" 2>/dev/null; wait "$sim_pid" 2>/dev/null; }; rm -rf "$work"' EXIT

if [ -z "${AIVEN_WEB_URL:-}" ]; then
  PROJECT=guide
  AIVEN_TOKEN=guide-token
  echo '{"projects": [{"project": "guide"}]}' >"$work/seed.json"
  "${BIN:-bin}/aiven-sim" --addr 127.0.0.1:0 --token "$AIVEN_TOKEN" --seed "$work/seed.json" \
    --provision-delay "${PROVISION_DELAY:-3s}" >"$work/sim.out" 2>"$work/sim.err" &
  sim_pid=$!
  for _ in $(seq 100); do
    [ -s "$work/sim.out" ] && break
    sleep 0.05
  done
  AIVEN_WEB_URL=$(sed -n '1s/^listening on //p' "$work/sim.out")
  [ -n "$AIVEN_WEB_URL" ] || { echo "aiven-sim did not start:" >&2; cat "$work/sim.err" >&2; exit 1; }
fi
: "${AIVEN_TOKEN:?set AIVEN_TOKEN}" "${PROJECT:?set PROJECT}"
api="$AIVEN_WEB_URL/v1/project/$PROJECT"

# call METHOD PATH [BODY]: sets $status and $body.
call() {
  local out
  out=$(curl -sS --max-time 10 -X "$1" -H "Authorization: aivenv1 $AIVEN_TOKEN" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} -w '\n%{http_code}' "$api$2")
  status=${out##*$'\n'}
  body=${out%$'\n'*}
}
fail() { echo "FAIL: $*" >&2; exit 1; }

# create NAME TYPE PLAN CLOUD [INTEGRATIONS]: ServiceCreate, the member's
# link in service_integrations (default: none).
create() {
  call POST /service "{\"service_name\":\"$1\",\"service_type\":\"$2\",\"plan\":\"$3\",\"cloud\":\"$4\",
    \"service_integrations\":${5:-[]}}"
}

# link KIND SOURCE: one service_integrations entry, as Terraform sends it.
link() { echo "[{\"integration_type\":\"$1\",\"source_service\":\"$2\",\"user_config\":{}}]"; }

# wait_until WHAT COMMAND...: polls COMMAND until it succeeds, at most WAIT_SECONDS.
wait_until() {
  local what=$1 deadline=$((SECONDS + wait_seconds))
  shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "not $what after ${wait_seconds}s"
    sleep "$poll_seconds"
  done
}
is_running() { call GET "/service/$1"; [ "$(jq -r .service.state <<<"$body")" = RUNNING ]; }
has_backup() { call GET "/service/$1/backups"; [ "$(jq '.backups | length' <<<"$body")" -gt 0 ]; }

# links_of_pair PRIMARY MEMBER: from one ServiceList, the links each of the
# two services lists, one line each: "NAME: TYPE SOURCE -> DEST active|inactive".
links_of_pair() {
  call GET /service
  [ "$status" = 200 ] || fail "ServiceList: $status $body"
  jq -r --arg a "$1" --arg b "$2" '.services[] | select(.service_name == $a or .service_name == $b) |
    .service_name as $n | .service_integrations[] |
    "\($n): \(.integration_type) \(.source_service) -> \(.dest_service) \(if .active then "active" else "inactive" end)"' <<<"$body"
}

# show_pair PRIMARY MEMBER KIND: prints the pair's links and fails unless
# both ends list the same active link.
show_pair() {
  local links want
  links=$(links_of_pair "$1" "$2")
  echo "$links"
  want="$3 $1 -> $2 active"
  [ "$(grep -c -x -e "$1: $want" -e "$2: $want" <<<"$links")" = 2 ] || fail "want \"$want\" on both ends"
}
