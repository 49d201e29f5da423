package analysis

import "github.com/dateline-bot/dateline/corpus"

// Passage splitting: paragraphs, and long paragraphs cut at sentence
// boundaries into pieces a reader can take in at once. The sentence rules
// themselves are in sentence_rules.go.

const (
	// MaxPassageBytes is the longest passage Paragraphs returns; a longer
	// paragraph is cut at sentence boundaries into balanced pieces of
	// roughly MaxPassageBytes/2 to MaxPassageBytes.
	MaxPassageBytes = 700
)

// Paragraphs returns the passages of a body: its paragraphs, with those over
// MaxPassageBytes cut at sentence boundaries. A single sentence longer than
// MaxPassageBytes is cut at word boundaries (or, for a word that long, at a
// rune boundary). Spans are in order, do not overlap and exclude surrounding
// white space.
func Paragraphs(body string) []corpus.Span {
	var out []corpus.Span
	for _, p := range paragraphSpans(body) {
		if p.End-p.Start <= MaxPassageBytes {
			out = append(out, p)
			continue
		}
		out = appendPieces(out, body, p)
	}
	return out
}

// paragraphSpans returns the paragraphs of text: runs of lines separated by
// blank lines, trimmed.
func paragraphSpans(text string) []corpus.Span {
	var out []corpus.Span
	start := -1 // start of the current paragraph; -1 between paragraphs
	end := 0    // end of its last non-blank line
	for i := 0; i <= len(text); {
		lineEnd := i
		for lineEnd < len(text) && text[lineEnd] != '\n' {
			lineEnd++
		}
		blank := skipSpace(text[:lineEnd], i) == lineEnd
		if blank {
			if start >= 0 {
				out = append(out, trimSpan(text, start, end))
				start = -1
			}
		} else {
			if start < 0 {
				start = i
			}
			end = lineEnd
		}
		i = lineEnd + 1
	}
	if start >= 0 {
		out = append(out, trimSpan(text, start, end))
	}
	return out
}

// appendPieces cuts the long paragraph p of body into pieces of at most
// MaxPassageBytes, each a run of whole sentences, sized evenly.
func appendPieces(out []corpus.Span, body string, p corpus.Span) []corpus.Span {
	units := sentenceUnits(body, p)
	for first := 0; first < len(units); {
		start := units[first].Start
		remaining := units[len(units)-1].End - start
		if remaining <= MaxPassageBytes {
			return append(out, corpus.Span{Start: start, End: units[len(units)-1].End})
		}
		pieces := (remaining + MaxPassageBytes - 1) / MaxPassageBytes
		target := remaining / pieces
		last := first
		for last+1 < len(units) && units[last+1].End-start <= target {
			last++
		}
		// Take one more sentence when that lands nearer the target.
		if next := last + 1; next < len(units) && units[next].End-start <= MaxPassageBytes &&
			units[next].End-start-target < target-(units[last].End-start) {
			last = next
		}
		out = append(out, corpus.Span{Start: start, End: units[last].End})
		first = last + 1
	}
	return out
}

// sentenceUnits returns the sentences of paragraph p (offsets in body), with
// any sentence longer than MaxPassageBytes cut into word-bounded chunks.
func sentenceUnits(body string, p corpus.Span) []corpus.Span {
	var units []corpus.Span
	for _, s := range Sentences(body[p.Start:p.End]) {
		s.Start += p.Start
		s.End += p.Start
		for s.End-s.Start > MaxPassageBytes {
			cut := wordCut(body, s.Start, s.Start+MaxPassageBytes)
			units = append(units, trimSpan(body, s.Start, cut))
			s.Start = skipSpace(body[:s.End], cut)
		}
		if s.End > s.Start {
			units = append(units, s)
		}
	}
	return units
}

// wordCut returns a cut point in (start, limit]: after the last white space
// before limit, or, if the text has none, the last rune boundary.
func wordCut(text string, start, limit int) int {
	for i := limit; i > start; i-- {
		if sp, _ := isSpaceAt(text, i); sp && utf8RuneStart(text, i) {
			if trimSpaceEnd(text, start, i) > start {
				return i
			}
		}
	}
	if cut := runeStartBefore(text, limit); cut > start {
		return cut
	}
	// A single rune wider than the limit cannot happen (limit ≫ 4 bytes),
	// but never return an empty cut.
	return limit
}

func utf8RuneStart(text string, i int) bool {
	return i < len(text) && (text[i] < 0x80 || text[i] >= 0xC0)
}

// Sentences returns the sentences of text, as spans that cover the text
// without its surrounding white space. A blank line always ends a sentence,
// and so does a line that ends with a colon ("Read also:"); otherwise a
// line break is white space. See sentence_rules.go for the period rules.
func Sentences(text string) []corpus.Span {
	var out []corpus.Span
	start := skipSpace(text, 0)
	for i := start; i < len(text); {
		c := text[i]
		switch {
		case c == '.' || c == '!' || c == '?' || c == 0xE2 && hasPrefixAt(text, i, ellipsis):
			end, next, ends := sentenceEndAt(text, start, i)
			if ends {
				out = append(out, corpus.Span{Start: start, End: end})
				start = next
			}
			i = max(next, i+1)
		case c == '\n' && lineBreakEndsSentence(text, start, i):
			if end := trimSpaceEnd(text, start, i); end > start {
				out = append(out, corpus.Span{Start: start, End: end})
			}
			start = skipSpace(text, i)
			i = start
		default:
			i++
		}
	}
	if end := trimSpaceEnd(text, start, len(text)); end > start {
		out = append(out, corpus.Span{Start: start, End: end})
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
		w := closerAt(text, j)
		if w == 0 {
			break
		}
		j += w
	}
	end = j
	if j == len(text) {
		return end, j, true
	}
	if sp, _ := isSpaceAt(text, j); !sp {
		return end, j, false // "3.5", "U.S.-backed", "example.com"
	}
	next = skipSpace(text, j)
	if next == len(text) {
		return end, next, true
	}
	if hasBlankLine(text[j:next]) {
		return end, next, true
	}
	nw := readNextWord(text, next)
	switch {
	case strong:
		return end, next, nw.class != classLower // `"Why?" he asked.`
	case dots > 1:
		return end, next, nw.class == classUpper // an ellipsis ends only before a capital
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
	end := trimSpaceEnd(text, start, i)
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
func SentenceAt(text string, offset int) corpus.Span {
	sentences := Sentences(text)
	for _, s := range sentences {
		if offset < s.End {
			return s
		}
	}
	if len(sentences) == 0 {
		offset = min(max(offset, 0), len(text))
		return corpus.Span{Start: offset, End: offset}
	}
	return sentences[len(sentences)-1]
}
