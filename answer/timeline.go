package answer

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/index"
	"github.com/dateline-bot/dateline/store"
	"github.com/dateline-bot/dateline/timex"
)

// found is a matched passage with everything needed to answer from it.
type found struct {
	index.Match
	marks   []Highlight // Match.Marks
	article corpus.Article
	passage corpus.Passage
	lead    corpus.Passage // the article's first passage, where news states its day
}

// find asks the index for r and loads what it found from the library.
func find(ctx context.Context, ix Retriever, lib Library, r index.Request) ([]found, index.Tally, error) {
	ms, tally, err := ix.RetrieveTallied(ctx, r)
	if err != nil {
		return nil, tally, err
	}
	fs, err := load(ctx, lib, ms)
	return fs, tally, err
}

// load joins matches with their stored articles and passages. Matches whose
// article has been removed since it was indexed are dropped.
func load(ctx context.Context, lib Library, ms []index.Match) ([]found, error) {
	ids := make([]string, 0, len(ms))
	keys := make([]store.PassageKey, len(ms))
	seen := map[string]bool{}
	for i, m := range ms {
		keys[i] = store.PassageKey{ArticleID: m.ArticleID, Seq: m.Seq}
		if !seen[m.ArticleID] {
			seen[m.ArticleID] = true
			ids = append(ids, m.ArticleID)
		}
	}
	arts, err := lib.Articles(ctx, ids)
	if err != nil {
		return nil, err
	}
	leads := make([]store.PassageKey, len(ids))
	for i, id := range ids {
		leads[i] = store.PassageKey{ArticleID: id, Seq: 0}
	}
	passages, err := lib.PassagesAt(ctx, arts, append(keys, leads...))
	if err != nil {
		return nil, err
	}
	out := make([]found, 0, len(ms))
	for i, m := range ms {
		p, ok := passages[keys[i]]
		if !ok {
			continue // removed since the index found it
		}
		out = append(out, found{Match: m, marks: highlights(m.Marks), article: arts[m.ArticleID], passage: p,
			lead: passages[store.PassageKey{ArticleID: m.ArticleID, Seq: 0}]})
	}
	return out, nil
}

func highlights(spans []corpus.Span) []Highlight {
	out := make([]Highlight, len(spans))
	for i, s := range spans {
		out[i] = Highlight{Start: s.Start, End: s.End}
	}
	return out
}

// When answers `when`: the passages that answer q, each dated by the event
// it states, in chronological order (oldest first).
func When(ctx context.Context, ix Retriever, lib Library, q Query) (Timeline, error) {
	r := q.request()
	// The index keeps only passages that may tell of the asked period, so
	// an old event is found among many recent matches; each entry's own
	// date is checked below (inRange).
	r.DatedSince, r.DatedUntil = q.Since, q.Until
	fs, tally, err := find(ctx, ix, lib, r)
	if err != nil {
		return Timeline{}, fmt.Errorf("when %q: %w", q.Raw, err)
	}
	var entries []datedEntry
	for rank, f := range fs {
		for _, e := range eventsOf(f) {
			if inRange(e, q.Since, q.Until) {
				e.rank = rank
				entries = append(entries, e)
			}
		}
	}
	entries = foldSameEvent(foldSyndicated(entries))
	// A page holds the entries not yet shown that answer "when" best, told
	// in chronological order: with hundreds of matches, the first page is
	// the ten statements that date an event of the query, most relevant
	// first, not the ten oldest (see tier).
	sort.SliceStable(entries, func(i, j int) bool {
		if ti, tj := entries[i].tier(), entries[j].tier(); ti != tj {
			return ti < tj
		}
		return entries[i].rank < entries[j].rank
	})
	tl := Timeline{Query: q.Raw, ReadAs: q.ReadAs, Weighed: len(entries), Entries: []Entry{}}
	tl.Total, tl.TotalApprox = Count(len(entries), tally)
	articles := map[string]bool{}
	for _, e := range entries {
		articles[e.Article.ID] = true
	}
	tl.Articles = len(articles)
	shown := page(entries, q)
	sort.SliceStable(shown, func(i, j int) bool { return shown[i].before(shown[j]) })
	for _, e := range shown {
		tl.Entries = append(tl.Entries, e.Entry)
	}
	return tl, nil
}

