package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// MaxCandidates is how many of the passages that match a request, the
// most relevant, Retrieve weighs.
const MaxCandidates = maxCandidates

// Tally says how many passages match a request and how many of them
// Retrieve weighed. A passage matches when its own text holds a word of the
// request, it covers (in its text, context or lead) as many of the
// request's words as the best articles Retrieve found do, and it passes
// every filter of the request (phrases, scopes, outlet, articles,
// publication and event dates), all inside Bleve's query; Retrieve weighs
// at most the 400 best (maxCandidates) and ranks those. (Retrieve keeps the
// articles that cover most words; a passage covering fewer is not counted,
// or `when russia qamishli` would count every passage about Russia.)
type Tally struct {
	Matched int // passages that match, counted by Bleve over the whole index
	Weighed int // of those, the ones Retrieve weighed
}

// Complete says Retrieve weighed every passage that matches: an answer
// built from its matches can count exactly.
func (t Tally) Complete() bool { return t.Weighed >= t.Matched }

// searched is what the candidates' search of a request saw.
type searched struct {
	matched  uint64 // Bleve's total hits: passages whose text, context or lead holds a word
	returned int    // hits returned (at most maxCandidates)
	tier     int    // the most words an article's returned passages cover: what Retrieve keeps
	inText   int    // of those returned, the ones that match (see Tally)
}

// tallyWeighed returns the most words an article's candidates cover (rank's
// top tier) and how many candidates match as Tally counts: their own text
// holds a word and they cover that many words themselves.
func tallyWeighed(cs []candidate) (tier, matching int) {
	byArticle := map[string]uint64{}
	for _, c := range cs {
		byArticle[c.ArticleID] |= c.Covered | c.InLead
	}
	for _, cover := range byArticle {
		tier = max(tier, popcount(cover))
	}
	for _, c := range cs {
		if popcount(c.Covered|c.InLead) >= tier {
			matching++
		}
	}
	return tier, matching
}

// RetrieveTallied is Retrieve, and the tally of the request: how many
// passages match it in the whole index beside those weighed. When the
// candidates' search returned every hit, the tally is known from it;
// otherwise one more search counts the matches (no scores, no hits: Bleve
// only counts).
func (ix *Index) RetrieveTallied(ctx context.Context, r Request) ([]Match, Tally, error) {
	ms, seen, err := ix.retrieve(ctx, r)
	if err != nil {
		return nil, Tally{}, err
	}
	t := Tally{Matched: seen.inText, Weighed: seen.inText}
	if seen.matched <= uint64(seen.returned) {
		return ms, t, nil
	}
	n, err := ix.countMatching(ctx, r, seen.tier)
	if err != nil {
		return nil, Tally{}, err
	}
	t.Matched = max(n, t.Weighed)
	return ms, t, nil
}

// countMatching counts the passages whose own text holds a word of r, that
// cover at least tier of its words (in text, context or lead) and pass its
// filters.
func (ix *Index) countMatching(ctx context.Context, r Request, tier int) (n int, err error) {
	defer func() {
		if p := recover(); p != nil {
			n, err = 0, fmt.Errorf("%w: count panicked: %v", ErrDamaged, p)
		}
	}()
	aq := ix.analyze(r)
	if len(aq.terms) == 0 || len(r.Scopes) == 0 {
		return 0, nil
	}
	inText := make([]query.Query, len(aq.terms))
	covered := make([]query.Query, len(aq.terms))
	for i, t := range aq.terms {
		var fields []query.Query
		for _, f := range []string{"text", "context", "lead"} {
			tq := bleve.NewTermQuery(t)
			tq.SetField(f)
			fields = append(fields, tq)
		}
		inText[i] = fields[0]
		covered[i] = bleve.NewDisjunctionQuery(fields...)
	}
	enough := bleve.NewDisjunctionQuery(covered...)
	enough.SetMin(float64(max(tier, 1)))
	filter, err := ix.filters(aq, r)
	if err != nil {
		return 0, err
	}
	must := append([]query.Query{bleve.NewDisjunctionQuery(inText...), enough}, filter...)
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(must...), 0, 0, false)
	req.Score = "none"
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			return 0, fmt.Errorf("count the matches: %w", err)
		}
		return 0, fmt.Errorf("%w: count: %v", ErrDamaged, err)
	}
	return int(res.Total), nil
}
