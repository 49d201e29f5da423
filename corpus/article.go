// Package corpus is dateline's domain model: articles, their passages,
// spans and credits, and the identities (article id, canonical URL, body
// hash) that say when two articles are the same.
package corpus

import (
	"github.com/dateline-bot/dateline/english"
	"time"

	"github.com/dateline-bot/dateline/timex"
)

// Source says how an article reached dateline.
type Source string

// The ways an article can be added.
const (
	SourceFile    Source = "file"
	SourceURL     Source = "url"
	SourceDiscord Source = "discord"
	SourceFeed    Source = "feed"
	SourceSample  Source = "sample"
)

// Article is one piece of reporting, as stored.
type Article struct {
	ID        string
	Title     string
	Outlet    string
	URL       string
	Author    string
	Published time.Time
	Body      string // normalised: valid UTF-8, paragraphs separated by "\n\n"
	Tags      []string
	Scope     Scope // whose archive; "" is read as Shared

	Source    Source
	SourceRef string // file path, URL, Discord message or feed the article came from
	AddedBy   string
	AddedAt   time.Time
}

// Span is a half-open range of byte offsets [Start, End) in a text: the
// english package's, so sentences need no conversion.
type Span = english.Span

// Passage is the unit that is indexed and quoted: a paragraph, or a piece of
// a long paragraph cut at sentence boundaries. Its text is the article body's
// own bytes, Body[Start:End], so a quote is verbatim by construction.
type Passage struct {
	ArticleID string
	Seq       int // 0-based position in the article
	Start     int // byte offsets in Article.Body
	End       int
	Text      string
	Mentions  []timex.Mention // offsets are into Article.Body
	Credits   []Credit        // offsets are into Article.Body
}

// Credit says who the text credits for one sentence: "a security source cited
// by Shafaq News", "the Kremlin". Start/End are the sentence's byte offsets
// in the article body.
type Credit struct {
	Start, End int
	Who        string
}

// Record is an article with the passages computed for it: what the store
// keeps and the index indexes.
type Record struct {
	Article  Article
	Passages []Passage
}
