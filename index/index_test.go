package index_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/index"
	"github.com/dateline-bot/dateline/timex"
)

// record is an article whose paragraphs are its passages, without dates or
// credits: the index's own tests need nothing more.
func record(id, outlet, published, body string) corpus.Record {
	pub, err := time.Parse(time.DateOnly, published)
	if err != nil {
		panic(err)
	}
	a := corpus.Article{ID: id, Title: "Story " + id, Outlet: outlet, Published: pub, Body: body}
	var ps []corpus.Passage
	start := 0
	for i, para := range strings.Split(body, "\n\n") {
		end := start + len(para)
		ps = append(ps, corpus.Passage{ArticleID: id, Seq: i, Start: start, End: end, Text: para})
		start = end + 2
	}
	return corpus.Record{Article: a, Passages: ps}
}

// createIndex makes a new index at path holding recs; the caller closes it.
func createIndex(t *testing.T, path string, recs ...corpus.Record) *index.Index {
	t.Helper()
	ix, status, _, err := index.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if status != index.Created {
		t.Fatalf("status %v, want Created", status)
	}
	if err := ix.Apply(context.Background(), 1, recs, nil); err != nil {
		ix.Close()
		t.Fatal(err)
	}
	return ix
}

// openIndex is createIndex in a temporary directory, closed when the test ends.
func openIndex(t *testing.T, recs ...corpus.Record) *index.Index {
	t.Helper()
	ix := createIndex(t, filepath.Join(t.TempDir(), "index.bleve"), recs...)
	t.Cleanup(func() { ix.Close() })
	return ix
}

// shared asks for the shared archive, where record puts every article.
var shared = []corpus.Scope{corpus.Shared}

