package answer

import (
	"reflect"
	"testing"
	"time"
)

// TestReadAsInSentences checks that "us" is the country in a keyword
// query, and in a sentence only where it qualifies what follows it: the
// issue asks for the country "when the query is not a sentence".
func TestReadAsInSentences(t *testing.T) {
	now := time.Date(1987, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		raw, readAs string
		terms       []string
	}{
		{"how does this affect us", "", []string{"this", "affect", "us"}},
		{"will they warn us again", "", []string{"will", "they", "warn", "us", "again"}},
		{"when did the us raise rates", "U.S. raise rates", []string{"US", "raise", "rates"}},
		{"when will us troops leave", "will U.S. troops leave", []string{"will", "US", "troops", "leave"}},
		{"us troops leave", "U.S. troops leave", []string{"US", "troops", "leave"}},
		{"sanctions us", "sanctions U.S.", []string{"sanctions", "US"}},
		{`us "louvre accord" since:1987`, "U.S. “louvre accord”", []string{"US"}},
		{`since:last week us`, "U.S.", []string{"US"}},
	}
	for _, tt := range tests {
		q, err := ParseQuery(tt.raw, Filters{}, now)
		if err != nil {
			t.Fatal(err)
		}
		if q.ReadAs != tt.readAs || !reflect.DeepEqual(q.Terms, tt.terms) {
			t.Errorf("%q: read as %q, terms %q; want %q, %q", tt.raw, q.ReadAs, q.Terms, tt.readAs, tt.terms)
		}
	}
}
