package places

import (
	"strings"
	"testing"
)

func TestToken(t *testing.T) {
	tests := []struct {
		term, want string // want "" when the word names no place
	}{
		{"Russia", "russia"}, {"Russians", "russia"}, {"russian", "russia"},
		{"US", "usa"}, {"us", ""}, {"U.S.", ""}, {"U.S", "usa"}, {"USA", "usa"},
		{"UK", "britain"}, {"uk", ""}, {"UN", ""}, {"IS", ""},
		{"Türkiye", "turkey"}, {"airport", ""},
		{"Canadian", "canada"}, {"Spaniards", "spain"}, {"Brazilian", "brazil"}, {"Korean", "southkorea"},
		{"Mexican", "mexico"}, {"Australians", "australia"}, {"Dutch", "netherlands"}, {"Burmese", "myanmar"},
		{"Chad", "chad"}, {"chad", ""}, {"UAE", "uae"}, {"Emirati", "uae"}, {"EU", "eu"},
	}
	for _, tt := range tests {
		got, ok := Token(tt.term)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Token(%q) = %q, %v; want %q", tt.term, got, ok, tt.want)
		}
	}
}

func TestPhrase(t *testing.T) {
	tests := []struct {
		terms string
		want  string
		n     int
	}{
		{"United States", "usa", 2}, {"united KINGDOM", "britain", 2}, {"Saudi Arabia", "saudiarabia", 2},
		{"United Arab Emirates said", "uae", 3}, {"Bosnia and Herzegovina", "bosnia", 3},
		{"North Korean troops", "northkorea", 2}, {"Papua New Guinea", "papuanewguinea", 3},
		{"Guinea Bissau", "guineabissau", 2}, {"Saint Vincent and the Grenadines", "saintvincent", 5},
		{"United Nations", "", 0}, {"States United", "", 0}, {"Guinea", "", 0},
	}
	for _, tt := range tests {
		got, n, ok := Phrase(strings.Fields(tt.terms))
		if got != tt.want || n != tt.n || ok != (tt.want != "") {
			t.Errorf("Phrase(%q) = %q, %d, %v; want %q, %d", tt.terms, got, n, ok, tt.want, tt.n)
		}
	}
}

// TestEveryUNMember checks the table is complete: the 193 member states
// of the United Nations, each with a name and one token of its own.
func TestEveryUNMember(t *testing.T) {
	if n := unMembers(); n != 193 {
		t.Errorf("%d UN member states in the table, want 193", n)
	}
	tokens := map[string]bool{}
	for _, c := range countries {
		if tokens[c.token] {
			t.Errorf("token %q is used by two entries", c.token)
		}
		tokens[c.token] = true
		if len(c.forms) == 0 && c.token != "chad" {
			t.Errorf("%s has no forms", c.token)
		}
	}
	for _, p := range []string{"eu", "britain", "uae", "palestine", "vatican", "taiwan", "kosovo"} {
		if !tokens[p] {
			t.Errorf("%s is missing", p)
		}
	}
}

// TestFormsAreUnique checks no form names two places.
func TestFormsAreUnique(t *testing.T) {
	seen := map[string]string{}
	for _, c := range countries {
		for _, f := range c.forms {
			key := strings.Join(formWords(f), " ")
			if other, ok := seen[key]; ok && other != c.token {
				t.Errorf("%q names both %s and %s", f, other, c.token)
			}
			seen[key] = c.token
		}
	}
}
