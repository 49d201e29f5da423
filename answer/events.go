package answer

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-bot/dateline/analysis"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/english"
	"github.com/dateline-bot/dateline/index"
	"github.com/dateline-bot/dateline/timex"
)

// precisionCost makes a coarse date lose to a precise one at the same distance.
var precisionCost = map[timex.Precision]int{
	timex.PrecisionTime: 0, timex.PrecisionDay: 0, timex.PrecisionWeek: 2, timex.PrecisionMonth: 3,
	timex.PrecisionSeason: 4, timex.PrecisionQuarter: 4, timex.PrecisionHalf: 4, timex.PrecisionYear: 5,
	timex.PrecisionDecade: 8, timex.PrecisionCentury: 10,
}

// reportCost makes the date a statement was made ("the Kremlin announced on
// 27 January") lose to the date of the event it reports.
const reportCost = 12

// eventsOf dates the statements of a matched passage. Every sentence that
// carries a match and a calendar date gives an entry dated by the mention
// nearest the matched words (precise dates and event dates preferred to
// coarse dates and reporting dates). A passage with matches but no dated
// sentence gives one entry, dated by the day the article's lead gives its
// news ("Apple on Monday unveiled…": the undated sentences that follow tell
// that news), else by its publication ("reported").
func eventsOf(f found) []datedEntry {
	text := f.passage.Text
	base := f.passage.Start
	var out []datedEntry
	var undated []corpus.Span // matched sentences without a date, passage offsets
	for _, s := range analysis.Sentences(text) {
		marks := marksIn(f.marks, s)
		if len(marks) == 0 {
			continue
		}
		best, ok := bestMention(f.article.Body, f.passage.Mentions, base+s.Start, base+s.End, base, marks)
		if !ok {
			undated = append(undated, s)
			continue
		}
		ref, start, end, _ := dateRef(best)
		ref.Planned = !start.Before(publicationDayEnd(f.article))
		out = append(out, f.entry(s, marks, ref, start, end))
	}
	if len(out) == 0 && len(undated) > 0 {
		span := corpus.Span{Start: undated[0].Start, End: undated[len(undated)-1].End}
		ref, start, end := reportedDate(f.article)
		// A statement in the present ("It has a new screen") describes things
		// as published, one in the future is no event yet; one in the past
		// tells the lead's news, unless it is background: a recap in the
		// past perfect or a state ("The company was the largest…").
		said := text[span.Start:span.End]
		tense := timex.Tense(said)
		if m, ok := f.storyDay(); ok && tense != "present" && tense != "future" && !timex.Background(said) {
			ref, start, end, _ = dateRef(m)
			ref.DateFrom = DateFromLead
		}
		ref.Planned = tense == "future"
		out = append(out, f.entry(span, marksIn(f.marks, span), ref, start, end))
	}
	return out
}

