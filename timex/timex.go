// Package timex finds temporal expressions in English news text, classifies
// them (DATE, TIME, DURATION, SET) and resolves them to TIMEX3 values against
// the document creation time, the way a careful reader would.
//
// It uses the standard library only: rules a reader can check, no model files.
// The text is cut into tokens once (token.go); at every token that can start
// an expression a set of small hand-written parsers (rules_*.go) try to read
// one, and the longest reading wins. Relative expressions are resolved against
// the publication date, with the tense of the sentence deciding direction
// (tense.go), and anaphoric ones ("the quarter", "a year earlier") against the
// last date the text mentioned.
package timex

import (
	"time"
	"unicode/utf8"
)

// Type is the TIMEX3 type of a mention.
type Type string

// The four TIMEX3 types.
const (
	Date     Type = "DATE"
	Time     Type = "TIME"
	Duration Type = "DURATION"
	Set      Type = "SET"
)

// Precision says how much of a calendar value is known.
type Precision string

// Precisions, coarsest last. PrecisionNone is for values that are not on the
// calendar (durations, sets, PRESENT_REF and other references).
const (
	PrecisionTime    Precision = "time"
	PrecisionDay     Precision = "day"
	PrecisionWeek    Precision = "week"
	PrecisionMonth   Precision = "month"
	PrecisionSeason  Precision = "season"
	PrecisionQuarter Precision = "quarter"
	PrecisionHalf    Precision = "half"
	PrecisionYear    Precision = "year"
	PrecisionDecade  Precision = "decade"
	PrecisionCentury Precision = "century"
	PrecisionNone    Precision = ""
)

// Mention is one temporal expression found in a text.
type Mention struct {
	Start, End int // byte offsets: text[Start:End] == Text
	Text       string
	Type       Type
	Value      string // TIMEX3 value, e.g. 2026-01-23, 2026-W04, 2025, P3D, PAST_REF
	Mod        string // TIMEX3 mod (START, END, MID, APPROX, BEFORE, AFTER, ...) or ""
	Precision  Precision
}

// MaxInput bounds the text Find reads; longer texts are cut at a rune
// boundary and only their first MaxInput bytes are searched.
const MaxInput = 16 << 20

// Find returns the temporal expressions in text, in order of their start
// offsets, resolved against the document creation time dct.
func Find(text string, dct time.Time) []Mention {
	if len(text) > MaxInput {
		cut := MaxInput
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	s := newScanner(text, dct)
	return s.scan()
}
