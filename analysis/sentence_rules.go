package analysis

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
type abbrevKind uint8

const (
	// notAbbrev: an ordinary word. The period ends the sentence unless the
	// next word starts in lower case.
	notAbbrev abbrevKind = iota
	// abbrevNeverEnds: titles and Latin ("Mr.", "Gen.", "e.g.", "vs."): always
	// followed by more of the same sentence.
	abbrevNeverEnds
	// abbrevBeforeNumber: "No. 5", "Art. 3": an abbreviation only when a
	// number follows; otherwise an ordinary word ("He said no. Then…").
	abbrevBeforeNumber
	// abbrevEndsBeforeOpener: "U.S.", "U.N.", months, "St.", initials. These
	// are usually followed by a capitalised name ("U.S. Treasury", "St. Louis",
	// "J. K. Rowling"), so the period ends the sentence only when the next
	// word is one that typically opens a sentence ("The", "He", "But" …).
	abbrevEndsBeforeOpener
	// abbrevEndsBeforeCapital: "Inc.", "Co.", "Ltd.", "a.m.", "p.m.", "etc.":
	// rarely followed by a name, so any capitalised next word ends the
	// sentence, except the few that usually continue it ("9 a.m. Monday",
	// "Apple Inc. Chief Executive …").
	abbrevEndsBeforeCapital
)

