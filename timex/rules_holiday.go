package timex

import "time"

// Holidays that news names instead of dates: "Thanksgiving Day", "Christmas",
// "New Year's Day", "Election Day", "Easter". Each is a rule that gives the
// day in a year; the year is resolved like a month and day without one.

// holidayDate gives a holiday's date in year y.
type holidayDate func(y int) time.Time

func fixedDay(m time.Month, d int) holidayDate {
	return func(y int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
}

// nthWeekday is the nth weekday wd of month m (n from 1).
func nthWeekday(m time.Month, wd time.Weekday, n int) holidayDate {
	return func(y int) time.Time {
		first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
		offset := (int(wd) - int(first.Weekday()) + 7) % 7
		return first.AddDate(0, 0, offset+7*(n-1))
	}
}

// usElectionDay is the Tuesday after the first Monday of November.
func usElectionDay(y int) time.Time {
	return nthWeekday(time.November, time.Monday, 1)(y).AddDate(0, 0, 1)
}

// easter is Western Easter Sunday (the anonymous Gregorian computus).
func easter(y int) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// holidays maps a holiday's words (lower case, as tokens) to its rule.
var holidays = []struct {
	words []string
	date  holidayDate
}{
	{[]string{"thanksgiving", "day"}, nthWeekday(time.November, time.Thursday, 4)},
	{[]string{"thanksgiving"}, nthWeekday(time.November, time.Thursday, 4)},
	{[]string{"christmas", "day"}, fixedDay(time.December, 25)},
	{[]string{"christmas", "eve"}, fixedDay(time.December, 24)},
	{[]string{"christmas"}, fixedDay(time.December, 25)},
	{[]string{"new", "year", "'", "s", "day"}, fixedDay(time.January, 1)},
	{[]string{"new", "year", "'", "s", "eve"}, fixedDay(time.December, 31)},
	{[]string{"election", "day"}, usElectionDay},
	{[]string{"easter", "sunday"}, easter},
	{[]string{"easter"}, easter},
}

// holidayExpr reads a holiday name, optionally after "last", "next" or "this".
func (s *scanner) holidayExpr(i int) (result, bool) {
	k, rel := i, 0
	switch s.w(k) {
	case "last":
		k, rel = k+1, -1
	case "next":
		k, rel = k+1, 1
	case "this":
		k++
	}
	if !s.capital(k) {
		return result{}, false
	}
	for _, h := range holidays {
		end := k
		for _, w := range h.words {
			if end >= len(s.toks) || s.toks[end].Lower != w {
				end = -1
				break
			}
			end++
		}
		if end < 0 {
			continue
		}
		t := s.tenseAt(i)
		switch rel {
		case -1:
			t = tensePast
		case 1:
			t = tenseFuture
		}
		c, ok := s.resolveDay(h.date, t, rel != 0)
		if !ok {
			return result{}, false
		}
		if s.w(end) == "week" && !(s.p(end+1) == "-" && s.glued(end+1)) {
			return dateResult(end+1, c.coarsen(PrecisionWeek), ""), true // "Easter week"
		}
		return dateResult(end, c, ""), true
	}
	return result{}, false
}
