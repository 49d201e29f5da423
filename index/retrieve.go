package index

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/dateline-bot/dateline/corpus"
)

// Retrieval limits: enough candidates to rank and date well, few enough to
// answer in milliseconds.
const (
	maxQueryTerms = 32  // the rest of a very long query is ignored
	maxCandidates = 400 // passages considered per query
	contextBoost  = 0.35
	leadBoost     = 0.2
	minScoreRatio = 0.1 // a passage scoring below this share of the best is noise
)

// Request is what the index is asked for: words, phrases and filters, as
// plain text (never Bleve query syntax); the index analyses them as it
// analysed the passages. Package answer builds it from what a user typed.
type Request struct {
	Terms   []string // words; a passage matches when its text holds any of them
	Phrases []string // phrases the passage text must all hold
	Outlet  string   // only passages of this outlet (any case); "" for all
	// Only passages of articles in these scopes: the filter is part of the
	// Bleve query, so another server's passages are never even scored. A
	// request without scopes matches nothing.
	Scopes []corpus.Scope
	// Articles, when not empty, keeps only passages of these articles (the
	// digest asks what its new articles say about a tracked topic).
	Articles []string
	// Only passages of articles published in [PublishedSince,
	// PublishedUntil); a zero time leaves that side open.
	PublishedSince, PublishedUntil time.Time
	// Only passages that may tell of something in [DatedSince,
	// DatedUntil): a date they mention overlaps it, or, for what they say
	// without a date, their article was published in it or up to
	// LeadDays after (the day a lead gives its news is at most that much
	// before publication). A zero time leaves that side open.
	DatedSince, DatedUntil time.Time
}

// LeadDays is how long before publication the day an article's lead gives
// may be for a statement to take it (package answer dates by it).
const LeadDays = 7

// Match is one passage the index found for a request.
type Match struct {
	ArticleID string
	Seq       int
	Score     float64
	Marks     []corpus.Span // where the request's words occur: byte ranges of the passage text, in order
}

// candidate is a match with what ranking needs.
type candidate struct {
	Match
	Covered uint64 // bit i: request term i occurs in the passage or its context
	InText  uint64 // bit i: request term i occurs in the passage itself
	InLead  uint64 // bit i: request term i occurs in the article's lead
}

// analyzedRequest is a request's words as index terms.
type analyzedRequest struct {
	terms   []string   // unique analysed terms, at most maxQueryTerms
	phrases [][]string // analysed phrases, all required
}

func (ix *Index) analyze(r Request) analyzedRequest {
	analyzer := ix.bleve.Mapping().AnalyzerNamed(textAnalyzer)
	var ar analyzedRequest
	seen := map[string]bool{}
	// Words are analysed together, so two-word names ("United States") are seen.
	add := func(text string) []string {
		var out []string
		for _, tok := range analyzer.Analyze([]byte(text)) {
			t := string(tok.Term)
			out = append(out, t)
			if !seen[t] && len(ar.terms) < maxQueryTerms {
				seen[t] = true
				ar.terms = append(ar.terms, t)
			}
		}
		return out
	}
	add(strings.Join(r.Terms, " "))
	for _, ph := range r.Phrases {
		if terms := add(ph); len(terms) > 0 {
			ar.phrases = append(ar.phrases, terms)
		}
	}
	return ar
}

// Retrieve returns the passages that match r, best first: passages of
// articles that cover more of the request's words first; weak matches are
// cut. A request with no words matches nothing.
//
// A read error from Bleve (a damaged segment: "error loading roaring
// bitmap…"), or a panic inside it, is returned as ErrDamaged: the caller
// rebuilds the index from the store.
func (ix *Index) Retrieve(ctx context.Context, r Request) ([]Match, error) {
	ms, _, err := ix.retrieve(ctx, r)
	return ms, err
}

