package aivensim

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// retryAfterSeconds is the wait a fault-injected 429 asks for. It is short
// so that clients honouring Retry-After (go-client-codegen does) keep tests
// fast.
const retryAfterSeconds = 1

// faults injects the failures of Options into /v1 requests. Every decision
// draws from one seeded generator, so a seed and a request order reproduce
// the same faults.
type faults struct {
	latency           time.Duration
	p5xx, p429, pDrop float64
	mu                sync.Mutex
	rng               *rand.Rand
}

func newFaults(o Options) *faults {
	return &faults{
		latency: o.Latency, p5xx: o.Fault5xx, p429: o.Fault429, pDrop: o.FaultDropAfterCommit,
		rng: rand.New(rand.NewPCG(o.FaultSeed, o.FaultSeed^0x9e3779b97f4a7c15)),
	}
}

// roll draws once and reports whether the draw falls under p. A zero p
// still draws, so enabling one fault does not shift the others' sequence.
func (f *faults) roll(p float64) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.rng.Float64() < p
}

// wait applies the configured latency; false when the client gave up first.
func (f *faults) wait(ctx context.Context) bool {
	if f.latency <= 0 {
		return true
	}
	t := time.NewTimer(f.latency)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// reject answers a request with an injected 429 or 500 instead of running
// it, and reports whether it did.
func (f *faults) reject(w http.ResponseWriter, st *stats) bool {
	is429, is5xx := f.roll(f.p429), f.roll(f.p5xx)
	switch {
	case is429:
		st.fault("429")
		w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds))
		writeError(w, errorf(http.StatusTooManyRequests, "",
			"The user has sent too many requests in a given amount of time: Rate limit 120 exceeded - try again in %ds",
			retryAfterSeconds))
		return true
	case is5xx:
		st.fault("5xx")
		writeError(w, errorf(http.StatusInternalServerError, "internal_server_error", "Internal server error"))
		return true
	}
	return false
}

// drop reports whether a mutating request's response is to be lost.
func (f *faults) drop(st *stats) bool {
	if !f.roll(f.pDrop) {
		return false
	}
	st.fault("drop_after_commit")
	return true
}

// closeWithoutResponse closes the client's connection with nothing written,
// as when a proxy or the network fails after the server committed a change.
func closeWithoutResponse(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // net/http closes the connection silently
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
