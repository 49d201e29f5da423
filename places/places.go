// Package places knows how news names places: countries and regions, their
// peoples and their adjectives, each brought to one name ("Russians",
// "Russian" and "Russia" are all "russia"; "Canadian forces" answers a
// question about Canada). It is language knowledge, kept apart from the
// index that uses it.
package places

import "strings"

// maxPhraseWords is the most words a place's name has ("saint vincent and
// the grenadines").
const maxPhraseWords = 5

// table is the lookup built once from countries: one-word forms, and
// names of several words by their words joined with one space.
type table struct {
	words   map[string]string
	phrases map[string]string
	starts  map[string]bool // first words of the phrases
}

var lookup = buildTable(countries)

func buildTable(cs []country) table {
	t := table{words: map[string]string{}, phrases: map[string]string{}, starts: map[string]bool{}}
	for _, c := range cs {
		for _, form := range c.forms {
			words := formWords(form)
			if len(words) == 1 {
				t.words[words[0]] = c.token
			} else {
				t.phrases[strings.Join(words, " ")] = c.token
				t.starts[words[0]] = true
			}
		}
	}
	return t
}

// formWords cuts a form into the words the index sees: a hyphen separates
// words ("guinea-bissau"), as the index's tokenizer does.
func formWords(form string) []string {
	return strings.Fields(strings.ReplaceAll(form, "-", " "))
}

// Phrase returns the place the first words of terms name together
// ("United States", "Bosnia and Herzegovina"), and how many words it took;
// the longest name wins. The words may be in any case.
func Phrase(terms []string) (place string, n int, ok bool) {
	if len(terms) < 2 || !lookup.starts[strings.ToLower(terms[0])] {
		return "", 0, false
	}
	for n = min(len(terms), maxPhraseWords); n >= 2; n-- {
		key := strings.ToLower(strings.Join(terms[:n], " "))
		if p, found := lookup.phrases[key]; found {
			return p, n, true
		}
	}
	return "", 0, false
}

// StartsPhrase says a word may begin a place's name of several words
// ("United", "Sri"): only then is Phrase worth asking.
func StartsPhrase(word string) bool { return lookup.starts[strings.ToLower(word)] }

// Token returns the place a single word names, if any. Case matters for
// short upper-case words: "US" is the country, "us" the pronoun, and other
// acronyms ("UN", "IS") are not places.
func Token(term string) (string, bool) {
	if p, ok := caseSensitive[term]; ok {
		return p, true
	}
	if strings.ToUpper(term) == term && len(term) <= 3 {
		// Acronyms other than the ones above ("UN", "IS") are not places,
		// but dotted ones ("U.S") and three letters ("USA") are.
		if p, ok := lookup.words[strings.ToLower(term)]; ok && (strings.Contains(term, ".") || len(term) == 3) {
			return p, true
		}
		return "", false
	}
	p, ok := lookup.words[strings.ToLower(term)]
	return p, ok
}

// unMembers counts the member states of the United Nations the table
// knows, for the test that every one is there.
func unMembers() int {
	n := 0
	for _, c := range countries {
		if c.un {
			n++
		}
	}
	return n
}
