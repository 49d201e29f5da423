package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/dateline-bot/dateline/analysis"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/parse"
	"github.com/dateline-bot/dateline/sample"
)

// analysisSetting records which analysis (splitting, dates, credits) the
// stored passages were computed with.
const analysisSetting = "analysis_fingerprint"

// analysisFingerprint identifies the analysis this binary does, by running it
// on the seed article: when the date tagger, the splitter or the attribution
// change what they find, stored passages are recomputed on the next start,
// so no one keeps answers from an older tagger by accident.
func analysisFingerprint() string {
	items := parse.Parse(sample.SeedName, sample.Seed())
	h := sha256.New()
	for _, it := range items {
		if it.Err != nil {
			h.Write([]byte(it.Err.Error()))
			continue
		}
		b, _ := json.Marshal(analysis.Analyze(it.Article)) // plain structs: cannot fail
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// reanalyzeIfStale recomputes every stored article's passages when they were
// computed by another analysis, and says whether it did.
func (a *App) reanalyzeIfStale(ctx context.Context) (bool, error) {
	want := analysisFingerprint()
	have, err := a.store.Setting(ctx, analysisSetting)
	if err != nil || have == want {
		return false, err
	}
	total, _, err := a.store.Counts(ctx)
	if err != nil {
		return false, err
	}
	if total > 0 {
		a.log.Warn("date and attribution analysis changed: recomputing passages", "articles", total)
		if err := a.reanalyze(ctx); err != nil {
			return false, err
		}
	}
	return total > 0, a.store.SetSetting(ctx, analysisSetting, want)
}

func (a *App) reanalyze(ctx context.Context) error {
	start := time.Now()
	done := 0
	err := a.store.EachArticle(ctx, batchSize, func(arts []corpus.Article) error {
		recs := make([]corpus.Record, len(arts))
		for i, art := range arts {
			recs[i] = corpus.Record{Article: art, Passages: analysis.Analyze(art)}
		}
		done += len(arts)
		return a.store.ReplacePassages(ctx, recs)
	})
	if err != nil {
		return err
	}
	a.log.Info("passages recomputed", "articles", done, "took", time.Since(start).Round(time.Millisecond))
	return nil
}
