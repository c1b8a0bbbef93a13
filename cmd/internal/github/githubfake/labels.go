package githubfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// DefaultLabelColor is the grey GitHub gives a label it creates because an
// unknown name was added to an issue.
const DefaultLabelColor = "ededed"

// Label is a repository label.
type Label struct {
	ID          int64
	Name        string
	Color       string
	Description string
}

// SetLabelCreateForbidden makes creating repository labels fail with 403
// while other writes work, as for a token of a collaborator with the triage
// role, who may apply labels but not create them.
func (f *Fake) SetLabelCreateForbidden(on bool) { f.locked(func() { f.labelCreateForbidden = on }) }

// RaceLabelCreate makes another client create the label name (with color)
// just before the next request that creates it arrives, so that request
// meets GitHub's 422 already_exists.
func (f *Fake) RaceLabelCreate(name, color string) {
	f.locked(func() { f.labelRace = &Label{Name: name, Color: color} })
}

// RaceLabelRemove makes another client take label name off issue or pull
// request number just before the next request that removes it arrives, so
// that request meets GitHub's 404 "Label does not exist".
func (f *Fake) RaceLabelRemove(number int, name string) {
	f.locked(func() { f.unlabelRace = &labelRemoval{number, name} })
}

type labelRemoval struct {
	number int
	name   string
}

// AddLabel seeds a repository label.
func (f *Fake) AddLabel(name, color, description string) {
	f.locked(func() { f.addLabel(name, color, description) })
}

// LabelIssue puts labels on issue or pull request number, creating missing
// ones in the default colour as GitHub does.
func (f *Fake) LabelIssue(number int, names ...string) {
	f.locked(func() { f.labelIssue(f.issues[number], names) })
}

// IssueLabels returns the names of the labels on issue or pull request
// number, sorted as GitHub lists them.
func (f *Fake) IssueLabels(number int) []string {
	var out []string
	f.locked(func() {
		if is, ok := f.issues[number]; ok {
			out = slices.Clone(is.Labels)
		}
	})
	return out
}

// RepoLabels returns the repository's labels, oldest first.
func (f *Fake) RepoLabels() []Label {
	var out []Label
	f.locked(func() {
		for _, l := range f.labels {
			out = append(out, *l)
		}
	})
	return out
}

// The label routes; handlers run with f.mu held.

func (f *Fake) listIssueLabels(w http.ResponseWriter, r *http.Request, _ []byte) {
	n, ok := f.issueFromPath(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, f.page(w, r, f.issueLabelsJSON(f.issues[n])))
}

func (f *Fake) addIssueLabels(w http.ResponseWriter, r *http.Request, body []byte) {
	n, ok := f.issueFromPath(w, r)
	if !ok || f.refuseReadOnly(w, "add-labels-to-an-issue") {
		return
	}
	// GitHub takes a bare array (what go-github sends) or {"labels": [...]}.
	var names []string
	if json.Unmarshal(body, &names) != nil {
		var in struct {
			Labels []string `json:"labels"`
		}
		if json.Unmarshal(body, &in) != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Problems parsing JSON"})
			return
		}
		names = in.Labels
	}
	f.labelIssue(f.issues[n], names)
	writeJSON(w, http.StatusOK, f.issueLabelsJSON(f.issues[n]))
}

func (f *Fake) removeIssueLabel(w http.ResponseWriter, r *http.Request, _ []byte) {
	n, ok := f.issueFromPath(w, r)
	if !ok || f.refuseReadOnly(w, "remove-a-label-from-an-issue") {
		return
	}
	is := f.issues[n]
	if race := f.unlabelRace; race != nil && race.number == n && strings.EqualFold(race.name, r.PathValue("name")) {
		f.unlabelRace = nil
		is.Labels = slices.DeleteFunc(is.Labels, func(l string) bool { return strings.EqualFold(l, race.name) })
	}
	i := slices.IndexFunc(is.Labels, func(l string) bool { return strings.EqualFold(l, r.PathValue("name")) })
	if i < 0 {
		writeJSON(w, http.StatusNotFound, map[string]any{
			"message":           "Label does not exist",
			"documentation_url": "https://docs.github.com/rest/issues/labels#remove-a-label-from-an-issue",
		})
		return
	}
	is.Labels = slices.Delete(is.Labels, i, i+1)
	writeJSON(w, http.StatusOK, f.issueLabelsJSON(is))
}

