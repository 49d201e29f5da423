// Package places knows how news names places: countries and regions, their
// peoples and their adjectives, each brought to one name ("Russians",
// "Russian" and "Russia" are all "russia"). It is language knowledge, kept
// apart from the index that uses it to match "Russian forces" to a
// question about Russia.
package places

import "strings"

// places maps the ways news names a place, its people and its adjective to
// one token, so "Russian forces" answers a question about Russia. Keys are
// lower case; see caseSensitivePlaces for forms that collide with words.
// Keep the list sorted by place; add a place with all its forms.
var places = map[string]string{
	"afghanistan": "afghanistan", "afghan": "afghanistan", "afghans": "afghanistan",
	"america": "usa", "american": "usa", "americans": "usa", "usa": "usa", "u.s": "usa", "u.s.a": "usa",
	"britain": "britain", "british": "britain", "briton": "britain", "britons": "britain", "u.k": "britain",
	"china": "china", "chinese": "china",
	"egypt": "egypt", "egyptian": "egypt", "egyptians": "egypt",
	"europe": "europe", "european": "europe", "europeans": "europe",
	"france": "france", "french": "france",
	"germany": "germany", "german": "germany", "germans": "germany",
	"india": "india", "indian": "india", "indians": "india",
	"iran": "iran", "iranian": "iran", "iranians": "iran",
	"iraq": "iraq", "iraqi": "iraq", "iraqis": "iraq",
	"israel": "israel", "israeli": "israel", "israelis": "israel",
	"japan": "japan", "japanese": "japan",
	"jordan": "jordan", "jordanian": "jordan", "jordanians": "jordan",
	"kurdistan": "kurdistan", "kurd": "kurdistan", "kurds": "kurdistan", "kurdish": "kurdistan",
	"lebanon": "lebanon", "lebanese": "lebanon",
	"libya": "libya", "libyan": "libya", "libyans": "libya",
	"pakistan": "pakistan", "pakistani": "pakistan", "pakistanis": "pakistan",
	"palestine": "palestine", "palestinian": "palestine", "palestinians": "palestine",
	"qatar": "qatar", "qatari": "qatar", "qataris": "qatar",
	"russia": "russia", "russian": "russia", "russians": "russia",
	"saudi": "saudiarabia", "saudis": "saudiarabia",
	"syria": "syria", "syrian": "syria", "syrians": "syria",
	"turkey": "turkey", "turkish": "turkey", "turks": "turkey", "türkiye": "turkey",
	"ukraine": "ukraine", "ukrainian": "ukraine", "ukrainians": "ukraine",
	"yemen": "yemen", "yemeni": "yemen", "yemenis": "yemen",
}

// caseSensitivePlaces are forms that are other words in lower case ("us").
var caseSensitivePlaces = map[string]string{
	"US": "usa", "UK": "britain",
}

// twoWordPlaces are places named in two words; the pair becomes one token.
var twoWordPlaces = map[[2]string]string{
	{"united", "states"}:  "usa",
	{"united", "kingdom"}: "britain",
	{"saudi", "arabia"}:   "saudiarabia",
	{"great", "britain"}:  "britain",
}

// Pair returns the place two words name together ("United States"), if any.
// The words may be in any case.
func Pair(first, second string) (string, bool) {
	p, ok := twoWordPlaces[[2]string{strings.ToLower(first), strings.ToLower(second)}]
	return p, ok
}

// Token returns the place a single word names, if any. Case matters for
// short upper-case words: "US" is the country, "us" the pronoun, and other
// acronyms ("UN", "IS") are not places.
func Token(term string) (string, bool) {
	if p, ok := caseSensitivePlaces[term]; ok {
		return p, true
	}
	if strings.ToUpper(term) == term && len(term) <= 3 {
		// Acronyms other than the ones above ("UN", "IS") are not places.
		if p, ok := places[strings.ToLower(term)]; ok && strings.Contains(term, ".") {
			return p, true
		}
		if p, ok := places[strings.ToLower(term)]; ok && len(term) == 3 {
			return p, true
		}
		return "", false
	}
	p, ok := places[strings.ToLower(term)]
	return p, ok
}
