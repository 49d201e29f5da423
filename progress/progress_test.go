package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// clock is a hand-driven time source.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock                   { return &clock{t: time.Date(2026, 1, 27, 0, 0, 0, 0, time.UTC)} }

func TestPlainLinesAtTheInterval(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	m := New(&out, 4, 400, Options{Every: 10 * time.Second, Now: c.now})
	m.Article()
	m.FileDone(100)
	if out.Len() != 0 {
		t.Fatalf("a line before the interval: %q", out.String())
	}
	c.advance(10 * time.Second)
	m.Article()
	// The line is written now: 100 of 400 bytes read in 10s, so 30s left.
	m.FileDone(100)
	c.advance(time.Second)
	m.Article() // within the interval: no second line
	m.Finish()
	want := "ingest: 1/4 files, 2 articles, 0 articles/s, about 30s left\n"
	if out.String() != want {
		t.Errorf("got %q\nwant %q", out.String(), want)
	}
}

func TestPlainLineRate(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	m := New(&out, 1, 10, Options{Every: time.Second, Now: c.now})
	for range 50 {
		m.Article()
	}
	c.advance(2 * time.Second)
	m.Article()
	if !strings.Contains(out.String(), "0/1 files, 51 articles, 26 articles/s\n") {
		t.Errorf("got %q", out.String())
	}
}

func TestBarDrawsAndClears(t *testing.T) {
	var out bytes.Buffer
	m := New(&out, 2, 200, Options{Terminal: true})
	m.Article()
	m.FileDone(100)
	m.FileDone(100)
	m.Finish()
	s := out.String()
	if !strings.Contains(s, "/2 files, 1 articles") || !strings.Contains(s, "%") {
		t.Errorf("bar output %q", s)
	}
	if last := s[strings.LastIndex(s[:len(s)-1], "\r"):]; strings.TrimSpace(last) != "" {
		t.Errorf("the bar is not cleared at the end: %q", s[max(0, len(s)-40):])
	}
}

func TestIsTerminal(t *testing.T) {
	if IsTerminal(&bytes.Buffer{}) {
		t.Error("a buffer is not a terminal")
	}
}
