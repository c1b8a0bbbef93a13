package cli

import (
	"regexp"
	"strings"
	"testing"
)

// TestHelpSaysWhatCcrDoes pins what ccr --help and ccr plan --help say ccr
// does to Aiven now that it manages replica groups and updates in place:
// every kind of replication, every action apply takes, and every act it
// never takes. Lines are joined, so the wrapping may change.
func TestHelpSaysWhatCcrDoes(t *testing.T) {
	space := regexp.MustCompile(`\s+`)
	for _, tc := range []struct {
		args     []string
		want     []string
		notWants []string
	}{
		{[]string{"--help"}, []string{
			"replica groups (PostgreSQL, MySQL and Valkey read replicas, PostgreSQL disaster recovery, " +
				"OpenSearch cross-cluster replication followers)",
			"it creates the services and replication links that are missing",
			"switches a disaster recovery pair over when the file names the other service active",
			"updates in place what the file declares: plan, disk_space_mb, termination_protection and the tag keys",
			"ccr never deletes, powers off or moves a service, and never promotes a replica or fails a service over",
		}, []string{"plans the services that are missing", "never modifies"}},
		{[]string{"plan", "--help"}, []string{
			"services to create and in which order, replication links to add, disaster recovery switchovers",
			"settings to update in place",
			"Apply never deletes, powers off, moves or promotes a service, nor fails one over.",
		}, []string{"never modifies"}},
	} {
		code, out, _ := run(nil, tc.args...)
		if code != 0 {
			t.Fatalf("ccr %s: exit %d", strings.Join(tc.args, " "), code)
		}
		text := space.ReplaceAllString(out, " ")
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("ccr %s does not say %q", strings.Join(tc.args, " "), w)
			}
		}
		for _, w := range tc.notWants {
			if strings.Contains(text, w) {
				t.Errorf("ccr %s still says %q", strings.Join(tc.args, " "), w)
			}
		}
	}
}
