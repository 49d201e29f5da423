package corpus

import "strings"

// The patterns that find who a sentence credits. Each returns a phrase: a
// run of tokens of the sentence, so the credit is the body's own text.
//
// Rules for trimming a credited phrase (cutPhrase):
//   - keep the name and its first appositive noun phrase: "Ahmed Ali, an SDF
//     fighter deployed at the facility" → "Ahmed Ali, an SDF fighter";
//   - cut relative clauses ("AP journalists who visited the base" → "AP
//     journalists") and participial clauses ("officials speaking on
//     condition of anonymity" → "officials");
//   - keep an agent the text names ("a security source cited by Shafaq News",
//     "analysts polled by Reuters", "Lavrov, quoted by RIA");
//   - cut trailing time expressions ("… cited by Shafaq News last week").

// phrase is a credited run of tokens [first, last] of a sentence.
type phrase struct{ first, last int }

// maxCandidates bounds the speech verbs tried in one sentence.
const maxCandidates = 12

// maxInvertedWords is the longest tail "…, said X, an appositive, on
// Monday." read as an inverted credit when no quotation precedes the verb.
const maxInvertedWords = 25

// maxSubjectTokens bounds how far back from a verb a subject is looked for.
const maxSubjectTokens = 40

// isSpeechVerb reports whether token i is a speech verb used as one.
func (s *sentence) isSpeechVerb(i int) bool {
	t := s.toks[i]
	if t.kind != tokWord || t.quoted {
		return false
	}
	if t.lower {
		return speechVerbs[s.text(i)]
	}
	// Capitalised: only as the first word ("Said the minister: …").
	return i == 0 && speechVerbs[s.low(i)]
}

// verbSubject finds who is credited by the speech verb at v.
func (s *sentence) verbSubject(v int) (phrase, bool) {
	verb := s.low(v)
	if ambiguousVerbs[verb] && !s.complementFollows(v) {
		return phrase{}, false
	}
	p := v - 1
	perfect := false // "has added": more often literal than speech
	for p >= 0 && s.isWord(p) && (s.wordIn(p, skipBeforeVerb) || s.isAdverb(p)) {
		perfect = perfect || s.wordIs(p, "has") || s.wordIs(p, "have") || s.wordIs(p, "had")
		p--
	}
	if perfect && (verb == "added" || verb == "noted") && !s.wordIs(v+1, "that") {
		return phrase{}, false // "iMovie has added audio editing"
	}
	if p < 0 {
		return s.inverted(v, true)
	}
	switch s.toks[p].kind {
	case tokWord:
		lp := s.low(p)
		if lp == "who" && s.kindAt(p-1) == tokComma {
			return s.whoAntecedent(p - 1) // "…by Malcolm Baldrige, who said"
		}
		if determiners[lp] || passiveAux[lp] || relativeWords[lp] || prepositions[lp] || clauseBoundaries[lp] {
			return phrase{}, false // "the said agreement", "it was reported", "who said"
		}
		ph, ok := s.subjectBefore(p)
		if ok && (verb == "told" || verb == "tells") {
			ph = s.withToldObject(ph, v)
		}
		return ph, ok
	case tokCloseParen:
		return s.subjectBefore(p)
	case tokCloseQuote:
		return s.inverted(v, true)
	case tokComma:
		if s.kindAt(p-1) == tokCloseQuote {
			return s.inverted(v, true) // “…,” said X / ”, said X
		}
		if n := v + 1; !sayOrTell[verb] && s.wordIn(n, prepositions) && !s.startsTimeExpr(n) && !s.startsInAStatement(n) {
			return phrase{}, false // "The new hardware, revealed at the conference, drew …"
		}
		if ph, ok := s.appositiveSubject(p); ok {
			return ph, true
		}
		if ph, ok := s.inverted(v, false); ok {
			return ph, true
		}
		if s.segmentStart(p-1) == 0 && s.words(0, p-1) <= 10 {
			return s.finishSubject(0, p-1) // "Analyst Stephen Reitman with Phillips and Drew in London, said"
		}
	}
	return phrase{}, false
}

