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

// openApp opens the configured data directory; done closes it. Inside a
// running serve (a command that came through the control socket) it is the
// server's own engine, which done leaves open.
func (c *cli) openApp(ctx context.Context) (*app.App, func(), error) {
	if c.engine != nil {
		return c.engine, func() {}, nil
	}
	cfg, err := c.config()
	if err != nil {
		return nil, nil, err
	}
	a, err := app.Open(ctx, cfg, c.logger())
	if err != nil {
		return nil, nil, err
	}
	return a, c.closer(a), nil
}

// closer closes a, reporting a failure on stderr (the command's own result
// stands).
func (c *cli) closer(a *app.App) func() {
	return func() {
		if err := a.Close(); err != nil {
			fmt.Fprintf(c.stderr, "dateline: closing the data directory: %v\n", err)
		}
	}
}

// openForQuery opens the data directory, or the built-in sample corpus when
// the data directory holds no articles (and says so on stderr), so a fresh
// clone can answer questions with no setup.
func (c *cli) openForQuery(ctx context.Context) (*app.App, func(), error) {
	if c.engine != nil {
		return c.engine, func() {}, nil
	}
	cfg, err := c.config()
	if err != nil {
		return nil, nil, err
	}
	if cfg.Store.URL != "" { // a shared store: never the sample
		a, err := app.Open(ctx, cfg, c.logger())
		if err != nil {
			return nil, nil, err
		}
		return a, c.closer(a), nil
	}
	has, err := app.HasArticles(ctx, cfg.DataDir)
	if err != nil {
		return nil, nil, err
	}
	if has {
		a, err := app.OpenForReading(ctx, cfg, c.logger())
		if err != nil {
			return nil, nil, err
		}
		return a, c.closer(a), nil
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	fmt.Fprintf(c.stderr, "dateline: no articles in %s: answering from the built-in sample corpus "+
		"(add your own with `dateline ingest PATH`, or `dateline ingest --sample`)\n", cfg.DataDir)
	a, err := app.OpenSample(ctx, cache, c.logger())
	if err != nil {
		return nil, nil, err
	}
	return a, c.closer(a), nil
}
