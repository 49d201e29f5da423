package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dateline-bot/dateline/analysis"
	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/index"
	"github.com/dateline-bot/dateline/store"
)

// Caller is who asks, and from where: the command line (acting on the
// shared archive, or as one server with --guild) or one Discord server. The
// app enforces scopes on every call, so neither the bot nor the command
// line can forget them.
type Caller struct {
	Guild   string // the server; "" for the shared archive
	Channel string // the channel it was asked in, for the audit log
	User    string // who, for the audit log: "discord:<id>", "cli"
	// Operator may change the shared archive: the command line, and the
	// servers listed in [discord] owner_guild_ids.
	Operator bool
	Origin   string // where an action comes from, for the audit log: "command line", "discord"
}

// Scope is the caller's own archive: where what it adds goes.
func (c Caller) Scope() corpus.Scope { return corpus.GuildScope(c.Guild) }

func (c Caller) audit() store.AuditEntry {
	return store.AuditEntry{Actor: c.User, Guild: c.Guild, Channel: c.Channel, Origin: c.Origin}
}

// ErrRefused marks an action the caller may not take; the error's text
// says why ("this article belongs to the shared archive").
var ErrRefused = errors.New("refused")

type refusal struct{ msg string }

func (r *refusal) Error() string        { return r.msg }
func (r *refusal) Is(target error) bool { return target == ErrRefused }

func refuse(format string, args ...any) error { return &refusal{msg: fmt.Sprintf(format, args...)} }

// When answers a timeline query from the archives the caller sees.
func (a *App) When(ctx context.Context, c Caller, q answer.Query) (answer.Timeline, error) {
	q.Scopes = c.Scope().Visible()
	var tl answer.Timeline
	err := a.query(func(ix *index.Index) error {
		var qerr error
		tl, qerr = answer.When(ctx, ix, a.store, q)
		return qerr
	})
	return tl, err
}

// Search answers a relevance query from the archives the caller sees.
func (a *App) Search(ctx context.Context, c Caller, q answer.Query) (answer.Results, error) {
	q.Scopes = c.Scope().Visible()
	var res answer.Results
	err := a.query(func(ix *index.Index) error {
		var qerr error
		res, qerr = answer.Search(ctx, ix, a.store, q)
		return qerr
	})
	return res, err
}

// Article returns one stored article the caller may see; ErrNotFound when
// absent or in another server's archive (whose articles do not exist for
// the caller).
func (a *App) Article(ctx context.Context, c Caller, id string) (corpus.Article, error) {
	art, err := a.store.Article(ctx, id)
	if err != nil {
		return corpus.Article{}, err
	}
	if !c.Scope().CanSee(art.Scope) {
		return corpus.Article{}, fmt.Errorf("article %q: %w", id, store.ErrNotFound)
	}
	return art, nil
}

// mayChange says whether the caller may remove or restore an article of
// scope s: its own server's, or the shared archive's for an operator.
func mayChange(c Caller, s corpus.Scope, id string) error {
	switch {
	case s == c.Scope() && (s.IsGuild() || c.Operator):
		return nil
	case (s == corpus.Shared || s == "") && c.Operator:
		return nil
	case s == corpus.Shared || s == "":
		return refuse("article %s belongs to the shared archive: only the operator can change it (from the command line, or from a server listed in owner_guild_ids)", id)
	case c.Guild == "" && c.Operator:
		return refuse("article %s belongs to the archive of server %s: add --guild %s to act as that server", id, s.Guild(), s.Guild())
	}
	return fmt.Errorf("article %q: %w", id, store.ErrNotFound) // another server's: it does not exist here
}

// Remove hides an article (kept for the retention period, restorable),
// first from the store, then from the index, recording who did it where. A
// crash in between is repaired on the next Open.
func (a *App) Remove(ctx context.Context, c Caller, id string) (corpus.Article, error) {
	art, err := a.store.Article(ctx, id)
	if err != nil {
		return corpus.Article{}, err
	}
	if err := mayChange(c, art.Scope, id); err != nil {
		return corpus.Article{}, err
	}
	if _, err := a.store.Remove(ctx, id, c.audit()); err != nil {
		return corpus.Article{}, err
	}
	return art, a.Sync(ctx) // the index applies the removal the store numbered
}

// Retention is how long removed articles stay restorable.
func (a *App) Retention() time.Duration { return a.retention }

// Restore brings back an article removed within the retention period: its
// passages are computed again and it is indexed before Restore returns.
func (a *App) Restore(ctx context.Context, c Caller, id string) (corpus.Article, error) {
	if _, err := a.Purge(ctx); err != nil {
		return corpus.Article{}, err
	}
	art, _, err := a.store.RemovedArticle(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		if _, lerr := a.Article(ctx, c, id); lerr == nil {
			return corpus.Article{}, refuse("article %s is not removed", id)
		}
		return corpus.Article{}, fmt.Errorf("no removed article %s (removed articles are kept for %s, then purged): %w",
			id, formatRetention(a.retention), store.ErrNotFound)
	}
	if err != nil {
		return corpus.Article{}, err
	}
	if err := mayChange(c, art.Scope, id); err != nil {
		return corpus.Article{}, err
	}
	if err := a.store.Restore(ctx, id, c.audit()); err != nil {
		return corpus.Article{}, err
	}
	// The analysis may have changed since the article was removed.
	rec := corpus.Record{Article: art, Passages: analysis.Analyze(art)}
	if err := a.store.ReplacePassages(ctx, []corpus.Record{rec}); err != nil {
		return corpus.Article{}, err
	}
	return art, a.Sync(ctx)
}

// Purge deletes for good the articles removed longer ago than the
// retention period, and returns their ids.
func (a *App) Purge(ctx context.Context) ([]string, error) {
	ids, err := a.store.Purge(ctx, a.now().Add(-a.retention), store.AuditEntry{Actor: "retention", Origin: "retention"})
	if err != nil {
		return nil, fmt.Errorf("purge removed articles: %w", err)
	}
	if len(ids) > 0 {
		a.log.Info("purged removed articles", "articles", len(ids), "retention", a.retention)
	}
	return ids, nil
}

// AuditLog returns up to limit entries, newest first: the caller's
// server's; for the command line without --guild, every entry.
func (a *App) AuditLog(ctx context.Context, c Caller, limit int) ([]store.AuditEntry, error) {
	q := store.AuditQuery{Guild: c.Guild, Limit: limit}
	if c.Guild == "" && c.Operator {
		q.AllGuilds = true
	}
	return a.store.AuditLog(ctx, q)
}

// formatRetention writes 720h as "30 days".
func formatRetention(d time.Duration) string {
	if d >= 48*time.Hour && d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%d days", d/(24*time.Hour))
	}
	return d.String()
}

// EachArticle calls fn with every live article of the caller's own archive
// (a server's alone, or the shared archive), in id order: what an export
// writes.
func (a *App) EachArticle(ctx context.Context, c Caller, fn func(corpus.Article) error) error {
	own := c.Scope()
	return a.store.EachArticle(ctx, 500, func(batch []corpus.Article) error {
		for _, art := range batch {
			if art.Scope == own || (art.Scope == "" && own == corpus.Shared) {
				if err := fn(art); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
