package timex

import (
	"time"

	"github.com/dateline-bot/dateline/english"
)

// Rules for dates written on the calendar: "2026-01-23", "Jan. 23, 2026",
// "27 January", "December 2024", "1990", "the 1990s", "the 19th century",
// "the third quarter", "summer 2025".

// dateContextWords precede a bare month or season name when it is a date
// ("in March", "since May", "early June"); without one, "may" and "march"
// are read as the verbs they usually are.
var dateContextWords = map[string]bool{
	"in": true, "since": true, "until": true, "till": true, "by": true, "during": true, "of": true,
	"early": true, "late": true, "mid": true, "from": true, "to": true, "through": true, "before": true,
	"after": true, "between": true, "last": true, "next": true, "this": true, "that": true, "until-": true,
	"throughout": true, "each": true, "every": true, "and": true, "or": true, "on": true, "for": true,
	"earlier": true, "later": true, "around": true, "about": true, "starting": true, "beginning": true,
	"ending": true, "ended": true, "past": true, "coming": true,
}

// monthAt reads a month name at i (with the period of an abbreviation).
// strict asks for evidence that a capitalised "May" or "March" is a month:
// the caller sets it when no day or year follows.
func (s *scanner) monthAt(i int) (month, end int, ok bool) {
	w := s.w(i)
	m, ok := monthNamed(w)
	if !ok {
		return 0, i, false
	}
	// Full names that are only months ("january") may be written in lower
	// case; the ones that are also words ("may", "march", "august") and the
	// abbreviations ("jan", "dec") need their capital.
	if !s.capital(i) && (english.IsMonthAbbreviation(w) || w == "may" || w == "march" || w == "august") {
		return 0, i, false
	}
	end = i + 1
	if english.IsMonthAbbreviation(w) {
		if s.p(end) == "." && s.glued(end) {
			end++
		} else if w == "mar" || w == "jun" || w == "jul" || w == "jan" {
			// Without its period a short form must be followed by a number.
			if _, _, isNum := s.n(end); !isNum {
				return 0, i, false
			}
		}
	}
	return m, end, true
}

// dayAt reads a day of the month at i: 1..31 with an optional ordinal
// suffix ("22nd").
func (s *scanner) dayAt(i int) (day, end int, ok bool) {
	v, digits, isNum := s.n(i)
	if !isNum || digits > 2 || v < 1 || v > 31 || !s.standaloneNumber(i) {
		return 0, i, false
	}
	end = i + 1
	switch s.w(end) {
	case "st", "nd", "rd", "th":
		if s.glued(end) {
			end++
		}
	}
	if s.p(end) == ":" && s.glued(end) && s.n1(end+1) && s.glued(end+1) || s.glued(end) && s.p(end) == "-" && s.w(end+1) != "" {
		return 0, i, false // "10:30", "12-year"
	}
	if _, isUnit := unitWords[s.w(end)]; isUnit {
		return 0, i, false
	}
	return v, end, true
}

// spelledDayAt reads a day written as an ordinal word after a month, as
// broadcast transcripts do: "March eighth", "July twenty-first".
func (s *scanner) spelledDayAt(i int) (day, end int, ok bool) {
	w := s.w(i)
	if tens := numberWords[w]; (tens == 20 || tens == 30) && s.p(i+1) == "-" && s.glued(i+1) && s.glued(i+2) {
		if u := ordinalWords[s.w(i+2)]; u >= 1 && u <= 9 && tens+u <= 31 {
			return tens + u, i + 3, true
		}
	}
	if d := ordinalWords[w]; d >= 1 && d <= 31 {
		return d, i + 1, true
	}
	return 0, i, false
}

// cardinalDayAt reads a day written as a cardinal word after a month
// ("March six", "September one, 1989"), only where no noun follows it: "in
// January three banks failed" counts banks.
func (s *scanner) cardinalDayAt(i int) (day, end int, ok bool) {
	w := s.w(i)
	day, end = numberWords[w], i+1
	if (day == 20 || day == 30) && s.p(end) == "-" && s.glued(end) && s.glued(end+1) {
		if u := numberWords[s.w(end+1)]; u >= 1 && u <= 9 {
			day, end = day+u, end+2
		}
	}
	if day < 1 || day > 31 || w == "hundred" || w == "dozen" {
		return 0, i, false
	}
	if _, _, hasYear := s.yearTail(end); hasYear {
		return day, end, true
	}
	if end < len(s.toks) && s.toks[end].Kind != tokPunct {
		return 0, i, false
	}
	return day, end, true
}

