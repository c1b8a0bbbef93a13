#!/usr/bin/env bash
# Aiven's cross-cluster replication guide, step by step, with curl against
# aiven-sim (no ccr involved): create service-1, create service-2 joined to
# it right away while service-1 is still REBUILDING, wait until both are
# RUNNING, and check that they are a pair.
#
# The guide's CLI steps are
#   avn service create --service-type cassandra --cloud C1 --plan P -c cassandra.datacenter=dc1 service_1
#   avn service create --service-type cassandra --cloud C2 --plan P -c cassandra.datacenter=dc2 \
#       -c service_to_join_with=service_1 service_2
# (service names take no underscore, so this uses service-1 and service-2).
#
#   examples/ccr-guide.sh                 starts bin/aiven-sim itself (make build first)
#   AIVEN_WEB_URL=http://127.0.0.1:8080 AIVEN_TOKEN=T PROJECT=P examples/ccr-guide.sh
#                                         runs against an emulator you started
# Needs bash and curl; exit 0 means both services are RUNNING and paired.
set -euo pipefail
cd "$(dirname "$0")/.."

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
  for _ in $(seq 600); do # up to 30 s: a busy machine starts it slowly
    [ -s "$work/sim.out" ] && break
    sleep 0.05
  done
  AIVEN_WEB_URL=$(sed -n '1s/^listening on //p' "$work/sim.out")
  [ -n "$AIVEN_WEB_URL" ] || { echo "aiven-sim did not start:" >&2; cat "$work/sim.err" >&2; exit 1; }
fi
: "${AIVEN_TOKEN:?set AIVEN_TOKEN}" "${PROJECT:?set PROJECT}"
api="$AIVEN_WEB_URL/v1/project/$PROJECT"

# call METHOD PATH [BODY]: prints the body, then the HTTP status on a line of its own.
call() {
  curl -sS --max-time 10 -X "$1" -H "Authorization: aivenv1 $AIVEN_TOKEN" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} -w '\n%{http_code}\n' "$api$2"
}
status() { tail -n 1 <<<"$1"; }
# state_of BODY: the service's state (node states are lower case, so only it matches).
state_of() { grep -o '"state":"[A-Z]*"' <<<"$1" | head -n 1 | cut -d'"' -f4; }
fail() { echo "FAIL: $*" >&2; exit 1; }

create() { # create NAME CLOUD DATACENTER [JOIN]
  local join=""
  [ -z "${4:-}" ] || join=",\"service_to_join_with\":\"$4\""
  call POST /service "{\"service_name\":\"$1\",\"service_type\":\"cassandra\",\"cloud\":\"$2\",\"plan\":\"startup-4\",
    \"user_config\":{\"cassandra\":{\"datacenter\":\"$3\"}$join}}"
}

out=$(create service-1 google-europe-west1 dc1)
[ "$(status "$out")" = 200 ] || fail "create service-1: $out"
echo "created service-1: $(state_of "$out")"

out=$(create service-2 aws-us-east-1 dc2 service-1)
[ "$(status "$out")" = 200 ] || fail "create service-2 joined to service-1: $out"
echo "created service-2 joined to service-1: $(state_of "$out")"
first=$(call GET /service/service-1)
echo "service-1 meanwhile: $(state_of "$first")"

deadline=$((SECONDS + wait_seconds))
while :; do
  s1=$(state_of "$(call GET /service/service-1)")
  s2=$(state_of "$(call GET /service/service-2)")
  [ "$s1" = RUNNING ] && [ "$s2" = RUNNING ] && break
  [ "$SECONDS" -lt "$deadline" ] || fail "not both RUNNING after ${wait_seconds}s: service-1 $s1, service-2 $s2"
  sleep "$poll_seconds"
done
echo "both RUNNING"

second=$(call GET /service/service-2)
grep -q '"service_to_join_with":"service-1"' <<<"$second" || fail "service-2 does not name service-1: $second"
out=$(create service-3 azure-westeurope dc3 service-1)
[ "$(status "$out")" = 400 ] && grep -q 'already in a cross-cluster replication pair with \\"service-2\\"' <<<"$out" ||
  fail "service-1 accepted a second peer, or refused it for another reason: $out"
echo "paired: service-2 joined service-1, which takes no other peer"
