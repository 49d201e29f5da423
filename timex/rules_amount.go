package timex

import "strconv"

// Rules for amounts of time and what is built on them: durations ("three
// years", "48 hours", "decade-long", "the past two months"), counted dates
// ("two days ago", "a year earlier"), sets ("daily", "every week"),
// references ("now", "recently", "the future") and clock times.

// amount is a number of units as written.
type amount struct {
	n       int  // the number; 0 with vague
	vague   bool // "several", "a few": the TIMEX3 value gets an X
	article bool // "a"/"an"/"one": a single unit, weak evidence of a duration
	mod     string
	end     int
	half    bool // "2 1/2", "two and a half", "a year and a half"
}

// amountAt reads a quantity at i: "3", "three", "twenty-four", "a", "a
// few", "several", "a couple of".
func (s *scanner) amountAt(i int) (amount, bool) {
	w := s.w(i)
	switch {
	case w == "a" || w == "an":
		switch s.w(i + 1) {
		case "few":
			return amount{vague: true, end: i + 2}, true
		case "couple":
			end := i + 2
			if s.w(end) == "of" {
				end++
			}
			return amount{n: 2, mod: "APPROX", end: end}, true
		case "dozen":
			return amount{n: 12, end: i + 2}, true
		case "hundred":
			return amount{n: 100, end: i + 2}, true
		}
		return amount{n: 1, article: true, end: i + 1}, true
	case vagueAmounts[w] && w != "couple":
		return amount{vague: true, end: i + 1}, true
	case w == "couple" && s.w(i+1) == "of":
		return amount{n: 2, mod: "APPROX", end: i + 2}, true
	case numberWords[w] > 0:
		n, end := numberWords[w], i+1
		if n >= 20 && n < 100 && n%10 == 0 {
			k := end
			if s.p(k) == "-" && s.glued(k) {
				k++
			}
			if u := numberWords[s.w(k)]; u > 0 && u < 10 {
				n, end = n+u, k+1
			}
		}
		switch s.w(end) {
		case "hundred":
			n, end = n*100, end+1
		case "thousand":
			n, end = n*1000, end+1
		}
		a := amount{n: n, article: n == 1, end: end}
		if k, ok := s.andAHalf(end); ok {
			a.half, a.end, a.article = true, k, false
		}
		return a, true
	}
	v, digits, ok := s.n(i)
	if !ok || digits > 3 || v == 0 || !s.standaloneNumber(i) {
		return amount{}, false
	}
	a := amount{n: v, end: i + 1}
	if one, _, ok := s.n(i + 1); ok && one == 1 && s.p(i+2) == "/" && s.glued(i+2) && s.glued(i+3) {
		if two, d, ok := s.n(i + 3); ok && two == 2 && d == 1 && !s.glued(i+4) {
			a.half, a.end = true, i+4 // "2 1/2 years"
		}
	}
	return a, true
}

// andAHalf reads "and a half" at k ("two and a half years", "a year and a
// half") and returns the token after it.
func (s *scanner) andAHalf(k int) (int, bool) {
	if s.w(k) == "and" && s.w(k+1) == "a" && s.w(k+2) == "half" {
		return k + 3, true
	}
	return k, false
}

// halfDuration writes an amount and a half of a unit in the next smaller
// unit, as TIMEX3 does (2 1/2 years is P2Y6M, a minute and a half PT1M30S);
// ok is false for units that do not halve into whole smaller ones.
func halfDuration(n int, u unit) (string, bool) {
	c := strconv.Itoa(n)
	switch u {
	case unitYear:
		return "P" + c + "Y6M", true
	case unitDay:
		return "P" + c + "DT12H", true
	case unitHour:
		return "PT" + c + "H30M", true
	case unitMinute:
		return "PT" + c + "M30S", true
	case unitDecade:
		return "P" + strconv.Itoa(10*n+5) + "Y", true
	case unitCentury:
		return "P" + strconv.Itoa(100*n+50) + "Y", true
	}
	return "", false
}

// durationValue writes P3D, PT48H, PXY. Decades and centuries are written
// in years (P20Y, P100Y), as the news annotation does.
func durationValue(a amount, u unit) string {
	switch u {
	case unitDecade:
		u, a.n = unitYear, a.n*10
	case unitCentury:
		u, a.n = unitYear, a.n*100
	}
	letter, clock := u.durationLetter()
	n := "X"
	if !a.vague {
		n = strconv.Itoa(a.n)
	}
	if clock {
		return "PT" + n + letter
	}
	return "P" + n + letter
}

