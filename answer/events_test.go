package answer

import (
	"strings"
	"testing"

	"github.com/dateline-bot/dateline/timex"
)

func TestIsReportDate(t *testing.T) {
	tests := []struct {
		before string
		want   bool
	}{
		{"the Kremlin announced on ", true},
		{"according to a security source cited by Shafaq News ", true},
		{"The source said the evacuation began on ", false},
		{"Putin is set to host Sharaa in Moscow ", false},
		{"officials said ", true},
		{"the ministry said in a statement on ", true},
		{"", false},
	}
	for _, tt := range tests {
		if got := isReportDate(tt.before); got != tt.want {
			t.Errorf("isReportDate(%q) = %v", tt.before, got)
		}
	}
}

func TestNamesAThing(t *testing.T) {
	tests := []struct {
		text, year string
		want       bool
	}{
		{"violated the 1991 agreement with its label", "1991", true},
		{"at the company's 2010 Worldwide Developers Conference", "2010", true},
		{"an agreement reached in 1991.", "1991", false},
		{"launched the store in 2003, and", "2003", false},
		{"the 2003 and 2004 seasons", "2003", false},
		{"since 2004 he has", "2004", false},
	}
	for _, tt := range tests {
		i := strings.Index(tt.text, tt.year)
		m := timex.Mention{Start: i, End: i + 4, Text: tt.year, Type: timex.Date, Value: tt.year}
		if got := namesAThing(tt.text, m); got != tt.want {
			t.Errorf("%q: %v", tt.text, got)
		}
	}
}

func TestInCareer(t *testing.T) {
	tests := []struct {
		sentence, date string
		want           bool
	}{
		{"He was oil minister between August 1984 and June 1986, the agency said.", "August 1984", true},
		{"He was oil minister between August 1984 and June 1986, the agency said.", "June 1986", true},
		{"Yamani, oil minister from 1962 to 1986, spoke on Monday.", "1986", true},
		{"Yamani, oil minister from 1962 to 1986, spoke on Monday.", "Monday", false},
		{"Prices rose between March and May.", "May", false},
	}
	for _, tt := range tests {
		at := strings.Index(tt.sentence, tt.date)
		if got := inCareer(tt.sentence, at); got != tt.want {
			t.Errorf("inCareer(%q, %q) = %v, want %v", tt.sentence, tt.date, got, tt.want)
		}
	}
}
