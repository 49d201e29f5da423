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
	for range 50 {
		m.Article()
	}
	m.FileDone()
	if out.Len() != 0 {
		t.Fatalf("a line before the interval: %q", out.String())
	}
	c.advance(10 * time.Second)
	// The line is written now: 51 of 400 articles in 10s, so 68s left.
	for range 50 {
		m.Article()
	}
	c.advance(time.Second)
	m.FileDone() // within the interval: no second line
	m.Finish()
	want := "ingest: 1/4 files, 51 of 400 articles, 5 articles/s, about 1m8s left\n"
	if out.String() != want {
		t.Errorf("got %q\nwant %q", out.String(), want)
	}
}

func TestMoreArticlesThanCounted(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	m := New(&out, 1, 2, Options{Every: time.Second, Now: c.now})
	for range 5 {
		m.Article() // a .json array counted as one article
	}
	c.advance(2 * time.Second)
	m.FileDone()
	if want := "ingest: 1/1 files, 5 of 5 articles, 2 articles/s, about 0s left\n"; out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}

func TestBarDrawsAndClears(t *testing.T) {
	var out bytes.Buffer
	m := New(&out, 2, 3, Options{Terminal: true})
	m.Article()
	m.FileDone()
	m.Article()
	m.FileDone()
	m.Finish()
	s := out.String()
	if !strings.Contains(s, "/2 files, 1 of 3 articles") || !strings.Contains(s, "%") {
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
