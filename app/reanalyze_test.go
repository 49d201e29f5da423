package app

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/dateline-bot/dateline/analysis"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/timex"
)

// TestReanalysisOnVersionChange stores passages that differ from what this
// analysis computes (as an older analysis would have left them), records an
// analysis version, and reopens: passages are recomputed, and the index
// rebuilt from them, exactly when the recorded version is not this one.
func TestReanalysisOnVersionChange(t *testing.T) {
	tests := []struct {
		name       string
		recorded   string
		recomputed bool
	}{
		{"older version", strconv.Itoa(analysis.Version - 1), true},
		{"newer version (a downgrade)", strconv.Itoa(analysis.Version + 1), true},
		{"no version recorded", "", true},
		{"this version", strconv.Itoa(analysis.Version), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			a := openSeedAt(t, dir)
			art := onlyArticle(t, a)
			fresh := analysis.Analyze(art)
			stale := staleAnalysis(fresh)
			if err := a.store.ReplacePassages(ctx, []corpus.Record{{Article: art, Passages: stale}}); err != nil {
				t.Fatal(err)
			}
			if err := a.Sync(ctx); err != nil { // the index holds the stale passages too
				t.Fatal(err)
			}
			if err := a.store.SetSetting(ctx, analysisSetting, tt.recorded); err != nil {
				t.Fatal(err)
			}
			if err := a.Close(); err != nil {
				t.Fatal(err)
			}

			a, err := OpenDir(ctx, dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			got, err := a.store.Passages(ctx, art)
			if err != nil {
				t.Fatal(err)
			}
			want := stale
			if tt.recomputed {
				want = fresh
			}
			if passagesJSON(t, got) != passagesJSON(t, want) {
				t.Errorf("recomputed = %v, want %v: stored passages\n got %s\nwant %s",
					!tt.recomputed, tt.recomputed, passagesJSON(t, got), passagesJSON(t, want))
			}
			// The index holds exactly the stored passages: none of the stale cut is left.
			if rep, err := a.Check(ctx); err != nil || !rep.OK() {
				t.Errorf("check after reopening: %+v %v", rep, err)
			}
			if v, err := a.store.Setting(ctx, analysisSetting); err != nil || v != strconv.Itoa(analysis.Version) {
				t.Errorf("recorded analysis version = %q, %v; want %d", v, err, analysis.Version)
			}
		})
	}
}

// onlyArticle returns the one stored article.
func onlyArticle(t *testing.T, a *App) corpus.Article {
	t.Helper()
	var arts []corpus.Article
	err := a.store.EachArticle(context.Background(), batchSize, func(batch []corpus.Article) error {
		arts = append(arts, batch...)
		return nil
	})
	if err != nil || len(arts) != 1 {
		t.Fatalf("stored articles = %d, %v; want 1", len(arts), err)
	}
	return arts[0]
}

// staleAnalysis is what an older analysis might have stored: the first
// passage without its dates and credits, and three passages more than
// this analysis cuts.
func staleAnalysis(fresh []corpus.Passage) []corpus.Passage {
	out := append([]corpus.Passage(nil), fresh...)
	out[0].Mentions, out[0].Credits = nil, []corpus.Credit{{Start: out[0].Start, End: out[0].End, Who: "an older analysis"}}
	last := fresh[len(fresh)-1]
	for i := range 3 {
		out = append(out, corpus.Passage{ArticleID: last.ArticleID, Seq: last.Seq + 1 + i,
			Start: last.Start, End: last.End, Text: last.Text,
			Mentions: []timex.Mention{{Start: last.Start, End: last.Start + 1, Type: timex.Date, Value: "1999"}}})
	}
	return out
}

// passagesJSON is a comparable form of passages: nil and empty lists alike.
func passagesJSON(t *testing.T, ps []corpus.Passage) string {
	t.Helper()
	norm := make([]corpus.Passage, len(ps))
	for i, p := range ps {
		if p.Mentions == nil {
			p.Mentions = []timex.Mention{}
		}
		if p.Credits == nil {
			p.Credits = []corpus.Credit{}
		}
		norm[i] = p
	}
	b, err := json.Marshal(norm)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