// unitAt reads a unit noun, allowing a few words between the number and it
// ("two more weeks", "eight trading days", "48 straight hours").
func (s *scanner) unitAt(i int) (unit, int, bool) {
	k := i
	switch s.w(k) {
	case "more", "additional", "straight", "consecutive", "full", "whole", "trading", "business", "calendar", "working", "long", "short", "fiscal":
		k++
	}
	u, ok := unitWords[s.w(k)]
	if !ok {
		return unitNone, i, false
	}
	return u, k + 1, true
}

// durationExpr reads durations and the dates counted from them.
func (s *scanner) durationExpr(i int) (result, bool) {
	k := i
	the := s.w(k) == "the"
	if the {
		k++
	}
	lead := ""
	switch s.w(k) {
	case "past", "last", "next", "first", "coming", "previous", "following", "final", "latest", "initial", "recent":
		lead = s.w(k)
		k++
	case "another":
		if !the {
			lead = "another"
			k++
		}
	}
	a, ok := s.amountAt(k)
	if !ok {
		return s.bareUnits(i)
	}
	k = a.end
	// "two to three weeks", "12 to 18 months": one range expression.
	if w := s.w(k); w == "to" || w == "or" || s.p(k) == "-" && !s.glued(k+1) {
		if b, ok := s.amountAt(k + 1); ok && !b.article {
			if _, _, isUnit := s.unitAt(b.end); isUnit {
				k = b.end
			}
		}
	}
	hyphen := s.p(k) == "-" && s.glued(k) && s.glued(k+1)
	if hyphen {
		k++
	}
	u, end, ok := s.unitAt(k)
	if !ok || u == unitWeekend && !a.article {
		return result{}, false
	}
	if a.article && (u == unitSecond || the) {
		return result{}, false // "a second look", "the one day"
	}
	if !hyphen && s.p(end) == "-" && s.glued(end) && s.w(end+1) != "" && s.glued(end+1) && a.article {
		return result{}, false // "a year-earlier loss", "a week-long strike": the compound is the expression
	}
	if s.capital(end-1) && !s.capital(a.end-1) && s.n1(a.end-1) {
		return result{}, false // "60 Minutes": a title, not an amount
	}
	unitWord := s.w(end - 1)
	if a.article && s.w(a.end-1) != "one" && unitWord != singular(unitWord) {
		return result{}, false // "a years-old": an article needs a singular unit
	}
	if a.article && (s.w(k) == "fiscal" || s.w(k) == "calendar") {
		return result{}, false // "a fiscal year", "a calendar year": a kind of year, not an amount
	}
	if s.w(end) == "old" || u == unitQuarter && s.w(end) == "of" && !a.vague {
		return result{}, false // "52 years old" is an age; "three-quarters of" a fraction
	}
	if a.article && lead == "" && s.precededByRate(i) && !countedWord(s.w(end)) {
		return result{}, false // "$5 a year", "twice a day": a rate, not a duration
	}
	if hyphen && (the || lead != "") {
		return result{}, false // "the 14-day": the span is the adjective alone
	}
	if hyphen {
		// "two-year", "30-year": an adjective; "-old" makes it an age.
		if s.p(end) == "-" && s.glued(end) && s.w(end+1) == "old" {
			return result{}, false
		}
		if s.p(end) == "-" && s.glued(end) && s.w(end+1) == "long" {
			end += 2
		}
	}
	if u == unitDay && s.w(i) == "one" && end == i+2 && modals[s.w(i-1)] {
		// "Islam will one day be": someday, not a day's length.
		return result{end: end, typ: Date, value: "FUTURE_REF"}, true
	}
	mod := a.mod
	if !hyphen && !a.vague && s.w(end) == "or" && s.w(end+1) == "so" && countedWord(s.w(end+2)) {
		end += 2 // "a week or so ago": about a week
		if mod == "" {
			mod, a.mod = "APPROX", "APPROX"
		}
	}
	if !hyphen && !a.half && !a.vague {
		if k, ok := s.andAHalf(end); ok {
			a.half, end = true, k // "a year and a half"
		}
	}
	// Counted dates: "two days ago", "a year earlier", "three weeks later".
	if !hyphen && lead == "" && !the {
		if r, ok := s.countedDate(i, end, a, u); ok {
			return r, true
		}
	}
	if u == unitWeekend {
		return result{end: end, typ: Duration, value: "P2D", mod: mod}, true
	}
	if a.half {
		if v, ok := halfDuration(a.n, u); ok {
			return result{end: end, typ: Duration, value: v, mod: mod}, true
		}
	}
	return result{end: end, typ: Duration, value: durationValue(a, u), mod: mod}, true
}