// abbreviations maps the word before the period (without the period; case
// matters) to its kind. Dotted acronyms ("U.S", "a.m") and single initials
// are recognised by shape in abbreviationKind, so only the irregular ones
// are listed.
var abbreviations = map[string]abbrevKind{
	// Titles and ranks.
	"Mr": abbrevNeverEnds, "Mrs": abbrevNeverEnds, "Ms": abbrevNeverEnds, "Messrs": abbrevNeverEnds,
	"Dr": abbrevNeverEnds, "Prof": abbrevNeverEnds, "Gen": abbrevNeverEnds, "Lt": abbrevNeverEnds,
	"Col": abbrevNeverEnds, "Capt": abbrevNeverEnds, "Cmdr": abbrevNeverEnds, "Sgt": abbrevNeverEnds,
	"Maj": abbrevNeverEnds, "Adm": abbrevNeverEnds, "Brig": abbrevNeverEnds, "Cpl": abbrevNeverEnds,
	"Pvt": abbrevNeverEnds, "Sen": abbrevNeverEnds, "Rep": abbrevNeverEnds, "Gov": abbrevNeverEnds,
	"Pres": abbrevNeverEnds, "Rev": abbrevNeverEnds, "Hon": abbrevNeverEnds, "Fr": abbrevNeverEnds,
	"Supt": abbrevNeverEnds, "Insp": abbrevNeverEnds, "Det": abbrevNeverEnds, "Amb": abbrevNeverEnds,
	"Atty": abbrevNeverEnds, "Mme": abbrevNeverEnds, "Mlle": abbrevNeverEnds,
	// Latin and other in-sentence abbreviations.
	"e.g": abbrevNeverEnds, "i.e": abbrevNeverEnds, "cf": abbrevNeverEnds, "viz": abbrevNeverEnds,
	"vs": abbrevNeverEnds, "v": abbrevNeverEnds, "approx": abbrevNeverEnds, "ca": abbrevNeverEnds,
	// Abbreviations before a number.
	"No": abbrevBeforeNumber, "no": abbrevBeforeNumber, "Nos": abbrevBeforeNumber, "Art": abbrevBeforeNumber,
	"Fig": abbrevBeforeNumber, "Vol": abbrevBeforeNumber, "p": abbrevBeforeNumber, "pp": abbrevBeforeNumber,
	"Ch": abbrevBeforeNumber, "Sec": abbrevBeforeNumber, "Para": abbrevBeforeNumber,
	// Months and places: usually followed by a number or a name.
	"Jan": abbrevEndsBeforeOpener, "Feb": abbrevEndsBeforeOpener, "Mar": abbrevEndsBeforeOpener,
	"Apr": abbrevEndsBeforeOpener, "Jun": abbrevEndsBeforeOpener, "Jul": abbrevEndsBeforeOpener,
	"Aug": abbrevEndsBeforeOpener, "Sep": abbrevEndsBeforeOpener, "Sept": abbrevEndsBeforeOpener,
	"Oct": abbrevEndsBeforeOpener, "Nov": abbrevEndsBeforeOpener, "Dec": abbrevEndsBeforeOpener,
	"St": abbrevEndsBeforeOpener, "Mt": abbrevEndsBeforeOpener, "Ft": abbrevEndsBeforeOpener,
	"Ave": abbrevEndsBeforeOpener, "Blvd": abbrevEndsBeforeOpener, "Rd": abbrevEndsBeforeOpener,
	"Gens": abbrevEndsBeforeOpener, "Sens": abbrevEndsBeforeOpener, "Reps": abbrevEndsBeforeOpener,
	"Dept": abbrevEndsBeforeOpener, "Univ": abbrevEndsBeforeOpener, "Assn": abbrevEndsBeforeOpener,
	"Intl": abbrevEndsBeforeOpener, "Govt": abbrevEndsBeforeOpener,
	// US states in AP style ("Covington, La."), which end sentences as often as not.
	"Ala": abbrevEndsBeforeOpener, "Ariz": abbrevEndsBeforeOpener, "Ark": abbrevEndsBeforeOpener,
	"Calif": abbrevEndsBeforeOpener, "Colo": abbrevEndsBeforeOpener, "Conn": abbrevEndsBeforeOpener,
	"Del": abbrevEndsBeforeOpener, "Fla": abbrevEndsBeforeOpener, "Ga": abbrevEndsBeforeOpener,
	"Ill": abbrevEndsBeforeOpener, "Ind": abbrevEndsBeforeOpener, "Kan": abbrevEndsBeforeOpener,
	"Ky": abbrevEndsBeforeOpener, "La": abbrevEndsBeforeOpener, "Md": abbrevEndsBeforeOpener,
	"Mass": abbrevEndsBeforeOpener, "Mich": abbrevEndsBeforeOpener, "Minn": abbrevEndsBeforeOpener,
	"Miss": abbrevEndsBeforeOpener, "Mo": abbrevEndsBeforeOpener, "Mont": abbrevEndsBeforeOpener,
	"Neb": abbrevEndsBeforeOpener, "Nev": abbrevEndsBeforeOpener, "Okla": abbrevEndsBeforeOpener,
	"Ore": abbrevEndsBeforeOpener, "Pa": abbrevEndsBeforeOpener, "Tenn": abbrevEndsBeforeOpener,
	"Tex": abbrevEndsBeforeOpener, "Va": abbrevEndsBeforeOpener, "Vt": abbrevEndsBeforeOpener,
	"Wash": abbrevEndsBeforeOpener, "Wis": abbrevEndsBeforeOpener, "Wyo": abbrevEndsBeforeOpener,
	// Abbreviations that often end a sentence.
	"Inc": abbrevEndsBeforeCapital, "Co": abbrevEndsBeforeCapital, "Corp": abbrevEndsBeforeCapital,
	"Ltd": abbrevEndsBeforeCapital, "Jr": abbrevEndsBeforeCapital, "Sr": abbrevEndsBeforeCapital,
	"Bros": abbrevEndsBeforeCapital, "Plc": abbrevEndsBeforeCapital, "plc": abbrevEndsBeforeCapital,
	"etc": abbrevEndsBeforeCapital, "al": abbrevEndsBeforeCapital, "Ph.D": abbrevEndsBeforeCapital,
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
var capitalContinuations = setOf(
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
	"Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun",
	"January", "February", "March", "April", "May", "June", "July", "August", "September",
	"October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
	"Sept", "Oct", "Nov", "Dec",
	"EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "GMT", "UTC", "BST", "CET", "CEST",
	"ET", "PT", "MT", "CT", "Eastern", "Pacific", "Central", "Mountain", "local", "Local",
	"Chief", "Chairman", "Chairwoman", "President", "CEO", "Executive", "Vice", "Inc", "Ltd",
	"Co", "Corp", "LLC", "Plc", "PLC", "Group", "Holdings", "AG", "SA", "NV", "Unit", "Subsidiary",
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// abbreviationKind classifies the word before a period.
func abbreviationKind(word string) abbrevKind {
	if k, ok := abbreviations[word]; ok {
		return k
	}
	if r, w := utf8.DecodeRuneInString(word); w == len(word) && classOf(r) == classUpper {
		return abbrevEndsBeforeOpener // an initial: "J. K. Rowling"
	}
	if !strings.Contains(word, ".") {
		return notAbbrev
	}
	// A dotted acronym: every part one to three letters ("U.S", "U.N",
	// "a.m", "D.C"). "3.5" and "example.com" are not.
	upper, lower := false, false
	for part := range strings.SplitSeq(word, ".") {
		if len(part) == 0 || len(part) > 3 {
			return notAbbrev
		}
		for _, r := range part {
			switch classOf(r) {
			case classUpper:
				upper = true
			case classLower:
				lower = true
			default:
				return notAbbrev
			}
		}
	}
	if upper && !lower {
		return abbrevEndsBeforeOpener
	}
	return abbrevEndsBeforeCapital
}

// nextWord describes the word that follows a possible sentence end.
type nextWord struct {
	class         runeClass // class of its first rune (after opening quotes)
	word          string    // its letters
	followedByDot bool      // "K." in "J. K. Rowling"
	quoted        bool      // it opens with a quotation mark or bracket
}

const maxWordScan = 48 // bytes; words longer than this are not abbreviations

// readNextWord reads the word starting at i (after white space).
func readNextWord(text string, i int) nextWord {
	var nw nextWord
	for n := 0; i < len(text) && n < 4; n++ {
		w := openerAt(text, i)
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
	nw.class = classOf(r)
	j := i
	for j < len(text) && j-i < maxWordScan {
		r, w := utf8.DecodeRuneInString(text[j:])
		if !isWordRune(r) {
			break
		}
		j += w
	}
	nw.word = text[i:j]
	nw.followedByDot = j < len(text) && text[j] == '.'
	if nw.class == classLower && hasUpperAfterFirst(nw.word) {
		nw.class = classUpper // "iPhone", "eBay", "iOS" start sentences in lower case
	}
	return nw
}

func hasUpperAfterFirst(word string) bool {
	for i, r := range word {
		if i > 0 && classOf(r) == classUpper {
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
			if !isWordRune(r) && r != '.' {
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
	if nw.class == classLower {
		return false // "Inc. said", "e.g. the": lower case continues
	}
	word := wordBefore(text, start, dot)
	if word == "" {
		return true
	}
	switch abbreviationKind(word) {
	case abbrevNeverEnds:
		return false
	case abbrevBeforeNumber:
		return nw.class != classDigit
	case abbrevEndsBeforeOpener:
		return nw.class == classUpper && !nw.followedByDot && sentenceOpeners[nw.word] ||
			nw.quoted && nw.class == classUpper && !nw.followedByDot
	case abbrevEndsBeforeCapital:
		return nw.class == classUpper && !nw.followedByDot && !capitalContinuations[nw.word]
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
