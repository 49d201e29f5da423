package timex

import "time"

// Resolution of underspecified dates against the publication date.

// direction is where a relative expression points: -1 before the
// publication date, +1 after it, 0 unknown.
func direction(t tense) int {
	switch t {
	case tensePast:
		return -1
	case tenseFuture:
		return 1
	}
	return 0
}

// resolveWeekday picks the day with weekday wd for a bare weekday name. The
// publication day itself when it is that weekday; otherwise the one in the
// past six days unless the sentence is in the future tense. News reports
// mostly what happened, so an unknown tense counts as past.
func (s *scanner) resolveWeekday(wd int, t tense) cal {
	cur := int(s.dct.Weekday())
	if cur == wd {
		return s.today
	}
	if t == tenseFuture {
		return s.today.shift((wd - cur + 7) % 7)
	}
	return s.today.shift(-((cur - wd + 7) % 7))
}

// weekdayRelative handles "last Friday" (-1: strictly before the publication
// date), "next Friday" (+1: strictly after) and "this Friday" (0: by tense).
func (s *scanner) weekdayRelative(wd, rel int, t tense) cal {
	cur := int(s.dct.Weekday())
	switch rel {
	case -1:
		back := (cur - wd + 7) % 7
		if back == 0 {
			back = 7
		}
		return s.today.shift(-back)
	case 1:
		ahead := (wd - cur + 7) % 7
		if ahead == 0 {
			ahead = 7
		}
		return s.today.shift(ahead)
	}
	return s.resolveWeekday(wd, t)
}

// resolveMonth picks the year of a month named without one. A past-tense
// clause means the latest such month up to the publication month, a
// future one the next such month from it; with no tense the nearest one.
// Dates are written close to the news they report, so a tense sends a
// month at most eight months away; a deadline ("by June", "until March")
// up to eleven. (A clause's tense is not trusted as far: "sales were
// booked for March shipment" is past news about a month ahead, "will
// benefit from its acquisition in late December" a future about a past
// month.)
func (s *scanner) resolveMonth(m int, t tense, src tenseSource) cal {
	back, ahead := 8, 8
	if src == fromAttached {
		ahead = 11
	}
	y, cur := s.dct.Year(), int(s.dct.Month())
	past, future := y, y // the latest such month up to now, the first from now
	if m > cur {
		past--
	}
	if m < cur {
		future++
	}
	toPast := (cur - m + 12) % 12   // months from the past candidate to now
	toFuture := (m - cur + 12) % 12 // months from now to the future candidate
	switch {
	case direction(t) < 0 && toPast <= back:
		y = past
	case direction(t) > 0 && toFuture <= ahead:
		y = future
	case toPast <= toFuture:
		y = past
	default:
		y = future
	}
	return cal{prec: PrecisionMonth, year: y, month: m, hour: -1}
}

// resolveMonthDay picks the year of a day named without one: the nearest
// such day, unless the tense points the other way and the day it points to
// is within eight months (a past-tense "Oct. 23" read in May is last
// October's). Dates are written close to the news they report, so a tense
// never sends a date more than eight months away.
func (s *scanner) resolveMonthDay(m, d int, t tense) (cal, bool) {
	if d > daysIn(2000, m) { // 2000 is a leap year: 29 February may exist
		return cal{}, false
	}
	return s.resolveDay(func(y int) time.Time {
		if d > daysIn(y, m) {
			return time.Time{} // 29 February outside leap years
		}
		return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	}, t, false)
}

// resolveDay picks the year of a day given by a rule (a month and day, a
// holiday). strict means the tense must be followed ("last Thanksgiving").
func (s *scanner) resolveDay(date holidayDate, t tense, strict bool) (cal, bool) {
	y := s.dct.Year()
	best, bestDist := 0, 0
	for _, cand := range []int{y - 1, y, y + 1} {
		day := date(cand)
		if day.IsZero() {
			continue
		}
		diff := int(day.Sub(s.dct).Hours() / 24)
		if strict && (t == tensePast && diff >= 0 || t == tenseFuture && diff <= 0) {
			continue
		}
		dist := abs(diff)
		switch direction(t) {
		case -1:
			if diff <= 0 && diff >= -240 {
				dist -= 400
			}
		case 1:
			if diff >= 0 && diff <= 240 {
				dist -= 400
			}
		}
		if best == 0 || dist < bestDist {
			best, bestDist = cand, dist
		}
	}
	if best == 0 {
		return cal{}, false
	}
	return dayCal(date(best)), true
}

// resolveQuarter picks the year of a quarter named without one: this year's,
// unless it has not begun yet and the sentence is not about the future, in
// which case it is last year's (a report in February about "the fourth
// quarter" means the one just ended).
func (s *scanner) resolveQuarter(q int, t tense) cal {
	y := s.dct.Year()
	cur := (int(s.dct.Month())-1)/3 + 1
	if q > cur && t != tenseFuture {
		y--
	}
	return cal{prec: PrecisionQuarter, year: y, quarter: q, hour: -1}
}

// resolveSeason picks the year of a season named without one, like
// resolveQuarter; rel -1/+1 are "last"/"next" (the one before/after the
// current season).
func (s *scanner) resolveSeason(season string, rel int, this bool, t tense) cal {
	curY, curS := seasonOf(s.dct)
	c := cal{prec: PrecisionSeason, year: curY, season: season, hour: -1}
	diff := seasonOrder[season] - seasonOrder[curS] // seasons run WI, SP, SU, FA within a year
	switch {
	case rel < 0:
		if diff >= 0 {
			c.year--
		}
	case rel > 0:
		if diff <= 0 {
			c.year++
		}
	case rel == 0 && this:
	case t == tensePast && diff > 0:
		c.year--
	case t == tenseFuture && diff < 0:
		c.year++
	}
	return c
}

// reference is the calendar value anaphoric expressions count from: the
// last date mentioned, or the publication date.
func (s *scanner) reference() cal {
	if s.hasLast {
		return s.last
	}
	return s.today
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