// currentAdjective says "current" at i is the adjective of time: after a
// determiner or possessive and before the noun it qualifies, and not the
// accounting "current account" or "current assets", where it means short
// term, nor the noun ("the current of the river").
func (s *scanner) currentAdjective(i int) bool {
	if s.capital(i) && int(s.sent[i]) != i {
		return false // a name: "Current Affairs"
	}
	switch s.w(i - 1) {
	case "the", "its", "his", "her", "their", "our", "my", "your", "s",
		"of", "at", "in", "from", "under", "with", "for", "by", "on", "to":
	default:
		return false
	}
	next := s.w(i + 1)
	if next == "" && !s.n1(i+1) || s.capital(i+1) || currentNotTime[next] {
		return false
	}
	return true
}

// currentNotTime follow "current" where it is not about time.
var currentNotTime = map[string]bool{
	"account": true, "accounts": true, "assets": true, "liabilities": true, "affairs": true,
	"of": true, "and": true, "or": true, "is": true, "was": true, "flows": true, "flow": true,
}

// modals come before "one day" when it means "someday".
var modals = map[string]bool{
	"will": true, "would": true, "could": true, "might": true, "may": true, "can": true,
	"shall": true, "should": true, "must": true, "ll": true,
}

// countedWord says the word after an amount of time makes it a date.
func countedWord(w string) bool {
	switch w {
	case "ago", "earlier", "later", "back", "before", "after", "from", "hence":
		return true
	}
	return false
}

// precededByRate says an "a"/"an" at i follows a price or a count of times.
func (s *scanner) precededByRate(i int) bool {
	switch s.w(i - 1) {
	case "twice", "once", "times", "percent", "million", "billion", "thousand", "dollars", "cents",
		"share", "barrel", "ton", "hour", "day", "per", "trillion", "pence":
		return true
	}
	if s.p(i-1) == "%" {
		return true
	}
	if _, ok := unitWords[s.w(i-1)]; ok {
		return true // "24 hours a day"
	}
	if w := s.w(i - 1); len(w) > 2 && w[len(w)-1] == 's' && (s.n1(i-2) || numberWords[s.w(i-2)] > 0) {
		return true // "four flights a week", "700 seats a week"
	}
	return s.n1(i - 1)
}

// countedDate reads the "ago"/"earlier"/"later" after an amount of time.
func (s *scanner) countedDate(start, k int, a amount, u unit) (result, bool) {
	dir := 0
	end := k + 1
	fromRef := false
	switch s.w(k) {
	case "ago", "back":
		if s.w(k) == "back" && s.p(k+1) != "," && s.p(k+1) != "." {
			return result{}, false
		}
		dir = -1
	case "earlier", "before":
		if s.w(k) == "before" && s.p(k+1) != "," && s.p(k+1) != "." {
			return result{}, false
		}
		dir, fromRef = -1, true
	case "later", "after":
		if s.w(k) == "after" && s.p(k+1) != "," && s.p(k+1) != "." {
			return result{}, false
		}
		dir, fromRef = 1, true
	case "from":
		if s.w(k+1) != "now" {
			return result{}, false
		}
		dir, end = 1, k+2
	case "hence":
		dir = 1
	default:
		return result{}, false
	}
	if a.vague {
		value := "PAST_REF"
		if dir > 0 {
			value = "FUTURE_REF"
		}
		return result{end: end, typ: Date, value: value, mod: a.mod, amount: true}, true
	}
	p := unitPrecision(u)
	n := a.n
	switch u {
	case unitHour, unitMinute, unitSecond:
		p, n = PrecisionDay, 0 // the day it happened; the clock time is not known
	case unitWeekend:
		p = PrecisionWeek
	}
	base := s.today
	if fromRef {
		base = s.reference()
	}
	// In a report about a quarter, "a year earlier" is that quarter a year
	// before: results are compared quarter with quarter.
	if u == unitYear && s.hasLast && s.last.prec == PrecisionQuarter {
		c := s.last.shift(-4 * n)
		if dir > 0 {
			c = s.last.shift(4 * n)
		}
		r := dateResult(end, c, a.mod)
		r.amount, r.noAnchor = true, true
		return r, true
	}
	switch u {
	case unitDecade:
		p, n = PrecisionYear, n*10
	case unitCentury:
		p, n = PrecisionYear, n*100
	}
	// Counted from a day the text named ("a year earlier" after "Nov. 2"),
	// the result is that day moved: the text compares day with day.
	if fromRef && s.hasLast && s.last.prec == PrecisionDay && (p == PrecisionYear || p == PrecisionMonth) {
		t := s.last.date()
		if p == PrecisionYear {
			t = t.AddDate(dir*n, 0, 0)
		} else {
			t = t.AddDate(0, dir*n, 0)
		}
		r := dateResult(end, dayCal(t), a.mod)
		r.amount, r.noAnchor = true, true
		return r, true
	}
	c := base.coarsen(p).shift(dir * n)
	r := dateResult(end, c, a.mod)
	r.amount, r.noAnchor = true, true
	return r, true
}

