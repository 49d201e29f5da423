package index

import (
	"testing"

	"github.com/blevesearch/bleve/v2/search"
)

// TestBM25LengthNormalisation checks the index searches with the length
// normalisation measured for it (analysis.go), not Bleve's default.
func TestBM25LengthNormalisation(t *testing.T) {
	if search.BM25_b != bm25B || bm25B >= 0.75 {
		t.Errorf("BM25 b is %v, want %v (below Bleve's 0.75)", search.BM25_b, bm25B)
	}
}
