package timex

import (
	"strings"

	"github.com/dateline-bot/dateline/english"
)

// Clause-level tense. A sentence in news often holds several verb groups:
// "On Sunday, the minister said in an interview that prices would rise"
// has a reporting verb ("said", past) and a reported clause ("would
// rise"). A relative expression takes its direction from the verb group it
// attaches to: first from the words it hangs on ("ahead of the summit on
// Tuesday", "postponed until Tuesday", "Tuesday's ruling"), then from the
// clause around it (bounded by a complementizer "that", a relative
// pronoun, a semicolon, or a reporting verb whose complement it sits in),
// and only then, as HeidelTime does, from the nearest verb of the sentence.

// tenseSource says how sure a tense is: where it was found.
type tenseSource uint8

const (
	fromNothing  tenseSource = iota
	fromSentence             // the nearest marker of the sentence: a guess
	fromClause               // a marker of the clause the expression is in
	fromAttached             // the words the expression hangs on
)

// clauseTense finds the tense of the verb group token i attaches to, and
// where it was found.
func (s *scanner) clauseTense(i int) (tense, tenseSource) {
	if i >= len(s.toks) {
		i = len(s.toks) - 1
	}
	if i < 0 {
		return tenseNone, fromNothing
	}
	start, end := s.sentenceBounds(i)
	// "since" just before a date puts it in the past whatever the verb
	// ("have been searching since shortly after the Oct. 23 slaying").
	for j := i - 1; j >= start && j >= i-4 && s.toks[j].Kind == tokWord; j-- {
		if s.toks[j].Lower == "since" {
			return tensePast, fromAttached
		}
	}
	lo, hi, verb := s.clauseAround(i, start, end)
	if verb >= 0 {
		// The expression follows a reporting verb directly ("said
		// Friday", "announced on Monday"): it dates the report.
		return s.tokenTense(verb), fromAttached
	}
	if t, ok := s.attachedTense(i, lo, hi); ok {
		return t, fromAttached
	}
	if t := s.nearestTense(i, lo, hi); t != tenseNone {
		return t, fromClause
	}
	if t := s.nearestTense(i, start, end); t != tenseNone {
		return t, fromSentence
	}
	return tenseNone, fromNothing
}

// sentenceBounds returns the tokens [start, end) of token i's sentence.
func (s *scanner) sentenceBounds(i int) (start, end int) {
	start = int(s.sent[i])
	end = i + 1
	for end < len(s.toks) && int(s.sent[end]) == start {
		end++
	}
	return start, end
}

// nearestTense returns the tense of the marker nearest to token i within
// [lo, hi), looking both ways (at most 40 tokens).
func (s *scanner) nearestTense(i, lo, hi int) tense {
	for d := 1; d < 40; d++ {
		back, ahead := i-d, i+d
		if back < lo && ahead >= hi {
			break
		}
		if back >= lo {
			if t := s.tokenTense(back); t != tenseNone {
				return t
			}
		}
		if ahead < hi {
			if t := s.tokenTense(ahead); t != tenseNone {
				return t
			}
		}
	}
	return tenseNone
}

// clauseAround returns the clause [lo, hi) of token i within the sentence
// [start, end). When the expression directly follows a reporting verb
// ("said on Friday"), verb is that verb's token; otherwise -1.
func (s *scanner) clauseAround(i, start, end int) (lo, hi, verb int) {
	lo, hi, verb = start, end, -1
	relative := false
	for j := i - 1; j >= start; j-- {
		t := s.toks[j]
		if t.Kind == tokPunct {
			if t.Lower == ";" || t.Lower == ":" {
				lo = j + 1
				break
			}
			continue
		}
		w := t.Lower
		if english.IsSpeechVerb(w) && w != "say" && !s.nounLike(j) {
			if s.reportDate(j, i) {
				return lo, hi, j
			}
			lo = j + 1 // the reported clause starts after its verb
			break
		}
		if w == "that" && s.complementizer(j) || w == "who" || w == "which" || w == "whose" {
			lo = j + 1
			relative = w != "that"
			break
		}
	}
	for j := i + 1; j < end; j++ {
		t := s.toks[j]
		if t.Kind == tokPunct {
			if t.Lower == ";" || t.Lower == ":" || t.Lower == "," && relative {
				hi = j
				break
			}
			continue
		}
		w := t.Lower
		if w == "that" && s.complementizer(j) || w == "who" || w == "which" || w == "whose" {
			hi = j
			break
		}
		if english.IsSpeechVerb(w) && !s.nounLike(j) {
			// A trailing attribution (", officials said") is a clause
			// of its own.
			for k := j - 1; k > i && k >= j-4; k-- {
				if s.p(k) == "," {
					hi = k
					return lo, hi, verb
				}
			}
		}
	}
	return lo, hi, verb
}

