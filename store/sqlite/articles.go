package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/store"
)

// Add stores records in one transaction. A record whose id is stored, or
// whose canonical URL or body is stored in its scope or the shared archive
// (or earlier in the same call), is a duplicate: it is skipped and
// reported, never stored twice. A removed article it collides with is
// replaced.
func (s *Store) Add(ctx context.Context, recs []corpus.Record) ([]store.Outcome, error) {
	out := make([]store.Outcome, len(recs))
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for i, r := range recs {
			o, err := addOne(ctx, tx, r)
			if err != nil {
				return fmt.Errorf("add %q: %w", r.Article.Title, err)
			}
			out[i] = o
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func addOne(ctx context.Context, tx *sql.Tx, r corpus.Record) (store.Outcome, error) {
	a := r.Article
	scope := store.ScopeOf(a)
	url := corpus.CanonicalURL(a.URL)
	hash := corpus.BodyHash(a.Body)
	same, err := sameArticles(ctx, tx, a.ID, scope, url, hash)
	if err != nil {
		return store.Outcome{}, err
	}
	dup, replace := store.SameArticles(a.ID, scope, same)
	if dup != "" {
		return store.Outcome{DuplicateOf: dup}, nil
	}
	for _, id := range replace {
		if _, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE id = ?`, id); err != nil {
			return store.Outcome{}, fmt.Errorf("replace the removed copy %s: %w", id, err)
		}
	}
	tags, err := json.Marshal(nonNil(a.Tags))
	if err != nil {
		return store.Outcome{}, fmt.Errorf("encode tags: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO articles
		(id, url, body_hash, title, outlet, author, published, body, tags, source, source_ref, added_by, added_at, scope)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, url, hash, a.Title, a.Outlet, a.Author, a.Published.UTC().Format(timeLayout), a.Body,
		string(tags), string(a.Source), a.SourceRef, a.AddedBy, a.AddedAt.UTC().Format(timeLayout), scope)
	if err != nil {
		return store.Outcome{}, fmt.Errorf("insert article: %w", err)
	}
	if err := insertPassages(ctx, tx, r); err != nil {
		return store.Outcome{}, err
	}
	if err := recordChange(ctx, tx, a.ID); err != nil {
		return store.Outcome{}, err
	}
	return store.Outcome{Added: true}, nil
}

const articleColumns = `id, url, title, outlet, author, published, body, tags, source, source_ref, added_by, added_at, scope`

// live selects the articles that are not removed.
const live = `removed_at = ''`

// passageLive selects the passages of live articles: one primary-key
// lookup a passage (a list of every live id would cost a scan each call).
const passageLive = `EXISTS (SELECT 1 FROM articles WHERE articles.id = passages.article_id AND articles.removed_at = '')`

// sameArticles finds the stored articles, live or removed, with this id,
// or with this canonical URL or body in this scope or the shared archive.
// Each branch is one lookup in an index, so adding stays fast however
// large the store.
func sameArticles(ctx context.Context, tx *sql.Tx, id, scope, url, hash string) ([]store.Same, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT id, scope, removed_at = '' FROM articles WHERE id = ?
		UNION ALL SELECT id, scope, removed_at = '' FROM articles WHERE scope IN (?, 'shared') AND url = ? AND url <> ''
		UNION ALL SELECT id, scope, removed_at = '' FROM articles WHERE scope IN (?, 'shared') AND body_hash = ?`,
		id, scope, url, scope, hash)
	if err != nil {
		return nil, fmt.Errorf("look up duplicate: %w", err)
	}
	defer rows.Close()
	var out []store.Same
	for rows.Next() {
		var m store.Same
		if err := rows.Scan(&m.ID, &m.Scope, &m.Live); err != nil {
			return nil, fmt.Errorf("look up duplicate: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("look up duplicate: %w", err)
	}
	return out, nil
}

func scopeArgs(scopes []corpus.Scope) []any {
	out := make([]any, len(scopes))
	for i, sc := range scopes {
		out[i] = string(sc)
	}
	return out
}

func scanArticle(row rowScanner) (corpus.Article, error) {
	var a corpus.Article
	var published, addedAt, tags, source, scope string
	if err := row.Scan(&a.ID, &a.URL, &a.Title, &a.Outlet, &a.Author, &published, &a.Body, &tags,
		&source, &a.SourceRef, &a.AddedBy, &addedAt, &scope); err != nil {
		return corpus.Article{}, err
	}
	var err error
	if a.Published, err = time.Parse(timeLayout, published); err != nil {
		return corpus.Article{}, fmt.Errorf("article %s: published: %w", a.ID, err)
	}
	if a.AddedAt, err = time.Parse(timeLayout, addedAt); err != nil {
		return corpus.Article{}, fmt.Errorf("article %s: added_at: %w", a.ID, err)
	}
	if err := json.Unmarshal([]byte(tags), &a.Tags); err != nil {
		return corpus.Article{}, fmt.Errorf("article %s: tags: %w", a.ID, err)
	}
	a.Source = corpus.Source(source)
	a.Scope = corpus.Scope(scope)
	return a, nil
}

// Article returns one article (store.ErrNotFound when absent).
func (s *Store) Article(ctx context.Context, id string) (corpus.Article, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM articles WHERE id = ? AND `+live, id)
	a, err := scanArticle(row)
	if errors.Is(err, sql.ErrNoRows) {
		return corpus.Article{}, fmt.Errorf("article %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return corpus.Article{}, fmt.Errorf("read article %q: %w", id, err)
	}
	return a, nil
}

// Articles returns the stored articles among ids, by id. Absent ids are
// simply missing from the map (an article removed since it was found).
func (s *Store) Articles(ctx context.Context, ids []string) (map[string]corpus.Article, error) {
	out := make(map[string]corpus.Article, len(ids))
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		arts, err := s.queryArticles(ctx, "read articles",
			`SELECT `+articleColumns+` FROM articles WHERE `+live+` AND id IN (`+placeholders(len(chunk))+`)`, anySlice(chunk)...)
		if err != nil {
			return nil, err
		}
		for _, a := range arts {
			out[a.ID] = a
		}
	}
	return out, nil
}

// queryArticles runs a query of articleColumns and returns the articles.
func (s *Store) queryArticles(ctx context.Context, what, query string, args ...any) ([]corpus.Article, error) {
	return queryAll(ctx, s.db, what, query, scanArticle, args...)
}

// Outlets returns the distinct outlets of these scopes, most articles first.
func (s *Store) Outlets(ctx context.Context, scopes []corpus.Scope) ([]string, error) {
	return s.strings(ctx, "read outlets",
		`SELECT outlet FROM articles WHERE outlet <> '' AND `+live+` AND scope IN (`+placeholders(len(scopes))+`)
		GROUP BY outlet ORDER BY count(*) DESC, outlet LIMIT 1000`, scopeArgs(scopes)...)
}

// EachArticle calls fn with the stored articles, in batches of n, in id order.
func (s *Store) EachArticle(ctx context.Context, n int, fn func([]corpus.Article) error) error {
	last := ""
	for {
		batch, err := s.queryArticles(ctx, "read articles",
			`SELECT `+articleColumns+` FROM articles WHERE id > ? AND `+live+` ORDER BY id LIMIT ?`, last, n)
		if err != nil || len(batch) == 0 {
			return err
		}
		if err := fn(batch); err != nil {
			return err
		}
		last = batch[len(batch)-1].ID
	}
}

// RecentTitles returns the titles of the n most recently published articles of these scopes.
func (s *Store) RecentTitles(ctx context.Context, scopes []corpus.Scope, n int) ([]string, error) {
	return s.strings(ctx, "read titles", `SELECT title FROM articles WHERE `+live+` AND scope IN (`+placeholders(len(scopes))+`)
		ORDER BY published DESC LIMIT ?`, append(scopeArgs(scopes), n)...)
}
