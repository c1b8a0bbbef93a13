package apply

import (
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// jsonResult is the versioned JSON form of a Result. It is a separate type
// so that the Go struct can change without breaking consumers.
type jsonResult struct {
	FormatVersion string        `json:"format_version"`
	Interrupted   bool          `json:"interrupted"`
	Complete      bool          `json:"complete"`
	StartedAt     time.Time     `json:"started_at"`
	FinishedAt    time.Time     `json:"finished_at"`
	Summary       jsonSummary   `json:"summary"`
	Services      []jsonService `json:"services"`
	Requests      jsonRequests  `json:"requests"`
}

type jsonSummary struct {
	Created        int `json:"created"`
	AlreadyPresent int `json:"already_present"`
	Failed         int `json:"failed"`
	Skipped        int `json:"skipped"`
	NotStarted     int `json:"not_started"`
	Interrupted    int `json:"interrupted"`
}

type jsonService struct {
	Project        string    `json:"project"`
	Service        string    `json:"service"`
	Cloud          string    `json:"cloud"`
	JoinWith       string    `json:"join_with,omitempty"`
	DependsOn      string    `json:"depends_on,omitempty"`
	Outcome        Outcome   `json:"outcome"`
	State          string    `json:"state,omitempty"`
	Running        bool      `json:"running"`
	Note           string    `json:"note,omitempty"`
	Error          string    `json:"error,omitempty"`
	CreatedAt      time.Time `json:"created_at,omitzero"`
	RunningAt      time.Time `json:"running_at,omitzero"`
	ElapsedSeconds float64   `json:"elapsed_seconds,omitempty"`
}

type jsonRequests struct {
	Creates   int `json:"creates"`
	Gets      int `json:"gets"`
	Lists     int `json:"lists"`
	PollTicks int `json:"poll_ticks"`
}

// WriteJSON writes the JSON form of r, versioned by FormatVersion.
func WriteJSON(w io.Writer, r *Result) error {
	out := jsonResult{
		FormatVersion: FormatVersion, Interrupted: r.Interrupted, Complete: r.Complete(),
		StartedAt: r.StartedAt, FinishedAt: r.FinishedAt,
		Summary: jsonSummary{
			Created: r.Count(Created), AlreadyPresent: r.Count(AlreadyPresent), Failed: r.Count(Failed),
			Skipped: r.Count(Skipped), NotStarted: r.Count(NotStarted), Interrupted: r.Count(Interrupted),
		},
		Services: make([]jsonService, 0, len(r.Services)),
		Requests: jsonRequests(r.Stats),
	}
	for _, s := range r.Services {
		out.Services = append(out.Services, jsonService{
			Project: s.Project, Service: s.Service, Cloud: s.Cloud, JoinWith: s.JoinWith, DependsOn: s.DependsOn,
			Outcome: s.Outcome, State: s.State, Running: s.Running, Note: s.Note, Error: s.Error,
			CreatedAt: s.CreatedAt, RunningAt: s.RunningAt, ElapsedSeconds: s.Elapsed.Round(time.Millisecond).Seconds(),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write apply result as JSON: %w", err)
	}
	return nil
}
