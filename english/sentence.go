package english

import "unicode/utf8"

// Span is a part of a text: text[Start:End].
type Span struct {
	Start, End int
}

// Sentences returns the sentences of text, as spans that cover the text
// without its surrounding white space. A blank line always ends a sentence,
// and so does a line that ends with a colon ("Read also:"); otherwise a
// line break is white space. See sentence_rules.go for the period rules.
func Sentences(text string) []Span {
	var out []Span
	start := SkipSpace(text, 0)
	for i := start; i < len(text); {
		c := text[i]
		switch {
		case c == '.' || c == '!' || c == '?' || c == 0xE2 && hasPrefixAt(text, i, ellipsis):
			end, next, ends := sentenceEndAt(text, start, i)
			if ends {
				out = append(out, Span{Start: start, End: end})
				start = next
			}
			i = max(next, i+1)
		case c == '\n' && lineBreakEndsSentence(text, start, i):
			if end := TrimSpaceEnd(text, start, i); end > start {
				out = append(out, Span{Start: start, End: end})
			}
			start = SkipSpace(text, i)
			i = start
		default:
			i++
		}
	}
	if end := TrimSpaceEnd(text, start, len(text)); end > start {
		out = append(out, Span{Start: start, End: end})
	}
	return out
}

// sentenceEndAt looks at the punctuation starting at i. It returns where the
// sentence would end (after the punctuation and any closing quotes or
// brackets), where the next one would start, and whether this is a
// sentence end at all.
func sentenceEndAt(text string, start, i int) (end, next int, ends bool) {
	j, dots, strong := i, 0, false
	for j < len(text) {
		switch {
		case text[j] == '.':
			dots++
			j++
			continue
		case text[j] == '!' || text[j] == '?':
			strong = true
			j++
			continue
		case hasPrefixAt(text, j, ellipsis):
			dots += 3
			j += len(ellipsis)
			continue
		}
		break
	}
	for n := 0; j < len(text) && n < 4; n++ {
		w := CloserAt(text, j)
		if w == 0 {
			break
		}
		j += w
	}
	end = j
	if j == len(text) {
		return end, j, true
	}
	if sp, _ := IsSpaceAt(text, j); !sp {
		return end, j, false // "3.5", "U.S.-backed", "example.com"
	}
	next = SkipSpace(text, j)
	if next == len(text) {
		return end, next, true
	}
	if hasBlankLine(text[j:next]) {
		return end, next, true
	}
	nw := readNextWord(text, next)
	switch {
	case strong:
		return end, next, nw.class != ClassLower // `"Why?" he asked.`
	case dots > 1:
		return end, next, nw.class == ClassUpper // an ellipsis ends only before a capital
	}
	return end, next, periodEndsSentence(text, start, i, nw)
}

// lineBreakEndsSentence reports whether the line break at i ends the
// current sentence: a blank line follows, or the line ends with a colon.
func lineBreakEndsSentence(text string, start, i int) bool {
	j := i + 1
	for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
		j++
	}
	if j < len(text) && text[j] == '\n' {
		return true
	}
	end := TrimSpaceEnd(text, start, i)
	return end > start && text[end-1] == ':'
}

func hasBlankLine(space string) bool {
	first := -1
	for i := 0; i < len(space); i++ {
		if space[i] == '\n' {
			if first >= 0 {
				return true
			}
			first = i
		}
	}
	return false
}

// SentenceAt returns the sentence of text that contains offset, or, when
// offset falls between sentences, the next one (the last one past the end).
// It returns an empty span at offset when text has no sentences.
func SentenceAt(text string, offset int) Span {
	sentences := Sentences(text)
	for _, s := range sentences {
		if offset < s.End {
			return s
		}
	}
	if len(sentences) == 0 {
		offset = min(max(offset, 0), len(text))
		return Span{Start: offset, End: offset}
	}
	return sentences[len(sentences)-1]
}

// nextWord describes the word that follows a possible sentence end.
type nextWord struct {
	class         Class  // class of its first rune (after opening quotes)
	word          string // its letters
	followedByDot bool   // "K." in "J. K. Rowling"
	quoted        bool   // it opens with a quotation mark or bracket
}

const maxWordScan = 48 // bytes; words longer than this are not abbreviations

// readNextWord reads the word starting at i (after white space).
func readNextWord(text string, i int) nextWord {
	var nw nextWord
	for n := 0; i < len(text) && n < 4; n++ {
		w := OpenerAt(text, i)
		if w == 0 {
			break
		}
		nw.quoted = true
		i += w
	}
	if i >= len(text) {
		return nw
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	nw.class = ClassOf(r)
	j := i
	for j < len(text) && j-i < maxWordScan {
		r, w := utf8.DecodeRuneInString(text[j:])
		if !IsWordRune(r) {
			break
		}
		j += w
	}
	nw.word = text[i:j]
	nw.followedByDot = j < len(text) && text[j] == '.'
	if nw.class == ClassLower && hasUpperAfterFirst(nw.word) {
		nw.class = ClassUpper // "iPhone", "eBay", "iOS" start sentences in lower case
	}
	return nw
}

func hasUpperAfterFirst(word string) bool {
	for i, r := range word {
		if i > 0 && ClassOf(r) == ClassUpper {
			return true
		}
	}
	return false
}

// wordBefore returns the word that ends at end (the position of a period),
// without opening quotes or brackets, looking no further back than start.
func wordBefore(text string, start, end int) string {
	i := end
	for i > start && end-i < maxWordScan {
		c := text[i-1]
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '(' || c == '[' || c == '"' || c == '\'' {
			break
		}
		if c >= utf8.RuneSelf {
			r, w := utf8.DecodeLastRuneInString(text[start:i])
			if !IsWordRune(r) && r != '.' {
				break
			}
			i -= w
			continue
		}
		i--
	}
	if end-i >= maxWordScan {
		return "" // a very long token: treat as ordinary text
	}
	return text[i:end]
}

// periodEndsSentence decides whether the single period at dot ends the
// sentence that began at start, given the word at next (after white space).
func periodEndsSentence(text string, start, dot int, nw nextWord) bool {
	if nw.class == ClassLower {
		return false // "Inc. said", "e.g. the": lower case continues
	}
	word := wordBefore(text, start, dot)
	if word == "" {
		return true
	}
	switch AbbreviationKind(word) {
	case AbbrevNeverEnds:
		return false
	case AbbrevBeforeNumber:
		return nw.class != ClassDigit
	case AbbrevEndsBeforeOpener:
		return nw.class == ClassUpper && !nw.followedByDot && sentenceOpeners[nw.word] ||
			nw.quoted && nw.class == ClassUpper && !nw.followedByDot
	case AbbrevEndsBeforeCapital:
		return nw.class == ClassUpper && !nw.followedByDot && !capitalContinuations[nw.word]
	}
	// An ordinary word. A number that is the whole sentence so far is a
	// list marker ("1. The first point…"), not a sentence.
	if dot-start == len(word) && isDigits(word) {
		return false
	}
	return true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
