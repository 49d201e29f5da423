package analysis

import "github.com/dateline-bot/dateline/english"

// Reading the noun phrase a pattern points at: the subject before a verb,
// back to the start of its clause, a name with its appositive, and the
// antecedent of "who".

// subjectBefore reads the subject that ends at token last, back to the
// start of its clause.
func (s *sentence) subjectBefore(last int) (phrase, bool) {
	b, depth := last, 0
	for ; b >= 0; b-- {
		if last-b > maxSubjectTokens {
			return phrase{}, false
		}
		t := s.toks[b]
		if t.quoted && depth == 0 {
			break
		}
		switch t.kind {
		case tokCloseParen:
			depth++
			continue
		case tokOpenParen:
			if depth > 0 {
				depth--
				continue
			}
		case tokWord:
			if depth > 0 || !s.isClauseBoundary(b) {
				continue
			}
		default:
			if depth > 0 {
				continue
			}
		}
		break
	}
	return s.finishSubject(b+1, last)
}

// isClauseBoundary reports whether word b begins a clause, so the subject
// starts after it. "and"/"or" do only before a lower-case word: "Smith and
// Jones said" is one subject, "… and the ministry said" is not.
func (s *sentence) isClauseBoundary(b int) bool {
	lw := s.low(b)
	if clauseBoundaries[lw] {
		return true
	}
	return (lw == "and" || lw == "or") && b+1 < len(s.toks) && s.toks[b+1].lower
}

// leadingTime returns how many words of a time expression start at
// token i ("earlier", "last month", "on Monday"), 0 for none.
func (s *sentence) leadingTime(i int) int {
	switch {
	case s.wordWhere(i, isTimeAdverb):
		return 1
	case s.wordIn(i, timeModifiers) && !s.wordIs(i, "the") && !s.wordIs(i, "that") && s.wordWhere(i+1, isTimeNoun):
		return 2
	case s.wordIs(i, "on") && s.wordWhere(i+1, isTimeNoun):
		return 2
	}
	return 0
}

// finishSubject trims and checks a subject [first, last].
func (s *sentence) finishSubject(first, last int) (phrase, bool) {
	for first <= last && (s.wordIn(first, leadingDrop) || s.wordIn(first, relativeWords) ||
		s.kindAt(first) != tokWord && s.kindAt(first) != tokOpenParen) {
		first++ // "and", "which [stock market analysts] said"
	}
	// A time word is never a speaker: "Earlier the bank said", "Last month
	// the ministry said", "Yesterday officials said".
	for first < last && s.leadingTime(first) > 0 {
		first += s.leadingTime(first)
	}
	if first > last {
		return phrase{}, false
	}
	if s.toks[first].kind == tokOpenParen && s.toks[last].kind == tokCloseParen && s.closingParen(first) == last {
		first, last = first+1, last-1 // "<Fischer-Watt Gold Co Inc> said"
		if first > last {
			return phrase{}, false
		}
	}
	if s.wordIn(first, prepositions) {
		first = s.afterLeadingAdverbial(first, last)
		if first > last {
			return phrase{}, false
		}
	}
	last = s.cutPhrase(first, last)
	if last < first || !s.plausibleSubject(first, last) {
		return phrase{}, false
	}
	return phrase{first, last}, true
}

// afterLeadingAdverbial skips a prepositional phrase that opens a subject
// without a comma. A capitalised subject is the name at the end ("in a
// reaction to the news European Commissioner Neelie Kroes said"); otherwise
// the subject starts at the last determiner ("On Monday the ministry said").
func (s *sentence) afterLeadingAdverbial(first, last int) int {
	if s.isWord(last) && s.toks[last].upper {
		j := last
		for j-1 > first {
			switch {
			case s.isWord(j-1) && s.toks[j-1].upper && !s.wordWhere(j-1, isTimeNoun):
				j--
				continue
			case (s.wordIs(j-1, "of") || s.wordIs(j-1, "for") || s.wordIs(j-1, "and")) && s.isWord(j-2) && s.toks[j-2].upper:
				j -= 2
				continue
			}
			break
		}
		if s.wordIs(j-1, "the") {
			j--
		}
		return j
	}
	for j := last; j > first; j-- {
		if s.wordWhere(j, english.IsDeterminer) {
			return j
		}
	}
	return last + 1
}

