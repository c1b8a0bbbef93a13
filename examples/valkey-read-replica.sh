#!/usr/bin/env bash
# A Valkey read replica with curl (docs/products/valkey/howto/create-valkey-read-replica.md):
# ServiceCreate of the replica, on a startup plan, with a read_replica entry
# in service_integrations. (The docs' curl example names the source
# "source_service_name"; the API's field is "source_service".) The replica
# may be requested while the primary is still being built: it then finishes
# building after the primary.
#
#   examples/valkey-read-replica.sh      starts bin/aiven-sim itself (make build first)
#   AIVEN_WEB_URL=... AIVEN_TOKEN=... PROJECT=... examples/valkey-read-replica.sh
# Needs bash, curl and jq; see examples/lib/aiven-api.sh for the settings.
. "$(dirname "$0")/lib/aiven-api.sh"

create vk-main valkey business-4 google-europe-west1
[ "$status" = 200 ] || fail "create vk-main: $status $body"
echo "created vk-main: $(jq -r .service.state <<<"$body")"

create vk-main-ro valkey startup-4 aws-eu-west-1 "$(link read_replica vk-main)"
[ "$status" = 200 ] || fail "create vk-main-ro: $status $body"
echo "created vk-main-ro: $(jq -r .service.state <<<"$body")"
wait_until RUNNING is_running vk-main-ro
echo "vk-main-ro RUNNING"
show_pair vk-main vk-main-ro read_replica
