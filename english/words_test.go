package english

import (
	"testing"
	"time"
)

func TestMonth(t *testing.T) {
	tests := []struct {
		word string
		want time.Month
		ok   bool
	}{
		{"january", time.January, true},
		{"sept", time.September, true},
		{"sep", time.September, true},
		{"may", time.May, true},
		{"dec", time.December, true},
		{"Jan", 0, false}, // lookups take lower case
		{"mayday", 0, false},
	}
	for _, tc := range tests {
		if got, ok := Month(tc.word); got != tc.want || ok != tc.ok {
			t.Errorf("Month(%q) = %v, %v; want %v, %v", tc.word, got, ok, tc.want, tc.ok)
		}
	}
	n := 0
	for w := range MonthWords() {
		if _, ok := Month(w); !ok {
			t.Errorf("MonthWords yields %q, which Month does not know", w)
		}
		n++
	}
	if n != 24 {
		t.Errorf("%d month words, want 24 (12 names, 11 short forms, sep and sept)", n)
	}
	if !IsMonthAbbreviation("sept") || IsMonthAbbreviation("may") || IsMonthAbbreviation("march") {
		t.Error("IsMonthAbbreviation: sept is one; may and march are not")
	}
}

func TestWeekday(t *testing.T) {
	if d, ok := Weekday("sunday"); !ok || d != time.Sunday {
		t.Errorf("Weekday(sunday) = %v, %v", d, ok)
	}
	if _, ok := Weekday("sun"); ok {
		t.Error("Weekday takes full names only: \"Sun\" is a newspaper")
	}
	if d, ok := WeekdayAbbreviation("thurs"); !ok || d != time.Thursday {
		t.Errorf("WeekdayAbbreviation(thurs) = %v, %v", d, ok)
	}
	n := 0
	for range WeekdayWords() {
		n++
	}
	if n != 7 {
		t.Errorf("%d weekday words", n)
	}
}

func TestDeterminers(t *testing.T) {
	for _, w := range []string{"the", "a", "this", "those", "its", "their", "several", "no"} {
		if !IsDeterminer(w) {
			t.Errorf("IsDeterminer(%q) = false", w)
		}
	}
	for _, w := range []string{"said", "in", "and", "they"} {
		if IsDeterminer(w) {
			t.Errorf("IsDeterminer(%q) = true", w)
		}
	}
	if !IsArticle("an") || IsArticle("its") {
		t.Error("IsArticle: an is one, its is not")
	}
	for _, w := range []string{"the", "its", "this"} {
		if !IsDefiniteDeterminer(w) {
			t.Errorf("IsDefiniteDeterminer(%q) = false", w)
		}
	}
	for _, w := range []string{"a", "some", "several"} {
		if IsDefiniteDeterminer(w) {
			t.Errorf("IsDefiniteDeterminer(%q) = true", w)
		}
	}
}

func TestSpeechVerbs(t *testing.T) {
	for _, w := range []string{"said", "told", "announced", "tweeted"} {
		if !IsSpeechVerb(w) || IsNounLikeSpeechVerb(w) {
			t.Errorf("%q: a speech verb, never a noun", w)
		}
	}
	for _, w := range []string{"states", "reports", "notes"} {
		if !IsSpeechVerb(w) || !IsNounLikeSpeechVerb(w) {
			t.Errorf("%q: a speech verb that is often a noun", w)
		}
	}
	if IsSpeechVerb("ran") {
		t.Error("ran is no speech verb")
	}
}

func TestAbbreviationKind(t *testing.T) {
	tests := []struct {
		word string
		want AbbrevKind
	}{
		{"Mr", AbbrevNeverEnds},
		{"No", AbbrevBeforeNumber},
		{"Jan", AbbrevEndsBeforeOpener}, // from the month list
		{"Sept", AbbrevEndsBeforeOpener},
		{"U.S", AbbrevEndsBeforeOpener},
		{"J", AbbrevEndsBeforeOpener},
		{"Inc", AbbrevEndsBeforeCapital},
		{"a.m", AbbrevEndsBeforeCapital},
		{"May", NotAbbrev},
		{"said", NotAbbrev},
	}
	for _, tc := range tests {
		if got := AbbreviationKind(tc.word); got != tc.want {
			t.Errorf("AbbreviationKind(%q) = %d, want %d", tc.word, got, tc.want)
		}
	}
	for _, w := range []string{"Monday", "Thurs", "January", "Sept"} {
		if !capitalContinuations[w] {
			t.Errorf("%q does not continue a sentence after \"a.m.\"", w)
		}
	}
}
