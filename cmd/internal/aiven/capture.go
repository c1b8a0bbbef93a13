package aiven

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sync"
)

// maxCapturedBody bounds the copy of a response body a capture keeps: a
// project's service list is a few kilobytes per service, so this holds some
// thousands of services; a larger answer is still decoded by the official
// client, and only what ccr reads beside it (roles, whether backups were
// listed) is then unknown. A variable so that a test can lower it.
var maxCapturedBody = 32 << 20

// capture keeps a copy of one call's successful response body, for the
// fields the official client does not decode: disaster_recovery_role, which
// go-client-codegen's service types lack, and whether backups were listed
// at all, which its omitempty slice cannot tell from an empty list. It is
// scoped to one call's context, so concurrent calls never share one.
type capture struct {
	mu       sync.Mutex
	buf      bytes.Buffer
	overflow bool
	seen     bool
}

type captureKey struct{}

// withCapture returns ctx carrying a new capture.
func withCapture(ctx context.Context) (context.Context, *capture) {
	c := &capture{}
	return context.WithValue(ctx, captureKey{}, c), c
}

func captureOf(ctx context.Context) *capture {
	c, _ := ctx.Value(captureKey{}).(*capture)
	return c
}

// wrap makes resp's body copy itself into c as the official client reads
// it; only a 2xx answer is kept, the one the client decodes.
func (c *capture) wrap(resp *http.Response) {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return
	}
	c.mu.Lock()
	c.buf.Reset()
	c.overflow, c.seen = false, true
	c.mu.Unlock()
	resp.Body = &teeBody{ReadCloser: resp.Body, c: c}
}

// body returns the copy, or false when there is none or it outgrew
// maxCapturedBody.
func (c *capture) body() ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.seen || c.overflow {
		return nil, false
	}
	return c.buf.Bytes(), true
}

// teeBody copies what is read through it into its capture, up to the bound.
type teeBody struct {
	io.ReadCloser
	c *capture
}

func (t *teeBody) Read(p []byte) (int, error) {
	n, err := t.ReadCloser.Read(p)
	if n > 0 {
		t.c.mu.Lock()
		switch {
		case t.c.overflow:
		case t.c.buf.Len()+n > maxCapturedBody:
			t.c.overflow = true
			t.c.buf = bytes.Buffer{} // let the partial copy go
		default:
			t.c.buf.Write(p[:n])
		}
		t.c.mu.Unlock()
	}
	return n, err
}

// extraFields are the fields of a service object that ccr reads from the
// raw answer: pointers, so that an absent field reads as nil.
type extraFields struct {
	Name    string             `json:"service_name"`
	Role    *string            `json:"disaster_recovery_role"`
	Backups *[]json.RawMessage `json:"backups"`
}

// role is the service's disaster_recovery_role, "" when absent.
func (x extraFields) role() string {
	if x.Role == nil {
		return ""
	}
	return *x.Role
}

// backups is how many backups the answer listed; nil when it has no
// backups field.
func (x extraFields) backups() *int {
	if x.Backups == nil {
		return nil
	}
	n := len(*x.Backups)
	return &n
}

// listExtras reads the extra fields of every service of a captured
// ServiceList answer, by name; nil when there is no usable copy.
func listExtras(c *capture) map[string]extraFields {
	body, ok := c.body()
	if !ok {
		return nil
	}
	var out struct {
		Services []extraFields `json:"services"`
	}
	if json.Unmarshal(body, &out) != nil {
		return nil
	}
	byName := make(map[string]extraFields, len(out.Services))
	for _, s := range out.Services {
		byName[s.Name] = s
	}
	return byName
}

// getExtras reads the extra fields of a captured ServiceGet answer; ok is
// false when there is no usable copy.
func getExtras(c *capture) (extraFields, bool) {
	body, ok := c.body()
	if !ok {
		return extraFields{}, false
	}
	var out struct {
		Service extraFields `json:"service"`
	}
	if json.Unmarshal(body, &out) != nil {
		return extraFields{}, false
	}
	return out.Service, true
}
