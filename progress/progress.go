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

// Meter follows an ingest of a known number of files holding about a
// known number of articles (a .jsonl file's lines are counted beforehand,
// so one large file still shows how far it has got). It is not safe for
// concurrent use: the ingest loop owns it.
type Meter struct {
	w          io.Writer
	bar        *progressbar.ProgressBar // nil: plain lines
	now        func() time.Time
	every      time.Duration
	start      time.Time
	lastLine   time.Time
	files      int
	totalFiles int
	articles   int
	total      int // articles expected; grows when a file holds more than counted
}

// New starts a meter for totalFiles files holding about totalArticles articles.
func New(w io.Writer, totalFiles, totalArticles int, opt Options) *Meter {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Every <= 0 {
		opt.Every = 10 * time.Second
	}
	m := &Meter{w: w, now: opt.Now, every: opt.Every, totalFiles: totalFiles, total: max(totalArticles, 1)}
	m.start, m.lastLine = m.now(), m.now()
	if opt.Terminal {
		m.bar = progressbar.NewOptions(m.total,
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

// Article counts one article read (added, duplicate or failed).
func (m *Meter) Article() {
	m.articles++
	if m.articles > m.total {
		m.total = m.articles
		if m.bar != nil {
			m.bar.ChangeMax(m.total)
		}
	}
	m.update()
	if m.bar != nil {
		_ = m.bar.Set(m.articles) // a bar that cannot draw is no reason to stop an ingest
	}
}

// FileDone counts one file read whole.
func (m *Meter) FileDone() {
	m.files++
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

// describe is "12/340 files, 1530 of 19043 articles, 260 articles/s".
func (m *Meter) describe() string {
	return fmt.Sprintf("%d/%d files, %d of %d articles, %.0f articles/s", m.files, m.totalFiles, m.articles, m.total, m.rate())
}

func (m *Meter) rate() float64 {
	elapsed := m.now().Sub(m.start).Seconds()
	if elapsed <= 0 {
		return 0
	}
	return float64(m.articles) / elapsed
}

// eta estimates the time left from the articles read so far.
func (m *Meter) eta(now time.Time) string {
	if m.articles == 0 {
		return ""
	}
	left := time.Duration(float64(now.Sub(m.start)) * float64(m.total-m.articles) / float64(m.articles))
	return fmt.Sprintf(", about %s left", left.Round(time.Second))
}
