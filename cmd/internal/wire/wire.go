// Package wire holds the rules both API adapters (Aiven, GitHub) keep on
// the wire: a token goes only to the origin it was given for.
package wire

import (
	"net/url"
	"strings"
)

// Origin is a URL's scheme, host and port, as browsers compare them:
// https://api.aiven.io and https://api.aiven.io:443 are one origin;
// http://api.aiven.io, https://x.api.aiven.io and https://api.aiven.io:8443
// are three others.
func Origin(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Hostname()) + ":" + port
}

// Endpoint is a URL without credentials, query or fragment, as messages
// name it.
func Endpoint(u *url.URL) string {
	c := *u
	c.User, c.RawQuery, c.Fragment = nil, "", ""
	return c.String()
}