// tier is how well an entry answers "when": 0 when its own words date
// the event, 1 when the article's opening does, 2 when only the
// publication date stands in ("reported": shown to fill a page), and 3
// for passages too short or without a verb to state anything (a signature
// line, a one-word paragraph), shown only when nothing else matches.
func (e datedEntry) tier() int {
	switch {
	case !states(e.Quote):
		return 3
	case e.Reported():
		return 2
	case e.DateFrom == DateFromLead:
		return 1
	}
	return 0
}

// minStatementWords is the fewest words a quote needs to state something.
const minStatementWords = 6

// states says a quote can state an event: it has at least
// minStatementWords words and, if short, a verb the date tagger's tense
// markers know.
func states(quote string) bool {
	n := len(strings.Fields(quote))
	return n >= minStatementWords && (n >= 15 || timex.Tense(quote) != "")
}

func page[T any](xs []T, q Query) []T {
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	start := min(max(q.Offset, 0), len(xs))
	return xs[start:min(start+limit, len(xs))]
}

// datedEntry is an entry with what ordering and folding need.
type datedEntry struct {
	Entry
	start, end time.Time // the interval the date covers
	published  time.Time
	score      float64
	rank       int // relevance rank of the passage (0 = best)
	pos        int // the quote's byte offset in the article body
	shingles   []uint64
	dates      []DateRef // search hits: every date the passage mentions
}

func sortRefsByPublished(refs []ArticleRef) {
	sort.SliceStable(refs, func(i, j int) bool { return refs[i].Published < refs[j].Published })
}

// before orders entries by the end of the period their date covers, so a
// coarse date ("week of 19 Jan", "2025") comes after the precise dates it
// contains ("23 Jan", "Dec 2025"): what is known exactly is told first, the
// period is summed up at its end. For non-overlapping dates this is plain
// chronological order.
func (a datedEntry) before(b datedEntry) bool {
	if !a.end.Equal(b.end) {
		return a.end.Before(b.end)
	}
	if !a.start.Equal(b.start) {
		return a.start.After(b.start) // the more precise date first
	}
	if !a.published.Equal(b.published) {
		return a.published.Before(b.published)
	}
	if a.Article.ID != b.Article.ID {
		return a.Article.ID < b.Article.ID
	}
	return a.pos < b.pos
}

func inRange(e datedEntry, since, until time.Time) bool {
	if !since.IsZero() && e.end.Before(since.Add(time.Nanosecond)) {
		return false
	}
	if !until.IsZero() && !e.start.Before(until) {
		return false
	}
	return true
}

// articleRef names an article in an answer.
func articleRef(a corpus.Article) ArticleRef {
	scope := a.Scope
	if scope == "" {
		scope = corpus.Shared
	}
	return ArticleRef{ID: a.ID, Title: a.Title, Outlet: a.Outlet, URL: a.URL, Published: a.Published.UTC().Format(time.DateOnly), Scope: string(scope)}
}

// reportedDate is the publication date, used when the text gives no date.
func reportedDate(a corpus.Article) (DateRef, time.Time, time.Time) {
	p := a.Published.UTC()
	day := time.Date(p.Year(), p.Month(), p.Day(), 0, 0, 0, 0, time.UTC)
	return DateRef{Date: day.Format(time.DateOnly), Precision: "day", DateFrom: DateFromPublication}, day, day.AddDate(0, 0, 1)
}

// dateRef turns a calendar mention into an answer's date.
func dateRef(m timex.Mention) (DateRef, time.Time, time.Time, bool) {
	start, end, ok := timex.Interval(m.Value, m.Mod)
	if !ok {
		return DateRef{}, time.Time{}, time.Time{}, false
	}
	prec := string(m.Precision)
	if prec == "" || prec == string(timex.PrecisionTime) {
		prec = "day"
	}
	value := m.Value
	if i := strings.IndexByte(value, 'T'); i > 0 {
		value = value[:i] // a time of day is shown as its day
	}
	return DateRef{
		Date:        value,
		Precision:   prec,
		Approximate: m.Mod != "" || strings.Contains(m.Value, "X"),
		DateText:    m.Text,
		Mod:         m.Mod,
		DateFrom:    DateFromSentence,
	}, start, end, true
}