// reportDate says the expression at b dates the reporting verb at a: it
// follows the verb directly or after a phrase that belongs to the report,
// not to what is reported ("said on Friday", "said in a statement on
// Monday", "told reporters on Saturday"; not "said the plant closed on
// Friday", "said its unit on Monday will start", "said from September").
func (s *scanner) reportDate(a, b int) bool {
	if b-a > 6 {
		return false
	}
	for j := a + 1; j < b; j++ {
		if s.toks[j].Kind == tokPunct && s.toks[j].Lower != "," || s.tokenTense(j) != tenseNone {
			return false
		}
		switch s.w(j) {
		case "that", "it", "he", "she", "they", "we", "i", "would", "to", "from", "until", "till", "by",
			"before", "after", "since", "through":
			return false
		}
	}
	if b == a+1 {
		return true
	}
	switch first := s.w(a + 1); {
	case first == "on" || first == "late" || first == "early" || first == "last" || first == "this" ||
		first == "earlier" || first == "later":
		return b-a <= 3 // "said on Friday", "said late on Friday"
	case first == "in" || first == "at" || first == "during" || first == "after":
		return true // "said in a statement on Monday"
	}
	switch s.w(a) {
	case "told", "tells", "tell", "asked", "informed", "briefed":
		return true // "told reporters on Saturday": an object, then the date
	}
	return false
}

// nounLike says a speech verb at j is a noun or adjective here ("news
// reports", "the said agreement", "member states").
func (s *scanner) nounLike(j int) bool {
	if english.IsDeterminer(s.w(j - 1)) {
		return true
	}
	return english.IsNounLikeSpeechVerb(s.w(j))
}

// complementizer says "that" at j opens a clause ("said that", "warned
// that"), rather than pointing at a thing ("that day", "that year").
func (s *scanner) complementizer(j int) bool {
	prev := s.w(j - 1)
	if english.IsSpeechVerb(prev) || strings.HasSuffix(prev, "ed") && !edExceptions[prev] {
		return true
	}
	for k := j - 2; k >= j-6 && k >= 0; k-- {
		if english.IsSpeechVerb(s.w(k)) && !s.nounLike(k) {
			return true // "said on Saturday that", "told reporters that"
		}
	}
	switch prev {
	case "believe", "believes", "hope", "hopes", "expect", "expects", "think", "thinks", "thought",
		"know", "knew", "feared", "fear", "fears", "ensure", "so", "now":
		return true
	}
	return false
}

// attachedTense reads the words a relative expression at i hangs on, in
// its clause [lo, hi): "ahead of the summit on Tuesday", "before leaving
// on Sunday" and a deadline ("until Tuesday", "by June") point forward,
// unless a deadline closes a state already past ("stayed until Friday").
func (s *scanner) attachedTense(i, lo, hi int) (tense, bool) {
	for j := i - 1; j >= lo && j >= i-6; j-- {
		w := s.w(j)
		switch {
		case w == "ahead" && s.w(j+1) == "of", w == "before" && strings.HasSuffix(s.w(j+1), "ing") && j+1 < i:
			return tenseFuture, true
		case w == "until" || w == "till" || w == "by" && j == i-1:
			return s.deadlineTense(j, lo, hi), true
		case (w == "is" || w == "are") && (j == i-1 || j == i-2 && s.w(i-1) == "on") && s.p(i+1) != "'":
			// "the vote is Friday": a present copula naming the day of
			// something still to come (past ones say "was").
			return tenseFuture, true
		}
		if s.toks[j].Kind == tokWord && s.tokenTense(j) != tenseNone {
			break // a verb of its own stands between
		}
	}
	return tenseNone, false
}

// deadlineTense is the tense of "until X" or "by X" at j: the future,
// unless the clause's verb tells a past state or action that lasted until
// then ("stayed open until Friday", "had doubled by June"). Verbs that
// move or set a deadline ("postponed until", "halted until", "has until")
// still point forward.
func (s *scanner) deadlineTense(j, lo, hi int) tense {
	for d := 1; d < 40; d++ {
		k := j - d
		if k < lo {
			break
		}
		t := s.tokenTense(k)
		if t == tenseNone {
			continue
		}
		switch {
		case (s.w(k) == "had" || s.w(k) == "has" || s.w(k) == "have") && s.w(k+1) == "until":
			return tenseFuture // "it had until June": the time it was given
		case t == tensePast && (s.w(k-1) == "had" || s.w(k-2) == "had"):
			return tensePast // "had asked for the data by Monday": a deadline now past
		case t != tensePast || deadlineVerbs[s.w(k)]:
			return tenseFuture
		}
		return tensePast
	}
	if t := s.nearestTense(j, lo, hi); t == tensePast {
		return tensePast
	}
	return tenseFuture
}

// deadlineVerbs set or move a deadline: what follows "until" is ahead.
var deadlineVerbs = map[string]bool{
	"postponed": true, "delayed": true, "deferred": true, "adjourned": true, "halted": true,
	"suspended": true, "extended": true, "given": true, "gave": true, "granted": true, "set": true,
	"rescheduled": true, "recessed": true, "closed": true,
	"shut": true, "barred": true, "banned": true, "frozen": true, "froze": true, "told": true,
	"asked": true, "ordered": true, "allowed": true, "expected": true, "scheduled": true,
}
