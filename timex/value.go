package timex

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// parseValue reads a calendar TIMEX3 value (the shapes cal.value writes,
// with or without zero-padded weeks). ok is false for durations, sets,
// references and values with X placeholders.
func parseValue(v string) (c cal, ok bool) {
	c.hour = -1
	if strings.ContainsRune(v, 'X') {
		return c, false
	}
	digits := func(s string) (int, bool) {
		if s == "" || len(s) > 4 {
			return 0, false
		}
		n := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
			n = n*10 + int(s[i]-'0')
		}
		return n, true
	}
	switch len(v) {
	case 2:
		n, ok := digits(v)
		return cal{prec: PrecisionCentury, year: n * 100, hour: -1}, ok
	case 3:
		n, ok := digits(v)
		return cal{prec: PrecisionDecade, year: n * 10, hour: -1}, ok
	}
	if len(v) < 4 {
		return c, false
	}
	y, ok := digits(v[:4])
	if !ok {
		return c, false
	}
	c.year = y
	if len(v) == 4 {
		c.prec = PrecisionYear
		return c, true
	}
	if v[4] != '-' {
		return c, false
	}
	rest := v[5:]
	switch {
	case len(rest) == 2 && rest[0] == 'Q':
		q, ok := digits(rest[1:])
		c.prec, c.quarter = PrecisionQuarter, q
		return c, ok && q >= 1 && q <= 4
	case len(rest) == 2 && rest[0] == 'H':
		h, ok := digits(rest[1:])
		c.prec, c.half = PrecisionHalf, h
		return c, ok && h >= 1 && h <= 2
	case rest == "SP" || rest == "SU" || rest == "FA" || rest == "WI":
		c.prec, c.season = PrecisionSeason, rest
		return c, true
	case strings.HasPrefix(rest, "W"):
		w := rest[1:]
		if strings.HasSuffix(w, "-WE") {
			w, c.weekend = strings.TrimSuffix(w, "-WE"), true
		}
		n, ok := digits(w)
		c.prec, c.week = PrecisionWeek, n
		return c, ok && len(w) <= 2 && n >= 1 && n <= isoWeeksIn(y)
	}
	m, ok := digits(rest[:min(2, len(rest))])
	if !ok || len(rest) < 2 || m < 1 || m > 12 {
		return c, false
	}
	c.month = m
	if len(rest) == 2 {
		c.prec = PrecisionMonth
		return c, true
	}
	if len(rest) < 5 || rest[2] != '-' {
		return c, false
	}
	d, ok := digits(rest[3:5])
	if !ok || d < 1 || d > daysIn(y, m) {
		return c, false
	}
	c.day, c.prec = d, PrecisionDay
	if len(rest) == 5 {
		return c, true
	}
	if rest[5] != 'T' {
		return c, false
	}
	clock := rest[6:]
	c.prec = PrecisionTime
	switch clock {
	case "MO", "AF", "EV", "NI", "DT":
		c.part = clock
		return c, true
	}
	clock, c.offset, c.zoned, ok = cutZone(clock)
	if !ok || len(clock) != 5 && len(clock) != 8 || clock[2] != ':' {
		return c, false
	}
	h, ok1 := digits(clock[:2])
	mi, ok2 := digits(clock[3:5])
	if !ok1 || !ok2 || h > 24 || mi > 59 {
		return c, false
	}
	if len(clock) == 8 {
		if s, ok := digits(clock[6:]); !ok || clock[5] != ':' || s > 60 {
			return c, false
		}
	}
	c.hour, c.minute = h, mi
	return c, true
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// cutZone splits a clock time from its zone: "16:08Z", "18:40+08",
// "09:00-05:00". It returns the offset in minutes east of UTC; ok is false
// for a malformed zone.
func cutZone(clock string) (rest string, offset int, zoned, ok bool) {
	if strings.HasSuffix(clock, "Z") {
		return clock[:len(clock)-1], 0, true, true
	}
	i := strings.LastIndexAny(clock, "+-")
	if i < 0 {
		return clock, 0, false, true
	}
	zone := clock[i+1:]
	h, m := 0, 0
	switch {
	case len(zone) == 2:
		h, ok = atoi2(zone)
	case len(zone) == 5 && zone[2] == ':':
		var okH, okM bool
		h, okH = atoi2(zone[:2])
		m, okM = atoi2(zone[3:])
		ok = okH && okM
	}
	if !ok || h > 14 || m > 59 {
		return clock, 0, false, false
	}
	offset = h*60 + m
	if clock[i] == '-' {
		offset = -offset
	}
	return clock[:i], offset, true, true
}

