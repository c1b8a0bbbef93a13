package cli

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"regexp"
	"strconv"
	"syscall"
)

// notRegularError refuses a file that is not a regular file: ccr reads
// files it can read to their end at once, and a named pipe waits for a
// writer, a device may never end, a directory holds no text.
type notRegularError struct {
	mode fs.FileMode
}

func (e *notRegularError) Error() string {
	return kindOfFile(e.mode) + ", not a regular file"
}

// kindOfFile names what a file that is not regular is.
func kindOfFile(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case mode.IsDir():
		return "a directory"
	case mode&fs.ModeDevice != 0:
		return "a device"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

// checkRegular refuses what a Stat describes unless it is a regular file.
func checkRegular(info fs.FileInfo) error {
	if !info.Mode().IsRegular() {
		return &notRegularError{mode: info.Mode()}
	}
	return nil
}

// openRegular opens name for reading only when it is a regular file (or a
// link to one), and never blocks on one that is not. Stat refuses a named
// pipe or a device before it is opened, since opening one can wait for a
// writer or act on the device; O_NONBLOCK keeps the open from waiting
// should name be replaced by a named pipe after Stat, and Stat on the
// opened file then refuses it, so no swap gets past both checks.
func openRegular(name string) (*os.File, error) {
	info, err := os.Stat(name)
	if err != nil {
		// Said as the open it stands for: "open ccr.yaml: no such file".
		var pe *fs.PathError
		if errors.As(err, &pe) {
			pe.Op = "open"
		}
		return nil, err
	}
	if err := checkRegular(info); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	if info, err = f.Stat(); err == nil {
		err = checkRegular(info)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// readRegular reads the regular file name, at most limit bytes of it (a
// limit below 0 reads it all).
func readRegular(name string, limit int64) ([]byte, error) {
	f, err := openRegular(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if limit >= 0 {
		r = io.LimitReader(f, limit)
	}
	return io.ReadAll(r)
}

// plainFile matches a file name that reads safely as it is.
var plainFile = regexp.MustCompile(`^[A-Za-z0-9._/+@,=-]+$`)

// shownFile shows a file name in a message: as it is when plain, quoted
// otherwise, so that a name from a saved plan can neither start a line of
// its own nor hide in the text around it.
func shownFile(name string) string {
	if plainFile.MatchString(name) {
		return name
	}
	return strconv.Quote(name)
}
