package timex

// startWords are the words an expression can begin with. The scanner tries
// the rules only at these words, at digit runs and at an apostrophe ("'80s"),
// which keeps tagging fast: most tokens of a text are rejected by one map
// lookup.
var startWords = buildStartWords()

func buildStartWords() map[string]bool {
	m := map[string]bool{}
	for _, table := range []map[string]int{monthNames, weekdayNames, numberWords, ordinalWords} {
		for w := range table {
			m[w] = true
		}
	}
	for _, table := range []map[string]string{seasonNames, setAdverbs, refWords} {
		for w := range table {
			m[w] = true
		}
	}
	for w := range unitWords {
		m[w] = true
	}
	for w := range vagueAmounts {
		m[w] = true
	}
	for w := range relWords {
		m[w] = true
	}
	for w := range weekdayNames {
		m[w+"s"] = true
	}
	for _, pm := range prefixMods {
		m[pm.words[0]] = true
	}
	for _, w := range []string{
		"the", "a", "an", "fiscal", "year", "today", "yesterday", "tomorrow", "tonight", "noon",
		"midday", "midnight", "every", "each", "these", "its", "their", "q",
		"another", "recent", "weekend", "thanksgiving", "christmas", "morning", "afternoon", "evening", "new", "election", "easter", "first", "final", "initial", "ensuing", "comparable", "current", "then",
	} {
		m[w] = true
	}
	return m
}

// canStart says whether an expression may begin at token i.
func (s *scanner) canStart(i int) bool {
	t := s.toks[i]
	switch t.kind {
	case tokNum:
		return true
	case tokPunct:
		return t.lower == "'"
	}
	return startWords[t.lower]
}
