package aivensim

import (
	"maps"
	"slices"
)

// Routes lists every route pattern the server answers, so that tests can
// prove they cover them all.
func (s *Server) Routes() []string { return slices.Sorted(maps.Keys(s.public)) }
