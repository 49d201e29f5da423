package timex

import "github.com/dateline-bot/dateline/english"

// token is one piece of the text (english.Tokenize). Rules match over
// tokens, never over raw bytes, so a scan is linear in the text and cannot
// backtrack.
type token = english.Token

// The token kinds, by their short names here.
const (
	tokWord  = english.Word   // a run of letters
	tokNum   = english.Number // a run of ASCII digits
	tokPunct = english.Punct  // one other rune (".", ",", "-", "'", "$", ...)
)

// monthNamed returns the month (1..12) a lower-case word names. "may" and
// "march" are months too; the matcher only takes them as months in
// contexts where the verb reading is impossible (see monthAt).
func monthNamed(w string) (int, bool) {
	m, ok := english.Month(w)
	return int(m), ok
}

// weekdayNamed returns the weekday number (Sunday = 0) a lower-case full
// weekday name names. Abbreviations are left out on purpose: "Sun" is a
// newspaper, "Wed" a verb.
func weekdayNamed(w string) (int, bool) {
	d, ok := english.Weekday(w)
	return int(d), ok
}
