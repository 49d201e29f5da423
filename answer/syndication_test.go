package answer

import "testing"

func TestSimilarity(t *testing.T) {
	a := shingles("Russian forces have carried out a limited redeployment from Qamishli Airport in northeast Syria.")
	b := shingles("Russian forces have carried out a limited redeployment from Qamishli airport in northeast Syria")
	c := shingles("Rain fell on the valley for three days and the river rose.")
	if s := similarity(a, b); s < syndicationThreshold {
		t.Errorf("copies: similarity %.2f", s)
	}
	if s := similarity(a, c); s > 0.1 {
		t.Errorf("different texts: similarity %.2f", s)
	}
}