// yearAt reads a four-digit year (1000..2099) at i, or "'98".
func (s *scanner) yearAt(i int) (year, end int, ok bool) {
	if s.p(i) == "'" {
		v, digits, isNum := s.n(i + 1)
		if isNum && digits == 2 && s.glued(i+1) && !(s.glued(i+2) && s.w(i+2) != "") {
			return 1900 + v, i + 2, true
		}
		return 0, i, false
	}
	v, digits, isNum := s.n(i)
	if !isNum || digits != 4 || v < 1000 || v > 2099 || !s.standaloneNumber(i) {
		return 0, i, false
	}
	if s.glued(i+1) && s.w(i+1) != "" {
		return 0, i, false // "1990s", "2000th"
	}
	if nonYearFollowers[s.w(i+1)] {
		return 0, i, false
	}
	return v, i + 1, true
}

// yearTail reads ", 2026" or " 2026" after a month or day.
func (s *scanner) yearTail(i int) (year, end int, ok bool) {
	k := i
	if s.p(k) == "," {
		k++
	}
	if s.w(k) == "of" {
		k++
	}
	if y, end, ok := s.yearAt(k); ok {
		return y, end, true
	}
	return s.spelledYear(k)
}

// relYearTail reads "last year", "this year", "next year" after a month.
func (s *scanner) relYearTail(i int) (year, end int, ok bool) {
	if s.w(i+1) != "year" {
		return 0, i, false
	}
	switch s.w(i) {
	case "last":
		return s.dct.Year() - 1, i + 2, true
	case "this":
		return s.dct.Year(), i + 2, true
	case "next":
		return s.dct.Year() + 1, i + 2, true
	}
	return 0, i, false
}

// isoDate reads 2026-01-23.
func (s *scanner) isoDate(i int) (result, bool) {
	y, yd, ok1 := s.n(i)
	m, md, ok2 := s.n(i + 2)
	d, dd, ok3 := s.n(i + 4)
	if !ok1 || !ok2 || !ok3 || yd != 4 || md != 2 || dd != 2 || s.p(i+1) != "-" || s.p(i+3) != "-" {
		return result{}, false
	}
	for k := i + 1; k <= i+4; k++ {
		if !s.glued(k) {
			return result{}, false
		}
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) || s.glued(i+5) && s.n1(i+5) {
		return result{}, false
	}
	return dateResult(i+5, cal{prec: PrecisionDay, year: y, month: m, day: d, hour: -1}, ""), true
}

// n1 says token i is a digit run.
func (s *scanner) n1(i int) bool {
	_, _, ok := s.n(i)
	return ok
}

// weekdayPrefix skips "Friday, " before a written date.
func (s *scanner) weekdayPrefix(i int) int {
	if _, ok := weekdayNamed(s.w(i)); ok {
		if s.p(i+1) == "," {
			return i + 2
		}
		return i + 1
	}
	return i
}

