package app

import (
	"context"
	"strconv"
	"time"

	"github.com/dateline-bot/dateline/analysis"
	"github.com/dateline-bot/dateline/corpus"
)

// analysisSetting records the analysis.Version the stored passages were
// computed with. (Stores from before versions hold "analysis_fingerprint"
// instead, and are recomputed once.)
const analysisSetting = "analysis_version"

// reanalyzeIfStale recomputes every stored article's passages when they
// were computed under another analysis.Version, so no one keeps dates and
// credits from an older analysis by accident. The new passages are store
// changes: every index replica applies them.
func (a *App) reanalyzeIfStale(ctx context.Context) error {
	want := strconv.Itoa(analysis.Version)
	have, err := a.store.Setting(ctx, analysisSetting)
	if err != nil || have == want {
		return err
	}
	total, err := a.store.Count(ctx)
	if err != nil {
		return err
	}
	if total > 0 {
		a.log.Warn("date and attribution analysis changed: recomputing passages",
			"articles", total, "from_version", have, "to_version", want)
		if err := a.reanalyze(ctx); err != nil {
			return err
		}
	}
	return a.store.SetSetting(ctx, analysisSetting, want)
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
