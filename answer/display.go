package answer

import (
	"time"

	"github.com/dateline-bot/dateline/timex"
)

// Display shows a date as a reader expects it, at its precision and no
// finer: "23 Jan 2026", "Dec 2024", "week of 19 Jan 2026", "late 2025";
// "about …" for an approximate date the mod does not already qualify. It
// never invents a day.
func (d DateRef) Display() string {
	s := timex.Display(d.Date, d.Mod)
	if d.Approximate && d.Mod == "" {
		return "about " + s
	}
	return s
}

// Reported says the date is the article's publication date, not one the text gives.
func (d DateRef) Reported() bool { return d.DateText == "" }

// Label is a date as every answer labels it, in the CLI, the JSON's
// readers and Discord alike: the date the quote gives ("23 Jan 2026";
// "expected 17 Mar 1987" for a plan), the day of the article's opening
// ("2 Mar 1987 — date from the article's opening"), or, when the text
// gives none, the publication said plainly ("no date in the text —
// published 2 Mar 1987").
func (d DateRef) Label() string {
	switch {
	case d.Reported():
		s := "no date in the text — published " + d.Display()
		if d.Planned {
			s = "planned; " + s
		}
		return s
	case d.DateFrom == DateFromLead:
		return d.Display() + " — date from the article's opening"
	case d.Planned:
		return "expected " + d.Display()
	}
	return d.Display()
}

// dayLayout shows a day as Display does: "27 Jan 2026".
const dayLayout = "2 Jan 2006"

// Day shows the day of t as every answer shows a day: "27 Jan 2026", the
// UTC day (publication days are UTC days).
func Day(t time.Time) string { return t.UTC().Format(dayLayout) }

// PublishedDay shows the article's publication day ("27 Jan 2026"), or
// Published as it is when it is not a YYYY-MM-DD date.
func (a ArticleRef) PublishedDay() string {
	t, err := time.Parse(time.DateOnly, a.Published)
	if err != nil {
		return a.Published
	}
	return Day(t)
}