// monthDate reads "Jan. 23", "January 23, 2026", "Friday, March 22",
// "December 2024", "July of 1997", "June last year" and a bare "March"
// where the context shows it is a month.
func (s *scanner) monthDate(i int) (result, bool) {
	k := s.weekdayPrefix(i)
	hadWeekday := k > i
	m, k, ok := s.monthAt(k)
	if !ok {
		return result{}, false
	}
	d, k2, ok := s.dayAt(k)
	if ok && s.glued(k) && s.toks[k-1].Kind == tokWord {
		ok = false // "JUL7", "DEC7": a futures contract's month and year
	}
	if !ok {
		d, k2, ok = s.spelledDayAt(k)
	}
	if !ok {
		d, k2, ok = s.cardinalDayAt(k)
	}
	if ok {
		if y, k3, ok := s.yearTail(k2); ok {
			if d > daysIn(y, m) {
				return result{}, false
			}
			return dateResult(k3, cal{prec: PrecisionDay, year: y, month: m, day: d, hour: -1}, ""), true
		}
		c, ok := s.resolveMonthDay(m, d, s.tenseAt(i))
		return dateResult(k2, c, ""), ok
	}
	if hadWeekday {
		return result{}, false // "Friday, March": leave the weekday to its own rule
	}
	if y, k2, ok := s.yearTail(k); ok {
		return dateResult(k2, cal{prec: PrecisionMonth, year: y, month: m, hour: -1}, ""), true
	}
	if y, k2, ok := s.relYearTail(k); ok {
		return dateResult(k2, cal{prec: PrecisionMonth, year: y, month: m, hour: -1}, ""), true
	}
	// A bare month name: only where the verb ("may", "march") and name
	// ("August", "Jan") readings are ruled out by the word before.
	prev := s.w(i - 1)
	if s.p(i-1) == "-" && s.w(i-2) == "mid" {
		prev = "mid"
	}
	w := s.w(i)
	if !dateContextWords[prev] && !s.attributiveMonth(i) && (w == "may" || w == "march" || english.IsMonthAbbreviation(w) || w == "august") {
		return result{}, false
	}
	if english.IsMonthAbbreviation(w) && !dateContextWords[prev] {
		return result{}, false
	}
	t, src := s.clauseTense(i)
	return dateResult(k, s.resolveMonth(m, t, src), ""), true
}

// attributiveMonth says the capitalised month name at i modifies the
// lower-case noun after it, the article before it: "the March accession",
// "the May elections". Neither the verb ("may", "march") nor a name ("the
// March of Dimes") is read that way.
func (s *scanner) attributiveMonth(i int) bool {
	next := s.w(i + 1)
	return s.w(i-1) == "the" && s.capital(i) && !english.IsMonthAbbreviation(s.w(i)) &&
		next != "" && !s.capital(i+1) && next != "of" && next != "and" && next != "or"
}

// dayMonthDate reads "27 January", "23rd of January 2026", "Friday, 22 March".
func (s *scanner) dayMonthDate(i int) (result, bool) {
	k := s.weekdayPrefix(i)
	if s.w(k) == "the" {
		k++
	}
	d, k, ok := s.dayAt(k)
	if !ok {
		return result{}, false
	}
	if s.w(k) == "of" {
		k++
	}
	m, k, ok := s.monthAt(k)
	if !ok {
		return result{}, false
	}
	if y, k2, ok := s.yearTail(k); ok {
		if d > daysIn(y, m) {
			return result{}, false
		}
		return dateResult(k2, cal{prec: PrecisionDay, year: y, month: m, day: d, hour: -1}, ""), true
	}
	c, ok := s.resolveMonthDay(m, d, s.tenseAt(i))
	return dateResult(k, c, ""), ok
}

// yearDate reads "2024", "fiscal 1989", "the year 2000".
func (s *scanner) yearDate(i int) (result, bool) {
	k := i
	switch {
	case s.w(k) == "fiscal":
		k++
		if s.w(k) == "year" {
			k++
		}
	case s.w(k) == "the" && s.w(k+1) == "year":
		k += 2
	case s.w(k) == "year" && s.n1(k+1):
		k++
	}
	if s.p(k) == "'" && k == i {
		return result{}, false // "'98" alone is too often something else
	}
	y, end, ok := s.yearAt(k)
	if !ok {
		y, end, ok = s.spelledYear(k)
	}
	if !ok {
		return result{}, false
	}
	if y < 1800 && k == i && !dateContextWords[s.w(i-1)] {
		return result{}, false
	}
	if k == i && s.capital(end) && carMakes[s.w(end)] && ownerWords[s.w(i-1)] {
		return result{}, false // "his 1987 Chevrolet": a model year, not a date
	}
	return dateResult(end, cal{prec: PrecisionYear, year: y, hour: -1}, ""), true
}

// ownerWords before "1987 Chevrolet" make it a car someone has ("a",
// "his", "Kopp's"), not "in 1987 Ford cut jobs" or "the 1987 Ford strike".
var ownerWords = map[string]bool{
	"a": true, "an": true, "his": true, "her": true, "their": true, "its": true, "my": true,
	"our": true, "your": true, "s": true,
}

