package index

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
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

// match is one passage the index returned for a query.
type match struct {
	ArticleID string
	Seq       int
	Score     float64
	Covered   uint64      // bit i: query term i occurs in the passage or its context
	InText    uint64      // bit i: query term i occurs in the passage itself
	InLead    uint64      // bit i: query term i occurs in the article's lead
	Marks     []Highlight // where query terms occur, byte ranges in the passage text
}

// analyzedQuery is a query's words as index terms.
type analyzedQuery struct {
	terms   []string   // unique analysed terms, at most maxQueryTerms
	phrases [][]string // analysed phrases, all required
}

func (ix *Index) analyze(q Query) analyzedQuery {
	analyzer := ix.bleve.Mapping().AnalyzerNamed(textAnalyzer)
	var aq analyzedQuery
	seen := map[string]bool{}
	// Words are analysed together, so two-word names ("United States") are seen.
	add := func(text string) []string {
		var out []string
		for _, tok := range analyzer.Analyze([]byte(text)) {
			t := string(tok.Term)
			out = append(out, t)
			if !seen[t] && len(aq.terms) < maxQueryTerms {
				seen[t] = true
				aq.terms = append(aq.terms, t)
			}
		}
		return out
	}
	add(strings.Join(q.Terms, " "))
	for _, ph := range q.Phrase {
		if terms := add(ph); len(terms) > 0 {
			aq.phrases = append(aq.phrases, terms)
		}
	}
	return aq
}

// retrieve returns the candidate passages for q, best first, weak matches cut.
func (ix *Index) retrieve(ctx context.Context, q Query) ([]match, error) {
	aq := ix.analyze(q)
	if len(aq.terms) == 0 {
		return nil, nil
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
	must := []query.Query{bleve.NewDisjunctionQuery(should...)}
	for _, ph := range aq.phrases {
		pq := bleve.NewPhraseQuery(ph, "text")
		must = append(must, pq)
	}
	if q.Outlet != "" {
		oq := bleve.NewTermQuery(lower(q.Outlet))
		oq.SetField("outlet")
		must = append(must, oq)
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(must...), maxCandidates, 0, false)
	req.IncludeLocations = true
	req.SortBy([]string{"-_score", "_id"})
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Raw, err)
	}
	matches := make([]match, 0, len(res.Hits))
	for _, h := range res.Hits {
		articleID, seq, ok := parseDocID(h.ID)
		if !ok {
			continue
		}
		m := match{ArticleID: articleID, Seq: seq, Score: h.Score}
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
		matches = append(matches, m)
	}
	return rank(matches), nil
}

func appendMarks(marks []Highlight, locs search.Locations) []Highlight {
	for _, l := range locs {
		marks = append(marks, Highlight{Start: int(l.Start), End: int(l.End)})
	}
	return marks
}

// rank orders matches: passages of articles that cover more of the query's
// terms first, then passages that cover more themselves, then by score; ties
// by id, so answers are deterministic. Weak matches are cut.
func rank(ms []match) []match {
	byArticle := map[string]uint64{}
	for _, m := range ms {
		byArticle[m.ArticleID] |= m.Covered | m.InLead
	}
	key := func(m match) (int, int) {
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
