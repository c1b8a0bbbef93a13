#!/usr/bin/env bash
# A MySQL read replica with curl: ServiceCreate of the replica with a
# read_replica entry in service_integrations (Aiven documents the Console
# only; Terraform's aiven_mysql and avn send this). A replica starts from
# the primary's latest backup, so this waits for the first one.
#
#   examples/mysql-read-replica.sh       starts bin/aiven-sim itself (make build first)
#   AIVEN_WEB_URL=... AIVEN_TOKEN=... PROJECT=... examples/mysql-read-replica.sh
# Needs bash, curl and jq; see examples/lib/aiven-api.sh for the settings.
. "$(dirname "$0")/lib/aiven-api.sh"

create mysql-main mysql business-4 google-europe-west1
[ "$status" = 200 ] || fail "create mysql-main: $status $body"
echo "created mysql-main: $(jq -r .service.state <<<"$body")"
wait_until "backed up" has_backup mysql-main
echo "mysql-main has its first backup"

create mysql-main-ro mysql startup-4 aws-us-east-1 "$(link read_replica mysql-main)"
[ "$status" = 200 ] || fail "create mysql-main-ro: $status $body"
echo "created mysql-main-ro: $(jq -r .service.state <<<"$body")"
wait_until RUNNING is_running mysql-main-ro
echo "mysql-main-ro RUNNING"
show_pair mysql-main mysql-main-ro read_replica