// carMakes are makers whose name after a year makes it a model year.
var carMakes = map[string]bool{
	"chevrolet": true, "chevy": true, "ford": true, "buick": true, "cadillac": true, "dodge": true,
	"chrysler": true, "pontiac": true, "oldsmobile": true, "plymouth": true, "lincoln": true,
	"mercury": true, "jeep": true, "toyota": true, "honda": true, "nissan": true, "datsun": true,
	"mazda": true, "subaru": true, "volkswagen": true, "vw": true, "volvo": true, "saab": true,
	"bmw": true, "mercedes": true, "porsche": true, "audi": true, "jaguar": true, "ferrari": true,
	"hyundai": true, "kia": true, "peugeot": true, "renault": true, "fiat": true,
}

// spelledYear reads years as broadcast transcripts write them: "nineteen
// ninety-six", "two thousand", "two thousand and one".
func (s *scanner) spelledYear(k int) (year, end int, ok bool) {
	switch {
	case s.w(k) == "nineteen" || s.w(k) == "eighteen":
		century := 1900
		if s.w(k) == "eighteen" {
			century = 1800
		}
		tens := numberWords[s.w(k+1)]
		if tens < 20 || tens > 90 || tens%10 != 0 {
			return 0, k, false
		}
		end = k + 2
		if s.p(end) == "-" && s.glued(end) {
			if u := numberWords[s.w(end+1)]; u > 0 && u < 10 {
				return century + tens + u, end + 2, true
			}
		}
		return century + tens, end, true
	case s.w(k) == "two" && s.w(k+1) == "thousand":
		end = k + 2
		j := end
		if s.w(j) == "and" {
			j++
		}
		if u := numberWords[s.w(j)]; u > 0 && u < 20 && !unitFollows(s, j+1) {
			return 2000 + u, j + 1, true
		}
		return 2000, end, !unitFollows(s, end)
	}
	return 0, k, false
}

// unitFollows says a unit noun is at k ("two thousand years").
func unitFollows(s *scanner, k int) bool {
	_, ok := unitWords[s.w(k)]
	return ok
}

// decadeDate reads "the 1990s", "1990s", "the '80s", "the nineties"; the
// hundreds ("the 1800s") are centuries.
func (s *scanner) decadeDate(i int) (result, bool) {
	k := i
	the := s.w(k) == "the"
	if the {
		k++
	}
	if the {
		if d, ok := decadeWords[s.w(k)]; ok {
			return dateResult(k+1, cal{prec: PrecisionDecade, year: 1900 + 10*d, hour: -1}, ""), true
		}
	}
	apostrophe := s.p(k) == "'"
	if apostrophe {
		k++
	}
	v, digits, ok := s.n(k)
	sAt := k + 1 // the "s" of "1990s"; "1990's" puts an apostrophe before it
	if s.p(sAt) == "'" && s.glued(sAt) && s.w(sAt+1) == "s" {
		sAt++
	}
	if !ok || s.w(sAt) != "s" || !s.glued(sAt) || v%10 != 0 || apostrophe && !s.glued(k) {
		return result{}, false
	}
	if s.glued(k) && !apostrophe && k > 0 && s.p(k-1) != "-" {
		return result{}, false
	}
	switch {
	case digits == 4 && v >= 1000 && v <= 2090:
		if v%100 == 0 && v < 2000 {
			return dateResult(sAt+1, cal{prec: PrecisionCentury, year: v, hour: -1}, ""), true
		}
		return dateResult(sAt+1, cal{prec: PrecisionDecade, year: v, hour: -1}, ""), true
	case digits == 2 && (the || apostrophe):
		century := 1900
		if v < 30 && v <= (s.dct.Year()%100) {
			century = 2000
		}
		return dateResult(sAt+1, cal{prec: PrecisionDecade, year: century + v, hour: -1}, ""), true
	}
	return result{}, false
}

