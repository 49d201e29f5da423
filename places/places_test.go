package places

import "testing"

func TestToken(t *testing.T) {
	tests := []struct {
		term, want string // want "" when the word names no place
	}{
		{"Russia", "russia"}, {"Russians", "russia"}, {"russian", "russia"},
		{"US", "usa"}, {"us", ""}, {"U.S.", ""}, {"U.S", "usa"}, {"USA", "usa"},
		{"UK", "britain"}, {"uk", ""}, {"UN", ""}, {"IS", ""},
		{"Türkiye", "turkey"}, {"airport", ""},
	}
	for _, tt := range tests {
		got, ok := Token(tt.term)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Token(%q) = %q, %v; want %q", tt.term, got, ok, tt.want)
		}
	}
}

func TestPair(t *testing.T) {
	tests := []struct {
		first, second, want string
	}{
		{"United", "States", "usa"}, {"united", "KINGDOM", "britain"}, {"Saudi", "Arabia", "saudiarabia"},
		{"United", "Nations", ""}, {"States", "United", ""},
	}
	for _, tt := range tests {
		got, ok := Pair(tt.first, tt.second)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Pair(%q, %q) = %q, %v; want %q", tt.first, tt.second, got, ok, tt.want)
		}
	}
}
