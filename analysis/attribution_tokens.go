package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/english"
)

// The attribution rules work on a sentence cut into tokens: words and the
// punctuation that delimits phrases. Tokens keep their byte offsets in the
// body, so every credited phrase is the body's own text.

type tokKind uint8

const (
	tokWord       tokKind = iota
	tokComma              // ,
	tokBreak              // ; : — – and a free-standing hyphen: end a phrase
	tokOpenQuote          // “ « and an opening "
	tokCloseQuote         // ” » and a closing "
	tokOpenParen          // ( [ <
	tokCloseParen         // ) ] >
	tokEnd                // . ! ? …
	tokOther              // anything else (‘, stray ’, symbols)
)

type token struct {
	start, end int
	kind       tokKind
	quoted     bool // inside quotation marks: someone else's words
	upper      bool // a word whose first rune is upper case (or uncased letter)
	lower      bool // a word whose first rune is lower case
}

// sentence is one tokenized sentence of a body.
type sentence struct {
	body string
	span corpus.Span
	toks []token
	para int // the paragraph of body it is in
}

// maxSentenceTokens bounds the work per sentence: a hostile "sentence" of
// megabytes without a period is only read this far.
const maxSentenceTokens = 400

// tokenize fills s.toks with the tokens of body[span], reusing its storage.
func (s *sentence) tokenize(body string, span corpus.Span) {
	s.body, s.span, s.toks = body, span, s.toks[:0]
	quoted := false // inside a straight or curly double quotation
	if s.toks == nil {
		s.toks = make([]token, 0, 64)
	}
	for i := span.Start; i < span.End && len(s.toks) < maxSentenceTokens; {
		if body[i] == ' ' {
			i++
			continue
		}
		r, w := rune(body[i]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(body[i:span.End])
		}
		if english.IsWordRune(r) {
			end := wordEnd(body, i, span.End)
			class := english.ClassOf(r)
			s.toks = append(s.toks, token{start: i, end: end, kind: tokWord, quoted: quoted,
				upper: class == english.ClassUpper, lower: class == english.ClassLower})
			i = end
			continue
		}
		kind := tokOther
		switch {
		case r == ',':
			kind = tokComma
		case r == ';' || r == ':' || r == '\u2014' || r == '\u2013':
			kind = tokBreak
		case r == '-':
			kind = tokBreak // a hyphen inside a word was taken by wordEnd
		case r == '\u201c' || r == '\u00ab':
			kind = tokOpenQuote
		case r == '\u201d' || r == '\u00bb':
			kind = tokCloseQuote
		case r == '"':
			kind = straightQuoteKind(body, i, span, quoted)
		case r == '(' || r == '[' || r == '<': // <XON>: a ticker in Reuters copy
			kind = tokOpenParen
		case r == ')' || r == ']' || r == '>':
			kind = tokCloseParen
		case r == '.' || r == '!' || r == '?' || r == '\u2026':
			kind = tokEnd
		}
		switch kind {
		case tokOpenQuote:
			quoted = true
		case tokCloseQuote:
			quoted = false
		}
		if kind != tokOther || !isSpaceRune(r) {
			s.toks = append(s.toks, token{start: i, end: i + w, kind: kind, quoted: quoted})
		}
		i += w
	}
}

// straightQuoteKind decides whether the straight quote at i opens or closes
// a quotation. Its neighbours decide when they can ("said "stop"" opens
// after a space, `stop," he` closes before one); otherwise it toggles. A
// quotation that began in an earlier sentence thus still closes.
func straightQuoteKind(body string, i int, span corpus.Span, quoted bool) tokKind {
	spaceBefore := i == span.Start || isSpaceRune(lastRune(body[span.Start:i]))
	spaceAfter := i+1 >= span.End || isSpaceRune(firstRune(body[i+1:span.End])) ||
		strings.ContainsRune(".,;:!?)]", firstRune(body[i+1:span.End]))
	switch {
	case spaceBefore && !spaceAfter:
		return tokOpenQuote
	case !spaceBefore && spaceAfter:
		return tokCloseQuote
	case quoted:
		return tokCloseQuote
	}
	return tokOpenQuote
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func isSpaceRune(r rune) bool { return unicode.IsSpace(r) }

// wordEnd returns the end of the word starting at i: word runes, joined by
// an apostrophe, hyphen, ampersand or period that has a word rune on both
// sides ("don’t", "al-Sharaa", "AT&T", "U.S"). A final period is part of
// the word when the word is a dotted acronym or a known abbreviation
// ("U.S.", "Inc."), so a credited "officials in the U.S." keeps its dot.
func wordEnd(body string, i, limit int) int {
	j := i
	for j < limit {
		if c := body[j]; c < utf8.RuneSelf && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			j++
			continue
		}
		r, w := utf8.DecodeRuneInString(body[j:limit])
		if english.IsWordRune(r) {
			j += w
			continue
		}
		if r == '\'' || r == '\u2019' || r == '-' || r == '&' || r == '.' {
			if j+w < limit {
				if r2, _ := utf8.DecodeRuneInString(body[j+w : limit]); english.IsWordRune(r2) {
					j += w
					continue
				}
			}
		}
		break
	}
	if j < limit && body[j] == '.' && keepsPeriod(body[i:j]) {
		j++
	}
	return j
}

