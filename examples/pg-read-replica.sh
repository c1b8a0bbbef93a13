#!/usr/bin/env bash
# A PostgreSQL read replica with curl, as Aiven's docs describe it
# (docs/products/postgresql/howto/create-read-replica.md, API tab):
# ServiceCreate of the replica with a service_integrations entry of type
# read_replica naming the primary. The replica is refused with 403 "Creation
# of a read replica not allowed under current plan" until the primary has
# taken its first backup (aiven-client#387), so this waits for the backup.
#
#   examples/pg-read-replica.sh          starts bin/aiven-sim itself (make build first)
#   AIVEN_WEB_URL=http://127.0.0.1:8080 AIVEN_TOKEN=T PROJECT=P examples/pg-read-replica.sh
# Needs bash, curl and jq; see examples/lib/aiven-api.sh for the settings.
. "$(dirname "$0")/lib/aiven-api.sh"

create pg-main pg business-4 google-europe-west1
[ "$status" = 200 ] || fail "create pg-main: $status $body"
echo "created pg-main: $(jq -r .service.state <<<"$body")"

create pg-main-ro pg startup-4 aws-eu-west-1 "$(link read_replica pg-main)"
[ "$status" = 403 ] || fail "a replica before the primary's first backup: $status $body"
echo "pg-main-ro before pg-main's first backup: $status $(jq -r .message <<<"$body")"

wait_until "backed up" has_backup pg-main
echo "pg-main has its first backup"
create pg-main-ro pg startup-4 aws-eu-west-1 "$(link read_replica pg-main)"
[ "$status" = 200 ] || fail "create pg-main-ro: $status $body"
echo "created pg-main-ro: $(jq -r .service.state <<<"$body")"

wait_until RUNNING is_running pg-main-ro
echo "pg-main-ro RUNNING"
show_pair pg-main pg-main-ro read_replica
