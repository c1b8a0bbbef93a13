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
