package index_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/dateline-bot/dateline/index"
)

// TestOneLinePassagesDoNotWin checks issue 11's ranking: a one-line
// passage that names the query (a signature line, a heading) comes after
// the statements that match as well, though BM25 scores it higher (it is
// short, and the paragraph above it lends it its words); it is still
// found when nothing else matches.
func TestOneLinePassagesDoNotWin(t *testing.T) {
	ix := openIndex(t,
		record("line", "W", "2026-01-10", "Prices rose on the cocoa market on Monday as the buffer stock manager bought, traders said.\n\nCocoa desk"),
		record("statement", "W", "2026-01-10", "The buffer stock manager bought 5,000 tonnes of cocoa on Monday, the first "+
			"purchases since the pact began, traders in London said."),
		record("other", "W", "2026-01-10", "Ghana said its crop would be smaller this season because of the dry weather in "+
			"the west.\n\nCocoa desk"),
		record("alone", "W", "2026-01-10", "Weather report\n\nHeavy rain fell in the west on Monday, the service said."),
	)
	tests := []struct {
		terms []string
		want  string
	}{
		{[]string{"cocoa"}, "line/0 statement/0 line/1 other/1"},
		{[]string{"weather", "report"}, "alone/0"}, // the fragment alone matches: it is found
	}
	for _, tt := range tests {
		ms, err := ix.Retrieve(context.Background(), index.Request{Terms: tt.terms, Scopes: shared})
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		var scores []string
		for i, m := range ms {
			if i > 0 {
				got += " "
			}
			got += fmt.Sprintf("%s/%d", m.ArticleID, m.Seq)
			scores = append(scores, fmt.Sprintf("%.3f", m.Score))
		}
		if got != tt.want {
			t.Errorf("%v: ranked %s (scores %v), want %s", tt.terms, got, scores, tt.want)
		}
	}
}
