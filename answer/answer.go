// Package answer turns a user's question into an answer, the same for the
// command line and the Discord bot: the query language (ParseQuery), the
// dating of the statements that match (events.go), timelines, search hits,
// the folding of syndicated copies, and how a date is shown
// (DateRef.Display). It asks the index for matching passages and the store
// of record for their text, through the two small interfaces below.
package answer

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/index"
	"github.com/dateline-bot/dateline/store"
)

// Retriever finds the passages that match a request, best first, and
// tallies how many match in all beside those it weighed (*index.Index).
type Retriever interface {
	RetrieveTallied(ctx context.Context, r index.Request) ([]index.Match, index.Tally, error)
}

// Library is what answers need from the store of record: the articles and
// their passages, whose text is always the stored body's own bytes.
type Library interface {
	Articles(ctx context.Context, ids []string) (map[string]corpus.Article, error)
	PassagesAt(ctx context.Context, arts map[string]corpus.Article, keys []store.PassageKey) (map[store.PassageKey]corpus.Passage, error)
}

// Weighed is how many of the most relevant matching passages an answer
// loads, dates and folds (the index's candidates).
const Weighed = index.MaxCandidates

// DefaultLimit is the number of entries or hits when a query does not say.
const DefaultLimit = 10

// Query is what a user asked, after query understanding.
type Query struct {
	Raw    string    // as typed, echoed in answers
	Terms  []string  // words to match (never Bleve query syntax)
	Phrase []string  // quoted phrases to match as phrases
	Since  time.Time // zero: no lower bound (inclusive)
	Until  time.Time // zero: no upper bound (exclusive)
	Outlet string    // "" for all outlets
	// Articles, when not empty, limits the answer to these articles (set
	// by the digest, never by what a user types).
	Articles []string
	Limit    int // entries wanted; 0 means the default (10)
	// ReadAs says how the words were read when the reading changed them
	// ("Read as: U.S. dollar" for "us dollar"); "" when they are as typed.
	ReadAs string
	Offset int // entries to skip, for paging
	// Scopes are the archives to draw on: the shared archive, and in a
	// server that server's own (corpus.Scope.Visible). None: shared only.
	Scopes []corpus.Scope
}

// ArticleRef is how an answer names the article a quote comes from.
type ArticleRef struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Outlet    string `json:"outlet"`
	URL       string `json:"url"`
	Published string `json:"published"` // YYYY-MM-DD
	Scope     string `json:"scope"`     // "shared" or "guild:<id>": whose archive (an extension)
}

// DateRef is a date as an answer shows it: truncated to its precision.
type DateRef struct {
	Date        string `json:"date"`      // 2026-01-23, 2026-01, 2026, 2026-W04, 2025-Q4
	Precision   string `json:"precision"` // day, month, year, week, quarter, season, decade
	Approximate bool   `json:"approximate"`
	DateText    string `json:"date_text"` // the words in the text; "" when it is the publication date
	Mod         string `json:"mod,omitempty"`
	// DateFrom says where the date comes from: "sentence" (the quote's own
	// words, DateText), "lead" (the quote has no date; DateText is the day
	// the article's first paragraph gives its news) or "publication" (no
	// date in the text: the article's publication date). An extension.
	DateFrom string `json:"date_from,omitempty"`
	// Planned says the statement is about the future as published: its
	// date is after the publication day, or, undated, it is told in the
	// future tense ("will", "is expected to"). An extension.
	Planned bool `json:"planned,omitempty"`
}

// Entry is one line of a timeline: a dated, verbatim, credited quote.
type Entry struct {
	DateRef
	Quote       string       `json:"quote"`
	Attribution string       `json:"attribution"`
	Article     ArticleRef   `json:"article"`
	AlsoIn      []ArticleRef `json:"also_in,omitempty"` // syndicated copies, earliest first
	Highlights  []Highlight  `json:"-"`                 // matched words, as byte ranges in Quote
}

// Highlight is a byte range [Start, End) of a quote that matched the query.
type Highlight struct {
	Start, End int
}

// Timeline is the answer to `when`.
type Timeline struct {
	Query  string `json:"query"`
	ReadAs string `json:"read_as,omitempty"` // how the query was read, when that changed its words
	// Total is the number of entries that answer the query (see Count).
	Total int `json:"total"`
	// TotalApprox says Total is a count, not exact: more passages matched
	// than the 400 an answer weighs (an extension; see Count).
	TotalApprox bool    `json:"total_approximate,omitempty"`
	Entries     []Entry `json:"entries"`
	Articles    int     `json:"-"` // distinct articles behind the entries weighed
	Weighed     int     `json:"-"` // entries that can be paged: those of the passages weighed
}

// Hit is one answer to `search`.
type Hit struct {
	Score       float64      `json:"score"`
	Quote       string       `json:"quote"`
	Attribution string       `json:"attribution"`
	Dates       []DateRef    `json:"dates"`
	Article     ArticleRef   `json:"article"`
	AlsoIn      []ArticleRef `json:"also_in,omitempty"`
	Highlights  []Highlight  `json:"-"`
}

// Results is the answer to `search`.
type Results struct {
	Query       string `json:"query"`
	ReadAs      string `json:"read_as,omitempty"`           // how the query was read, when that changed its words
	Total       int    `json:"total"`                       // hits that answer the query (see Count)
	TotalApprox bool   `json:"total_approximate,omitempty"` // Total is a count, not exact (see Count)
	Hits        []Hit  `json:"hits"`
	Articles    int    `json:"-"`
	Weighed     int    `json:"-"` // hits that can be paged: those of the passages weighed
}

// Count is how many entries (or hits) answer a query, and whether that is
// exact. Every passage that matches a query, filters included, is counted
// by the index over the whole archive (index.Tally), but only the 400 most
// relevant are loaded, dated and folded into entries (several dated
// sentences give several entries; copies of one quote and reports of one
// event fold into one). When the index weighed every match, the count is
// exactly the entries built from them. When more matched, each passage
// beyond the weighed ones counts as one entry, undated and unfolded: the
// count is then approximate ("about N") and only the weighed entries can be
// paged.
func Count(entries int, t index.Tally) (total int, approx bool) {
	if t.Complete() {
		return entries, false
	}
	return entries + t.Matched - t.Weighed, true
}

// CountText is how an answer says its total, the same in the terminal and
// in Discord: "23", or "about 2345" when the total is approximate (Count).
func CountText(total int, approx bool) string {
	if approx {
		return fmt.Sprintf("about %d", total)
	}
	return strconv.Itoa(total)
}
