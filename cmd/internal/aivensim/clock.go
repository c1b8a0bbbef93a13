package aivensim

import (
	"net/http"
	"sync/atomic"
	"time"
)

// clock is the emulator's time: Options.Clock (or time.Now) plus whatever
// POST /_sim/advance-clock has added. A test driving aiven-sim as a process
// gives it a provisioning delay no machine can outrun and moves the clock
// past it once the client has seen the service provisioning, instead of
// racing a short real delay.
type clock struct {
	base   func() time.Time
	offset atomic.Int64 // nanoseconds added by advance-clock
}

func newClock(base func() time.Time) *clock {
	if base == nil {
		base = time.Now
	}
	return &clock{base: base}
}

func (c *clock) now() time.Time { return c.base().Add(time.Duration(c.offset.Load())) }

// clockOut is the answer of POST /_sim/advance-clock.
type clockOut struct {
	Now string `json:"now"`
}

// serveAdvanceClock moves the clock forward by ?by=DURATION (positive) and
// answers the new time.
func (s *Server) serveAdvanceClock(w http.ResponseWriter, r *http.Request) {
	d, err := time.ParseDuration(r.URL.Query().Get("by"))
	if err != nil || d <= 0 {
		writeError(w, errorf(http.StatusBadRequest, "invalid_duration",
			"by=%q: want a positive duration, such as by=1h", r.URL.Query().Get("by")))
		return
	}
	s.clock.offset.Add(int64(d))
	writeJSON(w, http.StatusOK, clockOut{Now: s.now().UTC().Format(time.RFC3339Nano)})
}
