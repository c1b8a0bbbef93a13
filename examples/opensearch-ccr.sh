#!/usr/bin/env bash
# OpenSearch cross-cluster replication with curl
# (docs/products/opensearch/howto/setup-cross-cluster-replication-opensearch.md):
# ServiceCreate of the follower, on the leader's plan or a larger one and
# the leader's opensearch_version, with an opensearch_cross_cluster_replication
# entry in service_integrations. (An existing follower is linked with POST
# /integration instead.) The link replicates no index until the follower
# starts replication with OpenSearch's own _plugins/_replication API.
#
#   examples/opensearch-ccr.sh           starts bin/aiven-sim itself (make build first)
#   AIVEN_WEB_URL=... AIVEN_TOKEN=... PROJECT=... examples/opensearch-ccr.sh
# Needs bash, curl and jq; see examples/lib/aiven-api.sh for the settings.
. "$(dirname "$0")/lib/aiven-api.sh"

create os-leader opensearch business-4 google-europe-west1
[ "$status" = 200 ] || fail "create os-leader: $status $body"
echo "created os-leader: $(jq -r '"\(.service.state), opensearch \(.service.user_config.opensearch_version)"' <<<"$body")"

create os-follower opensearch business-4 aws-us-east-1 "$(link opensearch_cross_cluster_replication os-leader)"
[ "$status" = 200 ] || fail "create os-follower: $status $body"
echo "created os-follower: $(jq -r '"\(.service.state), opensearch \(.service.user_config.opensearch_version)"' <<<"$body")"
wait_until RUNNING is_running os-follower
echo "os-follower RUNNING"
show_pair os-leader os-follower opensearch_cross_cluster_replication
