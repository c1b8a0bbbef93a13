package apply

import (
	"errors"
	"fmt"

	"github.com/ccr-dev/ccr/plan"
)

// condKind is what a wait waits for.
type condKind int

const (
	// untilRunning: the service is RUNNING.
	untilRunning condKind = iota
	// untilLinked: the service is RUNNING and lists its link to a primary.
	untilLinked
	// untilRole: the service is RUNNING with a disaster_recovery_role.
	untilRole
	// untilBackup: the service is RUNNING and has a backup. A list does
	// not tell backups: each tick reads them (CountBackups).
	untilBackup
	// untilSettings: the service is RUNNING with every value its update
	// sets.
	untilSettings
)

// condition is what a watch waits for, with what it needs to tell.
type condition struct {
	what condKind
	// kind and source name the link untilLinked waits for.
	kind, source string
	// role is the role untilRole waits for.
	role string
	// updates are the values untilSettings waits for.
	updates []plan.FieldUpdate
}

// verdict is what one reading of a service says of a condition.
type verdict int

const (
	unmet     verdict = iota // not yet
	met                      // settled: reached, or failed for good
	undecided                // the reading cannot tell: read more
)

// errFailedOver ends a wait for a role when a service of the pair is
// failed: an operator failed over, which only an operator undoes.
var errFailedOver = errors.New("disaster_recovery_role is failed: a failover happened")

// check reads s against c. A met verdict with an error settles the wait as
// failed.
func (c condition) check(s plan.LiveService) (verdict, error) {
	if s.State != plan.StateRunning {
		return unmet, nil
	}
	switch c.what {
	case untilLinked:
		if _, ok := s.LinkedTo(c.kind, c.source); !ok {
			return unmet, nil
		}
	case untilRole:
		switch s.Role {
		case "":
			return undecided, nil
		case plan.RoleFailed:
			return met, errFailedOver
		case c.role:
		default:
			return unmet, nil
		}
	case untilBackup:
		if s.Backups == nil {
			return undecided, nil
		}
		if *s.Backups == 0 {
			return unmet, nil
		}
	case untilSettings:
		if len(differing(c.updates, s)) > 0 {
			return unmet, nil
		}
	}
	return met, nil
}

// String says what c waits for, for messages: "RUNNING", "RUNNING with a
// backup".
func (c condition) String() string {
	switch c.what {
	case untilLinked:
		return fmt.Sprintf("RUNNING and linked to %s", c.source)
	case untilRole:
		return fmt.Sprintf("RUNNING as the %s service", c.role)
	case untilBackup:
		return "RUNNING with a backup"
	case untilSettings:
		return "RUNNING with the new values"
	}
	return plan.StateRunning
}

func (wt *watch) key() watchKey { return watchKey{wt.service, wt.cond.what} }
