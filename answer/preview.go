package answer

import (
	"github.com/dateline-bot/dateline/analysis"
	"github.com/dateline-bot/dateline/corpus"
)

// Preview is the first dated statement of an article, as a timeline would
// show it: what /add answers, so an admin sees at once how the article
// will appear in /when. The first sentence that carries a date of its own
// wins; an article with none gives its first passage, dated by its lead or
// its publication. ok is false for an article without passages.
func Preview(a corpus.Article, passages []corpus.Passage) (e Entry, ok bool) {
	var fallback *Entry
	for _, p := range passages {
		if p.Start < 0 || p.End > len(a.Body) || p.Start > p.End {
			continue
		}
		p.Text = a.Body[p.Start:p.End]
		// Every sentence counts as matched: the preview dates each one as
		// /when would date it if the query matched it.
		var marks []Highlight
		for _, s := range analysis.Sentences(p.Text) {
			marks = append(marks, Highlight(s))
		}
		f := found{marks: marks, article: a, passage: p}
		if len(passages) > 0 {
			f.lead = passages[0]
			f.lead.Text = a.Body[f.lead.Start:f.lead.End]
		}
		for _, de := range eventsOf(f) {
			entry := de.Entry
			entry.Highlights = nil
			if entry.DateFrom == DateFromSentence {
				return entry, true
			}
			if fallback == nil {
				fallback = &entry
			}
		}
	}
	if fallback == nil {
		return Entry{}, false
	}
	return *fallback, true
}