func (f *Fake) getLabel(w http.ResponseWriter, r *http.Request, _ []byte) {
	l := f.findLabel(r.PathValue("name"))
	if l == nil {
		writeJSON(w, http.StatusNotFound, map[string]any{
			"message":           "Not Found",
			"documentation_url": "https://docs.github.com/rest/issues/labels#get-a-label",
		})
		return
	}
	writeJSON(w, http.StatusOK, labelJSON(l))
}

var hexColor = regexp.MustCompile(`^[0-9a-fA-F]{6}$`)

func (f *Fake) createLabel(w http.ResponseWriter, _ *http.Request, body []byte) {
	if f.refuseReadOnly(w, "create-a-label") {
		return
	}
	if f.labelCreateForbidden {
		writeForbidden(w, "create-a-label")
		return
	}
	var in struct {
		Name        *string `json:"name"`
		Color       *string `json:"color"`
		Description *string `json:"description"`
	}
	if json.Unmarshal(body, &in) != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Problems parsing JSON"})
		return
	}
	name, color, desc := deref(in.Name), deref(in.Color), deref(in.Description)
	if race := f.labelRace; race != nil && strings.EqualFold(race.Name, name) {
		f.labelRace = nil
		f.addLabel(race.Name, race.Color, "")
	}
	switch {
	case name == "":
		labelInvalid(w, "missing_field", "name")
	case f.findLabel(name) != nil:
		labelInvalid(w, "already_exists", "name")
	case in.Color != nil && !hexColor.MatchString(color):
		labelInvalid(w, "invalid", "color")
	case utf8.RuneCountInString(desc) > 100:
		labelInvalid(w, "invalid", "description")
	default:
		if color == "" {
			color = DefaultLabelColor
		}
		writeJSON(w, http.StatusCreated, labelJSON(f.addLabel(name, color, desc)))
	}
}

// labelInvalid is GitHub's 422 for a label create it refuses.
func labelInvalid(w http.ResponseWriter, code, field string) {
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
		"message":           "Validation Failed",
		"errors":            []map[string]any{{"resource": "Label", "code": code, "field": field}},
		"documentation_url": "https://docs.github.com/rest/issues/labels#create-a-label",
	})
}

// refuseReadOnly answers 403 to a write from a read-only token.
func (f *Fake) refuseReadOnly(w http.ResponseWriter, doc string) bool {
	if f.readOnly {
		writeForbidden(w, doc)
	}
	return f.readOnly
}

func writeForbidden(w http.ResponseWriter, doc string) {
	writeJSON(w, http.StatusForbidden, map[string]any{
		"message":           "Resource not accessible by integration",
		"documentation_url": "https://docs.github.com/rest/issues/labels#" + doc,
	})
}

// addLabel, labelIssue and findLabel need f.mu held.
func (f *Fake) addLabel(name, color, description string) *Label {
	f.nextID++
	l := &Label{ID: f.nextID, Name: name, Color: color, Description: description}
	f.labels = append(f.labels, l)
	return l
}

// labelIssue adds names to is, creating unknown labels in the default
// colour, as POST /issues/{n}/labels does on GitHub. Names compare without
// case; the issue keeps the repository's spelling.
func (f *Fake) labelIssue(is *Issue, names []string) {
	for _, name := range names {
		l := f.findLabel(name)
		if l == nil {
			l = f.addLabel(name, DefaultLabelColor, "")
		}
		if !slices.ContainsFunc(is.Labels, func(x string) bool { return strings.EqualFold(x, l.Name) }) {
			is.Labels = append(is.Labels, l.Name)
		}
	}
	slices.SortFunc(is.Labels, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
}

func (f *Fake) findLabel(name string) *Label {
	for _, l := range f.labels {
		if strings.EqualFold(l.Name, name) {
			return l
		}
	}
	return nil
}

func (f *Fake) issueLabelsJSON(is *Issue) []map[string]any {
	out := []map[string]any{}
	for _, name := range is.Labels {
		out = append(out, labelJSON(f.findLabel(name)))
	}
	return out
}

func labelJSON(l *Label) map[string]any {
	return map[string]any{
		"id": l.ID, "node_id": fmt.Sprintf("LA_%d", l.ID), "name": l.Name, "color": l.Color,
		"description": l.Description, "default": false,
		"url": "https://api.github.example" + repoPath + "/labels/" + url.PathEscape(l.Name),
	}
}