// retrieve is Retrieve, with what the candidates' search saw: how many
// passages matched, how many it returned, and how many of those match as
// a Tally counts (see RetrieveTallied).
func (ix *Index) retrieve(ctx context.Context, r Request) (matches []Match, seen searched, err error) {
	defer func() {
		if p := recover(); p != nil {
			matches, err = nil, fmt.Errorf("%w: search panicked: %v", ErrDamaged, p)
		}
	}()
	aq := ix.analyze(r)
	if len(aq.terms) == 0 || len(r.Scopes) == 0 {
		return nil, seen, nil
	}
	var should []query.Query
	for _, t := range aq.terms {
		inText := bleve.NewTermQuery(t)
		inText.SetField("text")
		inContext := bleve.NewTermQuery(t)
		inContext.SetField("context")
		inContext.SetBoost(contextBoost)
		inLead := bleve.NewTermQuery(t)
		inLead.SetField("lead")
		inLead.SetBoost(leadBoost)
		should = append(should, bleve.NewDisjunctionQuery(inText, inContext, inLead))
	}
	filter, err := ix.filters(aq, r)
	if err != nil {
		return nil, seen, err
	}
	must := append([]query.Query{bleve.NewDisjunctionQuery(should...)}, filter...)
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(must...), maxCandidates, 0, false)
	req.IncludeLocations = true
	// Sorted by score alone (Bleve's default): a tie-break on "_id" made
	// Bleve read the id of every match from stored fields while
	// collecting, a tenth of a query at 100,000 articles
	// (docs/BENCHMARKS.md). Ties are broken by id after the cut (rank);
	// at the cut itself, Bleve keeps the tied passages it met first, in
	// index order, which is deterministic for a given index.
	req.SortBy([]string{"-_score"})
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, seen, fmt.Errorf("search the index: %w", err)
		}
		return nil, seen, fmt.Errorf("%w: search: %v", ErrDamaged, err)
	}
	seen = searched{matched: res.Total, returned: len(res.Hits)}
	found := make([]candidate, 0, len(res.Hits))
	for _, h := range res.Hits {
		articleID, seq, ok := parseDocID(h.ID)
		if !ok {
			continue
		}
		m := candidate{Match: Match{ArticleID: articleID, Seq: seq, Score: h.Score}}
		for i, t := range aq.terms {
			if locs := h.Locations["text"][t]; len(locs) > 0 {
				m.Covered |= 1 << i
				m.InText |= 1 << i
				m.Marks = appendMarks(m.Marks, locs)
			}
			if len(h.Locations["context"][t]) > 0 {
				m.Covered |= 1 << i
			}
			if len(h.Locations["lead"][t]) > 0 {
				m.InLead |= 1 << i
			}
		}
		if m.InText == 0 {
			continue // only the neighbours match: the passage itself says nothing of the query
		}
		sort.Slice(m.Marks, func(a, b int) bool { return m.Marks[a].Start < m.Marks[b].Start })
		found = append(found, m)
	}
	seen.tier, seen.inText = tallyWeighed(found)
	ranked := rank(found)
	out := make([]Match, len(ranked))
	for i, c := range ranked {
		out[i] = c.Match
	}
	return out, seen, nil
}

// filters are the parts of a request's query besides its words: its
// phrases, scopes, outlet, articles and dates. Every query of a request
// (its candidates, its tally) has them all.
func (ix *Index) filters(aq analyzedRequest, r Request) ([]query.Query, error) {
	var must []query.Query
	for _, ph := range aq.phrases {
		pq := bleve.NewPhraseQuery(ph, "text")
		must = append(must, pq)
	}
	covered, err := ix.scopesCoverAll(r.Scopes)
	if err != nil {
		return nil, err
	}
	if !covered {
		var scopes []query.Query
		for _, sc := range r.Scopes {
			sq := bleve.NewTermQuery(scopeKey(sc))
			sq.SetField("scope")
			scopes = append(scopes, sq)
		}
		must = append(must, bleve.NewDisjunctionQuery(scopes...))
	}
	if r.Outlet != "" {
		oq := bleve.NewTermQuery(outletKey(r.Outlet))
		oq.SetField("outlet")
		must = append(must, oq)
	}
	if len(r.Articles) > 0 {
		ids := make([]query.Query, len(r.Articles))
		for i, id := range r.Articles {
			tq := bleve.NewTermQuery(id)
			tq.SetField("article_id")
			ids[i] = tq
		}
		must = append(must, bleve.NewDisjunctionQuery(ids...))
	}
	if !r.PublishedSince.IsZero() || !r.PublishedUntil.IsZero() {
		inclusive, exclusive := true, false
		pq := bleve.NewDateRangeInclusiveQuery(representable(r.PublishedSince), representable(r.PublishedUntil), &inclusive, &exclusive)
		pq.SetField("published")
		must = append(must, pq)
	}
	if !r.DatedSince.IsZero() || !r.DatedUntil.IsZero() {
		must = append(must, datedQuery(r.DatedSince, r.DatedUntil))
	}
	return must, nil
}

