package plan

import (
	"slices"
	"testing"
)

func TestClosestNames(t *testing.T) {
	clouds := map[string]bool{
		"aws-us-east-1": true, "aws-us-east-2": true, "aws-us-west-1": true, "aws-us-west-2": true,
		"google-europe-west1": true, "azure-eastus": true, "do-nyc": true, "aws-eu-west-9": false,
	}
	cases := map[string]struct {
		in   string
		want []string
	}{
		"one edit":                {"aws-us-east-3", []string{"aws-us-east-1", "aws-us-east-2"}},
		"case ignored":            {"Google-Europe-West1", []string{"google-europe-west1"}},
		"ties, at the limit":      {"aws-us-xxxx-1", []string{"aws-us-east-1", "aws-us-west-1"}},
		"past the limit":          {"aws-us-xxxxx-1", nil},
		"far from every name":     {"mars-base-1", nil},
		"short names: two edits":  {"do-ny", []string{"do-nyc"}},
		"unset entries are not":   {"aws-eu-west-9", []string{"aws-us-west-1", "aws-us-west-2"}},
		"a provider prefix typed": {"gcp-europe-west1", []string{"google-europe-west1"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := closestNames(tc.in, clouds); !slices.Equal(got, tc.want) {
				t.Errorf("closestNames(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	many := map[string]bool{"ab-1": true, "ab-2": true, "ab-3": true, "ab-4": true}
	if got := closestNames("ab-0", many); !slices.Equal(got, []string{"ab-1", "ab-2", "ab-3"}) {
		t.Errorf("four ties: %q, want the first three sorted", got)
	}
}

func TestClosestPlans(t *testing.T) {
	offered := map[string]PlanSpec{}
	for _, p := range []string{"business-4", "business-16", "business-32", "premium-6", "premium-16",
		"startup-2", "startup-4", "startup-8", "hobbyist"} {
		offered[p] = PlanSpec{}
	}
	cases := map[string]struct {
		in   string
		want []string
	}{
		"a size the family lacks: the sizes either side": {"business-8", []string{"business-4", "business-16"}},
		"a size between two":                             {"business-9", []string{"business-4", "business-16"}},
		"past the largest: the largest":                  {"startup-64", []string{"startup-8"}},
		"below the smallest: the smallest":               {"premium-1", []string{"premium-6"}},
		"a family mistyped":                              {"busines-16", []string{"business-16"}},
		"no size":                                        {"startup4", []string{"startup-4"}},
		"a size on a plan that has none":                 {"hobbyist-4", []string{"hobbyist"}},
		"an unknown family: the same size in others":     {"enterprise-4", []string{"business-4", "startup-4"}},
		"nothing near":                                   {"mars", nil},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := closestPlans(tc.in, offered); !slices.Equal(got, tc.want) {
				t.Errorf("closestPlans(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
