package analysis

import (
	"strings"
	"unicode"

	"github.com/dateline-bot/dateline/english"
)

// Anaphora: a sentence whose speaker is a back-reference ("The source said",
// "according to the same account", "he said") inherits an earlier credit of
// the same article.
//
//   - A definite lower-case noun phrase ("the source", "the same official",
//     "the spokesman") inherits the most recent credit that contains its head
//     noun (source ~ sources, spokesman ~ spokeswoman); with none, the phrase
//     itself is the credit ("the ministry" is still someone).
//   - A document ("the same account", "the report", "the statement")
//     inherits the most recent credit; with none, it credits no one.
//   - "he", "she" and "they" inherit the most recent person-like credit
//     ("they" falls back to the most recent credit of any kind: "the
//     ministry … they said"), "it" the most recent organisation, of this
//     paragraph or the one before; "I", "we" and "you" credit no one.

// antecedent is a credit as later sentences can refer to it.
type antecedent struct {
	who    string
	person bool // a person (or people) rather than an organisation
	para   int  // the paragraph it was credited in
}

// resolve turns a credited phrase into a credit, following back-references.
func (s *sentence) resolve(ph phrase, history []antecedent) (antecedent, bool) {
	n := s.words(ph.first, ph.last)
	lf := s.low(ph.first)
	if n == 1 {
		history := recent(history, s.para)
		switch {
		case personPronouns[lf]:
			return latest(history, func(a antecedent) bool { return a.person })
		case thingPronouns[lf]:
			return latest(history, func(a antecedent) bool { return !a.person })
		case groupPronouns[lf]:
			if a, ok := latest(history, func(a antecedent) bool { return a.person }); ok {
				return a, true
			}
			return latest(history, func(antecedent) bool { return true }) // "the ministry … they said"
		case speakerPronouns[lf]:
			return antecedent{}, false
		}
	}
	if anaphoricDeterminers[lf] && n <= 4 && s.lowerAfter(ph.first, ph.last) {
		head := s.low(ph.last)
		if documentHeads[head] {
			return latest(history, func(antecedent) bool { return true })
		}
		if a, ok := latest(history, func(a antecedent) bool { return containsHead(a, head) }); ok {
			return a, true
		}
		if s.wordIs(ph.first+1, "same") {
			return latest(history, func(antecedent) bool { return true })
		}
	}
	who := s.phrase(ph.first, ph.last)
	person := isPersonLike(who)
	if !person && n == 1 && s.toks[ph.first].upper {
		// A surname alone ("Vontobel") is the person named in full earlier.
		_, person = latest(history, func(a antecedent) bool { return a.person && containsWord(a.who, who) })
	}
	return antecedent{who: who, person: person}, true
}

// containsWord reports whether who has the word w.
func containsWord(who, w string) bool {
	for f := range strings.FieldsFuncSeq(who, notWordRune) {
		if headStemKeep(f) == w {
			return true
		}
	}
	return false
}

// lowerAfter reports whether every word after first, up to last, is lower case.
func (s *sentence) lowerAfter(first, last int) bool {
	for j := first + 1; j <= last; j++ {
		if s.toks[j].kind != tokWord || !s.toks[j].lower {
			return false
		}
	}
	return last > first
}

// maxAnaphoraDistance is how many earlier credits a back-reference may
// skip; it also keeps a hostile body of thousands of "It said." linear.
const maxAnaphoraDistance = 64

// latest returns the most recent antecedent that matches.
func latest(history []antecedent, match func(antecedent) bool) (antecedent, bool) {
	for i := len(history) - 1; i >= 0 && i >= len(history)-maxAnaphoraDistance; i-- {
		if match(history[i]) {
			return history[i], true
		}
	}
	return antecedent{}, false
}

// containsHead reports whether a credit has a word with the same stem as head.
// A company is named by its legal form ("AW Computer Systems Inc … The
// company said"), so "company" and "firm" also match those words.
// Only an organisation's credit is matched that way: "The bank said" does
// not refer back to "Vontobel Holding chairman Hans Vontobel".
func containsHead(a antecedent, head string) bool {
	who := a.who
	want := headStem(head)
	companyHead := companyHeads[want] && !a.person
	for w := range strings.FieldsFuncSeq(who, notWordRune) {
		got := headStem(strings.ToLower(strings.TrimSuffix(w, ".")))
		if got == want || companyHead && companyForms[got] {
			return true
		}
	}
	return false
}

func notWordRune(r rune) bool { return !english.IsWordRune(r) && r != '\'' && r != '\u2019' }

// headStem folds the forms a head noun takes: plurals, possessives and the
// gendered "spokesman"/"spokeswoman"/"spokesperson".
func headStem(w string) string {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "\u2019s")
	if strings.HasPrefix(w, "spokes") {
		return "spokes"
	}
	if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		w = w[:len(w)-1]
	}
	return w
}

// isPersonLike reports whether a credit names a person or people rather
// than an organisation: a person noun ("source", "fighter") or a name of
// two capitalised words that is not an organisation's ("Ahmed Ali", not
// "Shafaq News" alone).
func isPersonLike(who string) bool {
	words := strings.FieldsFunc(who, notWordRune)
	org := false
	for _, w := range words {
		lw := strings.ToLower(headStemKeep(w))
		if personNouns[lw] || personNouns[strings.TrimSuffix(lw, "s")] {
			return true
		}
		if organisationWords[lw] {
			org = true
		}
	}
	if org {
		return false
	}
	run := 0
	for i, w := range words {
		if i == 0 && anaphoricDeterminers[strings.ToLower(w)] {
			continue
		}
		if r := []rune(w); len(r) > 0 && unicode.IsUpper(r[0]) {
			run++
			if run >= 2 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// headStemKeep strips a possessive but keeps the plural, which the word
// lists spell out.
func headStemKeep(w string) string {
	return strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "\u2019s")
}
