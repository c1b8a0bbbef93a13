package aivensim

import (
	"maps"
	"net/http"
	"sync"
)

// Stats counts what the emulator served since start (or the last reset).
// It is the JSON of GET /_sim/stats:
//
//	{"requests": {"GET /v1/project/{project}/service": 3, "POST /v1/project/{project}/service": 2},
//	 "creates":  {"acme-prod/orders-eu": 1},
//	 "faults":   {"429": 1, "5xx": 0, "drop_after_commit": 1}}
//
// Requests are keyed by route pattern ("unmatched" for unknown paths) and
// include those answered by auth errors or injected faults. Creates are
// committed creates per "project/service"; a count above one means the
// service was created again after a delete. /_sim/ requests are not counted.
type Stats struct {
	Requests map[string]int `json:"requests"`
	Creates  map[string]int `json:"creates"`
	Faults   map[string]int `json:"faults"`
}

type stats struct {
	mu sync.Mutex
	s  Stats
}

func newStats() *stats {
	st := &stats{}
	st.reset()
	return st
}

func (st *stats) reset() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.s = Stats{Requests: map[string]int{}, Creates: map[string]int{},
		Faults: map[string]int{"429": 0, "5xx": 0, "drop_after_commit": 0}}
}

func (st *stats) add(m func(*Stats) map[string]int, key string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	m(&st.s)[key]++
}

func (st *stats) request(pattern string) {
	st.add(func(s *Stats) map[string]int { return s.Requests }, pattern)
}
func (st *stats) created(key string) { st.add(func(s *Stats) map[string]int { return s.Creates }, key) }
func (st *stats) fault(kind string)  { st.add(func(s *Stats) map[string]int { return s.Faults }, kind) }

func (st *stats) snapshot() Stats {
	st.mu.Lock()
	defer st.mu.Unlock()
	return Stats{Requests: maps.Clone(st.s.Requests), Creates: maps.Clone(st.s.Creates),
		Faults: maps.Clone(st.s.Faults)}
}

// Stats returns a copy of the counters.
func (s *Server) Stats() Stats { return s.stats.snapshot() }

// ResetStats zeroes the counters.
func (s *Server) ResetStats() { s.stats.reset() }

func (s *Server) serveStats(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.Stats())
}

func (s *Server) serveResetStats(w http.ResponseWriter, _ *http.Request) {
	s.ResetStats()
	writeJSON(w, http.StatusOK, s.Stats())
}
