package cli

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/ccr-dev/ccr/cmd/internal/aiven"
)

// aivenURL checks AIVEN_WEB_URL before any request is sent. The official
// client appends "/v1/..." to it as a string, so a value without a scheme,
// with a query or a fragment, or already ending in /v1 sends every request
// somewhere unintended and fails with a transport error that does not say
// why; credentials in it would be printed with every error. "" means the
// default, https://api.aiven.io. A path prefix (an API behind a reverse
// proxy) is kept.
func aivenURL(raw string) (string, error) {
	v := strings.TrimSpace(raw)
	if v == "" {
		return "", nil
	}
	if strings.Contains(v, "@") {
		// Not echoed: what precedes the @ is probably a secret.
		return "", errors.New("AIVEN_WEB_URL must not hold credentials (it has an @): set it to the API's address, " +
			"such as " + aiven.DefaultURL + ", and the token in AIVEN_TOKEN")
	}
	if !strings.Contains(v, "://") {
		if h, err := url.Parse("//" + v); err == nil && loopback(h.Hostname()) {
			return "", fmt.Errorf("AIVEN_WEB_URL=%q has no scheme: set it to %q (or %q for a local emulator)",
				v, "https://"+v, "http://"+v)
		}
		return "", fmt.Errorf("AIVEN_WEB_URL=%q has no scheme: set it to %q", v, "https://"+v)
	}
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "", fmt.Errorf("AIVEN_WEB_URL=%q is not an address such as %s", v, aiven.DefaultURL)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return "", fmt.Errorf("AIVEN_WEB_URL=%q: the scheme must be https (or http for a local emulator), not %q",
			v, u.Scheme)
	}
	if err := refusePlainHTTP("AIVEN_WEB_URL", u); err != nil {
		return "", err
	}
	base := u.Scheme + "://" + u.Host + apiPrefix(u.Path)
	switch {
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(v, "#"):
		return "", fmt.Errorf("AIVEN_WEB_URL=%q has a query or fragment, which ccr cannot append API paths to: set it to %q",
			v, base)
	case apiPrefix(u.Path) != strings.TrimSuffix(u.Path, "/"):
		return "", fmt.Errorf("AIVEN_WEB_URL=%q includes an API path, which ccr adds itself: set it to %q", v, base)
	}
	return base, nil
}

// refusePlainHTTP refuses an http:// API address on another machine: the
// token would cross the network in clear, readable and replayable by
// anyone on the way. Only an emulator on this machine (localhost, 127.0.0.0/8,
// ::1) may be reached over plain http.
func refusePlainHTTP(name string, u *url.URL) error {
	if u.Scheme != "http" || loopback(u.Hostname()) {
		return nil
	}
	https := *u
	https.Scheme = "https"
	return fmt.Errorf("%s=%q: plain http is only for an emulator on this machine; %s is not, and the token would cross the network unencrypted: use %q",
		name, u.String(), u.Hostname(), https.String())
}

// loopback reports whether host names this machine.
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// apiPrefix is path up to its first "v1" segment, where Aiven's API paths
// begin: "/v1/project/p" gives "", "/aiven/v1" gives "/aiven".
func apiPrefix(path string) string {
	segs := strings.Split(strings.TrimSuffix(path, "/"), "/")
	for i, s := range segs {
		if s == "v1" {
			return strings.Join(segs[:i], "/")
		}
	}
	return strings.Join(segs, "/")
}

// setupError rewrites a request that could not connect (a closed port, an
// unknown host) as the setup mistake it almost always is: one sentence that
// names AIVEN_WEB_URL, the address and what was tried, in place of the
// chain of layers. The cause stays wrapped for the exit code.
//
// A server that answers, but not as Aiven does (a 404 without Aiven's error
// body), is said to be one in the same way, rather than "no such project".
func setupError(io *IOStreams, err error) error {
	where, fix := "", ""
	if v := strings.TrimSpace(io.Env("AIVEN_WEB_URL")); v != "" {
		where = v + " (AIVEN_WEB_URL)"
		fix = "check AIVEN_WEB_URL, or unset it to use " + aiven.DefaultURL
	} else {
		where = aiven.DefaultURL + " (the default; AIVEN_WEB_URL is not set)"
		fix = "check this machine's network and proxy settings, or set AIVEN_WEB_URL to the API's address"
	}
	if f, ok := aiven.AsConnectFailure(err); ok {
		return &rewordedError{
			msg: fmt.Sprintf("cannot connect to the Aiven API at %s: %s (tried %s, %s); %s",
				where, f.Cause, f.Request, plural(f.Attempts, "time"), fix),
			err: err,
		}
	}
	if f, ok := aiven.AsNotAivenAPI(err); ok {
		return &rewordedError{
			msg: fmt.Sprintf("the server at %s does not look like the Aiven API: %s answered HTTP %d without Aiven's error body; %s",
				where, f.Request, f.Status, fix),
			err: err,
		}
	}
	return err
}

// rewordedError says err in other words.
type rewordedError struct {
	msg string
	err error
}

func (e *rewordedError) Error() string { return e.msg }
func (e *rewordedError) Unwrap() error { return e.err }
