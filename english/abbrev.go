package english

import (
	"strings"
	"unicode/utf8"
)

// How a word followed by a period behaves at a possible sentence end.
//
// News text is full of periods that do not end sentences ("Jan. 27",
// "Mr. Putin", "the U.S. Treasury", "J. K. Rowling"), and a few that do double
// duty ("…based in the U.S. The next day…"). The rule for each kind of word
// is a trade-off between those two mistakes; the tables below say which
// side each word falls on.
type AbbrevKind uint8

const (
	// NotAbbrev: an ordinary word. The period ends the sentence unless the
	// next word starts in lower case.
	NotAbbrev AbbrevKind = iota
	// AbbrevNeverEnds: titles and Latin ("Mr.", "Gen.", "e.g.", "vs."): always
	// followed by more of the same sentence.
	AbbrevNeverEnds
	// AbbrevBeforeNumber: "No. 5", "Art. 3": an abbreviation only when a
	// number follows; otherwise an ordinary word ("He said no. Then…").
	AbbrevBeforeNumber
	// AbbrevEndsBeforeOpener: "U.S.", "U.N.", months, "St.", initials. These
	// are usually followed by a capitalised name ("U.S. Treasury", "St. Louis",
	// "J. K. Rowling"), so the period ends the sentence only when the next
	// word is one that typically opens a sentence ("The", "He", "But" …).
	AbbrevEndsBeforeOpener
	// AbbrevEndsBeforeCapital: "Inc.", "Co.", "Ltd.", "a.m.", "p.m.", "etc.":
	// rarely followed by a name, so any capitalised next word ends the
	// sentence, except the few that usually continue it ("9 a.m. Monday",
	// "Apple Inc. Chief Executive …").
	AbbrevEndsBeforeCapital
)

// abbreviations maps the word before the period (without the period; case
// matters) to its kind. Dotted acronyms ("U.S", "a.m") and single initials
// are recognised by shape in AbbreviationKind, so only the irregular ones
// are listed.
var abbreviations = withMonths(map[string]AbbrevKind{
	// Titles and ranks.
	"Mr": AbbrevNeverEnds, "Mrs": AbbrevNeverEnds, "Ms": AbbrevNeverEnds, "Messrs": AbbrevNeverEnds,
	"Dr": AbbrevNeverEnds, "Prof": AbbrevNeverEnds, "Gen": AbbrevNeverEnds, "Lt": AbbrevNeverEnds,
	"Col": AbbrevNeverEnds, "Capt": AbbrevNeverEnds, "Cmdr": AbbrevNeverEnds, "Sgt": AbbrevNeverEnds,
	"Maj": AbbrevNeverEnds, "Adm": AbbrevNeverEnds, "Brig": AbbrevNeverEnds, "Cpl": AbbrevNeverEnds,
	"Pvt": AbbrevNeverEnds, "Sen": AbbrevNeverEnds, "Rep": AbbrevNeverEnds, "Gov": AbbrevNeverEnds,
	"Pres": AbbrevNeverEnds, "Rev": AbbrevNeverEnds, "Hon": AbbrevNeverEnds, "Fr": AbbrevNeverEnds,
	"Supt": AbbrevNeverEnds, "Insp": AbbrevNeverEnds, "Det": AbbrevNeverEnds, "Amb": AbbrevNeverEnds,
	"Atty": AbbrevNeverEnds, "Mme": AbbrevNeverEnds, "Mlle": AbbrevNeverEnds,
	// Latin and other in-sentence abbreviations.
	"e.g": AbbrevNeverEnds, "i.e": AbbrevNeverEnds, "cf": AbbrevNeverEnds, "viz": AbbrevNeverEnds,
	"vs": AbbrevNeverEnds, "v": AbbrevNeverEnds, "approx": AbbrevNeverEnds, "ca": AbbrevNeverEnds,
	// Abbreviations before a number.
	"No": AbbrevBeforeNumber, "no": AbbrevBeforeNumber, "Nos": AbbrevBeforeNumber, "Art": AbbrevBeforeNumber,
	"Fig": AbbrevBeforeNumber, "Vol": AbbrevBeforeNumber, "p": AbbrevBeforeNumber, "pp": AbbrevBeforeNumber,
	"Ch": AbbrevBeforeNumber, "Sec": AbbrevBeforeNumber, "Para": AbbrevBeforeNumber,
	// Places (and, added below, the months): usually followed by a number or a name.
	"St": AbbrevEndsBeforeOpener, "Mt": AbbrevEndsBeforeOpener, "Ft": AbbrevEndsBeforeOpener,
	"Ave": AbbrevEndsBeforeOpener, "Blvd": AbbrevEndsBeforeOpener, "Rd": AbbrevEndsBeforeOpener,
	"Gens": AbbrevEndsBeforeOpener, "Sens": AbbrevEndsBeforeOpener, "Reps": AbbrevEndsBeforeOpener,
	"Dept": AbbrevEndsBeforeOpener, "Univ": AbbrevEndsBeforeOpener, "Assn": AbbrevEndsBeforeOpener,
	"Intl": AbbrevEndsBeforeOpener, "Govt": AbbrevEndsBeforeOpener,
	// US states in AP style ("Covington, La."), which end sentences as often as not.
	"Ala": AbbrevEndsBeforeOpener, "Ariz": AbbrevEndsBeforeOpener, "Ark": AbbrevEndsBeforeOpener,
	"Calif": AbbrevEndsBeforeOpener, "Colo": AbbrevEndsBeforeOpener, "Conn": AbbrevEndsBeforeOpener,
	"Del": AbbrevEndsBeforeOpener, "Fla": AbbrevEndsBeforeOpener, "Ga": AbbrevEndsBeforeOpener,
	"Ill": AbbrevEndsBeforeOpener, "Ind": AbbrevEndsBeforeOpener, "Kan": AbbrevEndsBeforeOpener,
	"Ky": AbbrevEndsBeforeOpener, "La": AbbrevEndsBeforeOpener, "Md": AbbrevEndsBeforeOpener,
	"Mass": AbbrevEndsBeforeOpener, "Mich": AbbrevEndsBeforeOpener, "Minn": AbbrevEndsBeforeOpener,
	"Miss": AbbrevEndsBeforeOpener, "Mo": AbbrevEndsBeforeOpener, "Mont": AbbrevEndsBeforeOpener,
	"Neb": AbbrevEndsBeforeOpener, "Nev": AbbrevEndsBeforeOpener, "Okla": AbbrevEndsBeforeOpener,
	"Ore": AbbrevEndsBeforeOpener, "Pa": AbbrevEndsBeforeOpener, "Tenn": AbbrevEndsBeforeOpener,
	"Tex": AbbrevEndsBeforeOpener, "Va": AbbrevEndsBeforeOpener, "Vt": AbbrevEndsBeforeOpener,
	"Wash": AbbrevEndsBeforeOpener, "Wis": AbbrevEndsBeforeOpener, "Wyo": AbbrevEndsBeforeOpener,
	// Abbreviations that often end a sentence.
	"Inc": AbbrevEndsBeforeCapital, "Co": AbbrevEndsBeforeCapital, "Corp": AbbrevEndsBeforeCapital,
	"Ltd": AbbrevEndsBeforeCapital, "Jr": AbbrevEndsBeforeCapital, "Sr": AbbrevEndsBeforeCapital,
	"Bros": AbbrevEndsBeforeCapital, "Plc": AbbrevEndsBeforeCapital, "plc": AbbrevEndsBeforeCapital,
	"etc": AbbrevEndsBeforeCapital, "al": AbbrevEndsBeforeCapital, "Ph.D": AbbrevEndsBeforeCapital,
})

