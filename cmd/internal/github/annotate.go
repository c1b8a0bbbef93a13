package github

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Level is the severity of a workflow-command annotation.
type Level string

// Annotation levels, as GitHub Actions names the commands.
const (
	LevelError   Level = "error"
	LevelWarning Level = "warning"
	LevelNotice  Level = "notice"
)

// MaxAnnotations is how many annotations of one level GitHub shows for a
// step; the rest are dropped silently, so WriteAnnotations says how many
// there were instead.
const MaxAnnotations = 10

// Annotation is a workflow command that GitHub Actions shows on a line of a
// file in the pull request and in the run summary. Zero Line and Col are
// left out (an annotation on the whole file).
type Annotation struct {
	Level   Level
	File    string
	Line    int
	Col     int
	Title   string
	Message string
}

// String renders a as one workflow-command line, such as
// "::error file=ccr.yaml,line=3,col=9,title=ccr validate::msg", escaped as
// actions/toolkit does, so no value can end the command or start another.
func (a Annotation) String() string {
	var props []string
	add := func(k, v string) {
		if v != "" && v != "0" {
			props = append(props, k+"="+escapeProperty(v))
		}
	}
	add("file", a.File)
	add("line", strconv.Itoa(a.Line))
	add("col", strconv.Itoa(a.Col))
	add("title", a.Title)
	cmd := "::" + string(a.Level)
	if len(props) > 0 {
		cmd += " " + strings.Join(props, ",")
	}
	return cmd + "::" + escapeData(a.Message)
}

// WriteAnnotations writes the first limit annotations, one per line, then,
// if some were left out, one notice that counts them and carries the first
// annotation's title.
func WriteAnnotations(w io.Writer, as []Annotation, limit int) error {
	var b strings.Builder
	for i, a := range as {
		if i == limit {
			more := Annotation{Level: LevelNotice, Title: as[0].Title,
				Message: fmt.Sprintf("%d more problems not annotated; the step's log lists them all", len(as)-limit)}
			b.WriteString(more.String() + "\n")
			break
		}
		b.WriteString(a.String() + "\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write annotations: %w", err)
	}
	return nil
}

// escapeData escapes a command's message like actions/toolkit's
// escapeData: "%" first, so that the escapes themselves survive. A legacy
// "##[" is escaped too, as CommandGuard does: the runner would only read it
// if the line failed to parse as this command, but nothing is left to that.
func escapeData(s string) string {
	return dataEscaper.Replace(s)
}

// escapeProperty escapes a property value like actions/toolkit's
// escapeProperty: ":" and "," would otherwise end the value.
func escapeProperty(s string) string {
	return propertyEscaper.Replace(s)
}

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", legacyCommand, legacyEscaped)
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C",
		legacyCommand, legacyEscaped)
)