// bareUnits reads unit plurals without a number where the context makes
// them durations: "for years", "in recent months", "the coming weeks",
// "decade-long", and "recent years" (the past, as a reference).
func (s *scanner) bareUnits(i int) (result, bool) {
	k := i
	the := s.w(k) == "the"
	if the {
		k++
	}
	lead := s.w(k)
	switch lead {
	case "recent", "coming", "past", "next", "last", "previous", "ensuing":
		k++
	default:
		lead = ""
	}
	w := s.w(k)
	u, ok := unitWords[w]
	if !ok {
		return result{}, false
	}
	if s.p(k+1) == "-" && s.glued(k+1) && s.w(k+2) == "long" && s.glued(k+2) && lead == "" && !the {
		a := amount{n: 1}
		if w != singular(w) {
			a = amount{vague: true}
		}
		return result{end: k + 3, typ: Duration, value: durationValue(a, u)}, true
	}
	if w == singular(w) || u == unitWeekend {
		return result{}, false
	}
	end := k + 1
	if the && lead == "" && s.w(end) == "ahead" {
		// "the weeks ahead", "the months ahead"
		return result{end: end + 1, typ: Duration, value: durationValue(amount{vague: true}, u)}, true
	}
	if lead == "" && !the && u >= unitDay {
		// "Days before the meeting", "weeks later", "years ago": a time
		// before or after some event, known only as past or future.
		switch s.w(end) {
		case "ago", "earlier", "before", "later", "after":
			value := "PAST_REF"
			if s.w(end) != "ago" && s.w(end) != "earlier" && s.modalFuture(i) {
				value = "FUTURE_REF"
			}
			return result{end: end + 1, typ: Date, value: value}, true
		}
	}
	switch {
	case lead == "recent" && u == unitYear && !the:
		return result{end: end, typ: Date, value: "PAST_REF"}, true
	case lead != "" && lead != "recent" && !the && lead != "past" && lead != "coming":
		return result{}, false // "next weeks" is not English; "last years" rarely a date
	case lead == "":
		prev := s.w(i - 1)
		if the {
			prev = s.w(i - 1)
			if prev != "over" && prev != "through" && prev != "throughout" {
				return result{}, false
			}
		} else if prev != "for" && prev != "in" && prev != "over" && prev != "within" {
			return result{}, false
		}
		if s.w(end) == "of" || s.w(end) == "ago" {
			return result{}, false
		}
	}
	return result{end: end, typ: Duration, value: durationValue(amount{vague: true}, u)}, true
}

