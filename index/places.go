package index

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

// placeToken returns the place a single token names, if any.
func placeToken(term string) (string, bool) {
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
