#!/usr/bin/env bash
# PostgreSQL cross-region disaster recovery with curl
# (docs/products/postgresql/crdr/enable-crdr.md): ServiceCreate of the
# recovery service with a disaster_recovery entry in service_integrations.
# The primary is "active", the recovery service "passive" (the
# disaster_recovery_role field of the service object); a switchover is a
# PUT of disaster_recovery_role "active" on the passive service.
#
#   examples/pg-disaster-recovery.sh     starts bin/aiven-sim itself (make build first)
#   AIVEN_WEB_URL=... AIVEN_TOKEN=... PROJECT=... examples/pg-disaster-recovery.sh
# Needs bash, curl and jq; see examples/lib/aiven-api.sh for the settings.
. "$(dirname "$0")/lib/aiven-api.sh"

role() { call GET "/service/$1"; jq -r '"\(.service.state) \(.service.disaster_recovery_role)"' <<<"$body"; }

create pg-prod pg business-4 google-europe-west1
[ "$status" = 200 ] || fail "create pg-prod: $status $body"
echo "created pg-prod: $(jq -r .service.state <<<"$body")"
wait_until RUNNING is_running pg-prod

create pg-prod-dr pg business-4 google-europe-north1 "$(link disaster_recovery pg-prod)"
[ "$status" = 200 ] || fail "create pg-prod-dr: $status $body"
echo "created pg-prod-dr: $(jq -r '"\(.service.state) \(.service.disaster_recovery_role)"' <<<"$body")"
wait_until RUNNING is_running pg-prod-dr
echo "pg-prod: $(role pg-prod), pg-prod-dr: $(role pg-prod-dr)"
show_pair pg-prod pg-prod-dr disaster_recovery

call PUT /service/pg-prod-dr '{"disaster_recovery_role":"active"}'
[ "$status" = 200 ] || fail "switchover: $status $body"
echo "after the switchover: pg-prod: $(role pg-prod), pg-prod-dr: $(role pg-prod-dr)"