// publicationDayEnd is the end of the article's publication day (UTC): a
// date that starts there or later is ahead of the news.
func publicationDayEnd(a corpus.Article) time.Time {
	p := a.Published.UTC()
	return time.Date(p.Year(), p.Month(), p.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
}

// entry builds the answer for the quote text[s.Start:s.End] of the passage.
func (f found) entry(s corpus.Span, marks []Highlight, ref DateRef, start, end time.Time) datedEntry {
	quote := f.passage.Text[s.Start:s.End]
	hl := make([]Highlight, len(marks))
	for i, m := range marks {
		hl[i] = Highlight{Start: m.Start - s.Start, End: m.End - s.Start}
	}
	return datedEntry{
		Entry: Entry{
			DateRef:     ref,
			Quote:       quote,
			Attribution: creditFor(f.passage.Credits, f.passage.Start+s.Start, f.passage.Start+s.End),
			Article:     articleRef(f.article),
			Highlights:  hl,
		},
		start:     start,
		end:       end,
		published: f.article.Published,
		score:     f.Score,
		pos:       f.passage.Start + s.Start,
		shingles:  shingles(quote),
	}
}

// marksIn returns the marks inside span s (both in passage offsets).
func marksIn(marks []Highlight, s corpus.Span) []Highlight {
	var out []Highlight
	for _, m := range marks {
		if m.Start >= s.Start && m.End <= s.End {
			out = append(out, m)
		}
	}
	return out
}

// bestMention picks the calendar mention in body[start:end] that dates the
// statement around the marks (passage offsets; base converts to body offsets).
func bestMention(body string, mentions []timex.Mention, start, end, base int, marks []Highlight) (timex.Mention, bool) {
	var best timex.Mention
	bestCost := -1
	for _, m := range mentions {
		if m.Start < start || m.End > end || (m.Type != timex.Date && m.Type != timex.Time) {
			continue
		}
		if _, _, ok := timex.Interval(m.Value, m.Mod); !ok || namesAThing(body, m) || inApposition(body[start:end], m.Start-start) ||
			inCareer(body[start:end], m.Start-start) || inReducedRelative(body[start:end], m.Start-start) {
			continue
		}
		cost := wordDistance(body, m, marks, base) + precisionCost[m.Precision]
		if isReportDate(body[start:m.Start]) {
			cost += reportCost
		}
		if bestCost < 0 || cost < bestCost {
			best, bestCost = m, cost
		}
	}
	return best, bestCost >= 0
}

// wordDistance counts the words between a mention and the nearest mark.
func wordDistance(body string, m timex.Mention, marks []Highlight, base int) int {
	best := -1
	for _, mk := range marks {
		a, b := mk.Start+base, mk.End+base
		var between string
		switch {
		case b <= m.Start:
			between = body[b:m.Start]
		case a >= m.End:
			between = body[m.End:a]
		}
		n := len(strings.Fields(between))
		if best < 0 || n < best {
			best = n
		}
	}
	return max(best, 0)
}

// reportWords introduce a report besides the speech verbs
// (english.IsSpeechVerb): "cited by", "according to", "in a statement".
var reportWords = map[string]bool{
	"cited": true, "quoted": true, "according": true, "published": true, "announcement": true, "statement": true,
}

// linkWords may stand between a reporting verb and its date ("announced on",
// "cited by Shafaq News last week", "said in a statement on").
var linkWords = map[string]bool{"on": true, "by": true, "in": true, "at": true, "a": true, "to": true, "the": true}

// isReportDate says whether the text before a mention ends with a reporting
// verb, with only link words and names between: then the mention dates the
// report, not the event.
func isReportDate(before string) bool {
	words := strings.Fields(before)
	for i := len(words) - 1; i >= 0 && i >= len(words)-8; i-- {
		w := strings.TrimFunc(words[i], func(r rune) bool { return !unicode.IsLetter(r) })
		lw := strings.ToLower(w)
		switch {
		case english.IsSpeechVerb(lw) || reportWords[lw]:
			return true
		case linkWords[lw] || w == "":
			continue
		case startsUpper(w):
			continue // a name: "cited by Shafaq News"
		default:
			return false
		}
	}
	return false
}

func startsUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// creditFor returns who the text credits for the sentence(s) in body[start:end].
func creditFor(credits []corpus.Credit, start, end int) string {
	for _, c := range credits {
		if c.Start < end && c.End > start {
			return c.Who
		}
	}
	return ""
}

// namesAThing says whether a bare year modifies a noun ("the 1991
// agreement", "the company's 2010 conference"): it names a thing, not the
// time of the statement's event, so it cannot date the statement.
func namesAThing(body string, m timex.Mention) bool {
	if len(m.Text) != 4 || strings.Trim(m.Text, "0123456789") != "" {
		return false
	}
	after := strings.Fields(body[m.End:min(len(body), m.End+40)])
	if m.End >= len(body) || body[m.End] != ' ' || len(after) == 0 || !startsLetter(after[0]) || linkWords[after[0]] ||
		after[0] == "and" || after[0] == "or" || after[0] == "when" {
		return false
	}
	before := strings.Fields(body[max(0, m.Start-40):m.Start])
	if len(before) == 0 {
		return false
	}
	prev := strings.ToLower(before[len(before)-1])
	return english.IsArticle(prev) || english.IsDefiniteDeterminer(prev) || strings.HasSuffix(prev, "'s") || strings.HasSuffix(prev, "’s")
}

func startsLetter(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLetter(r)
}

// Where a date comes from (DateRef.DateFrom).
const (
	DateFromSentence    = "sentence"
	DateFromLead        = "lead"
	DateFromPublication = "publication"
)

// storyDay is the day the article's lead says its news happened: the first
// day-precise date in the first passage, at most index.LeadDays before publication.
func (f found) storyDay() (timex.Mention, bool) {
	for _, m := range f.lead.Mentions {
		if m.Precision != timex.PrecisionDay || (m.Type != timex.Date && m.Type != timex.Time) {
			continue
		}
		start, _, ok := timex.Interval(m.Value, m.Mod)
		if !ok || isReportDate(f.article.Body[f.lead.Start:m.Start]) {
			continue
		}
		pub := f.article.Published
		if d := pub.Sub(start); d >= 0 && d <= index.LeadDays*24*time.Hour {
			return m, true
		}
	}
	return timex.Mention{}, false
}

// appositionVerbs open a phrase set off by commas that describes a noun
// ("Jobs, born in San Francisco on February 24, 1955, has built…"; "the
// company, founded in 1976, …").
var appositionVerbs = map[string]bool{"born": true, "founded": true, "established": true, "formed": true,
	"created": true, "incorporated": true, "opened": true, "built": true}

// inApposition says whether the mention at offset at of sentence stands in
// such a phrase: its date belongs to the noun, not to the statement.
func inApposition(sentence string, at int) bool {
	comma := strings.LastIndex(sentence[:at], ",")
	if comma < 0 {
		return false
	}
	words := strings.Fields(sentence[comma+1 : at])
	return len(words) > 0 && appositionVerbs[strings.ToLower(words[0])]
}

// objectLinks stand before the article of a noun phrase that is an object,
// not a subject: a present-tense verb is checked apart.
var objectLinks = map[string]bool{"of": true, "under": true, "with": true, "to": true, "against": true, "over": true}

// inReducedRelative says whether the mention at offset at of sentence ends a
// participle phrase that describes an object ("violates an agreement
// reached between the two companies in 1991", "under the deal signed in
// March"): the date is the agreement's, not the statement's. The noun
// phrase must follow a present-tense verb or a preposition, so that "Apple
// said the company reached a deal in 1991" keeps its date.
func inReducedRelative(sentence string, at int) bool {
	words := strings.Fields(sentence[:at])
	for i := len(words) - 1; i >= 3 && i >= len(words)-8; i-- {
		w := strings.ToLower(strings.Trim(words[i], ",.;:()\""))
		if w != words[i] && strings.ContainsAny(words[i], ",;:") {
			return false // a clause boundary before the participle
		}
		if timex.Tense(w) != "past" {
			continue
		}
		article := strings.ToLower(words[i-2])
		before := strings.ToLower(strings.Trim(words[i-3], ",.;:()\""))
		return english.IsArticle(article) && startsLetter(words[i-1]) && !startsUpper(words[i-1]) &&
			(objectLinks[before] || presentVerb(before))
	}
	return false
}

// presentVerb says w is a verb in the present: one the tense markers know,
// or a third-person form ("violates", "breaches") standing after a subject.
func presentVerb(w string) bool {
	return timex.Tense(w) == "present" || (len(w) > 4 && strings.HasSuffix(w, "es") && !strings.HasSuffix(w, "ies"))
}

// careerWords name an office or a job a person held; a period after one
// ("minister between August 1984 and June 1986", "chairman from 1979 to
// 1983") is a career, not the time of the statement.
var careerWords = map[string]bool{
	"minister": true, "president": true, "chairman": true, "chairwoman": true, "director": true,
	"governor": true, "ambassador": true, "secretary": true, "head": true, "chief": true, "executive": true,
	"premier": true, "mayor": true, "senator": true, "commander": true, "editor": true, "leader": true,
	"served": true, "worked": true, "ceo": true, "envoy": true, "member": true, "deputy": true,
}

// inCareer says the mention at offset at of sentence closes or opens a
// period after an office ("minister between August 1984 and June 1986"):
// a biography's dates, which do not date the statement.
func inCareer(sentence string, at int) bool {
	words := strings.Fields(sentence[max(0, at-80):at])
	for i := len(words) - 1; i >= 0 && i >= len(words)-8; i-- {
		w := strings.ToLower(strings.Trim(words[i], ",.;:()"))
		if w != "between" && w != "from" {
			if !periodWord(w) {
				return false // the mention is not inside "between … and …"
			}
			continue
		}
		for k := i - 1; k >= 0 && k >= i-3; k-- {
			if careerWords[strings.ToLower(strings.Trim(words[k], ",.;:()"))] {
				return true
			}
		}
	}
	return false
}

// periodWord may stand inside "between August 1984 and June 1986": a
// number, a month, a conjunction of the range.
func periodWord(w string) bool {
	if _, ok := english.Month(w); ok || w == "and" || w == "to" || w == "until" || w == "through" ||
		w == "early" || w == "late" || w == "mid" || w == "the" {
		return true
	}
	return strings.Trim(w, "0123456789's") == ""
}
