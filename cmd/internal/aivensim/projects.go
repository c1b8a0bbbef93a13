package aivensim

import (
	"crypto/sha256"
	"fmt"
	"maps"
	"net/http"
	"slices"
)

// projectOut is ProjectGetOut (and ProjectOut) with every field the API
// requires: billing fields are present and neutral, as for a project whose
// bills go to an organization's billing group.
type projectOut struct {
	AccountID        string            `json:"account_id"`
	BillingAddress   string            `json:"billing_address"`
	BillingCurrency  string            `json:"billing_currency"`
	BillingEmails    []any             `json:"billing_emails"`
	BillingGroupID   string            `json:"billing_group_id"`
	BillingGroupName string            `json:"billing_group_name"`
	Country          string            `json:"country"`
	CountryCode      string            `json:"country_code"`
	DefaultCloud     string            `json:"default_cloud"`
	EstimatedBalance string            `json:"estimated_balance"`
	Features         map[string]any    `json:"features"`
	OrganizationID   string            `json:"organization_id"`
	PaymentMethod    string            `json:"payment_method"`
	ProjectName      string            `json:"project_name"`
	Tags             map[string]string `json:"tags"`
	TechEmails       []any             `json:"tech_emails"`
	VatID            string            `json:"vat_id"`
}

func (s *Server) projectOut(p *project) projectOut {
	sum := sha256.Sum256([]byte("billing-group/" + p.name))
	return projectOut{AccountID: "a-aivensim", OrganizationID: "org-aivensim", ProjectName: p.name,
		DefaultCloud: p.defaultCloud, BillingEmails: []any{}, TechEmails: []any{},
		BillingCurrency: "USD", BillingGroupName: "aiven-sim",
		BillingGroupID: fmt.Sprintf("%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16]),
		Country:        "Finland", CountryCode: "FI", EstimatedBalance: "0.00", PaymentMethod: "no_payment_expected",
		Features: map[string]any{}, Tags: map[string]string{}}
}

func (s *Server) getProject(r *http.Request) (any, error) {
	p, err := s.project(r)
	if err != nil {
		return nil, err
	}
	return map[string]any{"project": s.projectOut(p)}, nil
}

// listProjects answers ProjectList with the projects the token may see, as
// their admin.
func (s *Server) listProjects(*http.Request) (any, error) {
	out := []projectOut{}
	membership, memberships := map[string]string{}, map[string][]string{}
	for _, name := range slices.Sorted(maps.Keys(s.projects)) {
		if p := s.projects[name]; !p.forbidden {
			out = append(out, s.projectOut(p))
			membership[name], memberships[name] = "admin", []string{"admin"}
		}
	}
	return map[string]any{"projects": out, "project_membership": membership, "project_memberships": memberships}, nil
}

func (s *Server) listClouds(*http.Request) (any, error) {
	return map[string]any{"clouds": s.catalog.clouds}, nil
}

func (s *Server) listProjectClouds(r *http.Request) (any, error) {
	if _, err := s.project(r); err != nil {
		return nil, err
	}
	return s.listClouds(r)
}

func (s *Server) listVPCs(r *http.Request) (any, error) {
	p, err := s.project(r)
	if err != nil {
		return nil, err
	}
	return map[string]any{"vpcs": orEmptySlice(p.vpcs)}, nil
}

// listStaticIPs answers StaticIPList. aiven-sim allocates no static IPs, so
// every project has none: {"static_ips": []}, which the Terraform provider
// reads on every refresh.
func (s *Server) listStaticIPs(r *http.Request) (any, error) {
	if _, err := s.project(r); err != nil {
		return nil, err
	}
	return map[string]any{"static_ips": []any{}}, nil
}

// orEmptySlice keeps JSON arrays from rendering as null.
func orEmptySlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
