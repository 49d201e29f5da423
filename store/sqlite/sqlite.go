// Package sqlite is the SQLite engine of the store of record (WAL, foreign
// keys on, embedded migrations): the only importer of modernc.org/sqlite.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/store"
	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the store of record in a SQLite database.
type Store struct {
	db *sql.DB
}

// Open opens (creating when needed) the database at path and brings its
// schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	dsn := "file:" + path + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(FULL)&_pragma=busy_timeout(5000)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s := &Store{db: db}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// migrate applies the embedded migrations the database has not seen, in
// order, each in its own transaction. The version is SQLite's user_version.
func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	var current int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > len(names) {
		return fmt.Errorf("schema version %d is newer than this dateline (%d): upgrade dateline", current, len(names))
	}
	for v := current + 1; v <= len(names); v++ {
		script, err := migrations.ReadFile(names[v-1])
		if err != nil {
			return fmt.Errorf("read migration %s: %w", names[v-1], err)
		}
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, string(script)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(v))
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", names[v-1], err)
		}
	}
	return nil
}

func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

const timeLayout = time.RFC3339Nano

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
	scope := scopeOf(a)
	url := corpus.CanonicalURL(a.URL)
	hash := corpus.BodyHash(a.Body)
	same, err := sameArticles(ctx, tx, a.ID, scope, url, hash)
	if err != nil {
		return store.Outcome{}, err
	}
	// A live copy makes this a duplicate; the shared archive's is named
	// first, since it is everyone's.
	dup := ""
	for _, m := range same {
		if m.live && (dup == "" || m.scope == string(corpus.Shared)) {
			dup = m.id
		}
	}
	if dup != "" {
		return store.Outcome{DuplicateOf: dup}, nil
	}
	// A removed article is nobody's duplicate: the new copy replaces it (in
	// its own scope; a removed copy in the shared archive stays for Restore).
	for _, m := range same {
		if m.id == a.ID || m.scope == scope {
			if _, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE id = ?`, m.id); err != nil {
				return store.Outcome{}, fmt.Errorf("replace the removed copy %s: %w", m.id, err)
			}
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
	return store.Outcome{Added: true}, nil
}

// match is a stored article that is the same as one being added.
type match struct {
	id, scope string
	live      bool
}

// sameArticles finds the stored articles, live or removed, with this id,
// or with this canonical URL or body in this scope or the shared archive.
// Each branch is one lookup in an index, so adding stays fast however
// large the store.
func sameArticles(ctx context.Context, tx *sql.Tx, id, scope, url, hash string) ([]match, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT id, scope, removed_at = '' FROM articles WHERE id = ?
		UNION SELECT id, scope, removed_at = '' FROM articles WHERE scope IN (?, 'shared') AND url = ? AND url <> ''
		UNION SELECT id, scope, removed_at = '' FROM articles WHERE scope IN (?, 'shared') AND body_hash = ?`,
		id, scope, url, scope, hash)
	if err != nil {
		return nil, fmt.Errorf("look up duplicate: %w", err)
	}
	defer rows.Close()
	var out []match
	for rows.Next() {
		var m match
		if err := rows.Scan(&m.id, &m.scope, &m.live); err != nil {
			return nil, fmt.Errorf("look up duplicate: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("look up duplicate: %w", err)
	}
	return out, nil
}

func insertPassages(ctx context.Context, tx *sql.Tx, r corpus.Record) error {
	stmt, err := tx.PrepareContext(ctx,
		`INSERT INTO passages (article_id, seq, start, end, mentions, credits) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("prepare passages: %w", err)
	}
	defer stmt.Close()
	for _, p := range r.Passages {
		mentions, err := json.Marshal(nonNil(p.Mentions))
		if err != nil {
			return fmt.Errorf("encode mentions: %w", err)
		}
		credits, err := json.Marshal(nonNil(p.Credits))
		if err != nil {
			return fmt.Errorf("encode credits: %w", err)
		}
		if _, err := stmt.ExecContext(ctx, r.Article.ID, p.Seq, p.Start, p.End, string(mentions), string(credits)); err != nil {
			return fmt.Errorf("insert passage %s/%d: %w", r.Article.ID, p.Seq, err)
		}
	}
	return nil
}

// scopeOf is the article's scope as stored: "" is the shared archive.
func scopeOf(a corpus.Article) string {
	if a.Scope == "" {
		return string(corpus.Shared)
	}
	return string(a.Scope)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

const articleColumns = `id, url, title, outlet, author, published, body, tags, source, source_ref, added_by, added_at, scope`

// live selects the articles that are not removed.
const live = `removed_at = ''`

// passageLive selects the passages of live articles: one primary-key
// lookup a passage (a list of every live id would cost a scan each call).
const passageLive = `EXISTS (SELECT 1 FROM articles WHERE articles.id = passages.article_id AND articles.removed_at = '')`

func scanArticle(row interface{ Scan(...any) error }) (corpus.Article, error) {
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
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []corpus.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// Passages returns the stored passages of one article, in order, with their text.
func (s *Store) Passages(ctx context.Context, a corpus.Article) ([]corpus.Passage, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT seq, start, end, mentions, credits FROM passages
		WHERE article_id = ? AND `+passageLive+` ORDER BY seq`, a.ID)
	if err != nil {
		return nil, fmt.Errorf("read passages of %s: %w", a.ID, err)
	}
	defer rows.Close()
	var out []corpus.Passage
	for rows.Next() {
		p := corpus.Passage{ArticleID: a.ID}
		var mentions, credits string
		if err := rows.Scan(&p.Seq, &p.Start, &p.End, &mentions, &credits); err != nil {
			return nil, fmt.Errorf("read passages of %s: %w", a.ID, err)
		}
		if err := fillPassage(&p, a, mentions, credits); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read passages of %s: %w", a.ID, err)
	}
	return out, nil
}

// PassagesAt returns the passages named by keys whose article is in arts
// (as read by Articles), with their text. Keys of absent articles or
// passages are missing from the map.
func (s *Store) PassagesAt(ctx context.Context, arts map[string]corpus.Article, keys []store.PassageKey) (map[store.PassageKey]corpus.Passage, error) {
	out := make(map[store.PassageKey]corpus.Passage, len(keys))
	for start := 0; start < len(keys); start += 250 {
		chunk := keys[start:min(start+250, len(keys))]
		args := make([]any, 0, 2*len(chunk))
		for _, k := range chunk {
			args = append(args, k.ArticleID, k.Seq)
		}
		rows, err := s.db.QueryContext(ctx, `SELECT article_id, seq, start, end, mentions, credits FROM passages
			WHERE (article_id, seq) IN (VALUES `+strings.TrimSuffix(strings.Repeat("(?, ?),", len(chunk)), ",")+`)
			AND `+passageLive, args...)
		if err != nil {
			return nil, fmt.Errorf("read passages: %w", err)
		}
		for rows.Next() {
			var p corpus.Passage
			var mentions, credits string
			if err := rows.Scan(&p.ArticleID, &p.Seq, &p.Start, &p.End, &mentions, &credits); err != nil {
				rows.Close()
				return nil, fmt.Errorf("read passages: %w", err)
			}
			a, ok := arts[p.ArticleID]
			if !ok {
				continue
			}
			if err := fillPassage(&p, a, mentions, credits); err != nil {
				rows.Close()
				return nil, err
			}
			out[store.PassageKey{ArticleID: p.ArticleID, Seq: p.Seq}] = p
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return nil, fmt.Errorf("read passages: %w", err)
		}
	}
	return out, nil
}

// fill checks a stored passage against its article and decodes its analysis.
func fillPassage(p *corpus.Passage, a corpus.Article, mentions, credits string) error {
	if p.Start < 0 || p.End > len(a.Body) || p.Start > p.End {
		return fmt.Errorf("passage %s/%d: offsets %d-%d outside the body", a.ID, p.Seq, p.Start, p.End)
	}
	p.Text = a.Body[p.Start:p.End]
	if err := json.Unmarshal([]byte(mentions), &p.Mentions); err != nil {
		return fmt.Errorf("passage %s/%d mentions: %w", a.ID, p.Seq, err)
	}
	if err := json.Unmarshal([]byte(credits), &p.Credits); err != nil {
		return fmt.Errorf("passage %s/%d credits: %w", a.ID, p.Seq, err)
	}
	return nil
}

// Unindexed returns up to limit stored articles the index has not confirmed,
// with their passages.
func (s *Store) Unindexed(ctx context.Context, limit int) ([]corpus.Record, error) {
	arts, err := s.queryArticles(ctx, "read unindexed articles",
		`SELECT `+articleColumns+` FROM articles WHERE indexed = 0 AND `+live+` ORDER BY rowid LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	recs := make([]corpus.Record, len(arts))
	for i, a := range arts {
		ps, err := s.Passages(ctx, a)
		if err != nil {
			return nil, err
		}
		recs[i] = corpus.Record{Article: a, Passages: ps}
	}
	return recs, nil
}

// MarkIndexed records that the index holds every passage of these articles.
func (s *Store) MarkIndexed(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for start := 0; start < len(ids); start += 500 {
			chunk := ids[start:min(start+500, len(ids))]
			if _, err := tx.ExecContext(ctx, `UPDATE articles SET indexed = 1 WHERE id IN (`+placeholders(len(chunk))+`)`,
				anySlice(chunk)...); err != nil {
				return fmt.Errorf("mark indexed: %w", err)
			}
		}
		return nil
	})
}

// MarkAllUnindexed forgets every index confirmation, before a rebuild.
func (s *Store) MarkAllUnindexed(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE articles SET indexed = 0 WHERE indexed <> 0`); err != nil {
		return fmt.Errorf("reset index confirmations: %w", err)
	}
	return nil
}

// Counts says how many articles the store holds and how many the index has not confirmed.
func (s *Store) Counts(ctx context.Context) (articles, unindexed int, err error) {
	err = s.db.QueryRowContext(ctx,
		`SELECT count(*), count(*) FILTER (WHERE indexed = 0) FROM articles WHERE `+live).Scan(&articles, &unindexed)
	if err != nil {
		return 0, 0, fmt.Errorf("count articles: %w", err)
	}
	return articles, unindexed, nil
}

// Remove hides an article (removed_at is set; its row and passages stay
// until Purge), records the removal in the audit log, and queues the index
// deletion (PendingRemovals) in the same transaction, so a crash before the
// index is updated cannot leave a removed article searchable for good.
func (s *Store) Remove(ctx context.Context, id string, e store.AuditEntry) (passages int, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var title string
		if err := tx.QueryRowContext(ctx, `SELECT title FROM articles WHERE id = ? AND `+live, id).Scan(&title); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("article %q: %w", id, store.ErrNotFound)
			}
			return fmt.Errorf("read article %q: %w", id, err)
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM passages WHERE article_id = ?`, id).Scan(&passages); err != nil {
			return fmt.Errorf("count passages: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET removed_at = ?, removed_by = ?, indexed = 0 WHERE id = ?`,
			time.Now().UTC().Format(timeLayout), e.Actor, id); err != nil {
			return fmt.Errorf("remove article: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO pending_removals (article_id, passages) VALUES (?, ?)`,
			id, passages); err != nil {
			return fmt.Errorf("queue index removal: %w", err)
		}
		e.Action, e.Target, e.Detail = "remove", id, title
		return audit(ctx, tx, e)
	})
	return passages, err
}

