package cli

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams are the standard streams of a command, with the terminal facts
// that decide colour and interactivity. stdout carries data only; progress
// and diagnostics go to ErrOut.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	InTTY, OutTTY, ErrTTY bool
	// Env looks up environment variables; tests replace it.
	Env func(string) string
}

// System returns the process's streams.
func System() *IOStreams {
	return &IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		InTTY:  isTerminal(os.Stdin),
		OutTTY: isTerminal(os.Stdout),
		ErrTTY: isTerminal(os.Stderr),
		Env:    os.Getenv,
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