// keepsPeriod reports whether word's period belongs to it: a dotted acronym
// ("U.S."), an initial ("C."), a short place abbreviation ("St.", "La.") or
// an abbreviation that rarely ends a sentence ("Inc.", "Mr.").
func keepsPeriod(word string) bool {
	switch kind := english.AbbreviationKind(word); {
	case strings.Contains(word, "."):
		return true
	case kind == english.AbbrevEndsBeforeOpener:
		return len(word) <= 2
	default:
		return kind == english.AbbrevEndsBeforeCapital || kind == english.AbbrevNeverEnds
	}
}

func (s *sentence) text(i int) string { return s.body[s.toks[i].start:s.toks[i].end] }

// low returns token i's text in lower case (allocation-free when it already is).
func (s *sentence) low(i int) string { return strings.ToLower(s.text(i)) }

func (s *sentence) isWord(i int) bool {
	return i >= 0 && i < len(s.toks) && s.toks[i].kind == tokWord
}

// wordIs reports whether token i is a word equal to w (which is lower case),
// ignoring case.
func (s *sentence) wordIs(i int, w string) bool {
	return s.isWord(i) && strings.EqualFold(s.text(i), w)
}

// wordWhere reports whether token i is a word that is in lower case what
// in says ("english.IsDeterminer").
func (s *sentence) wordWhere(i int, in func(lower string) bool) bool {
	return s.isWord(i) && in(s.low(i))
}

// wordIn reports whether token i is a word in set (keys in lower case).
// Short ASCII words are lower-cased on the stack: this runs for most words
// of every sentence.
func (s *sentence) wordIn(i int, set map[string]bool) bool {
	if !s.isWord(i) {
		return false
	}
	w := s.text(i)
	if s.toks[i].lower && isLowerASCII(w) {
		return set[w]
	}
	var buf [24]byte
	if len(w) > len(buf) {
		return set[strings.ToLower(w)]
	}
	for j := 0; j < len(w); j++ {
		c := w[j]
		if c >= utf8.RuneSelf {
			return set[strings.ToLower(w)]
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[j] = c
	}
	return set[string(buf[:len(w)])]
}

func isLowerASCII(w string) bool {
	for j := 0; j < len(w); j++ {
		if c := w[j]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}

// kindAt returns the kind of token i, or tokEnd outside the sentence.
func (s *sentence) kindAt(i int) tokKind {
	if i < 0 || i >= len(s.toks) {
		return tokEnd
	}
	return s.toks[i].kind
}

// phrase returns the body text from the start of token first to the end of
// token last.
func (s *sentence) phrase(first, last int) string {
	return s.body[s.toks[first].start:s.toks[last].end]
}

// words counts the word tokens in [first, last].
func (s *sentence) words(first, last int) int {
	n := 0
	for i := first; i <= last; i++ {
		if s.toks[i].kind == tokWord {
			n++
		}
	}
	return n
}

// endsLikeSentence reports whether the sentence ends with final punctuation
// (possibly inside quotes or brackets) or a colon; headlines and captions do not.
func (s *sentence) endsLikeSentence() bool {
	for i := len(s.toks) - 1; i >= 0; i-- {
		switch s.toks[i].kind {
		case tokCloseQuote, tokCloseParen, tokOther:
			continue
		case tokEnd:
			return true
		case tokBreak:
			return s.text(i) == ":"
		case tokWord:
			// "Inc." and "U.S." carry their period inside the word.
			return strings.HasSuffix(s.text(i), ".")
		}
		return false
	}
	return false
}
