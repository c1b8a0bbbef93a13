package aivensim_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ccr-dev/ccr/cmd/internal/aivensim"
)

// TestAdvanceClock: on the real clock with an hour's provisioning delay, a
// new service is RUNNING exactly when POST /_sim/advance-clock has moved the
// emulator's time past the delay, however long the test itself takes.
func TestAdvanceClock(t *testing.T) {
	h := newHarness(t, aivensim.Options{ProvisionDelay: time.Hour, Clock: time.Now})
	if status, body := h.raw(t, "POST", "/v1/project/p1/service", guideCreate("lone", "google-europe-west1", "dc1", "")); status != 200 {
		t.Fatalf("create: %d %s", status, body)
	}
	advance := func(by string) (int, string) {
		status, body := h.raw(t, "POST", "/_sim/advance-clock?by="+by, "")
		return status, string(body)
	}
	if status, body := advance("59m"); status != 200 || !strings.Contains(body, `"now":"`) {
		t.Fatalf("advance 59m: %d %s", status, body)
	}
	if s := h.state(t, "lone"); s != "REBUILDING" {
		t.Fatalf("after 59m of an hour's delay: %s, want REBUILDING", s)
	}
	advance("1m")
	if s := h.state(t, "lone"); s != "RUNNING" {
		t.Fatalf("after the hour: %s, want RUNNING", s)
	}
	for _, by := range []string{"", "soon", "-1s", "0s"} {
		if status, body := advance(by); status != http.StatusBadRequest || !strings.Contains(body, "want a positive duration") {
			t.Errorf("advance by=%q: %d %s, want 400", by, status, body)
		}
	}
}
