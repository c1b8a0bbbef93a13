package cli

import (
	"errors"
	"strings"
	"testing"

	"github.com/ccr-dev/ccr/cmd/internal/aiven"
)

func TestAivenURL(t *testing.T) {
	cases := map[string]struct {
		raw, want, err string
	}{
		"unset: the adapter's default": {"", "", ""},
		"the API":                      {"https://api.aiven.io", "https://api.aiven.io", ""},
		"trailing slash and newline":   {"https://api.aiven.io/\n", "https://api.aiven.io", ""},
		"an emulator":                  {"http://127.0.0.1:8080", "http://127.0.0.1:8080", ""},
		"behind a proxy":               {"https://gw.example/aiven/", "https://gw.example/aiven", ""},
		"no scheme":                    {"api.aiven.io", "", `AIVEN_WEB_URL="api.aiven.io" has no scheme: set it to "https://api.aiven.io"`},
		"host and port, no scheme":     {"127.0.0.1:8080", "", `has no scheme: set it to "https://127.0.0.1:8080" (or "http://127.0.0.1:8080"`},
		"localhost":                    {"http://localhost:8080/", "http://localhost:8080", ""},
		"IPv6 loopback":                {"http://[::1]:8080", "http://[::1]:8080", ""},
		"all of 127/8":                 {"http://127.1.2.3", "http://127.1.2.3", ""},
		"plain http elsewhere":         {"http://api.aiven.io", "", `AIVEN_WEB_URL="http://api.aiven.io": plain http is only for an emulator on this machine; api.aiven.io is not, and the token would cross the network unencrypted: use "https://api.aiven.io"`},
		"plain http to an address":     {"http://10.0.0.7:8080/aiven", "", `use "https://10.0.0.7:8080/aiven"`},
		"a name that looks local":      {"http://localhost.evil.example", "", "plain http is only for an emulator on this machine"},
		"another scheme":               {"ftp://api.aiven.io", "", `the scheme must be https (or http for a local emulator), not "ftp"`},
		"no host":                      {"https:///v1", "", `AIVEN_WEB_URL="https:///v1" is not an address such as https://api.aiven.io`},
		"the API's own path":           {"https://api.aiven.io/v1/", "", `includes an API path, which ccr adds itself: set it to "https://api.aiven.io"`},
		"a deeper API path":            {"https://gw.example/aiven/v1/project/p", "", `set it to "https://gw.example/aiven"`},
		"a query":                      {"https://api.aiven.io?x=1", "", `has a query or fragment, which ccr cannot append API paths to: set it to "https://api.aiven.io"`},
		"a fragment":                   {"https://api.aiven.io/#top", "", "has a query or fragment"},
		"credentials, never echoed":    {"https://me:pw-1234@api.aiven.io", "", "AIVEN_WEB_URL must not hold credentials (it has an @)"},
		"a control character":          {"https://api.aiven.io/\x1b[2J", "", `is not an address such as`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := aivenURL(tc.raw)
			switch {
			case tc.err == "" && (err != nil || got != tc.want):
				t.Errorf("aivenURL(%q) = %q, %v; want %q", tc.raw, got, err, tc.want)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Errorf("aivenURL(%q): error %v, want one containing %q", tc.raw, err, tc.err)
			case err != nil && (strings.Contains(err.Error(), "pw-1234") || strings.Contains(err.Error(), "\x1b")):
				t.Errorf("aivenURL(%q): the error repeats a secret or a control character: %v", tc.raw, err)
			}
		})
	}
}

func TestAivenConfigTrimsToken(t *testing.T) {
	io, _, _ := Test(map[string]string{"AIVEN_TOKEN": "  t0ken-abc\r\n"})
	cfg, err := aivenConfig(io, networkOptions{})
	if err != nil || cfg.Token != "t0ken-abc" {
		t.Fatalf("token %q, err %v; want it trimmed", cfg.Token, err)
	}
	if got := mask(io, `Authorization: aivenv1 t0ken-abc`); got != "Authorization: aivenv1 ***" {
		t.Errorf("the trimmed token is not masked: %q", got)
	}
	blank, _, _ := Test(map[string]string{"AIVEN_TOKEN": " \n"})
	if _, err := newAivenClient(blank, networkOptions{}); err == nil || !strings.Contains(err.Error(), "set AIVEN_TOKEN") {
		t.Errorf("a blank token: err = %v", err)
	}
}

// A request that could not connect reads as a setup mistake and keeps its
// cause for the exit code; other errors pass through unchanged.
func TestSetupErrorOnlyRewordsConnectFailures(t *testing.T) {
	other := errors.New("read live state: the API token was refused")
	io, _, _ := Test(nil)
	if got := setupError(io, other); got != other {
		t.Errorf("setupError changed %v into %v", other, got)
	}
	if _, ok := aiven.AsConnectFailure(other); ok {
		t.Error("a refused token is not a connect failure")
	}
}

// TestGitHubAPIURLPlainHTTP pins that the GitHub token, like the Aiven one,
// is never sent over plain http to another machine: such a GITHUB_API_URL
// posts nothing and says why; an emulator on this machine is fine.
func TestGitHubAPIURLPlainHTTP(t *testing.T) {
	for url, ok := range map[string]bool{
		"http://ghe.example.com/api/v3":  false,
		"http://10.1.2.3":                false,
		"https://ghe.example.com/api/v3": true,
		"http://127.0.0.1:9999":          true,
		"http://localhost:9999/":         true,
	} {
		io, _, errOut := Test(map[string]string{
			"GITHUB_REPOSITORY": "acme/infra", "GITHUB_TOKEN": "ghs_0123456789", "GITHUB_API_URL": url,
		})
		g := newGitHub(io, networkOptions{})
		if (g != nil) != ok {
			t.Errorf("GITHUB_API_URL=%s: posting %v, want %v (stderr %q)", url, g != nil, ok, errOut)
		}
		if !ok && !strings.Contains(errOut.String(), "Warning: not posting to GitHub: GITHUB_API_URL=\""+url+"\": plain http is only for an emulator on this machine") {
			t.Errorf("GITHUB_API_URL=%s: stderr %q does not say why", url, errOut)
		}
	}
}
