package timex

import (
	"fmt"
	"time"
)

// cal is a calendar value at some precision: the resolved form of a DATE or
// TIME mention before it is written as a TIMEX3 value.
type cal struct {
	prec    Precision
	year    int    // full year; for decades and centuries, their first year (1990, 1900)
	month   int    // 1..12 (day, month, time)
	day     int    // 1..31 (day, time)
	week    int    // ISO week (week precision; year is then the ISO week year)
	quarter int    // 1..4
	half    int    // 1..2
	season  string // SP, SU, FA, WI
	weekend bool   // week precision: the weekend of that week
	hour    int    // time precision: -1 when only a part of day is known
	minute  int
	part    string // time precision without a clock time: MO, AF, EV, NI
	zoned   bool   // time precision: the clock time names its zone
	offset  int    // minutes east of UTC of that zone ("GMT+8" is 480)
}

// dayCal is the day-precision value of t.
func dayCal(t time.Time) cal {
	return cal{prec: PrecisionDay, year: t.Year(), month: int(t.Month()), day: t.Day(), hour: -1}
}

// date is the first day a value covers, in UTC.
func (c cal) date() time.Time {
	switch c.prec {
	case PrecisionTime, PrecisionDay:
		return time.Date(c.year, time.Month(c.month), c.day, 0, 0, 0, 0, time.UTC)
	case PrecisionWeek:
		return isoWeekStart(c.year, c.week)
	case PrecisionMonth:
		return time.Date(c.year, time.Month(c.month), 1, 0, 0, 0, 0, time.UTC)
	case PrecisionQuarter:
		return time.Date(c.year, time.Month(3*c.quarter-2), 1, 0, 0, 0, 0, time.UTC)
	case PrecisionHalf:
		return time.Date(c.year, time.Month(6*c.half-5), 1, 0, 0, 0, 0, time.UTC)
	case PrecisionSeason:
		s, _ := seasonBounds(c.year, c.season)
		return s
	}
	return time.Date(c.year, 1, 1, 0, 0, 0, 0, time.UTC)
}

// shift moves the value by n units of its own precision ("last week" is the
// current week shifted by -1).
func (c cal) shift(n int) cal {
	switch c.prec {
	case PrecisionTime, PrecisionDay:
		t := c.date().AddDate(0, 0, n)
		c.year, c.month, c.day = t.Year(), int(t.Month()), t.Day()
	case PrecisionWeek:
		t := isoWeekStart(c.year, c.week).AddDate(0, 0, 7*n)
		c.year, c.week = t.ISOWeek()
	case PrecisionMonth:
		m := c.year*12 + c.month - 1 + n
		c.year, c.month = floorDiv(m, 12), m-12*floorDiv(m, 12)+1
	case PrecisionQuarter:
		q := c.year*4 + c.quarter - 1 + n
		c.year, c.quarter = floorDiv(q, 4), q-4*floorDiv(q, 4)+1
	case PrecisionHalf:
		h := c.year*2 + c.half - 1 + n
		c.year, c.half = floorDiv(h, 2), h-2*floorDiv(h, 2)+1
	case PrecisionSeason, PrecisionYear:
		c.year += n
	case PrecisionDecade:
		c.year += 10 * n
	case PrecisionCentury:
		c.year += 100 * n
	}
	return c
}

// coarsen returns the value at a coarser precision, e.g. the week of a day.
func (c cal) coarsen(p Precision) cal {
	d := c.date()
	out := cal{prec: p, year: d.Year(), hour: -1}
	switch p {
	case PrecisionDay:
		out.month, out.day = int(d.Month()), d.Day()
	case PrecisionWeek:
		out.year, out.week = d.ISOWeek()
	case PrecisionMonth:
		out.month = int(d.Month())
	case PrecisionQuarter:
		out.quarter = (int(d.Month())-1)/3 + 1
	case PrecisionHalf:
		out.half = (int(d.Month())-1)/6 + 1
	case PrecisionSeason:
		out.year, out.season = seasonOf(d)
	case PrecisionDecade:
		out.year = floorDiv(d.Year(), 10) * 10
	case PrecisionCentury:
		out.year = floorDiv(d.Year(), 100) * 100
	}
	return out
}