// withMonths adds the capitalised month abbreviations ("Jan", "Sept") to
// the table: like "St.", usually followed by a number or a name.
func withMonths(m map[string]AbbrevKind) map[string]AbbrevKind {
	for w := range monthAbbreviations {
		m[capitalised(w)] = AbbrevEndsBeforeOpener
	}
	return m
}

// sentenceOpeners are capitalised words that commonly begin an English news
// sentence and rarely follow "U.S." or an initial inside one.
var sentenceOpeners = setOf(
	"The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "His", "Her", "Its", "Their",
	"Our", "My", "This", "That", "These", "Those", "There", "Here", "But", "And", "Or", "So", "Yet",
	"Nor", "In", "On", "At", "For", "From", "By", "With", "Without", "After", "Before", "As", "When",
	"While", "If", "Although", "Though", "Because", "Since", "Until", "During", "However",
	"Meanwhile", "Also", "Then", "Now", "Still", "Some", "Many", "Most", "All", "Both", "Each",
	"Every", "Several", "Such", "No", "Not", "None", "One", "What", "Who", "Why", "How", "Where",
	"Which", "Earlier", "Later", "Last", "Next", "Under", "Over", "According", "Despite", "Other",
	"Another", "Officials", "Asked", "Instead", "Further", "Finally", "Thus", "Even", "Only",
)

// capitalContinuations are capitalised words that usually continue a
// sentence after "Inc.", "a.m." and the like.
var capitalContinuations = withCalendarNames(setOf(
	"EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "GMT", "UTC", "BST", "CET", "CEST",
	"ET", "PT", "MT", "CT", "Eastern", "Pacific", "Central", "Mountain", "local", "Local",
	"Chief", "Chairman", "Chairwoman", "President", "CEO", "Executive", "Vice", "Inc", "Ltd",
	"Co", "Corp", "LLC", "Plc", "PLC", "Group", "Holdings", "AG", "SA", "NV", "Unit", "Subsidiary",
))

// withCalendarNames adds the capitalised month and weekday names and their
// abbreviations ("9 a.m. Monday", "Inc. Jan. 5").
func withCalendarNames(m map[string]bool) map[string]bool {
	for w := range months {
		m[capitalised(w)] = true
	}
	for w := range weekdays {
		m[capitalised(w)] = true
	}
	for w := range weekdayAbbreviations {
		m[capitalised(w)] = true
	}
	return m
}

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// AbbreviationKind classifies the word before a period.
func AbbreviationKind(word string) AbbrevKind {
	if k, ok := abbreviations[word]; ok {
		return k
	}
	if r, w := utf8.DecodeRuneInString(word); w == len(word) && ClassOf(r) == ClassUpper {
		return AbbrevEndsBeforeOpener // an initial: "J. K. Rowling"
	}
	if !strings.Contains(word, ".") {
		return NotAbbrev
	}
	// A dotted acronym: every part one to three letters ("U.S", "U.N",
	// "a.m", "D.C"). "3.5" and "example.com" are not.
	upper, lower := false, false
	for part := range strings.SplitSeq(word, ".") {
		if len(part) == 0 || len(part) > 3 {
			return NotAbbrev
		}
		for _, r := range part {
			switch ClassOf(r) {
			case ClassUpper:
				upper = true
			case ClassLower:
				lower = true
			default:
				return NotAbbrev
			}
		}
	}
	if upper && !lower {
		return AbbrevEndsBeforeOpener
	}
	return AbbrevEndsBeforeCapital
}