// scopesCoverAll says whether every passage in the index is in one of
// scopes, so that a scope filter would keep them all. The filter is then
// left out: a term every passage holds outnumbers a common word's
// matches, so Bleve's conjunction walks it and advances every word's
// postings to each passage in turn (most of a frequent query's time at
// 100,000 articles). Its score is the same for every passage (one token,
// in every passage: an idf near zero), so leaving it out changes no order.
// The dictionary may still list a scope whose passages were all deleted:
// the filter is then kept, which is only slower.
func (ix *Index) scopesCoverAll(scopes []corpus.Scope) (bool, error) {
	want := make(map[string]bool, len(scopes))
	for _, sc := range scopes {
		want[scopeKey(sc)] = true
	}
	dict, err := ix.bleve.FieldDict("scope")
	if err != nil {
		return false, fmt.Errorf("%w: read the scopes: %v", ErrDamaged, err)
	}
	defer dict.Close()
	for {
		e, err := dict.Next()
		if err != nil {
			return false, fmt.Errorf("%w: read the scopes: %v", ErrDamaged, err)
		}
		if e == nil {
			return true, nil
		}
		if !want[e.Term] {
			return false, nil
		}
	}
}

// datedQuery matches passages that may tell of something in [since,
// until): one of their dates starts before until and one ends after since
// (the exact check, per date, is the answer's), or their article was
// published in [since, until + LeadDays).
func datedQuery(since, until time.Time) query.Query {
	inclusive, exclusive := true, false
	since, until = representable(since), representable(until)
	startsBefore := bleve.NewDateRangeInclusiveQuery(time.Time{}, until, &inclusive, &exclusive)
	startsBefore.SetField("dates")
	endsAfter := bleve.NewDateRangeInclusiveQuery(since, time.Time{}, &exclusive, &inclusive)
	endsAfter.SetField("date_ends")
	pubUntil := until
	if !until.IsZero() {
		pubUntil = representable(until.AddDate(0, 0, LeadDays))
	}
	published := bleve.NewDateRangeInclusiveQuery(since, pubUntil, &inclusive, &exclusive)
	published.SetField("published")
	var mentioned query.Query
	switch {
	case since.IsZero():
		mentioned = startsBefore
	case until.IsZero():
		mentioned = endsAfter
	default:
		mentioned = bleve.NewConjunctionQuery(startsBefore, endsAfter)
	}
	return bleve.NewDisjunctionQuery(mentioned, published)
}

// representable brings a time into the years Bleve's date fields and
// queries hold (1677 to 2262: nanoseconds since 1970 in an int64). Dates
// outside are indexed at the nearest end (indexable), and bounds outside
// are moved just inside it, so "until:1500" finds the passages about the
// 12th century rather than failing. A zero time stays zero (an open side).
func representable(t time.Time) time.Time {
	first, last := query.MinRFC3339CompatibleTime, query.MaxRFC3339CompatibleTime
	switch {
	case t.IsZero():
		return t
	case !t.After(first):
		return first.Add(time.Nanosecond)
	case !t.Before(last):
		return last.Add(-time.Nanosecond)
	}
	return t
}

func appendMarks(marks []corpus.Span, locs search.Locations) []corpus.Span {
	for _, l := range locs {
		marks = append(marks, corpus.Span{Start: int(l.Start), End: int(l.End)})
	}
	return marks
}

// rank orders matches: passages of articles that cover more of the query's
// terms first, then passages that cover more themselves, then by score; ties
// by id, so answers are deterministic. Weak matches are cut.
func rank(ms []candidate) []candidate {
	byArticle := map[string]uint64{}
	for _, m := range ms {
		byArticle[m.ArticleID] |= m.Covered | m.InLead
	}
	key := func(m candidate) (int, int) {
		return popcount(byArticle[m.ArticleID]), popcount(m.Covered)
	}
	sort.SliceStable(ms, func(i, j int) bool {
		ai, pi := key(ms[i])
		aj, pj := key(ms[j])
		if ai != aj {
			return ai > aj
		}
		if pi != pj {
			return pi > pj
		}
		if ms[i].Score != ms[j].Score {
			return ms[i].Score > ms[j].Score
		}
		if ms[i].ArticleID != ms[j].ArticleID {
			return ms[i].ArticleID < ms[j].ArticleID
		}
		return ms[i].Seq < ms[j].Seq
	})
	if len(ms) == 0 {
		return ms
	}
	// Keep the passages of the best article coverage tier; within it, those
	// that cover every term (in their text or their context) and those that
	// score a fair share of the best (a name the lead gives in full counts
	// only through the score).
	topTier, _ := key(ms[0])
	best := 0.0
	for _, m := range ms {
		if a, _ := key(m); a == topTier && m.Score > best {
			best = m.Score
		}
	}
	out := ms[:0]
	for _, m := range ms {
		a, p := key(m)
		if a == topTier && (p == topTier || m.Score >= minScoreRatio*best) {
			out = append(out, m)
		}
	}
	return out
}

func popcount(x uint64) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}
