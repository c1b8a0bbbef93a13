package adopt

import (
	"encoding/json"
	"fmt"
)

// report is the JSON form of a Result, for scripts:
//
//	{"format_version": "1.1", "imported_at": "2026-01-02T03:04:05Z",
//	 "summary": {"projects": 1, "pairs": 1, "groups": 1, "unpaired": 0, "broken": 0, "ignored": 2, "skipped": 0},
//	 "projects": [{"project": "acme", "cassandra_offered": true,
//	   "pairs": [{"services": [{"name": "orders-eu", "cloud": "google-europe-west1", "state": "RUNNING"},
//	                           {"name": "orders-us", "cloud": "aws-us-east-1", "state": "RUNNING"}],
//	              "plan": "startup-4"}],
//	   "groups": [{"primary": {"name": "orders-pg", "type": "pg", "cloud": "google-europe-west1",
//	                           "plan": "business-4", "state": "RUNNING", "role": "active"},
//	               "members": [{"name": "orders-ro", "kind": "read_replica", "cloud": "aws-us-east-1",
//	                            "plan": "startup-4", "state": "RUNNING"}]}],
//	   "unpaired": [], "broken": [], "ignored": {"kafka": 2}}],
//	 "skipped": []}
//
// A pair holds what the file would declare (services[1] joined services[0])
// plus each member's live state, a group what the file would declare plus
// each service's live state and disaster_recovery_role; lists are [] rather
// than null.
type report struct {
	FormatVersion string    `json:"format_version"`
	ImportedAt    string    `json:"imported_at"`
	Summary       summary   `json:"summary"`
	Projects      []Project `json:"projects"`
	Skipped       []Skip    `json:"skipped"`
}

// summary counts a Result: projects read, pairs and replica groups found,
// unpaired Cassandra services, broken groups, ignored services (standalone
// ones of a replica type and those of other types) and values left out.
type summary struct {
	Projects int `json:"projects"`
	Pairs    int `json:"pairs"`
	Groups   int `json:"groups"`
	Unpaired int `json:"unpaired"`
	Broken   int `json:"broken"`
	Ignored  int `json:"ignored"`
	Skipped  int `json:"skipped"`
}

// EncodeJSON renders r in its versioned JSON form, indented, with a final
// newline.
func EncodeJSON(r *Result, m Meta) ([]byte, error) {
	rep := report{FormatVersion: FormatVersion, ImportedAt: m.stamp(), Projects: r.Projects, Skipped: r.Skipped,
		Summary: summary{Projects: len(r.Projects), Skipped: len(r.Skipped)}}
	if rep.Projects == nil {
		rep.Projects = []Project{}
	}
	if rep.Skipped == nil {
		rep.Skipped = []Skip{}
	}
	for _, p := range r.Projects {
		rep.Summary.Pairs += len(p.Pairs)
		rep.Summary.Groups += len(p.Groups)
		rep.Summary.Unpaired += len(p.Unpaired)
		rep.Summary.Broken += len(p.Broken)
		rep.Summary.Ignored += total(p.Ignored)
	}
	data, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode import report: %w", err)
	}
	return append(data, '\n'), nil
}
