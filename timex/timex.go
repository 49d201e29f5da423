// Package timex finds temporal expressions in English news text, classifies
// them (DATE, TIME, DURATION, SET) and resolves them to TIMEX3 values against
// the document creation time, the way a careful reader would.
//
// It uses the standard library only: rules a reader can check, no model files.
package timex

import "time"

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

// Find returns the temporal expressions in text, in order of their start
// offsets, resolved against the document creation time dct.
func Find(text string, dct time.Time) []Mention {
	return nil
}

// Interval converts a TIMEX3 calendar value (and its mod) to the half-open
// time interval [start, end) it covers, so that weeks, quarters and "late
// 2025" can be compared and sorted with day dates. ok is false for values
// that are not on the calendar (durations, sets, references, X placeholders).
func Interval(value, mod string) (start, end time.Time, ok bool) {
	return time.Time{}, time.Time{}, false
}
