package index

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

var seasonNames = map[string]string{"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}

// Display shows a date as a reader expects it, at its precision and no
// finer: "23 Jan 2026", "Dec 2024", "week of 19 Jan 2026", "Q4 2025", "the
// 1990s"; approximate dates get "about". It never invents a day.
func (d DateRef) Display() string {
	s := d.displayValue()
	if d.Approximate {
		if d.DateText != "" && !strings.EqualFold(strings.TrimPrefix(d.DateText, "in "), s) {
			return fmt.Sprintf("%s (%q)", s, d.DateText)
		}
		return "about " + s
	}
	return s
}

func (d DateRef) displayValue() string {
	v := d.Date
	switch d.Precision {
	case "day", "time":
		if t, err := time.Parse(time.DateOnly, v); err == nil {
			return t.Format("2 Jan 2006")
		}
	case "month":
		if t, err := time.Parse("2006-01", v); err == nil {
			return t.Format("Jan 2006")
		}
	case "week":
		var y, w int
		if _, err := fmt.Sscanf(v, "%d-W%d", &y, &w); err == nil {
			return "week of " + isoWeekStart(y, w).Format("2 Jan 2006")
		}
	case "quarter":
		if y, q, ok := strings.Cut(v, "-"); ok {
			return q + " " + y
		}
	case "season":
		if y, s, ok := strings.Cut(v, "-"); ok && seasonNames[s] != "" {
			return seasonNames[s] + " " + y
		}
	case "decade":
		if n, err := strconv.Atoi(v); err == nil {
			return fmt.Sprintf("the %d0s", n)
		}
	case "century":
		if n, err := strconv.Atoi(v); err == nil {
			return fmt.Sprintf("the %s century", ordinal(n+1))
		}
	}
	return v
}

// isoWeekStart is the Monday of ISO week w of year y.
func isoWeekStart(y, w int) time.Time {
	jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	return monday.AddDate(0, 0, 7*(w-1))
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

// Reported says the date is the article's publication date, not one the text gives.
func (d DateRef) Reported() bool { return d.DateText == "" }
