// Package app wires the store of record and the passage index into the one
// engine that both the command line and the Discord bot answer from.
package app

import (
	"context"
	"errors"
	"log/slog"

	"github.com/dateline-bot/dateline/config"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/index"
)

// ErrNotFound is returned for an article id the store does not hold.
var ErrNotFound = errors.New("not found")

// App is an open data directory: store plus index.
type App struct{}

// When answers a timeline query.
func (a *App) When(ctx context.Context, q index.Query) (index.Timeline, error) {
	return index.Timeline{}, errors.New("not implemented")
}

// Search answers a relevance query.
func (a *App) Search(ctx context.Context, q index.Query) (index.Results, error) {
	return index.Results{}, errors.New("not implemented")
}

// Article returns one stored article by id (ErrNotFound when absent).
func (a *App) Article(ctx context.Context, id string) (corpus.Article, error) {
	return corpus.Article{}, errors.New("not implemented")
}

// Remove deletes an article from the store and the index, recording who did it.
func (a *App) Remove(ctx context.Context, id, by string) error {
	return errors.New("not implemented")
}

// Suggest returns up to n autocomplete choices (outlets and frequent terms)
// that start with prefix.
func (a *App) Suggest(ctx context.Context, prefix string, n int) ([]string, error) {
	return nil, errors.New("not implemented")
}

// Open opens (creating when needed) the data directory of cfg: the SQLite
// store and the Bleve index, rebuilding or catching up the index as needed.
// It fails within about 5 s when another process holds the index.
func Open(ctx context.Context, cfg config.Config, logger *slog.Logger) (*App, error) {
	return nil, errors.New("not implemented yet")
}

// Close closes the index and the store.
func (a *App) Close() error { return nil }
