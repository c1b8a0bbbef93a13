package aiven_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ccr-dev/ccr/apply"
	"github.com/ccr-dev/ccr/cmd/internal/aiven"
	"github.com/ccr-dev/ccr/cmd/internal/wire"
)

// TestUnreachableTriedTwice pins issue 17's "a refused connection takes
// 7.7 s": with the default four retries, a closed port is tried once more
// and no further, so the message comes at once.
func TestUnreachableTriedTwice(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c := newClient(t, url, aiven.Config{}) // RetryMax 0: the default, 4
	_, err := c.ListServices(context.Background(), "acme")
	f, ok := aiven.AsConnectFailure(err)
	if !ok || f.Attempts != 2 {
		t.Fatalf("AsConnectFailure(%v) = %+v, %v; want 2 attempts", err, f, ok)
	}
}

// TestTokenStaysOnOrigin pins that the token is never sent to another
// origin on a redirect: the API redirects to another port of the same host
// (net/http alone keeps Authorization for it), and the request that
// follows the redirect carries no token; the API itself got it.
func TestTokenStaysOnOrigin(t *testing.T) {
	const token = "tok-0123456789"
	var mu sync.Mutex
	seen := map[string]string{}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen["other"] = r.Header.Get("Authorization")
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"services": []}`)
	}))
	defer other.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen["api"] = r.Header.Get("Authorization")
		mu.Unlock()
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
	}))
	defer api.Close()
	c := newClient(t, api.URL, aiven.Config{Token: token})
	if _, err := c.ListServices(context.Background(), "acme"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if seen["api"] != "aivenv1 "+token || seen["other"] != "" {
		t.Errorf("Authorization: the API got %q, the other origin %q; want the token at the API only", seen["api"], seen["other"])
	}
}

// TestResponseBodyCapped pins that one response is read no further than
// MaxResponseBytes: a server streaming four times that much ends the call
// with an error naming the request, not retried, and could push little
// more than the limit before the client hung up (the kernel's socket
// buffers are the slack).
func TestResponseBodyCapped(t *testing.T) {
	const total = 4 * aiven.MaxResponseBytes
	var written atomic.Int64
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		chunk := []byte(strings.Repeat(`{"service_name":"x","service_type":"cassandra"},`, 1<<10))
		n, _ := w.Write([]byte(`{"services":[`))
		written.Add(int64(n))
		for written.Load() < total {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	c := newClient(t, srv.URL, aiven.Config{})
	_, err := c.ListServices(context.Background(), "acme")
	want := fmt.Sprintf("GET %s/v1/project/acme/service: the answer is longer than 32 MiB, the most ccr reads of one response", srv.URL)
	var tooLarge *wire.ResponseTooLarge
	if err == nil || !strings.Contains(err.Error(), want) || !errors.As(err, &tooLarge) {
		t.Fatalf("error %v, want one saying %q", err, want)
	}
	var transient *apply.TransientError
	if errors.As(err, &transient) || requests.Load() != 1 {
		t.Errorf("a body too large was retried or marked transient: %d requests, %v", requests.Load(), err)
	}
	srv.Close() // waits for the handler, so written is final
	if got := written.Load(); got > aiven.MaxResponseBytes+16<<20 {
		t.Errorf("the server wrote %d MiB before the client hung up, want about the 32 MiB limit", got>>20)
	}
	t.Logf("the server wrote %.1f MiB of %d MiB", float64(written.Load())/(1<<20), total>>20)
}
