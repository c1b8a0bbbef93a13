package apply

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/ccr-dev/ccr/plan"
)

// jsonResult is the versioned JSON form of a Result. It is a separate type
// so that the Go struct can change without breaking consumers; its schema
// is result.schema.json.
type jsonResult struct {
	FormatVersion string        `json:"format_version"`
	Interrupted   bool          `json:"interrupted"`
	Complete      bool          `json:"complete"`
	StartedAt     time.Time     `json:"started_at"`
	FinishedAt    time.Time     `json:"finished_at"`
	Refused       *jsonRefusal  `json:"refused,omitempty"`
	Summary       jsonSummary   `json:"summary"`
	Services      []jsonService `json:"services"`
	Requests      jsonRequests  `json:"requests"`
	Cost          *jsonCost     `json:"cost,omitempty"`
	// NextSteps (1.3) are the plan's next steps that can be taken after
	// the run (Result.NextSteps); absent when none.
	NextSteps []plan.NextStep `json:"next_steps,omitempty"`
}

type jsonRefusal struct {
	Reason    string          `json:"reason"`
	Message   string          `json:"message"`
	Details   []string        `json:"details"`
	Conflicts []plan.Conflict `json:"conflicts"`
}

type jsonSummary struct {
	Created        int `json:"created"`
	AlreadyPresent int `json:"already_present"`
	MaybeCreated   int `json:"maybe_created"`
	Failed         int `json:"failed"`
	Skipped        int `json:"skipped"`
	NotStarted     int `json:"not_started"`
	Interrupted    int `json:"interrupted"`
	// Linked and SwitchedOver (1.2) are left out when 0, so that a run
	// of pairs reads as before.
	Linked       int `json:"linked,omitempty"`
	SwitchedOver int `json:"switched_over,omitempty"`
	Updated      int `json:"updated,omitempty"`
}

type jsonService struct {
	Project string `json:"project"`
	Service string `json:"service"`
	// Action (1.2) is "link", "switchover" or "update"; absent for a
	// create.
	Action         string    `json:"action,omitempty"`
	Cloud          string    `json:"cloud"`
	JoinWith       string    `json:"join_with,omitempty"`
	DependsOn      string    `json:"depends_on,omitempty"`
	Kind           string    `json:"kind,omitempty"`
	Source         string    `json:"source,omitempty"`
	Outcome        Outcome   `json:"outcome"`
	State          string    `json:"state,omitempty"`
	Running        bool      `json:"running"`
	MaybeCreated   bool      `json:"maybe_created,omitempty"`
	Note           string    `json:"note,omitempty"`
	Error          string    `json:"error,omitempty"`
	CreatedAt      time.Time `json:"created_at,omitzero"`
	RunningAt      time.Time `json:"running_at,omitzero"`
	ElapsedSeconds float64   `json:"elapsed_seconds,omitempty"`
	// Updates (1.2) are the settings an update changes; absent when none.
	Updates []jsonField `json:"updates,omitempty"`
}

// jsonField is one field of an update.
type jsonField struct {
	Field  string      `json:"field"`
	Before *string     `json:"before"`
	After  string      `json:"after"`
	Via    string      `json:"via,omitempty"`
	Status FieldStatus `json:"status"`
	// Error (1.3) is the API's message for a refused field.
	Error string `json:"error,omitempty"`
}

type jsonRequests struct {
	Creates   int `json:"creates"`
	Gets      int `json:"gets"`
	Lists     int `json:"lists"`
	PollTicks int `json:"poll_ticks"`
	// The requests of replica groups (1.2), left out when 0.
	BackupReads int `json:"backup_reads,omitempty"`
	Links       int `json:"links,omitempty"`
	Switchovers int `json:"switchovers,omitempty"`
	// The requests of updates (1.2), left out when 0.
	Updates    int `json:"updates,omitempty"`
	TagUpdates int `json:"tag_updates,omitempty"`
}

// jsonCost is what the services the run created, and the updates it made,
// add to the monthly bill, from the prices the plan read.
type jsonCost struct {
	Currency             string    `json:"currency"`
	HoursPerMonth        int       `json:"hours_per_month"`
	MonthlyIncrease      *plan.USD `json:"monthly_increase"`
	KnownMonthlyIncrease plan.USD  `json:"known_monthly_increase"`
	Unpriced             int       `json:"unpriced"`
	// Updated (1.2) counts the updated services whose plan or disk
	// changed, which the increase counts by the difference in price.
	Updated int `json:"updated,omitempty"`
	// MaybeCreated and MaybeMonthlyIncrease are the services this run may
	// have created (see ServiceResult.MaybeCreated), which the increase
	// leaves out, and what they cost a month.
	MaybeCreated         int       `json:"maybe_created"`
	MaybeMonthlyIncrease *plan.USD `json:"maybe_monthly_increase"`
}

