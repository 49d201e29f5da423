package app

import (
	"testing"

	"github.com/dateline-bot/dateline/answer"
)

// TestWikinewsMeasure checks the parts of the Wikinews measure that decide
// whether an entry lands on a gold sentence and whether its date is right.
func TestWikinewsMeasure(t *testing.T) {
	body := "Steve Jobs, the chief executive, announced Monday that he would be on leave.\n\n" +
		"Apple said it would ship on June 24. It was unveiled on June 7.\n\nSteve"
	places := []struct {
		quote string
		want  int
	}{
		{"Steve", 4}, // the signature line, not the first paragraph's "Steve Jobs"
		{"It was unveiled on June 7.", 3},
		{"Apple said it would ship on June 24. It was unveiled on June 7.", 3},
		{"Jobs, the chief executive", -1}, // not a whole sentence
	}
	for _, c := range places {
		if got := sentenceOf(body, c.quote); got != c.want {
			t.Errorf("sentenceOf(%q) = %d, want %d", c.quote, got, c.want)
		}
	}

	events := []goldEvent{
		{doc: "16900", sentence: 2, date: "2010-06-07"},
		{doc: "16900", sentence: 2, date: "2010-06-15"},
		{doc: "16900", sentence: 3, date: "XXXX-XX-XX"},
		{doc: goldDoc("9590"), sentence: 10, date: "2007-09-XX"},
	}
	gold := goldDates(events)
	if len(gold) != 2 || len(gold[[2]string{"16900", "2"}]) != 2 || gold[[2]string{"9509", "10"}][0] != "2007-09" {
		t.Fatalf("goldDates = %v", gold)
	}
	dates := []struct {
		date, precision string
		golds           []string
		right, coarser  bool
	}{
		{"2010-06-15", "day", []string{"2010-06-07", "2010-06-15"}, true, false}, // the second event of the sentence
		{"2010-06-08", "day", []string{"2010-06-07"}, false, false},
		{"2010-06", "month", []string{"2010-06-07"}, false, true}, // coarser: wrong at the gold's precision
		{"2010-06-07", "day", []string{"2010-06"}, true, false},   // finer than the gold, inside it
		{"2010-W23", "week", []string{"2010-06"}, true, false},
		{"2010-Q2", "quarter", []string{"2010-06"}, false, false},
		{"2010-Q2", "quarter", []string{"2010"}, true, false},
	}
	for _, c := range dates {
		d := answer.DateRef{Date: c.date, Precision: c.precision}
		if got := matchesAny(d, c.golds); got != c.right {
			t.Errorf("matchesAny(%s, %v) = %v", c.date, c.golds, got)
		}
		if got := containsAny(d, c.golds); got != c.coarser {
			t.Errorf("containsAny(%s, %v) = %v", c.date, c.golds, got)
		}
	}
}