// value writes the TIMEX3 value.
func (c cal) value() string {
	switch c.prec {
	case PrecisionCentury:
		return fmt.Sprintf("%02d", floorDiv(c.year, 100))
	case PrecisionDecade:
		return fmt.Sprintf("%03d", floorDiv(c.year, 10))
	case PrecisionYear:
		return fmt.Sprintf("%04d", c.year)
	case PrecisionSeason:
		return fmt.Sprintf("%04d-%s", c.year, c.season)
	case PrecisionQuarter:
		return fmt.Sprintf("%04d-Q%d", c.year, c.quarter)
	case PrecisionHalf:
		return fmt.Sprintf("%04d-H%d", c.year, c.half)
	case PrecisionMonth:
		return fmt.Sprintf("%04d-%02d", c.year, c.month)
	case PrecisionWeek:
		if c.weekend {
			return fmt.Sprintf("%04d-W%02d-WE", c.year, c.week)
		}
		return fmt.Sprintf("%04d-W%02d", c.year, c.week)
	case PrecisionDay:
		return fmt.Sprintf("%04d-%02d-%02d", c.year, c.month, c.day)
	case PrecisionTime:
		if c.hour < 0 {
			return fmt.Sprintf("%04d-%02d-%02dT%s", c.year, c.month, c.day, c.part)
		}
		return fmt.Sprintf("%04d-%02d-%02dT%02d:%02d", c.year, c.month, c.day, c.hour, c.minute) + c.zone()
	}
	return ""
}

// zone writes the zone of a clock time as ISO 8601 does: "Z" for UTC,
// "+08" or "-05" for whole hours, "+05:30" otherwise, "" when unknown.
func (c cal) zone() string {
	if !c.zoned {
		return ""
	}
	if c.offset == 0 {
		return "Z"
	}
	sign, m := "+", c.offset
	if m < 0 {
		sign, m = "-", -m
	}
	if m%60 == 0 {
		return fmt.Sprintf("%s%02d", sign, m/60)
	}
	return fmt.Sprintf("%s%02d:%02d", sign, m/60, m%60)
}

// isoWeekStart is the Monday of ISO week w of ISO year y.
func isoWeekStart(y, w int) time.Time {
	// 4 January is always in week 1.
	jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC)
	offset := (int(jan4.Weekday()) + 6) % 7 // days since Monday
	return jan4.AddDate(0, 0, -offset+7*(w-1))
}

// isoWeeksIn is the number of ISO weeks (52 or 53) in ISO year y.
func isoWeeksIn(y int) int {
	_, w := time.Date(y, 12, 28, 0, 0, 0, 0, time.UTC).ISOWeek()
	return w
}

// Seasons are meteorological (three whole months) and winter is named by the
// year in which its January falls: winter 2026 runs from 1 December 2025 to
// 1 March 2026. A December day therefore belongs to the next year's winter.
func seasonBounds(y int, s string) (start, end time.Time) {
	m := 12 // WI: December of the year before
	switch s {
	case "SP":
		m = 3
	case "SU":
		m = 6
	case "FA":
		m = 9
	}
	if s == "WI" {
		y--
	}
	start = time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
	return start, start.AddDate(0, 3, 0)
}

// seasonOf is the season a day falls in.
func seasonOf(t time.Time) (year int, season string) {
	switch m := t.Month(); {
	case m >= 3 && m <= 5:
		return t.Year(), "SP"
	case m >= 6 && m <= 8:
		return t.Year(), "SU"
	case m >= 9 && m <= 11:
		return t.Year(), "FA"
	case m == 12:
		return t.Year() + 1, "WI"
	}
	return t.Year(), "WI"
}

// seasonOrder numbers the seasons in calendar order within a TIMEX3 year:
// winter (the one whose January starts the year), spring, summer, autumn.
var seasonOrder = map[string]int{"WI": 0, "SP": 1, "SU": 2, "FA": 3}

// floorDiv divides rounding towards minus infinity.
func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
