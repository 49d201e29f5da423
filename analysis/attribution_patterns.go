package analysis

import (
	"strings"

	"github.com/dateline-bot/dateline/english"
)

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
		return english.IsSpeechVerb(s.text(i))
	}
	// Capitalised: only as the first word ("Said the minister: …").
	return i == 0 && s.wordWhere(i, english.IsSpeechVerb)
}

// isPassiveQuote reports whether word i is "quoted" or "cited" in "X was
// quoted by Y as saying" / "X was quoted as saying".
func (s *sentence) isPassiveQuote(i int) bool {
	if !(s.wordIs(i, "quoted") || s.wordIs(i, "cited")) || s.toks[i].quoted || i < 2 {
		return false
	}
	if !s.wordIn(i-1, passiveAux) || !s.isWord(i-2) {
		return false
	}
	for j := i + 1; j < len(s.toks) && j <= i+10; j++ {
		if s.wordIs(j, "as") && (s.wordIs(j+1, "saying") || s.wordIs(j+1, "telling")) {
			return true // not "was cited as the reason"
		}
	}
	return false
}

// verbSubject finds who is credited by the speech verb at v.
func (s *sentence) verbSubject(v int) (phrase, bool) {
	verb := s.low(v)
	if english.IsNounLikeSpeechVerb(verb) && !s.complementFollows(v) {
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
		if english.IsDeterminer(lp) || passiveAux[lp] || relativeWords[lp] || prepositions[lp] || clauseBoundaries[lp] {
			return phrase{}, false // "the said agreement", "it was reported", "who said"
		}
		if premodifiers[lp] && p > 0 && s.isWord(p-1) && english.IsDeterminer(s.low(p-1)) {
			return phrase{}, false // "the last confirmed attack", "the first reported case"
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
	if lStart > 1 && s.followsComma(lStart, lEnd) && (s.wordIs(lStart, "a") || s.wordIs(lStart, "an")) {
		if head, ok := s.nounPhraseBefore(lStart - 2); ok {
			if aLast, ok := s.appositiveEnd(lStart, lEnd); ok {
				return phrase{head.first, aLast}, true
			}
		}
	}
	return s.nounPhraseBefore(lEnd)
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

func (s *sentence) isPronoun(i int) bool {
	return s.wordIn(i, personPronouns) || s.wordIn(i, groupPronouns) || s.wordIn(i, thingPronouns) ||
		s.wordIn(i, speakerPronouns)
}

// withToldObject extends "a source" to "a source told Reuters" (and
// "sources", "two officials"): an indefinite subject means little without
// the outlet it spoke to.
func (s *sentence) withToldObject(ph phrase, v int) phrase {
	indefinite := s.wordIn(ph.first, indefiniteStarts) || s.toks[ph.first].lower && !s.wordWhere(ph.first, english.IsDeterminer) &&
		!s.isPronoun(ph.first)
	if !indefinite {
		return ph
	}
	o := v + 1
	if s.wordIs(o, "the") && s.isWord(o+1) && s.toks[o+1].upper {
		o++
	}
	if !s.isWord(o) || !s.toks[o].upper || s.isPronoun(o) {
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
	if s.isPronoun(first) {
		return phrase{}, false // "…, said it filed": not an inversion
	}
	if !strong && s.words(first, end) > maxInvertedWords {
		return phrase{}, false
	}
	// "said the minister", "said Ahmed Ali"; after a quotation also "said
	// analyst Kevin Murphy", "said one analyst"; without one, a lower-case
	// start needs a name in the phrase ("said lead manager Morgan Stanley").
	if !s.toks[first].upper && !s.wordWhere(first, english.IsDeterminer) && !strong && !s.hasCapitalWord(first+1, end) {
		return phrase{}, false
	}
	return s.nameWithAppositive(first, end, strong)
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
	if english.IsSpeechVerb(w) || finiteVerbs[w] || nounPhraseVerbs[w] {
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
