// Package wire holds the rules both API adapters (Aiven, GitHub) keep on
// the wire: a token goes only to the origin it was given for, and no
// response body is read past a limit.
package wire

import (
	"fmt"
	"io"
	"net/http"
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

// ResponseTooLarge is a response whose body went past the limit; nothing
// past it was read.
type ResponseTooLarge struct {
	Request string // method and URL, such as "GET https://api.aiven.io/v1/project/p/service"
	Limit   int64  // bytes
}

func (e *ResponseTooLarge) Error() string {
	return fmt.Sprintf("%s: the answer is longer than %s, the most ccr reads of one response", e.Request, size(e.Limit))
}

func size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// CapBody makes resp's body fail with a ResponseTooLarge naming req as soon
// as it holds more than limit bytes, so that a reader of it (io.ReadAll, a
// JSON decoder) never holds more than that. A body whose Content-Length
// already says it is longer fails at its first read, before any of it is
// read.
func CapBody(resp *http.Response, req *http.Request, limit int64) {
	if resp == nil || resp.Body == nil {
		return
	}
	left := limit
	if resp.ContentLength > limit {
		left = 0
	}
	resp.Body = &cappedBody{ReadCloser: resp.Body, left: left, declared: resp.ContentLength > limit,
		tooLarge: &ResponseTooLarge{Request: req.Method + " " + Endpoint(req.URL), Limit: limit}}
}

type cappedBody struct {
	io.ReadCloser
	left     int64
	declared bool // Content-Length is over the limit: fail without reading
	tooLarge error
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.declared {
		return 0, b.tooLarge
	}
	if b.left <= 0 {
		// At the limit: one byte more tells a body that ends here from one
		// that goes on.
		var one [1]byte
		if n, err := b.ReadCloser.Read(one[:]); n == 0 {
			return 0, err
		}
		return 0, b.tooLarge
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	return n, err
}
