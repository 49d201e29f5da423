package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/config"
)

// config loads the configuration: file, then environment, then --data.
func (c *cli) config() (config.Config, error) {
	cfg, err := config.Load(c.global.configPath, c.getenv)
	if err != nil {
		return config.Config{}, err
	}
	if c.global.dataDir != "" {
		cfg.DataDir = c.global.dataDir
	}
	return cfg, nil
}

func (c *cli) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(c.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// openApp opens the configured data directory.
func (c *cli) openApp(ctx context.Context) (*app.App, error) {
	cfg, err := c.config()
	if err != nil {
		return nil, err
	}
	return app.Open(ctx, cfg, c.logger())
}

// openForQuery opens the data directory, or the built-in sample corpus when
// the data directory holds no articles (and says so on stderr), so a fresh
// clone can answer questions with no setup.
func (c *cli) openForQuery(ctx context.Context) (*app.App, error) {
	cfg, err := c.config()
	if err != nil {
		return nil, err
	}
	has, err := app.HasArticles(ctx, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	if has {
		return app.OpenForReading(ctx, cfg, c.logger())
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	fmt.Fprintf(c.stderr, "dateline: no articles in %s: answering from the built-in sample corpus "+
		"(add your own with `dateline ingest PATH`, or `dateline ingest --sample`)\n", cfg.DataDir)
	return app.OpenSample(ctx, cache, c.logger())
}
