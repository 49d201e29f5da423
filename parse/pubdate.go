package parse

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dateline-bot/dateline/english"
)

// ErrBadDate is wrapped by every error of ParsePublished.
var ErrBadDate = errors.New("unreadable date")

// datesWeRead is how an error tells the user what to write instead.
const datesWeRead = `write it like "Jan 27, 2026", "27 January 2026", "2026-01-27" or "2026-01-27T09:30:00Z"`

// ParsePublished reads a publication date in the forms news uses:
//
//	JAN 27, 2026 · Jan 27, 2026 · Jan. 27, 2026 · January 27, 2026 · January 27th 2026
//	27 January 2026 · 27 Jan. 2026 · Tuesday, January 27, 2026 (a leading weekday is ignored)
//	2026-01-27 · RFC 3339 (2026-01-27T09:30:00+03:00; a space may replace the T,
//	and the offset may be written +0300)
//
// A date without a time is midnight UTC of that day; an RFC 3339 time keeps
// its instant and is returned in UTC. Years outside 1000–9999 and days a
// month does not have ("Feb 30") are errors. A time after the date ("Jan 27,
// 2026 10:30") is not read: a date line holds the date.
func ParsePublished(s string) (time.Time, error) {
	text := NormalizeLine(s)
	if text == "" {
		return time.Time{}, fmt.Errorf("%w: it is empty; %s", ErrBadDate, datesWeRead)
	}
	quoted := clip(text, 60)
	if t, ok, err := parseISO(text); ok {
		if err != nil {
			return time.Time{}, fmt.Errorf("%w %q: %v", ErrBadDate, quoted, err)
		}
		return t, nil
	}
	year, month, day, ok := parseNewsDate(text)
	if !ok {
		return time.Time{}, fmt.Errorf("%w %q: %s", ErrBadDate, quoted, datesWeRead)
	}
	t, err := calendarDate(year, month, day)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w %q: %v", ErrBadDate, quoted, err)
	}
	return t, nil
}

// parseISO reads YYYY-MM-DD and RFC 3339. ok says the text has that shape
// (it starts with four digits and a hyphen), so a bad value gets a precise
// error instead of the generic one.
func parseISO(text string) (t time.Time, ok bool, err error) {
	if len(text) < 10 || !allDigits(text[:4]) || text[4] != '-' {
		return time.Time{}, false, nil
	}
	if len(text) == 10 {
		t, err := time.Parse(time.DateOnly, text)
		if err != nil {
			return time.Time{}, true, dateError(text, err)
		}
		return checkYear(t)
	}
	iso := text
	if iso[10] == ' ' || iso[10] == 't' {
		iso = iso[:10] + "T" + iso[11:]
	}
	iso = strings.Replace(iso, "z", "Z", 1)
	if n := len(iso); n > 5 && (iso[n-5] == '+' || iso[n-5] == '-') && allDigits(iso[n-4:]) {
		iso = iso[:n-2] + ":" + iso[n-2:] // "+0300", common in meta tags, is "+03:00"
	}
	t, err = time.Parse(time.RFC3339Nano, iso)
	if err != nil {
		return time.Time{}, true, dateError(text, err)
	}
	return checkYear(t.UTC())
}

// dateError turns time.Parse's message into one a user can act on.
func dateError(text string, err error) error {
	var pe *time.ParseError
	if errors.As(err, &pe) && pe.Message != "" {
		return fmt.Errorf("not a valid date:%s", pe.Message)
	}
	if len(text) == 10 {
		return errors.New("not a valid YYYY-MM-DD date")
	}
	return errors.New(`not a valid RFC 3339 time (it needs a time zone, as in "2026-01-27T09:30:00Z")`)
}

func checkYear(t time.Time) (time.Time, bool, error) {
	if t.Year() < 1000 || t.Year() > 9999 {
		return time.Time{}, true, fmt.Errorf("year %d is out of range", t.Year())
	}
	return t, true, nil
}

// calendarDate is midnight UTC of a day that exists.
func calendarDate(year int, month time.Month, day int) (time.Time, error) {
	if year < 1000 || year > 9999 {
		return time.Time{}, fmt.Errorf("year %d is out of range", year)
	}
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day || t.Month() != month {
		return time.Time{}, fmt.Errorf("%s %d has no day %d", month, year, day)
	}
	return t, nil
}

// parseNewsDate reads "[weekday] Month D[,] YYYY" and "[weekday] D Month[,] YYYY".
func parseNewsDate(text string) (year int, month time.Month, day int, ok bool) {
	words := strings.Fields(strings.ToLower(strings.ReplaceAll(text, ",", " ")))
	if len(words) == 4 && isWeekday(words[0]) {
		words = words[1:]
	}
	if len(words) != 3 {
		return 0, 0, 0, false
	}
	year, ok = parseYear(words[2])
	if !ok {
		return 0, 0, 0, false
	}
	if m, ok := monthNamed(words[0]); ok {
		if d, ok := parseDay(words[1]); ok {
			return year, m, d, true
		}
	}
	if m, ok := monthNamed(words[1]); ok {
		if d, ok := parseDay(words[0]); ok {
			return year, m, d, true
		}
	}
	return 0, 0, 0, false
}

// monthNamed reads a lower-case month name or abbreviation, with an
// optional full stop ("jan.", "sept.").
func monthNamed(w string) (time.Month, bool) {
	return english.Month(strings.TrimSuffix(w, "."))
}

// isWeekday reads a lower-case weekday name or abbreviation, with an
// optional full stop ("Tue.").
func isWeekday(w string) bool {
	w = strings.TrimSuffix(w, ".")
	_, full := english.Weekday(w)
	_, short := english.WeekdayAbbreviation(w)
	return full || short
}

// parseDay reads 1–31 with an optional ordinal suffix ("27th").
func parseDay(w string) (int, bool) {
	for _, suffix := range []string{"st", "nd", "rd", "th"} {
		if strings.HasSuffix(w, suffix) {
			w = strings.TrimSuffix(w, suffix)
			break
		}
	}
	if len(w) == 0 || len(w) > 2 || !allDigits(w) {
		return 0, false
	}
	d, _ := strconv.Atoi(w)
	return d, d >= 1 && d <= 31
}

func parseYear(w string) (int, bool) {
	if len(w) != 4 || !allDigits(w) {
		return 0, false
	}
	y, _ := strconv.Atoi(w)
	return y, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
