package timex

// Word tables. They are read-only after package initialisation.

// seasonNames maps seasons to their TIMEX3 codes.
var seasonNames = map[string]string{
	"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI",
}

// partsOfDay maps parts of the day to TIMEX3 codes.
var partsOfDay = map[string]string{
	"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
}

// unit is a calendar or clock unit.
type unit uint8

const (
	unitNone unit = iota
	unitSecond
	unitMinute
	unitHour
	unitDay
	unitWeekend
	unitWeek
	unitMonth
	unitQuarter
	unitYear
	unitDecade
	unitCentury
	unitMillennium
)

// unitWords maps unit nouns (singular and plural) to units.
var unitWords = map[string]unit{
	"second": unitSecond, "seconds": unitSecond, "minute": unitMinute, "minutes": unitMinute,
	"hour": unitHour, "hours": unitHour, "day": unitDay, "days": unitDay,
	"week": unitWeek, "weeks": unitWeek, "weekend": unitWeekend, "weekends": unitWeekend,
	"month": unitMonth, "months": unitMonth, "quarter": unitQuarter, "quarters": unitQuarter,
	"year": unitYear, "years": unitYear, "decade": unitDecade, "decades": unitDecade,
	"century": unitCentury, "centuries": unitCentury, "millennium": unitMillennium, "millennia": unitMillennium,
}

// durationLetter is the TIMEX3 duration designator of each unit, and whether
// it goes after the "T" (clock units).
func (u unit) durationLetter() (string, bool) {
	switch u {
	case unitSecond:
		return "S", true
	case unitMinute:
		return "M", true
	case unitHour:
		return "H", true
	case unitDay:
		return "D", false
	case unitWeekend:
		return "WE", false
	case unitWeek:
		return "W", false
	case unitMonth:
		return "M", false
	case unitQuarter:
		return "Q", false
	case unitYear:
		return "Y", false
	case unitDecade:
		return "E", false
	case unitCentury:
		return "C", false
	case unitMillennium:
		return "L", false
	}
	return "", false
}

// numberWords are the spelled cardinals a news text uses for amounts.
var numberWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}

// ordinalWords are spelled ordinals (for quarters, halves, centuries and days).
var ordinalWords = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
	"eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
	"fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
	"nineteenth": 19, "twentieth": 20, "thirtieth": 30, "last": -1,
}

// vagueAmounts are quantity words that leave the number unknown (X).
var vagueAmounts = map[string]bool{
	"several": true, "few": true, "many": true, "some": true, "couple": true, "numerous": true,
}

// decadeWords are the spelled decades ("the nineties").
var decadeWords = map[string]int{
	"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
	"seventies": 7, "eighties": 8, "nineties": 9,
}

// setAdverbs are the frequency adverbs and their TIMEX3 SET values.
var setAdverbs = map[string]string{
	"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "quarterly": "P3M",
	"annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H", "biweekly": "P2W", "biannually": "P6M",
}

// refWords are the references TIMEX3 writes as PRESENT_REF, PAST_REF and
// FUTURE_REF.
var refWords = map[string]string{
	"now": "PRESENT_REF", "currently": "PRESENT_REF", "presently": "PRESENT_REF", "nowadays": "PRESENT_REF",
	"recently": "PAST_REF", "formerly": "PAST_REF", "lately": "PAST_REF",
	"soon": "FUTURE_REF",
}

// newspaperWords follow a weekday in the names of papers and programmes
// ("Sunday Times", "Monday Night Football" aside, these are the common ones).
var newspaperWords = map[string]bool{
	"times": true, "telegraph": true, "mirror": true, "express": true, "herald": true, "post": true,
	"observer": true, "independent": true, "mail": true, "people": true, "star": true, "tribune": true,
	"sport": true, "review": true, "edition": true, "magazine": true,
}

// nonYearFollowers are nouns after which a four-digit number is a count or
// a model name rather than a year ("1500 troops", "2000 series").
var nonYearFollowers = map[string]bool{
	"people": true, "troops": true, "soldiers": true, "shares": true, "workers": true, "employees": true,
	"jobs": true, "units": true, "cars": true, "miles": true, "feet": true, "meters": true, "metres": true,
	"kilometers": true, "kilometres": true, "km": true, "tons": true, "tonnes": true, "barrels": true,
	"points": true, "votes": true, "seats": true, "guilds": true, "members": true, "cases": true,
	"deaths": true, "dead": true, "residents": true, "families": true, "students": true, "homes": true,
	"houses": true, "acres": true, "pounds": true, "dollars": true, "euros": true, "yen": true,
	"francs": true, "marks": true, "series": true, "model": true, "models": true, "hp": true,
	"pages": true, "copies": true, "rooms": true, "beds": true, "aircraft": true, "planes": true,
	"vehicles": true, "tanks": true, "rockets": true, "missiles": true, "percent": true, "per": true,
	"million": true, "billion": true, "thousand": true, "hours": true, "days": true, "years": true,
	"weeks": true, "months": true, "minutes": true, "calories": true, "lb": true, "kg": true,
	"mph": true, "ft": true,
}
