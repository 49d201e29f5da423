package english

import (
	"iter"
	"maps"
	"strings"
	"time"
)

// Closed word lists. Keys are lower case; lookups take lower-case words.

// months maps month names and their abbreviations to 1..12. "may" and
// "march" are verbs as well: callers decide from context.
var months = map[string]int{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
	"april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
	"august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10,
	"november": 11, "nov": 11, "december": 12, "dec": 12,
}

// monthAbbreviations are the short month forms ("Jan.", "Sept."). "May" is
// its own abbreviation and is not listed.
var monthAbbreviations = setOf("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "sep", "oct", "nov", "dec")

// Month returns the month a lower-case month name or abbreviation names.
func Month(w string) (time.Month, bool) {
	m, ok := months[w]
	return time.Month(m), ok
}

// IsMonthAbbreviation says whether a lower-case word is a short month form
// ("jan", "sept"), which is written with a period.
func IsMonthAbbreviation(w string) bool { return monthAbbreviations[w] }

// MonthWords yields every lower-case month name and abbreviation.
func MonthWords() iter.Seq[string] { return maps.Keys(months) }

// weekdays maps weekday names to their day.
var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

// weekdayAbbreviations are the short weekday forms. Running text rarely
// uses them ("Sun" is a newspaper, "Wed" a verb); datelines and
// timestamps do.
var weekdayAbbreviations = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "tues": time.Tuesday,
	"wed": time.Wednesday, "thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday,
	"fri": time.Friday, "sat": time.Saturday,
}

// Weekday returns the day a lower-case weekday name names (full names only).
func Weekday(w string) (time.Weekday, bool) {
	d, ok := weekdays[w]
	return d, ok
}

// WeekdayAbbreviation returns the day a lower-case short weekday form names.
func WeekdayAbbreviation(w string) (time.Weekday, bool) {
	d, ok := weekdayAbbreviations[w]
	return d, ok
}

// WeekdayWords yields every lower-case full weekday name.
func WeekdayWords() iter.Seq[string] { return maps.Keys(weekdays) }

// Determiners, by kind. A word of any kind opens a noun phrase.
var (
	articles       = setOf("the", "a", "an")
	demonstratives = setOf("this", "that", "these", "those")
	possessives    = setOf("my", "your", "his", "her", "its", "our", "their")
	quantifiers    = setOf("some", "any", "each", "every", "no", "such", "another", "other", "both",
		"all", "many", "several", "most", "few")
)

// IsDeterminer says whether a lower-case word opens a noun phrase: an
// article, a demonstrative, a possessive or a quantifier ("the", "this",
// "its", "several").
func IsDeterminer(w string) bool {
	return IsDefiniteDeterminer(w) || articles[w] || quantifiers[w]
}

// IsArticle says whether a lower-case word is "the", "a" or "an".
func IsArticle(w string) bool { return articles[w] }

// IsDefiniteDeterminer says whether a lower-case word makes the noun
// phrase it opens point at one thing the reader knows: "the", a
// demonstrative or a possessive ("the 1991 agreement", "its 2010
// conference").
func IsDefiniteDeterminer(w string) bool {
	return w == "the" || demonstratives[w] || possessives[w]
}

// speechVerbs introduce what someone said ("said", "told", "announced").
var speechVerbs = setOf(
	"said", "says", "say", "told", "tells", "reported", "reports", "announced", "announces",
	"confirmed", "confirms", "denied", "denies", "claimed", "claims", "argued", "argues",
	"stated", "states", "added", "adds", "warned", "warns", "noted", "notes", "explained",
	"explains", "insisted", "insists", "admitted", "admits", "acknowledged", "acknowledges",
	"wrote", "writes", "alleged", "alleges", "asserted", "asserts", "stressed", "stresses",
	"maintained", "maintains", "disclosed", "revealed", "tweeted", "posted", "estimated",
	"predicted", "cautioned", "emphasised", "emphasized", "countered", "replied", "recalled",
)

// nounLikeSpeechVerbs are speech verbs that are as often plural nouns or
// adjectives ("member states", "news reports", "the notes").
var nounLikeSpeechVerbs = setOf(
	"states", "notes", "claims", "reports", "posted", "estimated", "say", "adds", "warns",
	"alleges", "maintains", "recalled",
)

// IsSpeechVerb says whether a lower-case word is a verb that reports
// speech or writing ("said", "announced", "tweeted").
func IsSpeechVerb(w string) bool { return speechVerbs[w] }

// IsNounLikeSpeechVerb says whether a speech verb is as often a noun or an
// adjective ("member states", "news reports"): a reader takes it as the
// verb only when a complement follows.
func IsNounLikeSpeechVerb(w string) bool { return nounLikeSpeechVerbs[w] }

// Capitalised returns w with its first letter upper case (ASCII words).
func capitalised(w string) string {
	if w == "" || w[0] < 'a' || w[0] > 'z' {
		return w
	}
	return strings.ToUpper(w[:1]) + w[1:]
}
