package cli

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"

	"github.com/ccr-dev/ccr/cmd/internal/github"
	"github.com/ccr-dev/ccr/cmd/internal/secret"
)

// IOStreams are the standard streams of a command, with the terminal facts
// that decide colour and interactivity. stdout carries data only; progress
// and diagnostics go to ErrOut.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	InTTY, OutTTY, ErrTTY bool
	// ErrSize measures the terminal ErrOut is on, in cells (0 when
	// unknown); nil when it is none.
	ErrSize func() (width, height int)
	// Env looks up environment variables; tests replace it.
	Env func(string) string

	// commands receives ccr's own GitHub Actions workflow commands
	// (annotations), the only output allowed to act as one; nil until
	// protect, which makes it ErrOut outside Actions.
	commands io.Writer
}

// System returns the process's streams.
func System() *IOStreams {
	return &IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		InTTY:   isTerminal(os.Stdin),
		OutTTY:  isTerminal(os.Stdout),
		ErrTTY:  isTerminal(os.Stderr),
		ErrSize: terminalSize(os.Stderr),
		Env:     os.Getenv,
	}
}

// Test returns streams backed by buffers, none of them a terminal, with an
// environment taken from env.
func Test(env map[string]string) (*IOStreams, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return &IOStreams{
		In: &bytes.Buffer{}, Out: &out, ErrOut: &errOut,
		Env: func(k string) string { return env[k] },
	}, &out, &errOut
}

// ColorEnabled reports whether output to a stream that is (or is not) a TTY
// may carry ANSI colour: NO_COLOR disables it, CLICOLOR_FORCE forces it,
// CLICOLOR=0 disables it; otherwise colour follows the TTY.
func (s *IOStreams) ColorEnabled(tty bool) bool {
	if _, set := s.lookup("NO_COLOR"); set {
		return false
	}
	if v, _ := s.lookup("CLICOLOR_FORCE"); v != "" && v != "0" {
		return true
	}
	if v, set := s.lookup("CLICOLOR"); set && v == "0" {
		return false
	}
	return tty
}

func (s *IOStreams) lookup(k string) (string, bool) {
	v := s.Env(k)
	return v, v != ""
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// protect wraps Out and ErrOut for one run: every write is masked (the
// commands mask what they print as well; this catches the rest, such as
// progress lines quoting an API error), and in GitHub Actions a
// github.CommandGuard keeps anything ccr prints from acting as a workflow
// command. flush writes what the guards held back; call it before exiting.
func (s *IOStreams) protect() (flush func()) {
	secrets := secrets(s)
	out, errOut := s.Out, s.ErrOut
	s.commands = maskingWriter{errOut, secrets}
	var guards []*github.CommandGuard
	if inGitHubActions(s) {
		gOut, gErr := github.NewCommandGuard(out), github.NewCommandGuard(errOut)
		guards = append(guards, gOut, gErr)
		out, errOut = gOut, gErr
		s.commands = maskingWriter{gErr.Commands(), secrets}
	}
	s.Out, s.ErrOut = maskingWriter{out, secrets}, maskingWriter{errOut, secrets}
	return func() {
		for _, g := range guards {
			_ = g.Flush()
		}
	}
}

// Commands is where ccr writes its own workflow commands.
func (s *IOStreams) Commands() io.Writer {
	if s.commands == nil {
		return s.ErrOut
	}
	return s.commands
}

// maskingWriter masks secrets in each write. A secret split across two
// writes is not caught here; the commands mask whole texts before writing.
type maskingWriter struct {
	w       io.Writer
	secrets []string
}

func (m maskingWriter) Write(p []byte) (int, error) {
	if len(m.secrets) == 0 {
		return m.w.Write(p)
	}
	if _, err := io.WriteString(m.w, secret.Mask(string(p), m.secrets)); err != nil {
		return 0, err
	}
	return len(p), nil
}
