package timex

import (
	"time"

	"github.com/dateline-bot/dateline/english"
)

// scanner holds one text being tagged and what it has read so far.
type scanner struct {
	text  string
	toks  []token
	ix    *ruleIndex // which rules to try at a token (rules.go)
	sent  []int32    // first token of each token's sentence
	dct   time.Time
	today cal // the publication date at day precision

	// The last calendar value mentioned, and the last quarter, for
	// anaphoric expressions ("that year", "a year earlier", "the quarter").
	last, lastQuarter       cal
	hasLast, hasLastQuarter bool
	// lastQuarterDone says the last quarter named is over at publication:
	// before the current quarter, or reported in the past tense.
	lastQuarterDone bool
	// lastEnd is the token after the last mention, for a second day that
	// shares its month ("April 24 and 25").
	lastEnd int
}

func newScanner(text string, dct time.Time) *scanner {
	dct = time.Date(dct.Year(), dct.Month(), dct.Day(), 0, 0, 0, 0, time.UTC)
	toks := english.Tokenize(text)
	return &scanner{text: text, toks: toks, ix: &startIndex, sent: sentenceStarts(text, toks), dct: dct, today: dayCal(dct)}
}

// result is one expression read by a rule: the token after it and what it
// means.
type result struct {
	end    int // exclusive token index
	typ    Type
	value  string
	mod    string
	c      cal // the calendar value, when hasCal
	hasCal bool
	amount bool // a date reached by counting ("two years ago"): takes "more than"
	// noAnchor keeps a value out of the anaphora state: "a year earlier"
	// names the comparison period, not the period the text is about.
	noAnchor bool
}

func dateResult(end int, c cal, mod string) result {
	t := Date
	if c.prec == PrecisionTime {
		t = Time
	}
	return result{end: end, typ: t, value: c.value(), mod: mod, c: c, hasCal: true}
}

// scan walks the tokens and keeps the longest expression starting at each
// position that starts one.
func (s *scanner) scan() []Mention {
	var out []Mention
	for i := 0; i < len(s.toks); {
		m, next, ok := s.step(i)
		if ok {
			out = append(out, m)
		}
		i = next
	}
	return out
}

// step reads the expression at token i, if any, and returns it with the
// token to continue from.
func (s *scanner) step(i int) (m Mention, next int, ok bool) {
	if !s.canStart(i) {
		return Mention{}, i + 1, false
	}
	r, ok := s.match(i)
	if !ok || r.end <= i || !ValidValue(r.value) {
		// A value that cannot be written (a publication date far outside
		// years 0-9999 resolves "yesterday" to year 30000) is dropped
		// rather than returned malformed.
		return Mention{}, i + 1, false
	}
	if s.insideWord(i, r.end) {
		return Mention{}, i + 1, false // "model x2q7": letters and digits of a code
	}
	if r.hasCal && r.mod == "" && (r.typ == Date || r.typ == Time) {
		r.mod = s.signalMod(i)
	}
	start, end := s.toks[i].Start, s.toks[r.end-1].End
	m = Mention{
		Start: start, End: end, Text: s.text[start:end],
		Type: r.typ, Value: r.value, Mod: r.mod, Precision: PrecisionOf(r.value),
	}
	s.lastEnd = r.end
	if r.hasCal && !r.noAnchor && (r.typ == Date || r.typ == Time) && !s.periodEnd(i) {
		s.last, s.hasLast = r.c, true
		if r.c.prec == PrecisionQuarter {
			s.lastQuarter, s.hasLastQuarter = r.c, true
			current := s.today.coarsen(PrecisionQuarter)
			s.lastQuarterDone = r.c.date().Before(current.date()) || s.tenseAt(i) == tensePast
		}
	}
	return m, r.end, true
}

// insideWord says the tokens [i, end) are glued to letters or digits on
// either side: part of a code or a name ("x2q7", "A320s"), not a date.
func (s *scanner) insideWord(i, end int) bool {
	if s.glued(i) && s.toks[i-1].Kind != tokPunct {
		return true
	}
	return s.glued(end) && s.toks[end].Kind != tokPunct && s.toks[end-1].Kind != tokPunct
}

// signalMod reads the word before a calendar expression that bounds it:
// "before June" is BEFORE, "after 1990" AFTER, "by Friday" and "up to
// 1989" ON_OR_BEFORE, "since 2004" ON_OR_AFTER ("until Tuesday" is left
// as it is: what was "postponed until Tuesday" happens then). As in TimeML,
// the word is a signal outside the expression's span; the mod says what
// it does to the date, so that answers show "before Jun 1987" and order
// it before June.
func (s *scanner) signalMod(i int) string {
	switch s.w(i - 1) {
	case "before":
		return "BEFORE"
	case "after":
		return "AFTER"
	case "by":
		return "ON_OR_BEFORE"
	case "since":
		return "ON_OR_AFTER"
	case "to":
		switch s.w(i - 2) {
		case "prior":
			return "BEFORE"
		case "up":
			return "ON_OR_BEFORE"
		}
	}
	return ""
}

