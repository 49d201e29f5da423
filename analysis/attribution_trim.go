package analysis

import (
	"strings"

	"github.com/dateline-bot/dateline/english"
)

// Trimming a credited phrase to a short, plausible name (the rules are
// listed at the top of attribution_patterns.go) and the word tests those
// rules need.

// cutPhrase returns the last token to keep of [first, last], cutting a
// relative clause, a participial clause, a trailing time expression or "in
// a statement".
func (s *sentence) cutPhrase(first, last int) int {
	for j := first + 1; j <= last; j++ {
		if s.toks[j].kind != tokWord {
			continue
		}
		lw := s.low(j)
		if agentParticiples[lw] && s.wordIs(j+1, "by") && s.isWord(j+2) && s.toks[j+2].upper {
			j = s.nameEnd(j+2, last) // keep "cited by Shafaq News"
			continue
		}
		if relativeWords[lw] || s.startsTimeExpr(j) || s.isParticipleClause(j) || s.startsInAStatement(j) {
			return s.trimBack(first, j-1)
		}
	}
	return s.trimBack(first, last)
}

// trimBack moves last back over punctuation that cannot end a phrase.
func (s *sentence) trimBack(first, last int) int {
	for last >= first && s.toks[last].kind != tokWord && s.toks[last].kind != tokCloseParen {
		last--
	}
	return last
}

// nameEnd returns the last token of the capitalised name starting at i
// ("Shafaq News", "the Associated Press" after its "the"), not past limit.
func (s *sentence) nameEnd(i, limit int) int {
	end := i
	for j := i + 1; j <= limit; j++ {
		switch {
		case s.isWord(j) && s.toks[j].upper:
			end = j
		case (s.wordIs(j, "of") || s.wordIs(j, "and") || s.wordIs(j, "&")) && s.isWord(j+1) && s.toks[j+1].upper:
			continue
		case s.kindAt(j) == tokOpenParen || s.kindAt(j) == tokCloseParen:
			continue
		default:
			return end
		}
	}
	return end
}

// isParticipleClause reports whether word j starts a participial clause
// that trails a noun: "fighter deployed at …", "officials speaking on …".
func (s *sentence) isParticipleClause(j int) bool {
	if !s.looksLikeParticiple(j) {
		return false
	}
	p := j - 1
	if !s.isWord(p) {
		return true
	}
	lp := s.low(p)
	return !english.IsDeterminer(lp) && !s.isAdverb(p) && !participleAdjectives[lp]
}

// looksLikeParticiple reports whether word j is a lower-case -ed or -ing
// form that is not a common adjective or noun.
func (s *sentence) looksLikeParticiple(j int) bool {
	t := s.toks[j]
	if t.kind != tokWord || !t.lower {
		return false
	}
	w := s.text(j)
	if len(w) <= 4 || strings.ContainsAny(w, "-'\u2019") || participleAdjectives[w] {
		return false
	}
	return strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing")
}

// startsTimeExpr reports whether word j begins a time expression: "last
// week", "on 27 January", "yesterday", "on Monday".
func (s *sentence) startsTimeExpr(j int) bool {
	lw := s.low(j)
	switch {
	case isTimeAdverb(lw):
		return true
	case timeModifiers[lw]:
		return s.wordWhere(j+1, isTimeNoun)
	case timePrepositions[lw]:
		n := j + 1
		if s.wordIs(n, "the") || s.wordIs(n, "late") || s.wordIs(n, "early") || s.wordIs(n, "mid") {
			n++
		}
		if !s.isWord(n) {
			return false
		}
		return s.wordWhere(n, isTimeNoun) || isDigits(s.text(n)[:1])
	}
	return false
}

// startsInAStatement reports whether word j begins "in a statement".
func (s *sentence) startsInAStatement(j int) bool {
	return s.wordIs(j, "in") && (s.wordIs(j+1, "a") || s.wordIs(j+1, "an")) && s.wordIn(j+2, statementNouns)
}

// plausibleSubject reports whether [first, last] reads as someone who can
// be credited, not a clause or a fragment.
func (s *sentence) plausibleSubject(first, last int) bool {
	n := s.words(first, last)
	if n == 0 || n > 12 {
		return false
	}
	for j := first; j <= last; j++ {
		t := s.toks[j]
		if t.quoted || t.kind == tokOpenQuote || t.kind == tokCloseQuote || t.kind == tokEnd {
			return false
		}
		if t.kind == tokWord && (finiteVerbs[s.low(j)] || t.lower && english.IsSpeechVerb(s.text(j)) && !english.IsNounLikeSpeechVerb(s.text(j))) {
			return false
		}
	}
	if s.toks[first].kind == tokOpenParen && s.isWord(first+1) {
		first++ // "<Morgan Stanley & Co> Managing Director Donald Brennan"
	}
	if !s.isWord(first) {
		return false
	}
	if ll := s.low(last); s.isWord(last) && (prepositions[ll] || english.IsDeterminer(ll) || ll == "and" || ll == "or") {
		return false // "the dependence of": a fragment, not a name
	}
	lf := s.low(first)
	return !prepositions[lf] && !relativeWords[lf] && !clauseBoundaries[lf] && lf != "there" &&
		lf != "what" && !s.isAdverb(first) && !isDigits(lf)
}

// hasCapitalWord reports whether a word in [first, last] is capitalised.
func (s *sentence) hasCapitalWord(first, last int) bool {
	for j := first; j <= last; j++ {
		if s.toks[j].kind == tokWord && s.toks[j].upper {
			return true
		}
	}
	return false
}

// isAdverb reports whether token i is a lower-case -ly word ("reportedly";
// "Bally" and "Italy" are names).
func (s *sentence) isAdverb(i int) bool {
	if !s.isWord(i) || !s.toks[i].lower {
		return false
	}
	w := s.text(i)
	return len(w) > 4 && strings.HasSuffix(w, "ly")
}
