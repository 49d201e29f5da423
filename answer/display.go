package answer

import "github.com/dateline-bot/dateline/timex"

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
