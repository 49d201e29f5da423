package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/index"
	"github.com/dateline-bot/dateline/parse"
	"github.com/dateline-bot/dateline/sample"
	"github.com/dateline-bot/dateline/store/sqlite"
)

// HasArticles says whether the data directory dir holds any article,
// without creating anything there.
func HasArticles(ctx context.Context, dir string) (bool, error) {
	if _, err := os.Stat(filepath.Join(dir, DBFile)); os.IsNotExist(err) {
		return false, nil
	}
	open := sqlite.Open
	if !Writable(dir) {
		open = sqlite.OpenReadOnly
	}
	db, err := open(ctx, filepath.Join(dir, DBFile))
	if err != nil {
		return false, err
	}
	defer db.Close()
	n, err := db.Count(ctx)
	return n > 0, err
}

// OpenSample opens the built-in sample corpus, indexed once into
// cacheDir/dateline/sample (and kept up to date like any data directory).
//
// The directory is a cache of what the binary embeds: one that cannot be
// opened (written by another version of dateline, damaged) is discarded and
// made again. One in use by another process is left alone.
func OpenSample(ctx context.Context, cacheDir string, logger *slog.Logger) (*App, error) {
	dir := filepath.Join(cacheDir, "dateline", "sample")
	a, err := OpenDir(ctx, dir, logger)
	if err != nil && !errors.Is(err, index.ErrLocked) {
		if logger != nil {
			logger.Warn("the sample corpus cache cannot be opened; making it again", "dir", dir, "error", err)
		}
		if rerr := os.RemoveAll(dir); rerr != nil {
			return nil, fmt.Errorf("sample corpus: %w (discarding the cache: %v)", err, rerr)
		}
		a, err = OpenDir(ctx, dir, logger)
	}
	if err != nil {
		return nil, fmt.Errorf("sample corpus: %w", err)
	}
	n, err := a.Counts(ctx)
	if err == nil && n == 0 {
		_, err = a.IngestSample(ctx, "sample")
	}
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("sample corpus: %w", err)
	}
	return a, nil
}

// IngestSample adds the built-in sample corpus to the data directory.
func (a *App) IngestSample(ctx context.Context, by string) (Report, error) {
	in := a.NewIngester(Origin{Source: corpus.SourceSample, By: by})
	if err := in.AddSample(ctx); err != nil {
		return in.Report(), err
	}
	err := in.Flush(ctx)
	return in.Report(), errors.Join(err, in.IndexErr())
}

// AddSample queues the built-in sample corpus, as source "sample".
func (in *Ingester) AddSample(ctx context.Context) error {
	items := parse.Parse(sample.SeedName, sample.Seed())
	for i := range items {
		items[i].Article.Source = corpus.SourceSample
		items[i].Article.SourceRef = "sample:" + sample.SeedName
	}
	return in.Add(ctx, "sample:"+sample.SeedName, items)
}