// whoAntecedent reads who "who" refers to in "X, who said", where comma is
// the comma before "who": the noun phrase before it, with its appositive
// ("Charles O'Reilly, a management expert at Stanford University, who said").
func (s *sentence) whoAntecedent(comma int) (phrase, bool) {
	lEnd := comma - 1
	lStart := s.segmentStart(lEnd)
	if lStart > 1 && lStart <= lEnd && s.kindAt(lStart-1) == tokComma && (s.wordIs(lStart, "a") || s.wordIs(lStart, "an")) {
		if head, ok := s.nounPhraseBefore(lStart - 2); ok {
			if aLast, ok := s.appositiveEnd(lStart, lEnd); ok {
				return phrase{head.first, aLast}, true
			}
		}
	}
	return s.nounPhraseBefore(lEnd)
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
			if !prepositions[w] && !clauseBoundaries[w] && !finiteVerbs[w] && !speechVerbs[w] &&
				!nounPhraseVerbs[w] && !s.looksLikeParticiple(b) && w != "and" && w != "or" {
				continue
			}
		}
		break
	}
	return s.finishSubject(b+1, end)
}

// complementFollows reports whether what follows token v can be the
// complement of a speech verb.
func (s *sentence) complementFollows(v int) bool {
	switch s.kindAt(v + 1) {
	case tokOpenQuote, tokBreak:
		return true
	case tokComma:
		return s.kindAt(v+2) == tokOpenQuote // "adds, “Steve will…”"
	case tokWord:
		return s.toks[v+1].upper || s.wordIn(v+1, complementStarts)
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

// finishSubject trims and checks a subject [first, last].
func (s *sentence) finishSubject(first, last int) (phrase, bool) {
	for first <= last && (s.wordIn(first, leadingDrop) || s.wordIn(first, relativeWords) ||
		s.kindAt(first) != tokWord && s.kindAt(first) != tokOpenParen) {
		first++ // "and", "which [stock market analysts] said"
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
			case s.isWord(j-1) && s.toks[j-1].upper && !s.wordIn(j-1, timeNouns):
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
		if s.wordIn(j, determiners) {
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
	return !determiners[lp] && !s.isAdverb(p) && !participleAdjectives[lp]
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
	case timeAdverbs[lw]:
		return true
	case timeModifiers[lw]:
		return s.wordIn(j+1, timeNouns)
	case timePrepositions[lw]:
		n := j + 1
		if s.wordIs(n, "the") || s.wordIs(n, "late") || s.wordIs(n, "early") || s.wordIs(n, "mid") {
			n++
		}
		if !s.isWord(n) {
			return false
		}
		return s.wordIn(n, timeNouns) || isDigits(s.text(n)[:1])
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
		if t.kind == tokWord && (finiteVerbs[s.low(j)] || t.lower && speechVerbs[s.text(j)] && !ambiguousVerbs[s.text(j)]) {
			return false
		}
	}
	if s.toks[first].kind == tokOpenParen && s.isWord(first+1) {
		first++ // "<Morgan Stanley & Co> Managing Director Donald Brennan"
	}
	if !s.isWord(first) {
		return false
	}
	if ll := s.low(last); s.isWord(last) && (prepositions[ll] || determiners[ll] || ll == "and" || ll == "or") {
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

// withToldObject extends "a source" to "a source told Reuters": an
// indefinite subject means little without the outlet it spoke to.
func (s *sentence) withToldObject(ph phrase, v int) phrase {
	if !(s.wordIs(ph.first, "a") || s.wordIs(ph.first, "an")) {
		return ph
	}
	o := v + 1
	if s.wordIs(o, "the") && s.isWord(o+1) && s.toks[o+1].upper {
		o++
	}
	if !s.isWord(o) || !s.toks[o].upper || s.wordIn(o, personPronouns) || s.wordIn(o, groupPronouns) ||
		s.wordIn(o, speakerPronouns) || s.wordIn(o, thingPronouns) {
		return ph
	}
	return phrase{ph.first, s.nameEnd(o, len(s.toks)-1)}
}

// inverted reads "…, said the minister." and "“…,” said Ahmed Ali, an SDF
// fighter." The phrase after the verb must run to the sentence end. strong
// says a quotation precedes the verb, which makes the inversion certain.
func (s *sentence) inverted(v int, strong bool) (phrase, bool) {
	first := v + 1
	end := len(s.toks) - 1
	for end > v && s.toks[end].kind != tokWord && s.toks[end].kind != tokCloseParen {
		end--
	}
	if first > end || !s.isWord(first) {
		return phrase{}, false
	}
	for j := first; j <= end; j++ {
		if s.toks[j].quoted || s.toks[j].kind == tokOpenQuote || s.toks[j].kind == tokCloseQuote {
			return phrase{}, false
		}
	}
	if lf := s.low(first); personPronouns[lf] || groupPronouns[lf] || thingPronouns[lf] || speakerPronouns[lf] {
		return phrase{}, false // "…, said it filed": not an inversion
	}
	if !strong && s.words(first, end) > maxInvertedWords {
		return phrase{}, false
	}
	// "said the minister", "said Ahmed Ali"; after a quotation also "said
	// analyst Kevin Murphy", "said one analyst"; without one, a lower-case
	// start needs a name in the phrase ("said lead manager Morgan Stanley").
	if !s.toks[first].upper && !s.wordIn(first, determiners) && !strong && !s.hasCapitalWord(first+1, end) {
		return phrase{}, false
	}
	return s.nameWithAppositive(first, end, strong)
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
		if s.toks[j].quoted || s.isWord(j) && (finiteVerbs[s.low(j)] || speechVerbs[s.low(j)]) {
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
	if lStart <= 0 || lStart > lEnd || s.kindAt(lStart-1) != tokComma {
		return phrase{}, false
	}
	pEnd := lStart - 2
	pStart := s.segmentStart(pEnd)
	if pStart > pEnd || pStart < 0 {
		return phrase{}, false
	}
	head, ok := s.finishSubject(pStart, pEnd)
	if !ok || s.words(head.first, head.last) > 8 || !s.toks[head.first].upper && !s.wordIn(head.first, determiners) {
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

// according reads "according to X".
func (s *sentence) according(a int) (phrase, bool) {
	first := a + 2
	end := first
	for end < len(s.toks) && (s.toks[end].kind == tokWord || s.toks[end].kind == tokOpenParen ||
		s.toks[end].kind == tokCloseParen) && end-first < maxSubjectTokens {
		end++
	}
	if end == first || s.toks[first].quoted {
		return phrase{}, false
	}
	last := s.cutPhrase(first, end-1)
	if last < first || !s.plausibleSubject(first, last) {
		return phrase{}, false
	}
	return phrase{first, last}, true
}

// afterStatement reads the subject after "In a statement, …" when no speech
// verb names it: "In a statement, the ministry condemned the attack."
func (s *sentence) afterStatement(i int) (phrase, bool) {
	c := i + 3
	for c < len(s.toks) && c < i+12 && s.toks[c].kind != tokComma {
		c++
	}
	if s.kindAt(c) != tokComma {
		return phrase{}, false
	}
	first, last := c+1, c
	for j := first; j < len(s.toks) && s.words(first, j) <= 8; j++ {
		k := s.toks[j].kind
		if k != tokWord && k != tokOpenParen && k != tokCloseParen || j > first && s.isVerbish(j) {
			break
		}
		last = j
	}
	if last < first || last == len(s.toks)-1 || !s.isVerbish(last+1) {
		return phrase{}, false
	}
	return s.finishSubject(first, last)
}

// isVerbish reports whether word j looks like the verb after a subject.
func (s *sentence) isVerbish(j int) bool {
	if !s.isWord(j) || !s.toks[j].lower {
		return false
	}
	w := s.text(j)
	if speechVerbs[w] || finiteVerbs[w] || nounPhraseVerbs[w] {
		return true
	}
	return strings.HasSuffix(w, "ed") && s.isParticipleClause(j)
}

// statementOpening reports whether word i begins "In a statement" at the
// start of a clause.
func (s *sentence) statementOpening(i int) bool {
	if !s.startsInAStatement(i) {
		return false
	}
	k := s.kindAt(i - 1)
	return i == 0 || k == tokComma || k == tokBreak || s.wordIs(i-1, "and") || s.wordIs(i-1, "but")
}