// RemovedArticle returns a removed article and who removed it when.
func (s *Store) RemovedArticle(ctx context.Context, id string) (corpus.Article, store.Removal, error) {
	var r store.Removal
	var at string
	row := s.db.QueryRowContext(ctx, `SELECT `+articleColumns+`, removed_at, removed_by FROM articles WHERE id = ? AND removed_at <> ''`, id)
	a, err := scanArticle(scanTail{row, []any{&at, &r.By}})
	if errors.Is(err, sql.ErrNoRows) {
		return corpus.Article{}, r, fmt.Errorf("removed article %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return corpus.Article{}, r, fmt.Errorf("read removed article %q: %w", id, err)
	}
	if r.At, err = time.Parse(timeLayout, at); err != nil {
		return corpus.Article{}, r, fmt.Errorf("removed article %q: removed_at: %w", id, err)
	}
	return a, r, nil
}

// scanTail scans extra columns after an article's.
type scanTail struct {
	row  interface{ Scan(...any) error }
	tail []any
}

func (t scanTail) Scan(dest ...any) error { return t.row.Scan(append(dest, t.tail...)...) }

// Restore brings a removed article back, for the index to take again.
func (s *Store) Restore(ctx context.Context, id string, e store.AuditEntry) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var title string
		if err := tx.QueryRowContext(ctx, `SELECT title FROM articles WHERE id = ? AND removed_at <> ''`, id).Scan(&title); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("removed article %q: %w", id, store.ErrNotFound)
			}
			return fmt.Errorf("read removed article %q: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET removed_at = '', removed_by = '', indexed = 0 WHERE id = ?`, id); err != nil {
			return fmt.Errorf("restore article: %w", err)
		}
		e.Action, e.Target, e.Detail = "restore", id, title
		return audit(ctx, tx, e)
	})
}

