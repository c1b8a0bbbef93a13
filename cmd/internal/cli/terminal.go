package cli

import (
	"os"

	"golang.org/x/term"
)

// terminalSize measures the terminal f is on, in cells; 0, 0 when f is not
// a terminal or its size cannot be read.
func terminalSize(f *os.File) func() (width, height int) {
	return func() (int, int) {
		width, height, err := term.GetSize(int(f.Fd()))
		if err != nil {
			return 0, 0
		}
		return width, height
	}
}
