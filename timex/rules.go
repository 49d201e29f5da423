package timex

import (
	"iter"
	"maps"
	"slices"

	"github.com/dateline-bot/dateline/english"
)

// rule is one reader of expressions (rules_*.go) with the tokens an
// expression it reads can begin with. The scanner tries a rule only at
// its own start tokens, so the two are declared side by side: a reading
// that begins anywhere else would never be tried (TestRuleStarts checks
// every rule against every token of the test texts and the dev data).
type rule struct {
	name  string
	read  func(s *scanner, i int) (result, bool)
	start starts
}

// starts says which tokens a rule's expressions can begin with.
type starts struct {
	words      []string // lower-case words
	number     bool     // a digit run ("23 January", "1990s", "10:35")
	apostrophe bool     // "'80s"
}

// rules are tried in this order; among readings of the same length the
// first wins.
var rules = []rule{
	{"iso date", (*scanner).isoDate, starts{number: true}},
	{"month date", (*scanner).monthDate, starts{words: collect(english.MonthWords(), english.WeekdayWords())}},
	{"day month date", (*scanner).dayMonthDate, starts{words: collect(english.WeekdayWords(), list("the")), number: true}},
	{"weekday", (*scanner).weekdayDate, starts{words: collect(english.WeekdayWords())}},
	{"year", (*scanner).yearDate, starts{words: words("fiscal", "the", "year", "nineteen", "eighteen", "two"), number: true}},
	{"decade", (*scanner).decadeDate, starts{words: words("the"), number: true, apostrophe: true}},
	{"century", (*scanner).centuryDate, starts{words: collect(list("the"), maps.Keys(ordinalWords)), number: true}},
	{"quarter", (*scanner).quarterDate, starts{words: collect(list("the", "this", "last", "next", "year", "fiscal", "q", "final"), maps.Keys(ordinalWords)), number: true}},
	{"half", (*scanner).halfDate, starts{words: words("the", "first", "second", "latter", "final", "h")}},
	{"anaphoric quarter", (*scanner).anaphoricQuarter, starts{words: words("the", "last", "that")}},
	{"season", (*scanner).seasonDate, starts{words: collect(list("the", "this", "current", "last", "past", "previous", "next", "coming"), maps.Keys(seasonNames))}},
	{"relative date", (*scanner).relativeDate, starts{words: words("the", "last", "past", "next", "this", "that")}},
	{"week of", (*scanner).weekOfDate, starts{words: words("the")}},
	{"second day", (*scanner).secondDay, starts{number: true}},
	{"day before", (*scanner).dayBeforeDate, starts{words: words("the", "day")}},
	{"deictic date", (*scanner).deicticDate, starts{words: words("today", "yesterday", "tomorrow", "tonight", "the", "year", "morning", "afternoon", "evening")}},
	{"clock time", (*scanner).clockTime, starts{words: words("noon", "midday", "midnight"), number: true}},
	{"mid part of day", (*scanner).midPartOfDay, starts{words: collect(maps.Keys(partsOfDay))}},
	{"holiday", (*scanner).holidayExpr, starts{words: collect(list("last", "next", "this"), holidayFirstWords())}},
	{"set", (*scanner).setExpr, starts{words: collect(maps.Keys(setAdverbs), english.WeekdayWords(), weekdayPlurals(), list("every", "each"))}},
	{"reference", (*scanner).refExpr, starts{words: collect(maps.Keys(refWords), list("these", "then", "current", "the"))}},
	{"duration", (*scanner).durationExpr, starts{
		words: collect(
			list("the", "another", "a", "an", "couple"),
			list("past", "last", "next", "first", "coming", "previous", "following", "final", "latest", "initial", "recent", "ensuing"),
			maps.Keys(vagueAmounts), maps.Keys(numberWords), maps.Keys(unitWords)),
		number: true,
	}},
}

// ruleIndex finds the rules to try at a token.
type ruleIndex struct {
	rules      []rule
	byWord     map[string][]int // positions in rules, in order
	number     []int
	apostrophe []int
	modifiers  map[string]bool // first words of the leading modifiers (mods.go)
}

// startIndex is built once from rules and only read afterwards. Scanners
// reach it through their own field: a rule that reads a nested expression
// ("the day before" + a date) calls core, and a package variable there
// would make the rule table refer to itself.
var startIndex = buildRuleIndex(rules)

func buildRuleIndex(rs []rule) ruleIndex {
	ix := ruleIndex{rules: rs, byWord: map[string][]int{}, modifiers: map[string]bool{}}
	for n, r := range rs {
		for _, w := range r.start.words {
			if l := ix.byWord[w]; len(l) == 0 || l[len(l)-1] != n {
				ix.byWord[w] = append(l, n)
			}
		}
		if r.start.number {
			ix.number = append(ix.number, n)
		}
		if r.start.apostrophe {
			ix.apostrophe = append(ix.apostrophe, n)
		}
	}
	for _, pm := range prefixMods {
		ix.modifiers[pm.words[0]] = true
	}
	return ix
}

// rulesAt returns the positions in rules of the rules that may read an
// expression beginning at token t.
func (ix ruleIndex) rulesAt(t token) []int {
	switch t.Kind {
	case tokNum:
		return ix.number
	case tokPunct:
		if t.Lower == "'" {
			return ix.apostrophe
		}
		return nil
	}
	return ix.byWord[t.Lower]
}

// canStart says whether an expression, or a modifier before one, may begin
// at token i. Most tokens of a text are rejected by one map lookup.
func (s *scanner) canStart(i int) bool {
	t := s.toks[i]
	return len(s.ix.rulesAt(t)) > 0 || t.Kind == tokWord && s.ix.modifiers[t.Lower]
}

// core runs the rules that may read an expression at token i (without a
// leading modifier) and keeps the longest reading.
func (s *scanner) core(i int) (result, bool) {
	if i < 0 || i >= len(s.toks) {
		return result{}, false
	}
	best, found := result{}, false
	for _, n := range s.ix.rulesAt(s.toks[i]) {
		r, ok := s.ix.rules[n].read(s, i)
		if ok && r.end > i && (!found || r.end > best.end) {
			best, found = r, true
		}
	}
	return best, found
}

// list is a literal list of words.
func list(words ...string) iter.Seq[string] { return slices.Values(words) }

// words is a literal list of words, as the slice a rule declares.
func words(ws ...string) []string { return collect(list(ws...)) }

// collect gathers words from several lists, sorted, without repeats.
func collect(seqs ...iter.Seq[string]) []string {
	var out []string
	for _, seq := range seqs {
		out = slices.AppendSeq(out, seq)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// weekdayPlurals are "mondays", "tuesdays", ...: a weekday that recurs.
func weekdayPlurals() iter.Seq[string] {
	return func(yield func(string) bool) {
		for w := range english.WeekdayWords() {
			if !yield(w + "s") {
				return
			}
		}
	}
}

// holidayFirstWords are the words holiday names begin with.
func holidayFirstWords() iter.Seq[string] {
	return func(yield func(string) bool) {
		for _, h := range holidays {
			if !yield(h.words[0]) {
				return
			}
		}
	}
}
