package analysis

import (
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/english"
)

// Passage splitting: paragraphs, and long paragraphs cut at sentence
// boundaries into pieces a reader can take in at once. The sentence rules
// themselves are english.Sentences.

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
		blank := english.SkipSpace(text[:lineEnd], i) == lineEnd
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
			s.Start = english.SkipSpace(body[:s.End], cut)
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
		if sp, _ := english.IsSpaceAt(text, i); sp && utf8RuneStart(text, i) {
			if english.TrimSpaceEnd(text, start, i) > start {
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

// Sentences returns the sentences of text (english.Sentences), as spans
// that cover the text without its surrounding white space.
func Sentences(text string) []corpus.Span {
	return english.Sentences(text)
}