// Purge deletes the articles removed before cutoff, for good.
func (s *Store) Purge(ctx context.Context, cutoff time.Time, e store.AuditEntry) ([]string, error) {
	var ids []string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, title, scope FROM articles WHERE removed_at <> '' AND removed_at < ? ORDER BY id`,
			cutoff.UTC().Format(timeLayout))
		if err != nil {
			return fmt.Errorf("find articles to purge: %w", err)
		}
		var entries []store.AuditEntry
		for rows.Next() {
			var id, title, scope string
			if err := rows.Scan(&id, &title, &scope); err != nil {
				rows.Close()
				return fmt.Errorf("find articles to purge: %w", err)
			}
			pe := e
			pe.Action, pe.Target, pe.Detail, pe.Guild = "purge", id, title, corpus.Scope(scope).Guild()
			entries = append(entries, pe)
			ids = append(ids, id)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return fmt.Errorf("find articles to purge: %w", err)
		}
		for i, id := range ids {
			if _, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE id = ?`, id); err != nil {
				return fmt.Errorf("purge %s: %w", id, err)
			}
			if err := audit(ctx, tx, entries[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// PendingRemovals lists removals the index has not confirmed.
func (s *Store) PendingRemovals(ctx context.Context) ([]store.PendingRemoval, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT article_id, passages FROM pending_removals`)
	if err != nil {
		return nil, fmt.Errorf("read pending removals: %w", err)
	}
	defer rows.Close()
	var out []store.PendingRemoval
	for rows.Next() {
		var r store.PendingRemoval
		if err := rows.Scan(&r.ArticleID, &r.Passages); err != nil {
			return nil, fmt.Errorf("read pending removals: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read pending removals: %w", err)
	}
	return out, nil
}

// ConfirmRemoval records that the index no longer holds the article.
func (s *Store) ConfirmRemoval(ctx context.Context, id string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM pending_removals WHERE article_id = ?`, id); err != nil {
		return fmt.Errorf("confirm removal of %s: %w", id, err)
	}
	return nil
}

// Audit records an action in the audit log.
func (s *Store) Audit(ctx context.Context, e store.AuditEntry) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return audit(ctx, tx, e) })
}

