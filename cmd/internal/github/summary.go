package github

import (
	"fmt"
	"os"
	"strings"
	"unicode/utf8"
)

// StepSummaryLimit is the most bytes GitHub accepts in one step's summary;
// above it the whole upload is dropped, not cut.
const StepSummaryLimit = 1 << 20

// summaryCutNote ends a summary that was cut to fit StepSummaryLimit.
const summaryCutNote = "\n\n> [!NOTE]\n> The rest of this summary was cut: GitHub accepts at most 1 MiB per step summary.\n"

// AppendStepSummary appends markdown to the step summary file at path (the
// GITHUB_STEP_SUMMARY path; nothing happens when it is empty). What is
// already in the file counts toward StepSummaryLimit; markdown that does not
// fit is cut at a character boundary and ends with a note. The caller masks
// secrets first.
func AppendStepSummary(path, markdown string) error {
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("open step summary: %w", err)
	}
	info, err := f.Stat()
	if err == nil {
		_, err = f.WriteString(fitSummary(markdown, StepSummaryLimit-int(info.Size())))
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write step summary: %w", err)
	}
	return nil
}

// fitSummary returns md, or md cut to room bytes including the note. A code
// fence left open by the cut is closed so the note renders as text.
func fitSummary(md string, room int) string {
	if len(md) <= room {
		return md
	}
	const fence = "\n```"
	keep := room - len(summaryCutNote) - len(fence)
	if keep < 0 {
		return ""
	}
	for keep > 0 && !utf8.RuneStart(md[keep]) {
		keep--
	}
	cut := md[:keep]
	if strings.Count(cut, "```")%2 == 1 {
		cut += fence
	}
	return cut + summaryCutNote
}
