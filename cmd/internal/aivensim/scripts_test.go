package aivensim_test

import (
	"testing"
	"time"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// TestReplicationScripts runs each curl script of examples/ against a
// stepped emulator (a one-hour provision delay, twenty minutes per request):
// create the primary, create the member with its link, wait, see the link
// on both ends in one ServiceList; for pg, the 403 before the primary's
// first backup and success after it.
func TestReplicationScripts(t *testing.T) {
	needTools(t, "bash", "curl", "jq")
	for script, want := range map[string]string{
		"pg-read-replica.sh": "created pg-main: REBUILDING\n" +
			"pg-main-ro before pg-main's first backup: 403 Creation of a read replica not allowed under current plan\n" +
			"pg-main has its first backup\n" +
			"created pg-main-ro: REBUILDING\n" +
			"pg-main-ro RUNNING\n" +
			"pg-main: read_replica pg-main -> pg-main-ro active\n" +
			"pg-main-ro: read_replica pg-main -> pg-main-ro active\n",
		"mysql-read-replica.sh": "created mysql-main: REBUILDING\n" +
			"mysql-main has its first backup\n" +
			"created mysql-main-ro: REBUILDING\n" +
			"mysql-main-ro RUNNING\n" +
			"mysql-main: read_replica mysql-main -> mysql-main-ro active\n" +
			"mysql-main-ro: read_replica mysql-main -> mysql-main-ro active\n",
		"valkey-read-replica.sh": "created vk-main: REBUILDING\n" +
			"created vk-main-ro: REBUILDING\n" +
			"vk-main-ro RUNNING\n" +
			"vk-main: read_replica vk-main -> vk-main-ro active\n" +
			"vk-main-ro: read_replica vk-main -> vk-main-ro active\n",
		"pg-disaster-recovery.sh": "created pg-prod: REBUILDING\n" +
			"created pg-prod-dr: REBUILDING passive\n" +
			"pg-prod: RUNNING active, pg-prod-dr: RUNNING passive\n" +
			"pg-prod: disaster_recovery pg-prod -> pg-prod-dr active\n" +
			"pg-prod-dr: disaster_recovery pg-prod -> pg-prod-dr active\n" +
			"after the switchover: pg-prod: RUNNING passive, pg-prod-dr: RUNNING active\n",
		"opensearch-ccr.sh": "created os-leader: REBUILDING, opensearch 2.19\n" +
			"created os-follower: REBUILDING, opensearch 2.19\n" +
			"os-follower RUNNING\n" +
			"os-follower: opensearch_cross_cluster_replication os-leader -> os-follower active\n" +
			"os-leader: opensearch_cross_cluster_replication os-leader -> os-follower active\n",
	} {
		t.Run(script, func(t *testing.T) {
			t.Parallel()
			url := steppedSim(t, aivensim.Options{ProvisionDelay: time.Hour}, 20*time.Minute)
			if out, err := runScript(t, script, url); err != nil || out != want {
				t.Fatalf("%s: %v, printed:\n%s\nwant:\n%s", script, err, out, want)
			}
		})
	}
}
