// Package progress shows how far a long ingest has got: a progress bar
// (schollz/progressbar) when a person watches a terminal, a plain line at a
// steady interval when the output is a log or a pipe.
package progress

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Options chooses how a Meter shows progress.
type Options struct {
	Terminal bool             // draw a bar (a terminal); else plain lines
	Every    time.Duration    // plain lines: at most one per interval; default 10s
	Now      func() time.Time // default time.Now; tests pass their own clock
}

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Meter follows an ingest of a known number of files and bytes. It is not
// safe for concurrent use: the ingest loop owns it.
type Meter struct {
	w          io.Writer
	bar        *progressbar.ProgressBar // nil: plain lines
	now        func() time.Time
	every      time.Duration
	start      time.Time
	lastLine   time.Time
	files      int
	totalFiles int
	bytes      int64
	totalBytes int64
	articles   int
}

// New starts a meter for totalFiles files holding totalBytes bytes.
func New(w io.Writer, totalFiles int, totalBytes int64, opt Options) *Meter {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Every <= 0 {
		opt.Every = 10 * time.Second
	}
	m := &Meter{w: w, now: opt.Now, every: opt.Every, totalFiles: totalFiles, totalBytes: max(totalBytes, 1)}
	m.start, m.lastLine = m.now(), m.now()
	if opt.Terminal {
		m.bar = progressbar.NewOptions64(m.totalBytes,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(m.describe()),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(), // the summary that follows stays as it always was
			progressbar.OptionSetWidth(30),
		)
	}
	return m
}

// Article counts one article read.
func (m *Meter) Article() {
	m.articles++
	m.update()
}

// FileDone counts one file read whole (size bytes).
func (m *Meter) FileDone(size int64) {
	m.files++
	m.bytes += size
	if m.bar != nil {
		_ = m.bar.Set64(min(m.bytes, m.totalBytes)) // a bar that cannot draw is no reason to stop an ingest
	}
	m.update()
}

// Finish removes the bar; plain lines need no ending.
func (m *Meter) Finish() {
	if m.bar != nil {
		_ = m.bar.Finish()
	}
}

func (m *Meter) update() {
	if m.bar != nil {
		m.bar.Describe(m.describe())
		return
	}
	now := m.now()
	if now.Sub(m.lastLine) < m.every {
		return
	}
	m.lastLine = now
	fmt.Fprintf(m.w, "ingest: %s%s\n", m.describe(), m.eta(now))
}

// describe is "12/340 files, 1530 articles, 260 articles/s".
func (m *Meter) describe() string {
	return fmt.Sprintf("%d/%d files, %d articles, %.0f articles/s", m.files, m.totalFiles, m.articles, m.rate())
}

func (m *Meter) rate() float64 {
	elapsed := m.now().Sub(m.start).Seconds()
	if elapsed <= 0 {
		return 0
	}
	return float64(m.articles) / elapsed
}

// eta estimates the time left from the bytes read so far.
func (m *Meter) eta(now time.Time) string {
	if m.bytes == 0 {
		return ""
	}
	elapsed := now.Sub(m.start)
	left := time.Duration(float64(elapsed) * float64(m.totalBytes-m.bytes) / float64(m.bytes))
	return fmt.Sprintf(", about %s left", left.Round(time.Second))
}
