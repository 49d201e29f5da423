package corpus

import "github.com/dateline-bot/dateline/timex"

// Analyze cuts an article into passages and gives each the date mentions
// (resolved against the publication date) and credits that fall inside it.
// The tagger and the attribution run over the whole body once, so a sentence
// is read with its neighbours (tense, "the source" referring back).
func Analyze(a Article) []Passage {
	spans := Paragraphs(a.Body)
	mentions := timex.Find(a.Body, a.Published)
	credits := Credits(a.Body)
	out := make([]Passage, len(spans))
	mi, ci := 0, 0
	for i, s := range spans {
		p := Passage{ArticleID: a.ID, Seq: i, Start: s.Start, End: s.End, Text: a.Body[s.Start:s.End]}
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
