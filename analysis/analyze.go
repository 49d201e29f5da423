// Package analysis reads an article's text: it cuts the body into
// sentences and passages, dates the passages (with timex) and finds who each
// sentence credits.
package analysis

import (
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/timex"
)

// Analyze cuts an article into passages and gives each the date mentions
// (resolved against the publication date) and credits that fall inside it.
// The tagger and the attribution run over the whole body once, so a sentence
// is read with its neighbours (tense, "the source" referring back).
func Analyze(a corpus.Article) []corpus.Passage {
	spans := Paragraphs(a.Body)
	mentions := timex.Find(a.Body, a.Published)
	credits := Credits(a.Body)
	out := make([]corpus.Passage, len(spans))
	mi, ci := 0, 0
	for i, s := range spans {
		p := corpus.Passage{ArticleID: a.ID, Seq: i, Start: s.Start, End: s.End, Text: a.Body[s.Start:s.End]}
		for mi < len(mentions) && mentions[mi].Start < s.Start {
			mi++
		}
		for j := mi; j < len(mentions) && mentions[j].Start < s.End; j++ {
			if mentions[j].End <= s.End {
				p.Mentions = append(p.Mentions, mentions[j])
			}
		}
		for ci < len(credits) && credits[ci].End <= s.Start {
			ci++
		}
		for j := ci; j < len(credits) && credits[j].Start < s.End; j++ {
			p.Credits = append(p.Credits, credits[j])
		}
		out[i] = p
	}
	return out
}