// centuryDate reads "the 19th century", "the twentieth century", "the
// 19th-century".
func (s *scanner) centuryDate(i int) (result, bool) {
	k := i
	if s.w(k) == "the" {
		k++
	}
	n := 0
	if v, digits, ok := s.n(k); ok && digits <= 2 {
		switch s.w(k + 1) {
		case "st", "nd", "rd", "th":
			if s.glued(k + 1) {
				n, k = v, k+2
			}
		}
	} else if v, ok := ordinalWords[s.w(k)]; ok && v > 0 {
		n, k = v, k+1
	}
	if n == 0 {
		return result{}, false
	}
	if s.p(k) == "-" && s.glued(k) {
		k++
	}
	if s.w(k) != "century" {
		return result{}, false
	}
	return dateResult(k+1, cal{prec: PrecisionCentury, year: (n - 1) * 100, hour: -1}, ""), true
}

// quarterDate reads quarters with a number: "the third quarter",
// "third-quarter", "the fiscal first quarter", "this year's third quarter",
// "the 1988 second quarter", "the year-earlier third quarter", "the third
// quarter of 1990", "Q3 2025", "3Q".
func (s *scanner) quarterDate(i int) (result, bool) {
	k := i
	if s.w(k) == "the" {
		k++
	}
	year, yearShift := 0, 0
	switch {
	case (s.w(k) == "this" || s.w(k) == "last" || s.w(k) == "next") && s.w(k+1) == "year" && s.p(k+2) == "'" && s.w(k+3) == "s":
		year = s.dct.Year() + relWords[s.w(k)].shift // this 0, last -1, next +1
		k += 4
	case s.w(k) == "year" && s.p(k+1) == "-" && (s.w(k+2) == "earlier" || s.w(k+2) == "ago"):
		yearShift = -1
		k += 3
	default:
		if y, end, ok := s.yearAt(k); ok && (s.w(end) != "" || s.p(end) == "'") {
			year, k = y, end
			if s.p(k) == "'" && s.w(k+1) == "s" {
				k += 2
			}
		}
	}
	if s.w(k) == "fiscal" {
		k++
		if s.p(k) == "-" {
			k++
		}
	}
	q := 0
	switch {
	case s.w(k) == "q" && s.capital(k) && s.glued(k+1):
		if v, digits, ok := s.n(k + 1); ok && digits == 1 {
			q, k = v, k+2
		}
	case s.n1(k) && s.w(k+1) == "q" && s.glued(k+1):
		v, digits, _ := s.n(k)
		if digits == 1 {
			q, k = v, k+2
		}
	default:
		ord, ok := ordinalWords[s.w(k)]
		if w := s.w(k); w == "final" || w == "last" && s.w(k+1) == "quarter" && s.w(k+2) == "of" && s.yearFollowsOf(k+2) {
			ord, ok = 4, true // "the final quarter", "the last quarter of 2009"
		}
		if !ok || ord < 1 || ord > 4 {
			if v, digits, isNum := s.n(k); isNum && digits == 1 && (s.w(k+1) == "st" || s.w(k+1) == "nd" || s.w(k+1) == "rd" || s.w(k+1) == "th") {
				ord, ok, k = v, true, k+1
			}
		}
		if !ok || ord < 1 || ord > 4 {
			return result{}, false
		}
		k++
		if s.p(k) == "-" {
			if i != k-1 && s.w(i) == "the" {
				return result{}, false // "the third-quarter results": the adjective alone
			}
			k++
		}
		if s.w(k) != "quarter" {
			return result{}, false
		}
		q, k = ord, k+1
	}
	if q < 1 || q > 4 {
		return result{}, false
	}
	// A year after the quarter: "of 1990", "of fiscal 1990", ", 1990", "1990".
	t := k
	if s.w(t) == "of" {
		t++
		if s.w(t) == "fiscal" {
			t++
		}
	} else if s.p(t) == "," {
		t++
	}
	if y, end, ok := s.yearAt(t); ok && year == 0 {
		year, k = y, end
	} else if y, end, ok := s.relYearTail(k + 1); ok && s.w(k) == "of" && year == 0 {
		year, k = y, end // "the first quarter of last year"
	}
	var c cal
	if year != 0 {
		c = cal{prec: PrecisionQuarter, year: year, quarter: q, hour: -1}
	} else {
		c = s.resolveQuarter(q, s.tenseAt(i))
	}
	c.year += yearShift
	return dateResult(k, c, ""), true
}

