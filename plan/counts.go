package plan

import (
	"fmt"
	"strings"
)

// ConflictCounts counts conflicts by kind. Every kind is a conflict: views,
// messages and the JSON summary all count them together and say how many
// of each kind there are, so that no two places disagree on the number.
type ConflictCounts struct {
	Preflight   int `json:"preflight"`
	Pairing     int `json:"pairing"`
	Replication int `json:"replication"`
	Update      int `json:"update"`
	Budget      int `json:"budget"`
}

// CountConflicts counts cs by kind. Compute makes no other kind; one in a
// plan edited by hand is not counted.
func CountConflicts(cs []Conflict) ConflictCounts {
	var n ConflictCounts
	for _, c := range cs {
		switch c.Kind {
		case KindPreflight:
			n.Preflight++
		case KindPairing:
			n.Pairing++
		case KindReplication:
			n.Replication++
		case KindUpdate:
			n.Update++
		case KindBudget:
			n.Budget++
		}
	}
	return n
}

// Total is the number of conflicts counted.
func (n ConflictCounts) Total() int {
	return n.Preflight + n.Pairing + n.Replication + n.Update + n.Budget
}

// String names the count as every view and message does: the kind when
// all conflicts have one ("1 preflight conflict", "2 pairing conflicts"),
// otherwise the total and its parts ("3 conflicts (1 preflight,
// 2 pairing)"); "0 conflicts" when there are none.
func (n ConflictCounts) String() string {
	var parts []string
	for _, k := range [...]struct {
		kind  string
		count int
	}{{KindPreflight, n.Preflight}, {KindPairing, n.Pairing}, {KindReplication, n.Replication}, {KindUpdate, n.Update}, {KindBudget, n.Budget}} {
		if k.count > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", k.count, k.kind))
		}
	}
	noun := "conflicts"
	if n.Total() == 1 {
		noun = "conflict"
	}
	switch len(parts) {
	case 0:
		return "0 conflicts"
	case 1:
		return parts[0] + " " + noun
	}
	return fmt.Sprintf("%d %s (%s)", n.Total(), noun, strings.Join(parts, ", "))
}
