package adopt

import (
	"maps"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/plan"
)

// pairOf infers the pair a (target) and b (joiner) form, with opts applied
// to both, and returns it with the skips.
func pairOf(t *testing.T, a, b plan.LiveService) (Pair, []Skip) {
	t.Helper()
	b.JoinedWith = a.Name
	r := mustInfer(t, project("acme", a, b))
	if len(r.Projects[0].Pairs) != 1 {
		t.Fatalf("no pair: %+v", r.Projects[0])
	}
	return r.Projects[0].Pairs[0], r.Skipped
}

func both(f func(*plan.LiveService)) (plan.LiveService, plan.LiveService) {
	return svc("orders-eu", "google-europe-west1", f), svc("orders-us", "aws-us-east-1", f)
}

// skipFields renders skips as "field[key]" for comparison.
func skipFields(skips []Skip) string {
	var out []string
	for _, s := range skips {
		f := s.Field
		if s.Key != "" {
			f += "[" + s.Key + "]"
		}
		out = append(out, f)
	}
	return strings.Join(out, " ")
}

func TestPairSizeFields(t *testing.T) {
	cases := map[string]struct {
		a, b             func(*plan.LiveService)
		wantPlan         string
		wantDisk         int
		wantProtected    bool
		wantSkips, about string
	}{
		"the plan's default disk is left out": {
			wantPlan: "startup-4",
		},
		"a larger disk is kept": {
			a: func(s *plan.LiveService) { s.DiskSpaceMB = 300000 }, b: func(s *plan.LiveService) { s.DiskSpaceMB = 300000 },
			wantPlan: "startup-4", wantDisk: 300000,
		},
		"a disk whose plan default is unknown is kept": {
			a:        func(s *plan.LiveService) { s.Plan, s.DiskSpaceMB = "business-8", 720000 },
			b:        func(s *plan.LiveService) { s.Plan, s.DiskSpaceMB = "business-8", 720000 },
			wantPlan: "business-8", wantDisk: 720000,
		},
		// With no one plan, no default disk is known: the disk is kept.
		"peers that disagree on the plan": {
			b:        func(s *plan.LiveService) { s.Plan = "business-8" },
			wantDisk: 240000, wantSkips: "plan", about: "orders-eu runs plan startup-4 and orders-us plan business-8",
		},
		"peers that disagree on the disk": {
			b:        func(s *plan.LiveService) { s.DiskSpaceMB = 270000 },
			wantPlan: "startup-4", wantSkips: "disk_space_mb", about: "orders-eu has disk_space_mb 240000 and orders-us 270000",
		},
		"a plan name a file cannot hold": {
			a:         func(s *plan.LiveService) { s.Plan = "Business 8" },
			b:         func(s *plan.LiveService) { s.Plan = "Business 8" },
			wantDisk:  240000,
			wantSkips: "plan", about: `plan "Business 8" is not a plan name`,
		},
		"a disk beyond the schema's maximum": {
			a:        func(s *plan.LiveService) { s.DiskSpaceMB = 1 << 40 },
			b:        func(s *plan.LiveService) { s.DiskSpaceMB = 1 << 40 },
			wantPlan: "startup-4", wantSkips: "disk_space_mb", about: "larger than a ccr file accepts",
		},
		"both protected": {
			a: func(s *plan.LiveService) { s.TerminationProtection = true }, b: func(s *plan.LiveService) { s.TerminationProtection = true },
			wantPlan: "startup-4", wantProtected: true,
		},
		"one protected": {
			b:        func(s *plan.LiveService) { s.TerminationProtection = true },
			wantPlan: "startup-4", wantSkips: "termination_protection", about: "termination protection is on for orders-us only",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			a, b := svc("orders-eu", "google-europe-west1"), svc("orders-us", "aws-us-east-1")
			for s, f := range map[*plan.LiveService]func(*plan.LiveService){&a: tc.a, &b: tc.b} {
				if f != nil {
					f(s)
				}
			}
			p, skips := pairOf(t, a, b)
			if p.Plan != tc.wantPlan || p.DiskSpaceMB != tc.wantDisk || p.TerminationProtection != tc.wantProtected {
				t.Errorf("plan %q disk %d protected %v, want %q %d %v", p.Plan, p.DiskSpaceMB, p.TerminationProtection,
					tc.wantPlan, tc.wantDisk, tc.wantProtected)
			}
			if got := skipFields(skips); got != tc.wantSkips {
				t.Errorf("skips = %q, want %q", got, tc.wantSkips)
			}
			if tc.about != "" && (len(skips) == 0 || !strings.Contains(skips[0].Reason, tc.about)) {
				t.Errorf("skips %+v, want a reason containing %q", skips, tc.about)
			}
		})
	}
}

