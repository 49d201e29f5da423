package timex

import (
	"testing"
	"time"
)

// ruleTexts are the texts the rule tests read: every sentence of the table
// tests, the seed article, and (when ../shared/data is present) the
// TempEval-3 texts and the first Reuters bodies.
func ruleTexts(t *testing.T) []tempevalDoc {
	var docs []tempevalDoc
	for _, tc := range findCases {
		dct := tc.dct
		if dct.IsZero() {
			dct = seedDCT
		}
		docs = append(docs, tempevalDoc{name: tc.text, text: tc.text, dct: dct})
	}
	for _, text := range falsePositives {
		docs = append(docs, tempevalDoc{name: text, text: text, dct: seedDCT})
	}
	docs = append(docs, tempevalDoc{name: "seed", text: readSeed(t), dct: seedDCT})
	if testing.Short() {
		return docs
	}
	t.Run("dev data", func(t *testing.T) {
		docs = append(docs, tempevalDocs(t, "AQUAINT")...)
		docs = append(docs, tempevalDocs(t, "TimeBank")...)
		for _, body := range reutersBodies(t)[:2000] {
			docs = append(docs, tempevalDoc{name: "reuters", text: body, dct: time.Date(1987, 3, 1, 0, 0, 0, 0, time.UTC)})
		}
	})
	return docs
}

// TestRuleStarts checks that every rule declares the tokens its readings
// begin with: wherever a rule reads an expression, the scanner would have
// tried it there. A rule whose start word is missing would otherwise be
// silently unreachable at that word.
func TestRuleStarts(t *testing.T) {
	fired := make([]int, len(rules))
	for _, d := range ruleTexts(t) {
		s := newScanner(d.text, d.dct)
		// Every rule is read at every token, in the state the scan has
		// reached there (anaphoric rules count from the last date).
		next := 0
		for i := range s.toks {
			tried := map[int]bool{}
			for _, n := range s.ix.rulesAt(s.toks[i]) {
				tried[n] = true
			}
			for n, r := range rules {
				res, ok := r.read(s, i)
				if !ok || res.end <= i {
					continue
				}
				fired[n]++
				if !tried[n] {
					start, end := s.toks[i].Start, s.toks[res.end-1].End
					t.Errorf("rule %q reads %q at a token it does not declare (%q) in %.60q", r.name, d.text[start:end], s.toks[i].Text, d.name)
				}
			}
			if i == next {
				_, next, _ = s.step(i)
			}
		}
	}
	for n, r := range rules {
		if fired[n] == 0 {
			t.Errorf("rule %q never reads anything in the test texts: add a case to findCases", r.name)
		}
	}
}

// TestRuleIndexKeepsOrder checks that the rules tried at a token are in
// table order, which decides ties between readings of the same length.
func TestRuleIndexKeepsOrder(t *testing.T) {
	for w, ns := range startIndex.byWord {
		for k := 1; k < len(ns); k++ {
			if ns[k] <= ns[k-1] {
				t.Errorf("rules at %q out of order: %v", w, ns)
			}
		}
	}
	if len(startIndex.rules) != len(rules) {
		t.Errorf("the index holds %d rules, the table %d", len(startIndex.rules), len(rules))
	}
}
