package answer

import (
	"context"
	"fmt"
	"sort"
)

// Search answers `search`: the passages that best match q, most relevant
// first, each with the calendar dates it mentions. Since and until bound
// the publication date, so the index filters by them.
func Search(ctx context.Context, ix Retriever, lib Library, q Query) (Results, error) {
	r := q.request()
	r.PublishedSince, r.PublishedUntil = q.Since, q.Until
	fs, tally, err := find(ctx, ix, lib, r)
	if err != nil {
		return Results{}, fmt.Errorf("search %q: %w", q.Raw, err)
	}
	var hits []datedEntry
	articles := map[string]bool{}
	for _, f := range fs {
		articles[f.article.ID] = true
		hits = append(hits, f.hit())
	}
	hits = foldSyndicatedHits(hits)
	// A passage too short or without a verb to state anything (a
	// signature line, a one-word paragraph) is shown only after the ones
	// that do: BM25 favours very short passages.
	sort.SliceStable(hits, func(i, j int) bool { return states(hits[i].Quote) && !states(hits[j].Quote) })
	res := Results{Query: q.Raw, ReadAs: q.ReadAs, Weighed: len(hits), Hits: []Hit{}, Articles: len(articles)}
	res.Total, res.TotalApprox = Count(len(hits), tally)
	for _, h := range page(hits, q) {
		res.Hits = append(res.Hits, Hit{
			Score:       h.score,
			Quote:       h.Quote,
			Attribution: h.Attribution,
			Dates:       h.dates,
			Article:     h.Article,
			AlsoIn:      h.AlsoIn,
			Highlights:  h.Highlights,
		})
	}
	return res, nil
}

// hit is the whole passage, verbatim, with its dates.
func (f found) hit() datedEntry {
	p := f.passage
	e := datedEntry{
		Entry: Entry{
			Quote:       p.Text,
			Attribution: creditFor(p.Credits, p.Start, p.End),
			Article:     articleRef(f.article),
			Highlights:  f.marks,
		},
		published: f.article.Published,
		score:     f.Score,
		shingles:  shingles(p.Text),
		dates:     []DateRef{},
	}
	for _, m := range p.Mentions {
		if ref, _, _, ok := dateRef(m); ok {
			e.dates = append(e.dates, ref)
		}
	}
	return e
}

// foldSyndicatedHits folds copies while keeping relevance order.
func foldSyndicatedHits(hits []datedEntry) []datedEntry {
	var out []datedEntry
	all := make([]int, 0, len(hits)) // every kept hit is a candidate: search has no dates to group by
	for _, h := range hits {
		k, ok := findCopy(out, all, h)
		if !ok {
			all = append(all, len(out))
			out = append(out, h)
			continue
		}
		if h.published.Before(out[k].published) {
			// The earliest publication leads; the later one joins the credits.
			h.AlsoIn = append([]ArticleRef{out[k].Article}, out[k].AlsoIn...)
			h.score = max(h.score, out[k].score)
			out[k] = h
		} else {
			out[k].AlsoIn = append(out[k].AlsoIn, h.Article)
		}
	}
	for i := range out {
		sortRefsByPublished(out[i].AlsoIn)
	}
	return out
}
