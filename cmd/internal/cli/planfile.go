package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ccr-dev/ccr/plan"
	"github.com/ccr-dev/ccr/plan/render"
)

// writePlan renders p on stdout in the requested format.
func writePlan(io *IOStreams, p *plan.Plan, format string) error {
	r, err := render.New(format, render.Options{
		Text:     render.TextOptions{Color: io.ColorEnabled(io.OutTTY)},
		Markdown: markdownOptions(io),
	})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := r.Render(&buf, p); err != nil {
		return err
	}
	_, err = fmt.Fprint(io.Out, mask(io, buf.String()))
	return err
}

// markdownOptions are the run facts shown in the markdown footer.
func markdownOptions(io *IOStreams) render.MarkdownOptions {
	return render.MarkdownOptions{Version: Version, RunURL: runURL(io)}
}

// runURL links to the GitHub Actions run, or "" outside Actions.
func runURL(io *IOStreams) string {
	server, repo, run := io.Env("GITHUB_SERVER_URL"), io.Env("GITHUB_REPOSITORY"), io.Env("GITHUB_RUN_ID")
	if server == "" || repo == "" || run == "" {
		return ""
	}
	return fmt.Sprintf("%s/%s/actions/runs/%s", server, repo, run)
}

// savePlan writes p's JSON form to path atomically, readable by the owner
// only: a plan holds no secrets, but it does map a production topology.
func savePlan(path string, p *plan.Plan) error {
	data, err := p.Encode()
	if err != nil {
		return fmt.Errorf("encode plan: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".ccr-plan-*")
	if err != nil {
		return fmt.Errorf("save plan: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("save plan: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save plan: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save plan: %w", err)
	}
	return nil
}

// savedNote says where --out saved p and what it is good for: a plan with
// conflicts is kept for review, but apply would refuse it.
func savedNote(path string, p *plan.Plan) string {
	if n := len(p.Conflicts); n > 0 {
		them, verb := "it", "blocks"
		if n > 1 {
			them, verb = "them", "block"
		}
		return fmt.Sprintf("Saved the plan to %s for review only: %s %s apply; fix %s, then run \"ccr plan --out %s\" again.",
			path, plural(n, "conflict"), verb, them, path)
	}
	// -f binds the apply to the file planned (see readReviewed).
	return fmt.Sprintf("Saved the plan to %s: apply it with \"ccr apply %s -f %s\".", path, path, shownFile(p.File))
}

// readSavedPlan reads a plan written by `ccr plan --out`.
func readSavedPlan(path string) (*plan.Plan, error) {
	data, err := readRegular(path, -1)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the message names the file once
		}
		return nil, fmt.Errorf("read saved plan %s: %w", shownFile(path), err)
	}
	if !json.Valid(data) {
		return nil, fmt.Errorf("%s is not a saved plan (not JSON); to plan and apply a ccr file, use \"ccr apply -f %s\"", path, path)
	}
	p, err := plan.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("read saved plan %s: %w", path, err)
	}
	return p, nil
}

// checkOut refuses an --out that would replace anything but a saved plan:
// the ccr file being planned, or an existing file that is not a ccr plan,
// unless force. Replacing an earlier saved plan is what --out is for. A
// named pipe or a device is never opened to look.
func checkOut(out, file string, force bool) error {
	switch {
	case out == "" && force:
		return errors.New("--force only applies to --out PLAN.json")
	case out == "" || force:
		return nil
	case sameFile(out, file):
		return fmt.Errorf("--out %s is the ccr file being planned: refusing to replace it with the plan's JSON; "+
			"save the plan elsewhere, such as --out plan.json (or pass --force)", shownFile(out))
	}
	data, err := readRegular(out, -1)
	var notRegular *notRegularError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case errors.As(err, &notRegular):
		return fmt.Errorf("--out %s exists and is %s, not a saved plan: refusing to replace it; choose another file (or pass --force)",
			shownFile(out), kindOfFile(notRegular.mode))
	case err != nil:
		return fmt.Errorf("--out: %w", err)
	case !isSavedPlan(data):
		return fmt.Errorf("--out %s exists and is not a saved plan: refusing to replace it; choose another file (or pass --force)", shownFile(out))
	}
	return nil
}

// isSavedPlan reports whether data is a plan of any format version, as
// "ccr plan --out" writes it: an object with a format_version, the file
// planned and a fingerprint.
func isSavedPlan(data []byte) bool {
	var p struct {
		FormatVersion *string `json:"format_version"`
		File          *string `json:"file"`
		Fingerprint   *string `json:"fingerprint"`
	}
	return json.Unmarshal(data, &p) == nil && p.FormatVersion != nil && p.File != nil && p.Fingerprint != nil
}