func TestRetrieve(t *testing.T) {
	ix := openIndex(t,
		record("a", "Reuters", "2025-06-01", "Russian forces left the airport on Monday."),
		record("b", "AP", "2026-01-10", "The U.S. sent aid to the airport in the north.\n\nTell us what you think."),
		record("c", "Reuters", "2026-01-20", "The bridge over the river closed for repairs."),
	)
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		name string
		req  index.Request
		want []string // article/seq, any order
	}{
		{"a word", index.Request{Terms: []string{"airport"}}, []string{"a/0", "b/0"}},
		{"a demonym finds its place", index.Request{Terms: []string{"russia"}}, []string{"a/0"}},
		{"a country finds its demonym", index.Request{Terms: []string{"Russians"}}, []string{"a/0"}},
		{"US the country, not us the pronoun", index.Request{Terms: []string{"US"}}, []string{"b/0"}},
		{"a phrase must occur", index.Request{Terms: []string{"airport"}, Phrases: []string{"sent aid"}}, []string{"b/0"}},
		{"outlet in any case", index.Request{Terms: []string{"airport"}, Outlet: " reuters "}, []string{"a/0"}},
		{"published since, inclusive", index.Request{Terms: []string{"airport", "bridge"}, PublishedSince: day("2026-01-10")}, []string{"b/0", "c/0"}},
		{"published until, exclusive", index.Request{Terms: []string{"airport", "bridge"}, PublishedUntil: day("2026-01-10")}, []string{"a/0"}},
		{"published range", index.Request{Terms: []string{"airport", "bridge"}, PublishedSince: day("2026-01-01"), PublishedUntil: day("2026-01-15")}, []string{"b/0"}},
		{"only these articles", index.Request{Terms: []string{"airport", "bridge"}, Articles: []string{"b", "c"}}, []string{"b/0", "c/0"}},
		{"an article filter alone finds nothing", index.Request{Articles: []string{"a"}}, nil},
		{"no words, no matches", index.Request{Outlet: "Reuters"}, nil},
		{"nothing matches", index.Request{Terms: []string{"volcano"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.req.Scopes == nil {
				tt.req.Scopes = shared
			}
			ms, err := ix.Retrieve(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range ms {
				got = append(got, fmt.Sprintf("%s/%d", m.ArticleID, m.Seq))
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("matches %v, want %v", got, tt.want)
			}
		})
	}
}

// TestRetrieveByScope: the scope filter is part of the query, so a server
// sees the shared archive and its own, never another server's.
func TestRetrieveByScope(t *testing.T) {
	in := func(r corpus.Record, scope corpus.Scope) corpus.Record {
		r.Article.Scope = scope
		return r
	}
	one, two := corpus.GuildScope("1"), corpus.GuildScope("2")
	ix := openIndex(t,
		record("s", "W", "2026-01-10", "The airport reopened."),
		in(record("g1", "W", "2026-01-10", "The airport in server one."), one),
		in(record("g2", "W", "2026-01-10", "The airport in server two."), two),
	)
	tests := []struct {
		scopes []corpus.Scope
		want   []string
	}{
		{shared, []string{"s/0"}},
		{one.Visible(), []string{"g1/0", "s/0"}},
		{two.Visible(), []string{"g2/0", "s/0"}},
		{[]corpus.Scope{two}, []string{"g2/0"}},
		{nil, nil}, // no scope: nothing, never everything
	}
	for _, tt := range tests {
		ms, err := ix.Retrieve(context.Background(), index.Request{Terms: []string{"airport"}, Scopes: tt.scopes})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range ms {
			got = append(got, fmt.Sprintf("%s/%d", m.ArticleID, m.Seq))
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("scopes %v: matches %v, want %v", tt.scopes, got, tt.want)
		}
	}
}

// TestScopeFilterLeftOutOnlyWhenItKeepsAll: Retrieve leaves the scope
// filter out of the query (for speed) only while every passage is in the
// asked scopes; once another server's passage is indexed, the filter is
// back and keeps it out; after it is removed, answers are as before.
func TestScopeFilterLeftOutOnlyWhenItKeepsAll(t *testing.T) {
	ctx := context.Background()
	one := corpus.GuildScope("1")
	ix := openIndex(t,
		record("s", "W", "2026-01-10", "The airport reopened."),
		record("t", "W", "2026-01-11", "The airport closed again, the airport said."),
	)
	guild := record("g1", "W", "2026-01-10", "The airport in server one.")
	guild.Article.Scope = one
	steps := []struct {
		name    string
		apply   func() error
		scopes  []corpus.Scope
		leftOut string // "yes", "no", or "either"
		want    []string
	}{
		{"shared only", nil, shared, "yes", []string{"s/0", "t/0"}},
		{"shared and a server with nothing", nil, one.Visible(), "yes", []string{"s/0", "t/0"}},
		{"a server's passage indexed", func() error { return ix.Apply(ctx, 2, []corpus.Record{guild}, nil) },
			shared, "no", []string{"s/0", "t/0"}},
		{"the server asks", nil, one.Visible(), "yes", []string{"g1/0", "s/0", "t/0"}},
		{"only the server", nil, []corpus.Scope{one}, "no", []string{"g1/0"}},
		// The dictionary may still list a scope whose passages are gone:
		// the filter may stay (slower, never wrong).
		{"the server's passage removed", func() error { return ix.Apply(ctx, 3, nil, []string{"g1"}) },
			shared, "either", []string{"s/0", "t/0"}},
	}
	for _, st := range steps {
		if st.apply != nil {
			if err := st.apply(); err != nil {
				t.Fatal(err)
			}
		}
		leftOut, err := ix.ScopesCoverAll(st.scopes)
		if err != nil {
			t.Fatal(err)
		}
		if st.leftOut != "either" && leftOut != (st.leftOut == "yes") {
			t.Errorf("%s: filter left out %v, want %s", st.name, leftOut, st.leftOut)
		}
		ms, err := ix.Retrieve(ctx, index.Request{Terms: []string{"airport"}, Scopes: st.scopes})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range ms {
			got = append(got, fmt.Sprintf("%s/%d", m.ArticleID, m.Seq))
		}
		slices.Sort(got)
		if !slices.Equal(got, st.want) {
			t.Errorf("%s: matches %v, want %v", st.name, got, st.want)
		}
	}
}

func TestRetrieveMarksTheMatchedWords(t *testing.T) {
	r := record("a", "W", "2026-01-10", "Intro.\n\nThe Russian convoy reached the airport, and the convoy left.")
	ix := openIndex(t, r)
	ms, err := ix.Retrieve(context.Background(), index.Request{Terms: []string{"russia", "convoys"}, Scopes: shared})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].Seq != 1 {
		t.Fatalf("matches %+v", ms)
	}
	text := r.Passages[1].Text
	var words []string
	for _, m := range ms[0].Marks {
		words = append(words, text[m.Start:m.End])
	}
	if got := strings.Join(words, " "); got != "Russian convoy convoy" {
		t.Errorf("marks cover %q", got)
	}
}