// WriteJSON writes the JSON form of r, versioned by FormatVersion. p is the
// plan r applied, which prices what r created; nil when no plan was
// computed (a refusal before one), and then the form has no cost.
func WriteJSON(w io.Writer, r *Result, p *plan.Plan) error {
	out := jsonResult{
		FormatVersion: FormatVersion, Interrupted: r.Interrupted, Complete: r.Complete(),
		StartedAt: r.StartedAt.UTC(), FinishedAt: r.FinishedAt.UTC(),
		Refused: refusalJSON(r.Refused),
		Summary: jsonSummary{
			Created: r.Count(Created), AlreadyPresent: r.Count(AlreadyPresent), MaybeCreated: r.maybeCreated(),
			Failed:  r.Count(Failed),
			Skipped: r.Count(Skipped), NotStarted: r.Count(NotStarted), Interrupted: r.Count(Interrupted),
			Linked: r.Count(Linked), SwitchedOver: r.Count(SwitchedOver), Updated: r.Count(Updated),
		},
		Services: make([]jsonService, 0, len(r.Services)),
		Requests: jsonRequests(r.Stats),
		Cost:     createdCost(r, p),
	}
	if p != nil && r.Refused == nil {
		out.NextSteps = r.NextSteps(p)
	}
	for _, s := range r.Services {
		out.Services = append(out.Services, jsonService{
			Project: s.Project, Service: s.Service, Action: actionJSON(s.Action), Cloud: s.Cloud,
			JoinWith: s.JoinWith, DependsOn: s.DependsOn, Kind: s.Kind, Source: s.Source,
			Outcome: s.Outcome, State: s.State, Running: s.Running, MaybeCreated: s.MaybeCreated,
			Note: s.Note, Error: s.Error,
			CreatedAt: s.CreatedAt.UTC(), RunningAt: s.RunningAt.UTC(),
			ElapsedSeconds: s.Elapsed.Round(time.Millisecond).Seconds(),
			Updates:        fieldsJSON(s.Updates),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write apply result as JSON: %w", err)
	}
	return nil
}

// actionJSON names the actions the JSON form shows: a link, a switchover
// or an update; a create (and an existing service waited for) shows none.
func actionJSON(a plan.Action) string {
	if a == plan.Link || a == plan.Switchover || a == plan.Update {
		return string(a)
	}
	return ""
}

func fieldsJSON(fs []FieldResult) []jsonField {
	if len(fs) == 0 {
		return nil
	}
	out := make([]jsonField, len(fs))
	for i, f := range fs {
		out[i] = jsonField(f)
	}
	return out
}

func refusalJSON(r *Refusal) *jsonRefusal {
	if r == nil {
		return nil
	}
	out := &jsonRefusal{Reason: r.Reason, Message: r.Message, Details: r.Details, Conflicts: slices.Clone(r.Conflicts)}
	if out.Details == nil {
		out.Details = []string{}
	}
	if out.Conflicts == nil {
		out.Conflicts = []plan.Conflict{}
	}
	for i := range out.Conflicts {
		if out.Conflicts[i].Services == nil {
			out.Conflicts[i].Services = []string{}
		}
	}
	return out
}

// createdCost is the JSON form of AddedCost and MaybeCreatedCost; nil for
// a refusal or a plan without a cost.
func createdCost(r *Result, p *plan.Plan) *jsonCost {
	t, ok := r.AddedCost(p)
	if !ok || r.Refused != nil {
		return nil
	}
	maybe, n, _ := r.MaybeCreatedCost(p)
	_, updated, _ := r.UpdatedCost(p)
	return &jsonCost{
		Currency: p.Cost.Currency, HoursPerMonth: p.Cost.HoursPerMonth,
		MonthlyIncrease: t.MonthlyIncrease, KnownMonthlyIncrease: t.KnownMonthlyIncrease, Unpriced: t.Unpriced,
		Updated: updated, MaybeCreated: n, MaybeMonthlyIncrease: maybe.MonthlyIncrease,
	}
}