// closingParen returns the token that closes the bracket opened at open, or -1.
func (s *sentence) closingParen(open int) int {
	depth := 0
	for j := open; j < len(s.toks); j++ {
		switch s.toks[j].kind {
		case tokOpenParen:
			depth++
		case tokCloseParen:
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// nounPhraseBefore reads the noun phrase that ends at token end, back to
// the first word that cannot be part of one (a preposition, a verb, a
// conjunction): "visit by U.S. Commerce Secretary Malcolm Baldrige" →
// "U.S. Commerce Secretary Malcolm Baldrige".
func (s *sentence) nounPhraseBefore(end int) (phrase, bool) {
	if end < 0 {
		return phrase{}, false
	}
	b, depth := end, 0
	for ; b >= 0 && end-b <= maxSubjectTokens; b-- {
		t := s.toks[b]
		switch t.kind {
		case tokCloseParen:
			depth++
			continue
		case tokOpenParen:
			if depth > 0 {
				depth--
				continue
			}
		case tokWord:
			if depth > 0 {
				continue
			}
			w := s.low(b)
			if !prepositions[w] && !clauseBoundaries[w] && !finiteVerbs[w] && !english.IsSpeechVerb(w) &&
				!nounPhraseVerbs[w] && !s.looksLikeParticiple(b) && w != "and" && w != "or" {
				continue
			}
		}
		break
	}
	return s.finishSubject(b+1, end)
}

// segmentStart returns the first token of the comma-delimited segment that
// ends at token end.
func (s *sentence) segmentStart(end int) int {
	depth := 0
	b := end
	for ; b >= 0 && end-b <= maxSubjectTokens; b-- {
		switch s.toks[b].kind {
		case tokCloseParen:
			depth++
		case tokOpenParen:
			if depth == 0 {
				return b + 1
			}
			depth--
		case tokComma, tokBreak, tokOpenQuote, tokCloseQuote, tokEnd:
			if depth == 0 {
				return b + 1
			}
		}
	}
	if b < 0 {
		return 0
	}
	return end + 1 // too long: an empty segment
}

// nameWithAppositive reads a name and its optional appositive, from first
// to at most end: "Ahmed Ali, an SDF fighter deployed at the facility".
func (s *sentence) nameWithAppositive(first, end int, strong bool) (phrase, bool) {
	c := first
	for c <= end && s.toks[c].kind != tokComma && s.toks[c].kind != tokBreak {
		c++
	}
	headLast := s.cutPhrase(first, c-1)
	maxHead := 10
	if !strong {
		maxHead = 9
	}
	if headLast < first || !s.plausibleSubject(first, headLast) || s.words(first, headLast) > maxHead {
		return phrase{}, false
	}
	if headLast < s.trimBack(first, c-1) || c > end || s.toks[c].kind != tokComma {
		return phrase{first, headLast}, true
	}
	aEnd := c + 1
	for aEnd <= end && s.toks[aEnd].kind != tokComma && s.toks[aEnd].kind != tokBreak {
		aEnd++
	}
	if aLast, ok := s.appositiveEnd(c+1, aEnd-1); ok {
		return phrase{first, aLast}, true
	}
	return phrase{first, headLast}, true
}

// appositiveEnd returns the last token to keep of the appositive [first,
// last] ("an SDF fighter deployed at the facility" → "fighter"), or false
// when it is not an appositive.
func (s *sentence) appositiveEnd(first, last int) (int, bool) {
	if first > last || !s.isWord(first) {
		return 0, false
	}
	lw := s.low(first)
	if agentParticiples[lw] && s.wordIs(first+1, "by") {
		end := s.cutPhrase(first, last)
		return end, end > first+1
	}
	if s.notAppositive(first) {
		return 0, false
	}
	end := s.cutPhrase(first, last)
	if end < first || s.words(first, end) > 10 {
		return 0, false
	}
	for j := first; j <= end; j++ {
		if s.toks[j].quoted || s.isWord(j) && (finiteVerbs[s.low(j)] || english.IsSpeechVerb(s.low(j))) {
			return 0, false
		}
	}
	return end, true
}

// notAppositive reports whether the segment starting at word i is a clause
// or an aside rather than a noun phrase: "who …", "35", "however",
// "speaking in Moscow", "on Monday", "adding …".
func (s *sentence) notAppositive(i int) bool {
	lw := s.low(i)
	return relativeWords[lw] || isDigits(lw[:1]) || leadingDrop[lw] || s.looksLikeParticiple(i) ||
		s.startsTimeExpr(i) || prepositions[lw] || clauseBoundaries[lw] || lw == "too" || lw == "though"
}

// appositiveSubject reads a subject with an appositive before ", said":
// "Ahmed Ali, an SDF fighter deployed at the facility, said …" (comma is the
// comma before the verb).
func (s *sentence) appositiveSubject(comma int) (phrase, bool) {
	lEnd := comma - 1
	lStart := s.segmentStart(lEnd)
	if !s.followsComma(lStart, lEnd) {
		return phrase{}, false
	}
	pEnd := lStart - 2
	pStart := s.segmentStart(pEnd)
	if pStart > pEnd || pStart < 0 {
		return phrase{}, false
	}
	head, ok := s.nameSubject(pStart, pEnd)
	if !ok {
		// "Jacy Mendonca, industrial relations director of Autolatina, a
		// merger of …, said": the name is a segment further back; keep its
		// first appositive only.
		if !s.followsComma(pStart, pEnd) {
			return phrase{}, false
		}
		nameEnd := pStart - 2
		nameStart := s.segmentStart(nameEnd)
		if nameStart > nameEnd || nameStart < 0 {
			return phrase{}, false
		}
		name, ok := s.nameSubject(nameStart, nameEnd)
		if !ok {
			return phrase{}, false
		}
		if aLast, ok := s.appositiveEnd(pStart, pEnd); ok {
			return phrase{name.first, aLast}, true
		}
		return phrase{}, false
	}
	if aLast, ok := s.appositiveEnd(lStart, lEnd); ok {
		return phrase{head.first, aLast}, true
	}
	if s.isWord(lStart) && s.notAppositive(lStart) {
		return head, true // "The minister, who arrived on Monday, said"
	}
	return phrase{}, false
}

// followsComma reports whether the segment [start, end] is preceded by a comma.
func (s *sentence) followsComma(start, end int) bool {
	return start > 0 && start <= end && s.kindAt(start-1) == tokComma
}

// nameSubject reads [first, last] as the subject an appositive follows: a
// capitalised name or a determiner phrase of at most 8 words.
func (s *sentence) nameSubject(first, last int) (phrase, bool) {
	head, ok := s.finishSubject(first, last)
	if !ok || s.words(head.first, head.last) > 8 || !s.toks[head.first].upper && !s.wordWhere(head.first, english.IsDeterminer) {
		return phrase{}, false
	}
	return head, true
}