// TestOpenLockedIndex: a second Open of an index in use fails with
// ErrLocked and leaves the index whole (a lock is never taken for
// corruption, which would discard the index).
func TestOpenLockedIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index.bleve")
	ix := createIndex(t, path, record("a", "W", "2026-01-10", "The harbour reopened."))
	if _, _, _, err := index.Open(path); !errors.Is(err, index.ErrLocked) {
		ix.Close()
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	again, status, reason, err := index.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if n, err := again.Count(); status != index.Opened || err != nil || n != 1 {
		t.Errorf("after the lock: status %v (%s), %d passages, %v", status, reason, n, err)
	}
}

// datedRecord is record with the dates of each passage found by the date
// tagger, as analysis finds them (offsets into the body).
func datedRecord(id, published, body string) corpus.Record {
	r := record(id, "W", published, body)
	for i, p := range r.Passages {
		for _, m := range timex.Find(p.Text, r.Article.Published) {
			m.Start += p.Start
			m.End += p.Start
			r.Passages[i].Mentions = append(r.Passages[i].Mentions, m)
		}
	}
	return r
}

// TestRetrieveDatedWindow checks the date filter of `when` inside the
// query: a passage is kept when a date it mentions overlaps the window, or
// its article was published in the window (or up to LeadDays after it),
// and no other; dates beyond the years Bleve holds are kept at its ends.
func TestRetrieveDatedWindow(t *testing.T) {
	ix := openIndex(t,
		datedRecord("old", "2019-06-01", "The convoy crossed the border on May 30."),
		datedRecord("recalls", "2026-01-10", "The convoy that crossed the border in May 2019 returned on Friday."),
		datedRecord("new", "2026-01-10", "The convoy crossed the border on Friday."),
		datedRecord("undated", "2026-01-12", "The convoy is back."),
		datedRecord("decade", "2026-01-12", "Convoys crossed the border throughout the 2010s."),
		datedRecord("ancient", "2026-01-12", "A convoy crossed the border in the 12th century."),
	)
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		name         string
		since, until string
		want         []string
	}{
		{"until: a date before it, or published before it", "", "2021-01-01",
			[]string{"ancient/0", "decade/0", "old/0", "recalls/0"}},
		{"since: a date after it, or published after it", "2026-01-01", "",
			[]string{"ancient/0", "decade/0", "new/0", "recalls/0", "undated/0"}},
		// "recalls" names May 2019 and a Friday of 2026: one date starts
		// before the window, another ends after it. The index keeps such
		// passages (it holds starts and ends apart); the answer drops them.
		{"a date that ends after since overlaps", "2019-12-31", "2020-01-01",
			[]string{"decade/0", "recalls/0"}},
		{"published up to LeadDays after the window", "2026-01-05", "2026-01-06",
			[]string{"ancient/0", "decade/0", "new/0", "recalls/0", "undated/0"}},
		{"a window nothing tells of", "2022-01-01", "2023-01-01", []string{"recalls/0"}},
		{"a bound before the years Bleve holds", "", "1500-01-01", []string{"ancient/0"}},
		{"a bound after them", "2500-01-01", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := index.Request{Terms: []string{"convoy"}, Scopes: shared}
			if tt.since != "" {
				r.DatedSince = day(tt.since)
			}
			if tt.until != "" {
				r.DatedUntil = day(tt.until)
			}
			ms, err := ix.Retrieve(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range ms {
				got = append(got, fmt.Sprintf("%s/%d", m.ArticleID, m.Seq))
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("matches %v, want %v", got, tt.want)
			}
		})
	}
}
