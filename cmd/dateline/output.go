package main

import (
	"io"

	"github.com/dateline-bot/dateline/safetext"
)

// stickyWriter remembers the first error writing to stdout and refuses every
// write after it: a command whose output was lost (a full disk, a closed
// pipe, `> /dev/full`) must exit non-zero, not 0 with nothing written.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	if err != nil {
		s.err = err
	}
	return n, err
}

// showWriter is stdout for a person: article text is outside text, so the
// characters that would reorder or hide what the terminal shows (bidi
// controls, zero-width and control characters) are stripped
// (safetext.Show). JSON output is data and goes to raw, byte for byte.
type showWriter struct {
	raw io.Writer
}

// Write shows p. Every caller writes whole formatted strings (fmt.Fprint*
// writes once per call), so no rune is split between two writes.
func (s *showWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(s.raw, safetext.Show(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// rawWriter is where JSON goes: past the showWriter, to stdout itself.
func rawWriter(w io.Writer) io.Writer {
	if s, ok := w.(*showWriter); ok {
		return s.raw
	}
	return w
}