// match tries every rule at token i and keeps the longest reading.
func (s *scanner) match(i int) (result, bool) {
	best, found := result{}, false
	consider := func(r result, ok bool) {
		if ok && r.end > i && (!found || r.end > best.end) {
			best, found = r, true
		}
	}
	// A leading modifier written before the expression ("late 2025")
	// replaces any mod the expression carries itself.
	mod, kind, j := s.prefixMod(i)
	if j > i {
		r, ok := s.core(j)
		if ok && modFits(kind, r) && !s.looseModifier(i, j) {
			r.mod = mod
			consider(r, true)
		}
	}
	consider(s.core(i))
	if !found {
		return best, false
	}
	best = s.suffixMod(best)
	return best, true
}

// looseModifier says the modifier word at i stays outside the span of the
// expression at j, as news annotation does for "early Friday", "later
// today" and "earlier this week" (but not "late yesterday" or "early 2025").
func (s *scanner) looseModifier(i, j int) bool {
	switch s.w(i) {
	case "early", "earlier", "late", "later", "around", "about":
	default:
		return false
	}
	_, weekday := weekdayNamed(s.w(j))
	if s.w(j) == "this" && s.w(j+1) == "week" {
		// "early this week" is the start of the week (mod START); "earlier
		// this week" only some time before now.
		return s.w(i) != "early" && s.w(i) != "late"
	}
	return weekday || s.w(j) == "today"
}

// Token helpers. All are safe out of range.

// w is the lower-case word at i, or "".
func (s *scanner) w(i int) string {
	if i < 0 || i >= len(s.toks) || s.toks[i].Kind != tokWord {
		return ""
	}
	return s.toks[i].Lower
}

// p is the (normalised) punctuation at i, or "".
func (s *scanner) p(i int) string {
	if i < 0 || i >= len(s.toks) || s.toks[i].Kind != tokPunct {
		return ""
	}
	return s.toks[i].Lower
}

// n is the value of the digit run at i and its length in digits.
func (s *scanner) n(i int) (value, digits int, ok bool) {
	if i < 0 || i >= len(s.toks) || s.toks[i].Kind != tokNum {
		return 0, 0, false
	}
	return s.toks[i].Num, len(s.toks[i].Text), true
}

// glued says token i follows token i-1 with no space between.
func (s *scanner) glued(i int) bool {
	return i > 0 && i < len(s.toks) && !s.toks[i].Space
}

// capital says the word at i starts with a capital letter.
func (s *scanner) capital(i int) bool {
	return i >= 0 && i < len(s.toks) && s.toks[i].Capital
}

// standaloneNumber says the digit run at i is a whole number on its own:
// not part of "2,500", "3.5", "10:30", "$5", "No. 10" or "#3".
func (s *scanner) standaloneNumber(i int) bool {
	if i < 0 || i >= len(s.toks) || s.toks[i].Kind != tokNum {
		return false
	}
	if s.glued(i) {
		switch s.p(i - 1) {
		case ",", ".", ":", "$", "#", "£", "€", "/":
			return false
		}
		if s.toks[i-1].Kind == tokNum {
			return false
		}
	}
	if s.glued(i + 1) {
		switch s.p(i + 1) {
		case ",", ".", ":", "/":
			if s.glued(i+2) && i+2 < len(s.toks) && s.toks[i+2].Kind == tokNum {
				return false
			}
		case "%":
			return false
		}
	}
	if s.w(i+1) == "percent" || s.w(i+1) == "pct" {
		return false
	}
	prev := i - 1
	if s.p(prev) == "." {
		prev--
	}
	if s.w(prev) == "no" && s.capital(prev) || s.w(prev) == "number" || s.w(prev) == "nos" {
		return false
	}
	return true
}

// periodEnd says the date at i closes a quarter the text has just named
// ("the fiscal first quarter ended Sept. 30"): the quarter,
// not its last day, stays what the text is about, so "a year earlier"
// afterwards is that period a year before.
func (s *scanner) periodEnd(i int) bool {
	switch s.w(i - 1) {
	case "ended", "ending":
		return s.w(i-2) == "quarter" || s.w(i-2) == "period"
	}
	return false
}