// setExpr reads frequencies: "daily", "every week", "each Thursday",
// "every other month", "every three years", "on Sundays".
func (s *scanner) setExpr(i int) (result, bool) {
	w := s.w(i)
	if v, ok := setAdverbs[w]; ok {
		if (w == "quarterly" || s.w(i-1) == "average") && !s.adverbialEnd(i+1) {
			return result{}, false // "its quarterly dividend", "average daily volume": adjectives of finance
		}
		if s.capital(i+1) && int(s.sent[i]) != i && !s.capital(i) && (s.w(i-1) == "party" || s.w(i-1) == "the" || s.capital(i-1)) {
			return result{}, false // "the Communist Party daily Granma": the noun, a newspaper
		}
		return result{end: i + 1, typ: Set, value: v}, true
	}
	if wd, ok := weekdayNamed(w); ok {
		// "Tuesday nights": a weekday with a plural part of the day recurs.
		if n := s.w(i + 1); len(n) > 1 && n[len(n)-1] == 's' && partsOfDay[n[:len(n)-1]] != "" {
			return result{end: i + 2, typ: Set, value: "XXXX-WXX-" + strconv.Itoa(weekdayISO(wd)) + "T" + partsOfDay[n[:len(n)-1]]}, true
		}
	}
	if len(w) > 4 && w[len(w)-1] == 's' {
		if wd, ok := weekdayNamed(w[:len(w)-1]); ok {
			return result{end: i + 1, typ: Set, value: "XXXX-WXX-" + strconv.Itoa(weekdayISO(wd))}, true
		}
	}
	if w != "every" && w != "each" {
		return result{}, false
	}
	k := i + 1
	a := amount{n: 1}
	if s.w(k) == "other" {
		a.n, k = 2, k+1
	} else if b, ok := s.amountAt(k); ok && !b.article && !b.vague {
		a, k = b, b.end
	}
	next := s.w(k)
	if wd, ok := weekdayNamed(next); ok && w != "per" {
		return result{end: k + 1, typ: Set, value: "XXXX-WXX-" + strconv.Itoa(weekdayISO(wd))}, true
	}
	if m, ok := monthNamed(next); ok && s.capital(k) && w != "per" {
		return result{end: k + 1, typ: Set, value: "XXXX-" + pad2(m)}, true
	}
	if season, ok := seasonNames[next]; ok && w != "per" {
		return result{end: k + 1, typ: Set, value: "XXXX-" + season}, true
	}
	if part, ok := partsOfDay[next]; ok && w != "per" {
		return result{end: k + 1, typ: Set, value: "XXXX-XX-XXT" + part}, true
	}
	u, ok := unitWords[next]
	if !ok {
		return result{}, false
	}
	if u == unitWeekend {
		return result{end: k + 1, typ: Set, value: "XXXX-WXX-WE"}, true
	}
	return result{end: k + 1, typ: Set, value: durationValue(a, u)}, true
}

// adverbialEnd says token k ends a frequency adverb's phrase: punctuation,
// the end of the text, or a preposition or conjunction rather than the noun
// an adjective would modify.
func (s *scanner) adverbialEnd(k int) bool {
	if k >= len(s.toks) || s.toks[k].Kind == tokPunct {
		return true
	}
	switch s.w(k) {
	case "in", "on", "at", "for", "to", "and", "or", "by", "from", "through", "since", "until", "during",
		"as", "with", "than", "but", "over", "while", "because", "if", "when", "throughout":
		return true
	}
	return false
}