func atoi2(s string) (int, bool) {
	if len(s) != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

// PrecisionOf derives the precision of a TIMEX3 value: "2026-01-23" is day,
// "2026-W04" week, "2025-Q4" quarter, "197" decade. Durations, sets,
// references and values with X placeholders have PrecisionNone.
func PrecisionOf(value string) Precision {
	c, ok := parseValue(value)
	if !ok {
		return PrecisionNone
	}
	return c.prec
}

// Interval converts a TIMEX3 calendar value (and its mod) to the half-open
// time interval [start, end) it covers, so that weeks, quarters and "late
// 2025" can be compared and sorted with day dates. ok is false for values
// that are not on the calendar (durations, sets, references, X placeholders).
//
// Mods that name a part of the period narrow it to a third: START (early)
// is the first third, MID the middle third and END (late) the last third,
// so "late 2025" is 1 September 2025 up to 1 January 2026. BEFORE is the period of the same size just before ("before June" is
// May), AFTER the one just after, ON_OR_BEFORE and ON_OR_AFTER stretch the
// period over that one; APPROX and the others leave it as it is.
func Interval(value, mod string) (start, end time.Time, ok bool) {
	c, ok := parseValue(value)
	if !ok {
		return time.Time{}, time.Time{}, false
	}
	start = c.date()
	switch c.prec {
	case PrecisionCentury:
		end = start.AddDate(100, 0, 0)
	case PrecisionDecade:
		end = start.AddDate(10, 0, 0)
	case PrecisionYear:
		end = start.AddDate(1, 0, 0)
	case PrecisionSeason:
		start, end = seasonBounds(c.year, c.season)
	case PrecisionQuarter:
		end = start.AddDate(0, 3, 0)
	case PrecisionHalf:
		end = start.AddDate(0, 6, 0)
	case PrecisionMonth:
		end = start.AddDate(0, 1, 0)
	case PrecisionWeek:
		end = start.AddDate(0, 0, 7)
		if c.weekend {
			start = start.AddDate(0, 0, 5)
		}
	case PrecisionDay:
		end = start.AddDate(0, 0, 1)
	case PrecisionTime:
		if c.hour < 0 {
			start, end = partOfDayBounds(start, c.part)
		} else {
			// A zoned clock time is placed on UTC's clock: "18:40+08"
			// is 10:40 UTC.
			start = start.Add(time.Duration(c.hour)*time.Hour + time.Duration(c.minute-c.offset)*time.Minute)
			end = start.Add(time.Minute)
		}
	}
	third := end.Sub(start) / 3
	length := end.Sub(start)
	switch mod {
	case "START":
		end = start.Add(third)
	case "MID":
		start, end = start.Add(third), end.Add(-third)
	case "END":
		start = end.Add(-third)
	case "BEFORE":
		// "before June": the period of the same length just before it,
		// so it is told before what happened in June.
		start, end = prevPeriod(start, c.prec, length), start
	case "AFTER":
		start, end = end, nextPeriodEnd(end, c.prec, length)
	case "ON_OR_BEFORE":
		start = prevPeriod(start, c.prec, length)
	case "ON_OR_AFTER":
		end = nextPeriodEnd(end, c.prec, length)
	}
	return start, end, true
}

// prevPeriod is the start of the period of precision p that ends at t:
// the month before a month, the year before a year.
func prevPeriod(t time.Time, p Precision, length time.Duration) time.Time {
	switch p {
	case PrecisionMonth:
		return t.AddDate(0, -1, 0)
	case PrecisionQuarter:
		return t.AddDate(0, -3, 0)
	case PrecisionHalf:
		return t.AddDate(0, -6, 0)
	case PrecisionYear:
		return t.AddDate(-1, 0, 0)
	case PrecisionDecade:
		return t.AddDate(-10, 0, 0)
	case PrecisionCentury:
		return t.AddDate(-100, 0, 0)
	}
	return t.Add(-length)
}

// nextPeriodEnd is the end of the period of precision p that starts at t.
func nextPeriodEnd(t time.Time, p Precision, length time.Duration) time.Time {
	switch p {
	case PrecisionMonth:
		return t.AddDate(0, 1, 0)
	case PrecisionQuarter:
		return t.AddDate(0, 3, 0)
	case PrecisionHalf:
		return t.AddDate(0, 6, 0)
	case PrecisionYear:
		return t.AddDate(1, 0, 0)
	case PrecisionDecade:
		return t.AddDate(10, 0, 0)
	case PrecisionCentury:
		return t.AddDate(100, 0, 0)
	}
	return t.Add(length)
}

// partOfDayBounds: morning 6-12, afternoon 12-18, evening 18-22, night
// 20-30 (to 6 the next morning), daytime 6-18.
func partOfDayBounds(day time.Time, part string) (time.Time, time.Time) {
	from, to := 0, 24
	switch part {
	case "MO":
		from, to = 6, 12
	case "AF":
		from, to = 12, 18
	case "EV":
		from, to = 18, 22
	case "NI":
		from, to = 20, 30
	case "DT":
		from, to = 6, 18
	}
	return day.Add(time.Duration(from) * time.Hour), day.Add(time.Duration(to) * time.Hour)
}

var monthShort = [...]string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

var seasonDisplay = map[string]string{"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}

var partDisplay = map[string]string{"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}

// Display formats a value for people at its own precision: "23 Jan 2026",
// "week 4 of 2026", "Dec 2024", "Q4 2025", "summer 2026", "the 1990s",
// "the 20th century", and with mod END "late 2025" (START "early", MID
// "mid"). Values it cannot place on the calendar are returned as given,
// except the three references ("now", "the past", "the future").
func Display(value, mod string) string {
	switch value {
	case "PRESENT_REF":
		return "now"
	case "PAST_REF":
		return "the past"
	case "FUTURE_REF":
		return "the future"
	}
	c, ok := parseValue(value)
	if !ok {
		return value
	}
	var s string
	switch c.prec {
	case PrecisionCentury:
		s = "the " + ordinalSuffix(c.year/100+1) + " century"
	case PrecisionDecade:
		s = fmt.Sprintf("the %ds", c.year)
	case PrecisionYear:
		s = fmt.Sprintf("%d", c.year)
	case PrecisionSeason:
		s = fmt.Sprintf("%s %d", seasonDisplay[c.season], c.year)
	case PrecisionQuarter:
		s = fmt.Sprintf("Q%d %d", c.quarter, c.year)
	case PrecisionHalf:
		s = fmt.Sprintf("H%d %d", c.half, c.year)
	case PrecisionMonth:
		s = fmt.Sprintf("%s %d", monthShort[c.month], c.year)
	case PrecisionWeek:
		// A reader knows a week by its Monday, not by its ISO number.
		s = "week of " + isoWeekStart(c.year, c.week).Format("2 Jan 2006")
		if c.weekend {
			s = "the weekend of " + isoWeekStart(c.year, c.week).AddDate(0, 0, 5).Format("2 Jan 2006")
		}
	case PrecisionDay:
		s = fmt.Sprintf("%d %s %d", c.day, monthShort[c.month], c.year)
	case PrecisionTime:
		if c.hour < 0 {
			s = fmt.Sprintf("%d %s %d, %s", c.day, monthShort[c.month], c.year, partDisplay[c.part])
		} else {
			s = fmt.Sprintf("%d %s %d %02d:%02d", c.day, monthShort[c.month], c.year, c.hour, c.minute) + zoneDisplay(c)
		}
	}
	switch mod {
	case "START":
		return "early " + s
	case "MID":
		return "mid " + s
	case "END":
		return "late " + s
	case "APPROX":
		return "about " + s
	case "BEFORE":
		return "before " + s
	case "AFTER":
		return "after " + s
	case "ON_OR_BEFORE":
		return "by " + s
	case "ON_OR_AFTER":
		return "since " + s
	}
	return s
}

// zoneDisplay shows the zone of a clock time: " UTC", " UTC+8", " UTC-5:30".
func zoneDisplay(c cal) string {
	if !c.zoned {
		return ""
	}
	if c.offset == 0 {
		return " UTC"
	}
	sign, m := "+", c.offset
	if m < 0 {
		sign, m = "-", -m
	}
	if m%60 == 0 {
		return fmt.Sprintf(" UTC%s%d", sign, m/60)
	}
	return fmt.Sprintf(" UTC%s%d:%02d", sign, m/60, m%60)
}

func ordinalSuffix(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

// ValidValue says whether v is a well-formed TIMEX3 value of the shapes
// this package writes: a calendar value (2026-01-23, 2026-W04, 2025-Q4,
// 2026-SU, 199, 19, 2026-01-23T15:00, 2026-01-23TMO), a reference
// (PRESENT_REF, PAST_REF, FUTURE_REF), a duration (P3D, PT48H, PXY, P2D)
// or a set pattern (XXXX-WXX-4, XXXX-07, XXXX-SU, XXXX-XX-XXTMO).
func ValidValue(v string) bool {
	if _, ok := parseValue(v); ok {
		return true
	}
	switch v {
	case "PRESENT_REF", "PAST_REF", "FUTURE_REF", "XXXX-WXX-WE":
		return true
	}
	if strings.HasPrefix(v, "PT") {
		return validAmount(v[2:], "HMS") || validCompound(v[2:], "HMS")
	}
	if strings.HasPrefix(v, "P") {
		rest := v[1:]
		if strings.HasSuffix(rest, "WE") {
			return validAmount(rest[:len(rest)-1], "W")
		}
		if validAmount(rest, "YMWDQECL") {
			return true
		}
		date, clock, hasT := strings.Cut(rest, "T")
		return validCompound(date, "YMD") && (!hasT || validCompound(clock, "HMS"))
	}
	if strings.HasPrefix(v, "XXXX-") {
		rest := v[5:]
		switch {
		case len(rest) == 5 && strings.HasPrefix(rest, "WXX-"):
			return rest[4] >= '1' && rest[4] <= '7'
		case len(rest) == 8 && strings.HasPrefix(rest, "WXX-") && rest[5] == 'T':
			_, ok := partDisplay[rest[6:]]
			return ok && rest[4] >= '1' && rest[4] <= '7'
		case rest == "SP" || rest == "SU" || rest == "FA" || rest == "WI":
			return true
		case strings.HasPrefix(rest, "XX-XXT"):
			_, ok := partDisplay[rest[6:]]
			return ok
		case len(rest) == 2:
			m, err := strconv.Atoi(rest)
			return err == nil && m >= 1 && m <= 12
		}
	}
	return false
}

// validCompound checks a duration of several numbered parts in designator
// order ("2Y6M", "5H30M", "2D"): what an amount and a half is written as.
func validCompound(s, designators string) bool {
	if s == "" {
		return false
	}
	next := 0 // designators before this index are used up
	for s != "" {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 || i == len(s) || s[0] == '0' {
			return false
		}
		at := strings.IndexByte(designators[next:], s[i])
		if at < 0 {
			return false
		}
		next += at + 1
		s = s[i+1:]
	}
	return true
}

// validAmount checks "3D", "XY", "48H": a number or X, then one designator.
func validAmount(s, designators string) bool {
	if len(s) < 2 || !strings.ContainsRune(designators, rune(s[len(s)-1])) {
		return false
	}
	n := s[:len(s)-1]
	if n == "X" {
		return true
	}
	for i := 0; i < len(n); i++ {
		if n[i] < '0' || n[i] > '9' {
			return false
		}
	}
	return n[0] != '0'
}
