package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/ccr-dev/ccr/schema"
)

// normalSpec is the meaning of a spec without its layout: no file name, no
// positions, defaults resolved. Comments, key order and moving the file do
// not change a spec's digest; anything ccr would act on does.
type normalSpec struct {
	Version  int             `json:"version"`
	Projects []normalProject `json:"projects"`
	// Budget is omitted when unset, so that a file without budgets keeps
	// the digest it had before budgets existed.
	Budget string `json:"budget,omitempty"`
}

type normalProject struct {
	Name   string       `json:"name"`
	Pairs  []normalPair `json:"pairs"`
	Budget string       `json:"budget,omitempty"`
}

type normalPair struct {
	Services              [2]normalService  `json:"services"`
	Plan                  string            `json:"plan"`
	DiskSpaceMB           int               `json:"disk_space_mb"`
	TerminationProtection *bool             `json:"termination_protection"`
	Tags                  map[string]string `json:"tags"`
	Keyspaces             map[string]int    `json:"keyspaces"`
}

type normalService struct {
	Name         string `json:"name"`
	Cloud        string `json:"cloud"`
	Datacenter   string `json:"datacenter"`
	ProjectVPCID string `json:"project_vpc_id"`
}

// SpecDigest is "sha256:" and the hex digest of spec's normalised form. A
// saved plan carries it so apply can tell the file changed since review.
func SpecDigest(spec *schema.Spec) string {
	n := normalSpec{Version: spec.Version, Projects: make([]normalProject, 0, len(spec.Projects)), Budget: normalBudget(spec.Budget)}
	for _, proj := range spec.Projects {
		np := normalProject{Name: proj.Name, Pairs: make([]normalPair, 0, len(proj.Pairs)), Budget: normalBudget(proj.Budget)}
		for _, p := range proj.Pairs {
			np.Pairs = append(np.Pairs, normalizePair(p))
		}
		n.Projects = append(n.Projects, np)
	}
	// encoding/json sorts map keys, so the encoding is canonical.
	data, err := json.Marshal(n)
	if err != nil {
		panic("plan: a normalised spec is plain data and always encodes: " + err.Error())
	}
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// normalBudget is a budget's amount in one spelling ("2500" and "2500.00"
// are one limit), or "" when there is none.
func normalBudget(b *schema.Budget) string {
	if b == nil {
		return ""
	}
	if v, err := ParseUSD(b.MaxMonthlyIncreaseUSD); err == nil {
		return v.String()
	}
	return b.MaxMonthlyIncreaseUSD
}

func normalizePair(p schema.Pair) normalPair {
	np := normalPair{
		Plan: p.Plan, DiskSpaceMB: p.DiskSpaceMB,
		TerminationProtection: p.TerminationProtection,
		Tags:                  p.Tags, Keyspaces: map[string]int{},
	}
	if np.Tags == nil {
		np.Tags = map[string]string{}
	}
	for _, ks := range p.Keyspaces {
		np.Keyspaces[KeyspaceName(ks.Name)] = ks.ReplicationFactor
	}
	for i, s := range p.Services {
		np.Services[i] = normalService{
			Name: s.Name, Cloud: s.Cloud, Datacenter: serviceDatacenter(s), ProjectVPCID: s.ProjectVPCID,
		}
	}
	return np
}

// ReviewDigest identifies what a reviewer saw: the spec and the live facts
// the plan was computed from. Two plans with the same ReviewDigest do the
// same thing, so the apply job compares it with the digest recorded in the
// pull request's plan comment.
func (p *Plan) ReviewDigest() string {
	sum := sha256.Sum256([]byte(p.SpecDigest + "\n" + p.Fingerprint))
	return "sha256:" + hex.EncodeToString(sum[:])
}
