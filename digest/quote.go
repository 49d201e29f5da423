package digest

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dateline-bot/dateline/analysis"
	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/timex"
)

// MaxQuoteRunes bounds a story's quote: a digest line, not the article.
const MaxQuoteRunes = 280

// bestQuote picks an article's most informative dated sentence: one with a
// calendar date, preferring a precise date, a credited statement, a
// sentence of useful length and an early place in the article. An article
// with no dated sentence is quoted by its opening sentence, dated by its
// publication.
func bestQuote(a Article) *Quote {
	var best *Quote
	bestScore := -1e9
	for _, p := range a.Passages {
		for _, s := range analysis.Sentences(p.Text) {
			start, end := p.Start+s.Start, p.Start+s.End
			m, ok := dateIn(p.Mentions, start, end, a.Published)
			if !ok {
				continue
			}
			credit := creditFor(p.Credits, start, end)
			score := float64(10-precisionRank(m.Precision)) - 0.1*float64(p.Seq)
			if credit != "" {
				score += 3
			}
			if n := end - start; n >= 60 && n <= 400 {
				score++
			}
			if score > bestScore {
				bestScore = score
				best = &Quote{DateRef: dateRef(m), Text: clipQuote(p.Text[s.Start:s.End]), Credit: credit}
			}
		}
	}
	if best != nil || len(a.Passages) == 0 {
		return best
	}
	lead := a.Passages[0]
	ss := analysis.Sentences(lead.Text)
	if len(ss) == 0 {
		return nil
	}
	s := ss[0]
	pub := a.Published.UTC()
	return &Quote{
		DateRef: answer.DateRef{Date: pub.Format(time.DateOnly), Precision: "day", DateFrom: answer.DateFromPublication},
		Text:    clipQuote(lead.Text[s.Start:s.End]),
		Credit:  creditFor(lead.Credits, lead.Start+s.Start, lead.Start+s.End),
	}
}

// dateIn is the most telling calendar date mentioned in [start, end) of the
// body: the most precise, and one other than the publication day (the day
// a statement was made) when there is one.
func dateIn(ms []timex.Mention, start, end int, published time.Time) (timex.Mention, bool) {
	var best timex.Mention
	bestRank := 1 << 30
	pub := published.UTC()
	for _, m := range ms {
		if m.Start < start || m.End > end || (m.Type != timex.Date && m.Type != timex.Time) {
			continue
		}
		from, to, ok := timex.Interval(m.Value, m.Mod)
		if !ok {
			continue
		}
		rank := precisionRank(m.Precision)
		if !pub.Before(from) && pub.Before(to) && to.Sub(from) <= 24*time.Hour {
			rank += 5 // the day of publication: when it was said, rarely what happened
		}
		if rank < bestRank {
			best, bestRank = m, rank
		}
	}
	return best, bestRank < 1<<30
}

// precisionRank orders precisions from finest (0) to coarsest.
func precisionRank(p timex.Precision) int {
	switch p {
	case timex.PrecisionTime, timex.PrecisionDay:
		return 0
	case timex.PrecisionWeek:
		return 1
	case timex.PrecisionMonth:
		return 2
	case timex.PrecisionSeason, timex.PrecisionQuarter:
		return 3
	case timex.PrecisionYear:
		return 4
	default:
		return 6
	}
}

// dateRef shows a mention as answers do.
func dateRef(m timex.Mention) answer.DateRef {
	prec := string(m.Precision)
	if prec == "" || prec == string(timex.PrecisionTime) {
		prec = "day"
	}
	value, _, _ := strings.Cut(m.Value, "T")
	return answer.DateRef{Date: value, Precision: prec, Approximate: m.Mod != "" || strings.Contains(m.Value, "X"),
		DateText: m.Text, Mod: m.Mod, DateFrom: answer.DateFromSentence}
}

// creditFor is who the text credits for the sentence at [start, end).
func creditFor(credits []corpus.Credit, start, end int) string {
	for _, c := range credits {
		if c.Start < end && c.End > start {
			return c.Who
		}
	}
	return ""
}

// clipQuote cuts a quote to MaxQuoteRunes at a word boundary, with "…".
func clipQuote(s string) string {
	if utf8.RuneCountInString(s) <= MaxQuoteRunes {
		return s
	}
	r := []rune(s)[:MaxQuoteRunes-1]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}