func audit(ctx context.Context, tx *sql.Tx, e store.AuditEntry) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor, guild, channel, action, target, detail, origin)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		time.Now().UTC().Format(timeLayout), e.Actor, e.Guild, e.Channel, e.Action, e.Target, e.Detail, e.Origin)
	if err != nil {
		return fmt.Errorf("audit %s %s: %w", e.Action, e.Target, err)
	}
	return nil
}

// AuditLog returns the entries q selects, newest first.
func (s *Store) AuditLog(ctx context.Context, q store.AuditQuery) ([]store.AuditEntry, error) {
	query := `SELECT at, actor, guild, channel, action, target, detail, origin FROM audit_log `
	args := []any{}
	if !q.AllGuilds {
		query += `WHERE guild = ? `
		args = append(args, q.Guild)
	}
	rows, err := s.db.QueryContext(ctx, query+`ORDER BY id DESC LIMIT ?`, append(args, q.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	defer rows.Close()
	var out []store.AuditEntry
	for rows.Next() {
		var e store.AuditEntry
		var at string
		if err := rows.Scan(&at, &e.Actor, &e.Guild, &e.Channel, &e.Action, &e.Target, &e.Detail, &e.Origin); err != nil {
			return nil, fmt.Errorf("read audit log: %w", err)
		}
		if e.At, err = time.Parse(timeLayout, at); err != nil {
			return nil, fmt.Errorf("read audit log: at: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	return out, nil
}

// Setting reads a named value ("" when unset).
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting writes a named value.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	_, err := s.db.ExecContext(ctx,
		`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("write setting %s: %w", key, err)
	}
	return nil
}

// Outlets returns the distinct outlets of these scopes, most articles first.
func (s *Store) Outlets(ctx context.Context, scopes []corpus.Scope) ([]string, error) {
	return s.strings(ctx, "read outlets",
		`SELECT outlet FROM articles WHERE outlet <> '' AND `+live+` AND scope IN (`+placeholders(len(scopes))+`)
		GROUP BY outlet ORDER BY count(*) DESC, outlet LIMIT 1000`, scopeArgs(scopes)...)
}

func scopeArgs(scopes []corpus.Scope) []any {
	out := make([]any, len(scopes))
	for i, sc := range scopes {
		out[i] = string(sc)
	}
	return out
}

// strings runs a query of one text column and returns its values.
func (s *Store) strings(ctx context.Context, what, query string, args ...any) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// ReplacePassages stores newly computed passages for articles already
// stored (after the analysis changed) and marks them for re-indexing.
func (s *Store) ReplacePassages(ctx context.Context, recs []corpus.Record) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, r := range recs {
			if _, err := tx.ExecContext(ctx, `DELETE FROM passages WHERE article_id = ?`, r.Article.ID); err != nil {
				return fmt.Errorf("replace passages of %s: %w", r.Article.ID, err)
			}
			if err := insertPassages(ctx, tx, r); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE articles SET indexed = 0 WHERE id = ?`, r.Article.ID); err != nil {
				return fmt.Errorf("replace passages of %s: %w", r.Article.ID, err)
			}
		}
		return nil
	})
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

var _ store.Store = (*Store)(nil)
