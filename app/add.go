package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/dateline-bot/dateline/analysis"
	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/parse"
	"github.com/dateline-bot/dateline/store"
)

// Added is what AddArticle stored: the article, how many passages it has,
// and its first dated statement as /when will show it.
type Added struct {
	Article    corpus.Article
	Passages   int
	Preview    answer.Entry
	HasPreview bool
}

// DuplicateError says an added article is already stored, and where.
type DuplicateError struct {
	ID    string
	Scope corpus.Scope
}

func (e *DuplicateError) Error() string {
	if e.Scope.IsGuild() {
		return fmt.Sprintf("duplicate of article %s in this server's archive", e.ID)
	}
	return fmt.Sprintf("duplicate of article %s in the shared archive", e.ID)
}

// AddArticle adds one parsed article to the caller's archive (a server's
// admins add to their server's), stores and indexes it before returning,
// and records the addition in the audit log with c.Origin (the URL, the
// file name, "form"). A parse failure comes back as it is; an article
// already in the caller's archive or the shared one as a *DuplicateError.
func (a *App) AddArticle(ctx context.Context, c Caller, it parse.Item, source corpus.Source, sourceRef string) (Added, error) {
	if it.Err != nil {
		return Added{}, it.Err
	}
	art := it.Article
	art.Scope = c.Scope()
	art.Source, art.SourceRef = source, sourceRef
	art.AddedBy, art.AddedAt = c.User, a.now().UTC()
	art.ID = corpus.ArticleID(art)
	rec := corpus.Record{Article: art, Passages: analysis.Analyze(art)}
	outs, err := a.store.Add(ctx, []corpus.Record{rec})
	if err != nil {
		return Added{}, fmt.Errorf("store: %w", err)
	}
	if !outs[0].Added {
		dup, err := a.store.Article(ctx, outs[0].DuplicateOf)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return Added{}, err
		}
		return Added{}, &DuplicateError{ID: outs[0].DuplicateOf, Scope: dup.Scope}
	}
	if err := a.indexRecords(ctx, []corpus.Record{rec}); err != nil {
		return Added{}, err
	}
	e := c.audit()
	e.Action, e.Target, e.Detail = "add", art.ID, art.Title
	if err := a.store.Audit(ctx, e); err != nil {
		return Added{}, err
	}
	out := Added{Article: art, Passages: len(rec.Passages)}
	out.Preview, out.HasPreview = answer.Preview(art, rec.Passages)
	return out, nil
}

// RecordIngest writes one audit entry for a whole ingest (command line,
// feeds): what was added from where, without an entry per article.
func (a *App) RecordIngest(ctx context.Context, c Caller, rep Report, paths []string) error {
	e := c.audit()
	e.Action = "ingest"
	e.Target = fmt.Sprintf("%d articles", rep.Added)
	e.Detail = fmt.Sprintf("added %d, duplicates %d, failed %d", rep.Added, rep.Duplicates, rep.Failed)
	if e.Origin == "" {
		e.Origin = "command line"
	}
	if len(paths) > 0 {
		e.Origin += ": " + clipText(strings.Join(paths, " "), 500)
	}
	return a.store.Audit(ctx, e)
}

func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
