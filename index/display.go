package index

import "github.com/dateline-bot/dateline/timex"

// Display shows a date as a reader expects it, at its precision and no
// finer: "23 Jan 2026", "Dec 2024", "week of 19 Jan 2026", "late 2025". It
// never invents a day.
func (d DateRef) Display() string { return timex.Display(d.Date, d.Mod) }

// Reported says the date is the article's publication date, not one the text gives.
func (d DateRef) Reported() bool { return d.DateText == "" }