// weekdayISO converts time.Weekday numbering (Sunday 0) to ISO (Monday 1,
// Sunday 7).
func weekdayISO(wd int) int {
	if wd == 0 {
		return 7
	}
	return wd
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// refExpr reads references to the present, past and future: "now",
// "currently", "recently", "formerly", "soon", "the future", "the past",
// "these days", "right now".
func (s *scanner) refExpr(i int) (result, bool) {
	w := s.w(i)
	if v, ok := refWords[w]; ok {
		switch {
		case w == "soon" && (s.w(i-1) == "as" || s.w(i-1) == "too"):
			return result{}, false
		case w == "now" && s.p(i-1) == "'":
			return result{}, false
		}
		return result{end: i + 1, typ: Date, value: v}, true
	}
	switch {
	case w == "these" && s.w(i+1) == "days":
		return result{end: i + 2, typ: Date, value: "PRESENT_REF"}, true
	case w == "then" && (s.w(i+1) == "current" || s.p(i+1) == "-" && s.w(i+2) == "current") && s.w(i-1) == "the":
		// "the then current market price": current at a time before now.
		end := i + 2
		if s.p(i+1) == "-" && s.w(i+2) == "current" {
			end = i + 3
		}
		return result{end: end, typ: Date, value: "PAST_REF"}, true
	case w == "current" && s.currentAdjective(i):
		// "current market conditions", "his current wife": as things are
		// at publication.
		return result{end: i + 1, typ: Date, value: "PRESENT_REF"}, true
	case w == "the":
		k := i + 1
		if s.w(k) == "near" || s.w(k) == "distant" || s.w(k) == "foreseeable" || s.w(k) == "immediate" || s.w(k) == "short" {
			k++
		}
		switch s.w(k) {
		case "future":
			return result{end: k + 1, typ: Date, value: "FUTURE_REF"}, true
		case "term":
			if s.w(i+1) == "near" || s.w(i+1) == "short" {
				return result{end: k + 1, typ: Date, value: "FUTURE_REF"}, true
			}
		case "past":
			if k != i+1 {
				return result{}, false
			}
			if _, ok := s.amountAt(k + 1); ok {
				return result{}, false
			}
			if _, ok := unitWords[s.w(k+1)]; ok {
				return result{}, false
			}
			if _, ok := seasonNames[s.w(k+1)]; ok {
				return result{}, false
			}
			return result{end: k + 1, typ: Date, value: "PAST_REF"}, true
		case "present":
			if k == i+1 && s.w(i-1) != "until" && s.w(i-1) != "to" {
				return result{}, false
			}
			return result{end: k + 1, typ: Date, value: "PRESENT_REF"}, true
		}
	}
	return result{}, false
}

// zoneOffsets are the zone abbreviations a clock time may carry, in
// minutes east of UTC. "ET" and "PT" change with daylight saving time: the
// span takes them, the value does not.
var zoneOffsets = map[string]int{
	"est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
	"gmt": 0, "utc": 0, "z": 0, "bst": 60, "cet": 60, "cest": 120, "et": 0, "pt": 0,
}

// zoneAt reads a zone after a clock time at k: "EST", "GMT", "UTC+8",
// "GMT-05:00", or one of those in brackets ("(GMT+8)"). It returns the
// token after it, the offset in minutes east of UTC and whether the value
// may carry it.
func (s *scanner) zoneAt(k int) (end, offset int, zoned, ok bool) {
	if s.p(k) == "(" {
		if end, offset, zoned, ok := s.zoneAt(k + 1); ok && s.p(end) == ")" {
			return end + 1, offset, zoned, true
		}
		return k, 0, false, false
	}
	w := s.w(k)
	offset, known := zoneOffsets[w]
	if !known || !s.capital(k) {
		return k, 0, false, false
	}
	end, zoned = k+1, w != "et" && w != "pt"
	if (w == "gmt" || w == "utc") && (s.p(end) == "+" || s.p(end) == "-") && s.glued(end) && s.glued(end+1) {
		h, digits, isNum := s.n(end + 1)
		m, next := 0, end+2
		if isNum && digits == 4 {
			h, m = h/100, h%100 // "GMT+0800"
		} else if s.p(next) == ":" && s.glued(next) {
			if mm, md, ok := s.n(next + 1); ok && md == 2 {
				m, next = mm, next+2
			}
		}
		if !isNum || h > 14 || m > 59 {
			return k, 0, false, false
		}
		offset = h*60 + m
		if s.p(end) == "-" {
			offset = -offset
		}
		end = next
	}
	return end, offset, zoned, true
}

// clockTime reads "3 p.m.", "10:35 a.m. EST", "noon", "midnight Friday",
// "at 14:30".
func (s *scanner) clockTime(i int) (result, bool) {
	hour, minute, k := -1, 0, i
	zone, zoneKnown := 0, false
	switch s.w(i) {
	case "noon", "midday":
		hour, k = 12, i+1
	case "midnight":
		hour, k = 24, i+1
	}
	if hour >= 0 && s.capital(i) && int(s.sent[i]) != i {
		return result{}, false // "High Noon": a title
	}
	if hour < 0 {
		h, digits, ok := s.n(i)
		if !ok || digits > 2 || h > 24 || !s.standaloneTimeStart(i) {
			return result{}, false
		}
		k = i + 1
		hasMinutes := false
		if s.p(k) == ":" && s.glued(k) && s.glued(k+1) {
			m, md, ok := s.n(k + 1)
			if !ok || md != 2 || m > 59 {
				return result{}, false
			}
			minute, hasMinutes, k = m, true, k+2
		}
		meridiem, k2 := s.meridiemAt(k)
		switch {
		case meridiem != "":
			if h < 1 || h > 12 {
				return result{}, false
			}
			if meridiem == "pm" && h != 12 {
				h += 12
			} else if meridiem == "am" && h == 12 {
				h = 0
			}
			k = k2
		case s.w(k) == "o" && s.p(k+1) == "'" && s.w(k+2) == "clock":
			k += 3
		case s.w(k) == "in" && s.w(k+1) == "the" && (s.w(k+2) == "morning" || s.w(k+2) == "afternoon" || s.w(k+2) == "evening"):
			// "4 in the morning", "5 in the afternoon"
			if h < 1 || h > 12 {
				return result{}, false
			}
			if s.w(k+2) != "morning" && h != 12 {
				h += 12
			}
			k += 3
		case hasMinutes && (s.w(i-1) == "at" || s.w(i-1) == "by" || s.w(i-1) == "until" || s.w(i-1) == "from" || s.w(i-1) == "around"):
		default:
			return result{}, false
		}
		hour = h
		if end, offset, zoned, ok := s.zoneAt(k); ok {
			k, zone, zoneKnown = end, offset, zoned
		}
	}
	// A clock time without a day of its own is on the day the text is
	// talking about: the last day it named ("the blast on Friday ... at
	// 10:35 a.m."), or the publication date.
	day := s.today
	if s.hasLast && (s.last.prec == PrecisionDay || s.last.prec == PrecisionTime) {
		day = s.last
		day.prec, day.hour, day.minute, day.part = PrecisionDay, -1, 0, ""
	}
	if d, ok := s.dayAfterAside(k); ok {
		day = d // "10:35 a.m. (0735 GMT) Friday": the day after the aside
	}
	if s.p(k) == "," && s.monthDayFollows(k+1) {
		k++
	}
	if r, ok := s.monthDate(k); ok && r.c.prec == PrecisionDay && s.monthDayFollows(k) {
		day, k = r.c, r.end
	}
	switch s.w(k) {
	case "today", "tonight":
		k++
	case "yesterday":
		day, k = s.today.shift(-1), k+1
	case "tomorrow":
		day, k = s.today.shift(1), k+1
	default:
		if wd, ok := weekdayNamed(s.w(k)); ok {
			day, k = s.resolveWeekday(wd, s.tenseAt(i)), k+1
		}
	}
	c := day
	c.prec, c.hour, c.minute = PrecisionTime, hour, minute
	c.zoned, c.offset = zoneKnown, zone
	return dateResult(k, c, ""), true
}

// dayAfterAside reads the weekday that follows a short parenthesis after a
// clock time ("10:35 a.m. (0735 GMT) Friday"); the aside and the weekday stay
// outside the span, as they are written apart from the time.
func (s *scanner) dayAfterAside(k int) (cal, bool) {
	if s.p(k) != "(" {
		return cal{}, false
	}
	for j := k + 1; j < k+6 && j < len(s.toks); j++ {
		if s.p(j) == ")" {
			if wd, ok := weekdayNamed(s.w(j + 1)); ok {
				return s.resolveWeekday(wd, s.tenseAt(k)), true
			}
			return cal{}, false
		}
	}
	return cal{}, false
}

// monthDayFollows says a month name with a day starts at k.
func (s *scanner) monthDayFollows(k int) bool {
	_, end, ok := s.monthAt(k)
	if !ok {
		return false
	}
	_, _, ok = s.dayAt(end)
	return ok
}

// standaloneTimeStart is standaloneNumber but lets a colon follow.
func (s *scanner) standaloneTimeStart(i int) bool {
	if s.glued(i) {
		switch s.p(i - 1) {
		case ",", ".", ":", "$", "#", "/":
			return false
		}
	}
	return true
}

// meridiemAt reads "a.m.", "p.m.", "am", "pm", "a.m" at k.
func (s *scanner) meridiemAt(k int) (string, int) {
	w := s.w(k)
	switch w {
	case "am", "pm":
		return w, k + 1
	case "a", "p":
		if s.p(k+1) == "." && s.w(k+2) == "m" && s.glued(k+1) && s.glued(k+2) {
			end := k + 3
			if s.p(end) == "." && s.glued(end) {
				end++
			}
			return w + "m", end
		}
	}
	return "", k
}