// yearFollowsOf says a year follows "of" at k: "of 2009", "of last year".
func (s *scanner) yearFollowsOf(k int) bool {
	if _, _, ok := s.yearAt(k + 1); ok {
		return true
	}
	_, _, ok := s.relYearTail(k + 1)
	return ok
}

// anaphoricQuarter reads quarters named by their place in the text or
// against the publication date: "the quarter", "the latest quarter", "the
// latest period", "the current quarter", "the year-ago quarter".
func (s *scanner) anaphoricQuarter(i int) (result, bool) {
	k := i
	the := s.w(k) == "the"
	if the {
		k++
	}
	qualifier, year := "", 0
	if s.w(k) == "last" && s.w(k+1) == "year" && s.p(k+2) == "'" && s.w(k+3) == "s" && !the {
		// "last year's quarter": the same quarter a year before.
		if u := s.w(k + 4); (u == "quarter" || u == "period") && s.hasLastQuarter {
			r := dateResult(k+5, s.lastQuarter.shift(-4), "")
			r.noAnchor = true
			return r, true
		}
		return result{}, false
	}
	switch w := s.w(k); {
	case w == "year" && s.p(k+1) == "-" && (s.w(k+2) == "earlier" || s.w(k+2) == "ago"):
		qualifier, k = "year-ago", k+3
	case w == "comparable" && s.w(k+1) == "year" && s.p(k+2) == "-" && (s.w(k+3) == "earlier" || s.w(k+3) == "ago"):
		qualifier, k = "year-ago", k+4
	case (w == "corresponding" || w == "comparable" || w == "same") && (s.w(k+1) == "period" || s.w(k+1) == "quarter") &&
		(s.w(k+2) == "last" && s.w(k+3) == "year" || s.w(k+2) == "a" && s.w(k+3) == "year" && (s.w(k+4) == "earlier" || s.w(k+4) == "ago")):
		// "the corresponding period last year": the quarter the text is
		// about, a year before.
		if !the || !s.hasLastQuarter {
			return result{}, false
		}
		end := k + 4
		if s.w(k+2) == "a" {
			end = k + 5
		}
		r := dateResult(end, s.lastQuarter.shift(-4), "")
		r.noAnchor = true
		return r, true
	case w == "latest" || w == "recent" || w == "current" || w == "same" || w == "that":
		qualifier, k = w, k+1
	case w == "most" && s.w(k+1) == "recent":
		qualifier, k = "latest", k+2
	default:
		if y, end, ok := s.yearAt(k); ok && the {
			qualifier, year, k = "year", y, end // "the 1988 period": that year's quarter
		}
	}
	if s.w(k) == "fiscal" {
		k++
	}
	unit := s.w(k)
	if unit != "quarter" && unit != "period" {
		return result{}, false
	}
	if !the && qualifier != "that" || s.p(k+1) == "-" && s.glued(k+1) {
		return result{}, false // "the quarter-to-quarter comparison"
	}
	if unit == "period" && qualifier != "latest" && qualifier != "year-ago" && qualifier != "year" {
		return result{}, false
	}
	k++
	current := s.today.coarsen(PrecisionQuarter)
	base := current.shift(-1) // the last completed quarter
	if s.hasLastQuarter {
		base = s.lastQuarter
	}
	var c cal
	switch qualifier {
	case "current":
		c = current
	case "year-ago":
		c = base.shift(-4)
	case "year":
		c = base
		c.year = year
	case "latest":
		// "the latest quarter" is a completed one: the last quarter the
		// text named if that one is over (before the current quarter, or
		// reported in the past tense), else the last completed before
		// publication ("a charge in the fourth quarter" is a forecast).
		c = current.shift(-1)
		if s.hasLastQuarter && s.lastQuarterDone {
			c = s.lastQuarter
		}
	default:
		c = base
	}
	r := dateResult(k, c, "")
	r.noAnchor = qualifier == "year-ago" || qualifier == "year"
	return r, true
}

