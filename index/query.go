package index

import (
	"errors"
	"time"
)

// ParseQuery turns what a user typed into a Query: question words and
// filler dropped, quoted phrases kept as phrases, "since:X", "until:X" and
// "outlet:X" read as filters, everything else literal words (never Bleve
// query syntax). now resolves relative dates such as "since:last week".
func ParseQuery(raw string, now time.Time) (Query, error) {
	return Query{Raw: raw}, errors.New("not implemented yet")
}

// ParseSince reads a lower date bound in any form the date tagger reads
// ("2025-12", "last week", "23 January 2026") and returns the start of the
// interval it names.
func ParseSince(s string, now time.Time) (time.Time, error) {
	return time.Time{}, errors.New("not implemented yet")
}

// ParseUntil reads an upper date bound and returns the (exclusive) end of the
// interval it names, so "until:2025-12" includes all of December.
func ParseUntil(s string, now time.Time) (time.Time, error) {
	return time.Time{}, errors.New("not implemented yet")
}