func TestPairDatacenters(t *testing.T) {
	cases := map[string]struct {
		a, b      string // live datacenters
		want      [2]string
		wantSkips string
	}{
		"named after the services: left out": {"orders-eu", "orders-us", [2]string{}, ""},
		"custom ones are kept":               {"eu-1", "us-1", [2]string{"eu-1", "us-1"}, ""},
		"the default aiven is kept":          {"aiven", "orders-us", [2]string{"aiven", ""}, ""},
		"one a file cannot hold":             {"orders-eu", "us east", [2]string{}, "datacenter"},
		// Written out, both would be "aiven", which ccr validate refuses.
		"both the default": {"aiven", "aiven", [2]string{}, "datacenter datacenter"},
		// orders-eu is in datacenter orders-us while orders-us's own is
		// one the file cannot hold, so it would default to orders-us too.
		"a collision made by leaving one out": {"orders-us", "us\neast", [2]string{}, "datacenter datacenter"},
		"swapped names are distinct":          {"orders-us", "orders-eu", [2]string{"orders-us", "orders-eu"}, ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			a, b := svc("orders-eu", "google-europe-west1"), svc("orders-us", "aws-us-east-1")
			a.Datacenter, b.Datacenter = tc.a, tc.b
			p, skips := pairOf(t, a, b)
			if got := [2]string{p.Services[0].Datacenter, p.Services[1].Datacenter}; got != tc.want {
				t.Errorf("datacenters %q, want %q", got, tc.want)
			}
			if got := skipFields(skips); got != tc.wantSkips {
				t.Errorf("skips = %q, want %q (%+v)", got, tc.wantSkips, skips)
			}
		})
	}
}

func TestPairVPCs(t *testing.T) {
	a, b := svc("orders-eu", "google-europe-west1"), svc("orders-us", "aws-us-east-1")
	a.ProjectVPCID, b.ProjectVPCID = "1F0E3C52-8A4B-4C1D-9E2F-0A1B2C3D4E5F", "vpc\n1"
	p, skips := pairOf(t, a, b)
	if p.Services[0].ProjectVPCID != a.ProjectVPCID || p.Services[1].ProjectVPCID != "" {
		t.Errorf("VPCs %q, %q; want the UUID kept as it is and the other left out",
			p.Services[0].ProjectVPCID, p.Services[1].ProjectVPCID)
	}
	if len(skips) != 1 || skips[0].Value != "vpc\n1" || skips[0].Reason != `project_vpc_id "vpc\n1" is not a UUID` {
		t.Errorf("skips = %+v", skips)
	}
}

func TestPairTags(t *testing.T) {
	long := strings.Repeat("x", 65)
	a, b := both(func(s *plan.LiveService) {
		s.Tags = map[string]string{"team": "orders", "yes": "true", "n": "123", "ctl": "a\x1bb", "sep": "a\u2028b",
			long: "v", "big": long, "max": strings.Repeat("é", 64), "": "empty key"}
	})
	a.Tags["only-a"] = "x"
	a.Tags["differs"], b.Tags["differs"] = "a", "b"
	p, skips := pairOf(t, a, b)
	want := map[string]string{"team": "orders", "yes": "true", "n": "123", "max": strings.Repeat("é", 64)}
	if !maps.Equal(p.Tags, want) {
		t.Errorf("tags = %q, want %q", p.Tags, want)
	}
	if got := skipFields(skips); got != "tags tags[big] tags[ctl] tags[differs] tags[only-a] tags[sep] tags["+long+"]" {
		t.Errorf("skips = %q", got)
	}
	for _, s := range skips {
		if strings.ContainsAny(s.Reason, "\x1b\n\u2028") {
			t.Errorf("reason %q carries a raw control character", s.Reason)
		}
	}
}