// seasonDate reads "summer 2025", "this summer", "last fall", "the winter
// of 1994", "the summer".
func (s *scanner) seasonDate(i int) (result, bool) {
	k := i
	the := s.w(k) == "the"
	if the {
		k++
	}
	rel, hasRel, this := 0, false, false
	switch s.w(k) {
	case "this", "current":
		hasRel, this = true, true
		k++
		if s.w(k) == "past" {
			rel = -1
			k++
		}
	case "last", "past", "previous":
		rel, hasRel = -1, true
		k++
	case "next", "coming":
		rel, hasRel = 1, true
		k++
	}
	season, ok := seasonNames[s.w(k)]
	if !ok {
		return result{}, false
	}
	k++
	if y, end, ok := s.yearTail(k); ok && !hasRel {
		return dateResult(end, cal{prec: PrecisionSeason, year: y, season: season, hour: -1}, ""), true
	}
	w := s.w(k - 1)
	if !hasRel {
		if w == "fall" || !the && !dateContextWords[s.w(i-1)] {
			return result{}, false
		}
	}
	return dateResult(k, s.resolveSeason(season, rel, this, s.tenseAt(i)), ""), true
}

// secondDay reads the bare day number of a pair whose first day names the
// month: the "25" of "April 24 and 25" or "April 24-25".
func (s *scanner) secondDay(i int) (result, bool) {
	if !s.hasLast || s.last.prec != PrecisionDay || s.lastEnd != i-1 {
		return result{}, false
	}
	switch {
	case s.w(i-1) == "and" || s.w(i-1) == "or" || s.w(i-1) == "to" || s.w(i-1) == "through":
	case s.p(i-1) == "-" && s.glued(i-1) && s.glued(i):
	default:
		return result{}, false
	}
	d, end, ok := s.dayAt(i)
	if !ok || d <= s.last.day || d > daysIn(s.last.year, s.last.month) {
		return result{}, false
	}
	if end < len(s.toks) && s.toks[end].Kind != tokPunct {
		return result{}, false // "April 24 and 25 hostages": a count
	}
	c := s.last
	c.day = d
	return dateResult(end, c, ""), true
}

// halfDate reads halves of a year: "the first half", "the second half of
// 2009", "the first half of last year", "first-half profit", "H2 2025".
func (s *scanner) halfDate(i int) (result, bool) {
	k := i
	the := s.w(k) == "the"
	if the {
		k++
	}
	h := 0
	switch s.w(k) {
	case "first":
		h = 1
	case "second", "latter", "final":
		h = 2
	case "h":
		if v, digits, ok := s.n(k + 1); ok && digits == 1 && s.capital(k) && s.glued(k+1) && (v == 1 || v == 2) && !the {
			h, k = v, k+1 // "H2 2025"
		}
	}
	if h == 0 {
		return result{}, false
	}
	k++
	if !s.n1(k - 1) { // not "H2": a word, then "half"
		if s.p(k) == "-" && s.glued(k) {
			if the {
				return result{}, false // "the first-half results": the adjective alone
			}
			k++
		}
		if s.w(k) != "half" {
			return result{}, false
		}
		k++
	}
	t := k
	if s.w(t) == "of" {
		t++
		if s.w(t) == "fiscal" {
			t++
		}
	}
	var c cal
	if y, end, ok := s.yearAt(t); ok {
		c, k = cal{prec: PrecisionHalf, year: y, half: h, hour: -1}, end
	} else if y, end, ok := s.relYearTail(k + 1); ok && s.w(k) == "of" {
		c, k = cal{prec: PrecisionHalf, year: y, half: h, hour: -1}, end // "the first half of last year"
	} else if s.w(k) == "of" && s.w(k+1) == "the" && s.w(k+2) == "year" {
		c, k = s.resolveHalf(h, s.tenseAt(i)), k+3
	} else if !the && (s.p(k-2) == "-" || s.n1(k-1)) {
		c = s.resolveHalf(h, s.tenseAt(i)) // "first-half profit", "H2"
	} else {
		// "the first half of the match", and a bare "the second half":
		// half of what the text does not say.
		return result{}, false
	}
	return dateResult(k, c, ""), true
}

// resolveHalf picks the year of a half named without one: this year's,
// unless it has not begun and the clause is not about the future (a report
// in March about "the second half" means last year's, as for quarters).
func (s *scanner) resolveHalf(h int, t tense) cal {
	y := s.dct.Year()
	if h == 2 && s.dct.Month() < time.July && t != tenseFuture {
		y--
	}
	return cal{prec: PrecisionHalf, year: y, half: h, hour: -1}
}
