package analysis

import (
	"strings"
	"testing"
)

// TestCreditsIssue11 holds the credit classes issue 11 found over Reuters,
// with sentences written for the test: speakers are noun phrases that can
// speak, a pronoun goes to the last speaker, and no credit is inferred
// across more than the previous paragraph without a name.
func TestCreditsIssue11(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string // who, for each sentence
	}{
		{"time word is not a speaker", "Earlier, the bank said rates would stay.", []string{"the bank"}},
		{"time adverb before a subject", "Earlier the bank said rates would stay.", []string{"the bank"}},
		{"time phrase is not a speaker", "Last month, the ministry said exports fell.", []string{"the ministry"}},
		{"time phrase before a subject", "Last month the ministry said exports fell.", []string{"the ministry"}},
		{"day before a subject", "On Monday officials said the road was shut.", []string{"officials"}},
		{"subject of the quoted clause is not the speaker",
			"Acme Corp said its offer of 20 dlrs a share was fair. The board should reject the offer, it said.",
			[]string{"Acme Corp", "Acme Corp"}},
		{"he said goes to the speaker named just before",
			"Bank chairman John Smith said rates were high.\n\nTreasury minister Jane Doe said inflation would fall. He said more cuts were coming.",
			[]string{"Bank chairman John Smith", "Treasury minister Jane Doe", "Treasury minister Jane Doe"}},
		{"no credit across more than the previous paragraph",
			"The central bank said rates would rise.\n\nMarkets were calm.\n\nPrices fell in the afternoon.\n\nIt said it would act.",
			[]string{"The central bank", "", "", ""}},
		{"a place adjective is part of the speaker", "Gulf shipping sources said two tankers were hit.", []string{"Gulf shipping sources"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := whoBySentence(t, tc.body)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("Credits(%q)\n got %q\nwant %q", tc.body, got, tc.want)
			}
		})
	}
}
