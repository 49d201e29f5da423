// Package postgres is the PostgreSQL engine of the store of record, shared
// by every dateline process that points at it (embedded migrations, taken
// under an advisory lock so processes starting together apply them once):
// the only importer of jackc/pgx.
package postgres

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Advisory lock keys, the same in every process: migrationLock is held
// while migrating; changesLock from numbering changes to commit, so that
// change numbers become visible in the order they were taken.
const (
	migrationLock int64 = 0x646174656c696e // "dateline"
	changesLock   int64 = migrationLock + 1
)

// changesChannel is the LISTEN/NOTIFY channel a committed change wakes.
const changesChannel = "dateline_changes"

// Store is the store of record in a PostgreSQL database.
type Store struct {
	pool *pgxpool.Pool
}

// IsURL says whether a store URL names a PostgreSQL database.
func IsURL(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

// Open connects to the database at url (postgres://user:pass@host:port/db)
// and brings its schema up to date.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("store url: %w", err) // pgx's message never repeats the password
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", Redact(url), err)
	}
	s := &Store{pool: pool}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open store %s: %w", Redact(url), err)
	}
	return s, nil
}

// Redact is url without its password, for messages and logs.
func Redact(url string) string {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return "postgres://…"
	}
	return fmt.Sprintf("postgres://%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
}

// Close closes every connection.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// migrate applies the embedded migrations the database has not seen, in
// order, in one transaction holding an advisory lock.
func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
			return fmt.Errorf("lock for migration: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
			return fmt.Errorf("create schema_version: %w", err)
		}
		var current int
		err := tx.QueryRow(ctx, `SELECT version FROM schema_version`).Scan(&current)
		if errors.Is(err, pgx.ErrNoRows) {
			_, err = tx.Exec(ctx, `INSERT INTO schema_version (version) VALUES (0)`)
		}
		if err != nil {
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
			if _, err := tx.Exec(ctx, string(script)); err != nil {
				return fmt.Errorf("migration %s: %w", names[v-1], err)
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE schema_version SET version = $1`, len(names)); err != nil {
			return fmt.Errorf("record schema version: %w", err)
		}
		return nil
	})
}

func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback(context.WithoutCancel(ctx)) // the error that made us roll back is the one to report
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Add stores records in one transaction. A record whose id, canonical URL
// or body is already stored (or earlier in the same call, or added by
// another process meanwhile) is a duplicate: skipped and reported.
func (s *Store) Add(ctx context.Context, recs []corpus.Record) ([]store.Outcome, error) {
	out := make([]store.Outcome, len(recs))
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var added []corpus.Record
		for i, r := range recs {
			o, err := addOne(ctx, tx, r)
			if err != nil {
				return fmt.Errorf("add %q: %w", r.Article.Title, err)
			}
			out[i] = o
			if o.Added {
				added = append(added, r)
			}
		}
		if err := insertPassages(ctx, tx, added); err != nil {
			return err
		}
		return recordChanges(ctx, tx, recordIDs(added))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func addOne(ctx context.Context, tx pgx.Tx, r corpus.Record) (store.Outcome, error) {
	a := r.Article
	url := corpus.CanonicalURL(a.URL)
	hash := corpus.BodyHash(a.Body)
	scope := store.ScopeOf(a)
	for attempt := 0; ; attempt++ {
		same, err := sameArticles(ctx, tx, a.ID, scope, url, hash)
		if err != nil {
			return store.Outcome{}, err
		}
		dup, replace := store.SameArticles(a.ID, scope, same)
		if dup != "" {
			return store.Outcome{DuplicateOf: dup}, nil
		}
		for _, id := range replace {
			if _, err := tx.Exec(ctx, `DELETE FROM articles WHERE id = $1`, id); err != nil {
				return store.Outcome{}, fmt.Errorf("replace the removed copy %s: %w", id, err)
			}
		}
		tags, err := json.Marshal(nonNil(a.Tags))
		if err != nil {
			return store.Outcome{}, fmt.Errorf("encode tags: %w", err)
		}
		tag, err := tx.Exec(ctx, `INSERT INTO articles
			(id, url, body_hash, title, outlet, author, published, body, tags, source, source_ref, added_by, added_at, scope)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING`,
			a.ID, url, hash, a.Title, a.Outlet, a.Author, a.Published.UTC(), a.Body,
			string(tags), string(a.Source), a.SourceRef, a.AddedBy, a.AddedAt.UTC(), scope)
		if err != nil {
			return store.Outcome{}, fmt.Errorf("insert article: %w", err)
		}
		if tag.RowsAffected() == 1 {
			return store.Outcome{Added: true}, nil
		}
		// Another process stored the same article after our look-up (the
		// insert waited for it to commit): look again, it is visible now.
		if attempt > 0 {
			return store.Outcome{}, errors.New("insert conflicted, but no duplicate is stored")
		}
	}
}

// sameArticles finds the stored articles, live or removed, with this id,
// or with this canonical URL or body in this scope or the shared archive.
func sameArticles(ctx context.Context, tx pgx.Tx, id, scope, url, hash string) ([]store.Same, error) {
	rows, err := tx.Query(ctx, `
		SELECT id, scope, removed_at IS NULL FROM articles WHERE id = $1
		UNION SELECT id, scope, removed_at IS NULL FROM articles WHERE scope IN ($2, 'shared') AND url = $3 AND url <> ''
		UNION SELECT id, scope, removed_at IS NULL FROM articles WHERE scope IN ($2, 'shared') AND body_hash = $4`,
		id, scope, url, hash)
	if err != nil {
		return nil, fmt.Errorf("look up duplicate: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.Same, error) {
		var m store.Same
		err := row.Scan(&m.ID, &m.Scope, &m.Live)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("look up duplicate: %w", err)
	}
	return out, nil
}

func scopeStrings(scopes []corpus.Scope) []string {
	out := make([]string, len(scopes))
	for i, sc := range scopes {
		out[i] = string(sc)
	}
	return out
}

func recordIDs(recs []corpus.Record) []string {
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.Article.ID
	}
	return ids
}

// recordChanges numbers changes to these articles, in order, and wakes the
// processes that follow the store when the transaction commits. It takes
// the changes lock until commit: a transaction that numbers later commits
// later, so a reader never sees a number before a smaller one.
func recordChanges(ctx context.Context, tx pgx.Tx, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, changesLock); err != nil {
		return fmt.Errorf("lock change numbers: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO changes (article_id) SELECT id FROM unnest($1::text[]) WITH ORDINALITY AS u(id, n) ORDER BY n`, ids); err != nil {
		return fmt.Errorf("record changes: %w", err)
	}
	if _, err := tx.Exec(ctx, `SELECT pg_notify($1, '')`, changesChannel); err != nil {
		return fmt.Errorf("notify changes: %w", err)
	}
	return nil
}

// insertPassages copies the passages of recs in one round trip.
func insertPassages(ctx context.Context, tx pgx.Tx, recs []corpus.Record) error {
	var rows [][]any
	for _, r := range recs {
		for _, p := range r.Passages {
			mentions, err := json.Marshal(nonNil(p.Mentions))
			if err != nil {
				return fmt.Errorf("encode mentions: %w", err)
			}
			credits, err := json.Marshal(nonNil(p.Credits))
			if err != nil {
				return fmt.Errorf("encode credits: %w", err)
			}
			rows = append(rows, []any{r.Article.ID, p.Seq, p.Start, p.End, string(mentions), string(credits)})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"passages"},
		[]string{"article_id", "seq", "start_at", "end_at", "mentions", "credits"}, pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("insert passages: %w", err)
	}
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

const articleColumns = `id, url, title, outlet, author, published, body, tags, source, source_ref, added_by, added_at, scope`

// live selects the articles that are not removed.
const live = `removed_at IS NULL`

// passageLive selects the passages of live articles.
const passageLive = `EXISTS (SELECT 1 FROM articles WHERE articles.id = passages.article_id AND articles.removed_at IS NULL)`

func scanArticle(row pgx.Row) (corpus.Article, error) {
	var a corpus.Article
	var tags, source, scope string
	if err := row.Scan(&a.ID, &a.URL, &a.Title, &a.Outlet, &a.Author, &a.Published, &a.Body, &tags,
		&source, &a.SourceRef, &a.AddedBy, &a.AddedAt, &scope); err != nil {
		return corpus.Article{}, err
	}
	a.Scope = corpus.Scope(scope)
	a.Published, a.AddedAt = a.Published.UTC(), a.AddedAt.UTC()
	if err := json.Unmarshal([]byte(tags), &a.Tags); err != nil {
		return corpus.Article{}, fmt.Errorf("article %s: tags: %w", a.ID, err)
	}
	a.Source = corpus.Source(source)
	return a, nil
}

// Article returns one article (store.ErrNotFound when absent).
func (s *Store) Article(ctx context.Context, id string) (corpus.Article, error) {
	a, err := scanArticle(s.pool.QueryRow(ctx, `SELECT `+articleColumns+` FROM articles WHERE id = $1 AND `+live, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return corpus.Article{}, fmt.Errorf("article %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return corpus.Article{}, fmt.Errorf("read article %q: %w", id, err)
	}
	return a, nil
}

// Articles returns the stored articles among ids, by id.
func (s *Store) Articles(ctx context.Context, ids []string) (map[string]corpus.Article, error) {
	out := make(map[string]corpus.Article, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	arts, err := s.queryArticles(ctx, "read articles",
		`SELECT `+articleColumns+` FROM articles WHERE id = ANY($1) AND `+live, ids)
	if err != nil {
		return nil, err
	}
	for _, a := range arts {
		out[a.ID] = a
	}
	return out, nil
}

// queryArticles runs a query of articleColumns and returns the articles.
func (s *Store) queryArticles(ctx context.Context, what, query string, args ...any) ([]corpus.Article, error) {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	arts, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (corpus.Article, error) { return scanArticle(row) })
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return arts, nil
}

// Passages returns the stored passages of one article, in order, with their text.
func (s *Store) Passages(ctx context.Context, a corpus.Article) ([]corpus.Passage, error) {
	got, err := s.passages(ctx, map[string]corpus.Article{a.ID: a},
		`SELECT article_id, seq, start_at, end_at, mentions, credits FROM passages WHERE article_id = $1 AND `+passageLive+` ORDER BY seq`, a.ID)
	if err != nil {
		return nil, fmt.Errorf("read passages of %s: %w", a.ID, err)
	}
	return got, nil
}

// PassagesAt returns the passages named by keys whose article is in arts.
func (s *Store) PassagesAt(ctx context.Context, arts map[string]corpus.Article, keys []store.PassageKey) (map[store.PassageKey]corpus.Passage, error) {
	out := make(map[store.PassageKey]corpus.Passage, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	ids := make([]string, len(keys))
	seqs := make([]int32, len(keys))
	for i, k := range keys {
		ids[i], seqs[i] = k.ArticleID, int32(k.Seq)
	}
	ps, err := s.passages(ctx, arts, `SELECT article_id, seq, start_at, end_at, mentions, credits FROM passages
		WHERE (article_id, seq) IN (SELECT * FROM unnest($1::text[], $2::int[])) AND `+passageLive, ids, seqs)
	if err != nil {
		return nil, fmt.Errorf("read passages: %w", err)
	}
	for _, p := range ps {
		out[store.PassageKey{ArticleID: p.ArticleID, Seq: p.Seq}] = p
	}
	return out, nil
}

// passages runs a query of passage rows and fills those whose article is in arts.
func (s *Store) passages(ctx context.Context, arts map[string]corpus.Article, query string, args ...any) ([]corpus.Passage, error) {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []corpus.Passage
	for rows.Next() {
		var p corpus.Passage
		var mentions, credits string
		if err := rows.Scan(&p.ArticleID, &p.Seq, &p.Start, &p.End, &mentions, &credits); err != nil {
			return nil, err
		}
		a, ok := arts[p.ArticleID]
		if !ok {
			continue
		}
		if err := fillPassage(&p, a, mentions, credits); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// fillPassage checks a stored passage against its article and decodes its analysis.
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

// withPassages reads the passages of arts in one query.
func (s *Store) withPassages(ctx context.Context, arts []corpus.Article) ([]corpus.Record, error) {
	byID := make(map[string]corpus.Article, len(arts))
	ids := make([]string, len(arts))
	for i, a := range arts {
		byID[a.ID], ids[i] = a, a.ID
	}
	ps, err := s.passages(ctx, byID, `SELECT article_id, seq, start_at, end_at, mentions, credits FROM passages
		WHERE article_id = ANY($1) ORDER BY article_id, seq`, ids)
	if err != nil {
		return nil, fmt.Errorf("read passages: %w", err)
	}
	of := make(map[string][]corpus.Passage, len(arts))
	for _, p := range ps {
		of[p.ArticleID] = append(of[p.ArticleID], p)
	}
	recs := make([]corpus.Record, len(arts))
	for i, a := range arts {
		recs[i] = corpus.Record{Article: a, Passages: of[a.ID]}
	}
	return recs, nil
}

// Count says how many articles the store holds, removed ones left out.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM articles WHERE `+live).Scan(&n); err != nil {
		return 0, fmt.Errorf("count articles: %w", err)
	}
	return n, nil
}

// ScopeCounts counts live articles and their passages by scope.
func (s *Store) ScopeCounts(ctx context.Context) ([]store.ScopeCount, error) {
	rows, err := s.pool.Query(ctx, `SELECT a.scope, count(*), coalesce(sum(
		(SELECT count(*) FROM passages p WHERE p.article_id = a.id)), 0)::bigint
		FROM articles a WHERE `+live+` GROUP BY a.scope ORDER BY a.scope COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("count articles by scope: %w", err)
	}
	defer rows.Close()
	var out []store.ScopeCount
	for rows.Next() {
		var c store.ScopeCount
		var articles, passages int64
		if err := rows.Scan(&c.Scope, &articles, &passages); err != nil {
			return nil, fmt.Errorf("count articles by scope: %w", err)
		}
		c.Articles, c.Passages = int(articles), int(passages)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count articles by scope: %w", err)
	}
	return out, nil
}

// Remove hides an article (removed_at is set; its row and passages stay
// until Purge), records the removal in the audit log and as a change, in
// one transaction.
func (s *Store) Remove(ctx context.Context, id string, e store.AuditEntry) (passages int, err error) {
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		var title string
		err := tx.QueryRow(ctx, `SELECT title FROM articles WHERE id = $1 AND `+live+` FOR UPDATE`, id).Scan(&title)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("article %q: %w", id, store.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("read article %q: %w", id, err)
		}
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM passages WHERE article_id = $1`, id).Scan(&passages); err != nil {
			return fmt.Errorf("count passages: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE articles SET removed_at = $1, removed_by = $2 WHERE id = $3`,
			time.Now().UTC(), e.Actor, id); err != nil {
			return fmt.Errorf("remove article: %w", err)
		}
		if err := recordChanges(ctx, tx, []string{id}); err != nil {
			return err
		}
		e.Action, e.Target, e.Detail = "remove", id, title
		return audit(ctx, tx, e)
	})
	return passages, err
}

// RemovedArticle returns a removed article and who removed it when.
func (s *Store) RemovedArticle(ctx context.Context, id string) (corpus.Article, store.Removal, error) {
	var r store.Removal
	row := s.pool.QueryRow(ctx, `SELECT `+articleColumns+`, removed_at, removed_by FROM articles WHERE id = $1 AND removed_at IS NOT NULL`, id)
	a, err := scanArticle(scanTail{row, []any{&r.At, &r.By}})
	if errors.Is(err, pgx.ErrNoRows) {
		return corpus.Article{}, r, fmt.Errorf("removed article %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return corpus.Article{}, r, fmt.Errorf("read removed article %q: %w", id, err)
	}
	r.At = r.At.UTC()
	return a, r, nil
}

// scanTail scans extra columns after an article's.
type scanTail struct {
	row  pgx.Row
	tail []any
}

func (t scanTail) Scan(dest ...any) error { return t.row.Scan(append(dest, t.tail...)...) }

// Restore brings a removed article back, for the index to take again.
func (s *Store) Restore(ctx context.Context, id string, e store.AuditEntry) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var title string
		err := tx.QueryRow(ctx, `SELECT title FROM articles WHERE id = $1 AND removed_at IS NOT NULL FOR UPDATE`, id).Scan(&title)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("removed article %q: %w", id, store.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("read removed article %q: %w", id, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE articles SET removed_at = NULL, removed_by = '' WHERE id = $1`, id); err != nil {
			return fmt.Errorf("restore article: %w", err)
		}
		if err := recordChanges(ctx, tx, []string{id}); err != nil {
			return err
		}
		e.Action, e.Target, e.Detail = "restore", id, title
		return audit(ctx, tx, e)
	})
}

// Purge deletes the articles removed before cutoff, for good.
func (s *Store) Purge(ctx context.Context, cutoff time.Time, e store.AuditEntry) ([]string, error) {
	var ids []string
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `DELETE FROM articles WHERE removed_at IS NOT NULL AND removed_at < $1 RETURNING id, title, scope`, cutoff.UTC())
		if err != nil {
			return fmt.Errorf("purge: %w", err)
		}
		purged, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.AuditEntry, error) {
			pe := e
			var scope string
			err := row.Scan(&pe.Target, &pe.Detail, &scope)
			pe.Action, pe.Guild = "purge", corpus.Scope(scope).Guild()
			return pe, err
		})
		if err != nil {
			return fmt.Errorf("purge: %w", err)
		}
		sort.Slice(purged, func(i, j int) bool { return purged[i].Target < purged[j].Target })
		ids = ids[:0]
		for _, pe := range purged {
			ids = append(ids, pe.Target)
			if err := audit(ctx, tx, pe); err != nil {
				return err
			}
		}
		return recordChanges(ctx, tx, ids)
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// Audit records an action in the audit log.
func (s *Store) Audit(ctx context.Context, e store.AuditEntry) error {
	return s.inTx(ctx, func(tx pgx.Tx) error { return audit(ctx, tx, e) })
}

func audit(ctx context.Context, tx pgx.Tx, e store.AuditEntry) error {
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (at, actor, guild, channel, action, target, detail, origin)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		time.Now().UTC(), e.Actor, e.Guild, e.Channel, e.Action, e.Target, e.Detail, e.Origin)
	if err != nil {
		return fmt.Errorf("audit %s %s: %w", e.Action, e.Target, err)
	}
	return nil
}

// AuditLog returns the entries q selects, newest first.
func (s *Store) AuditLog(ctx context.Context, q store.AuditQuery) ([]store.AuditEntry, error) {
	rows, err := s.pool.Query(ctx, `SELECT at, actor, guild, channel, action, target, detail, origin FROM audit_log
		WHERE $1 OR guild = $2 ORDER BY id DESC LIMIT $3`, q.AllGuilds, q.Guild, q.Limit)
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.AuditEntry, error) {
		var e store.AuditEntry
		err := row.Scan(&e.At, &e.Actor, &e.Guild, &e.Channel, &e.Action, &e.Target, &e.Detail, &e.Origin)
		e.At = e.At.UTC()
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	return out, nil
}

// Setting reads a named value ("" when unset).
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.pool.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting writes a named value.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	_, err := s.pool.Exec(ctx,
		`INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("write setting %s: %w", key, err)
	}
	return nil
}

// Outlets returns the distinct outlets, most articles first, then by name.
func (s *Store) Outlets(ctx context.Context, scopes []corpus.Scope) ([]string, error) {
	return s.strings(ctx, "read outlets", `SELECT outlet FROM articles WHERE outlet <> '' AND `+live+` AND scope = ANY($1)
		GROUP BY outlet ORDER BY count(*) DESC, outlet LIMIT 1000`, scopeStrings(scopes))
}

// strings runs a query of one text column and returns its values.
func (s *Store) strings(ctx context.Context, what, query string, args ...any) ([]string, error) {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// ReplacePassages stores newly computed passages for articles already
// stored and marks them for re-indexing.
func (s *Store) ReplacePassages(ctx context.Context, recs []corpus.Record) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		ids := recordIDs(recs)
		if _, err := tx.Exec(ctx, `DELETE FROM passages WHERE article_id = ANY($1)`, ids); err != nil {
			return fmt.Errorf("replace passages: %w", err)
		}
		if err := insertPassages(ctx, tx, recs); err != nil {
			return err
		}
		return recordChanges(ctx, tx, ids)
	})
}

// EachArticle calls fn with the stored articles, in batches of n, in id order.
func (s *Store) EachArticle(ctx context.Context, n int, fn func([]corpus.Article) error) error {
	last := ""
	for {
		batch, err := s.queryArticles(ctx, "read articles",
			`SELECT `+articleColumns+` FROM articles WHERE id > $1 AND `+live+` ORDER BY id LIMIT $2`, last, n)
		if err != nil || len(batch) == 0 {
			return err
		}
		if err := fn(batch); err != nil {
			return err
		}
		last = batch[len(batch)-1].ID
	}
}

// RecentTitles returns the titles of the n most recently published articles.
func (s *Store) RecentTitles(ctx context.Context, scopes []corpus.Scope, n int) ([]string, error) {
	return s.strings(ctx, "read titles", `SELECT title FROM articles WHERE `+live+` AND scope = ANY($1)
		ORDER BY published DESC LIMIT $2`, scopeStrings(scopes), n)
}

// Records returns the stored articles among ids with their passages, in
// the order of ids.
func (s *Store) Records(ctx context.Context, ids []string) ([]corpus.Record, error) {
	arts, err := s.Articles(ctx, ids)
	if err != nil {
		return nil, err
	}
	var ordered []corpus.Article
	for _, id := range ids {
		if a, ok := arts[id]; ok {
			ordered = append(ordered, a)
			delete(arts, id) // an id asked twice is returned once
		}
	}
	return s.withPassages(ctx, ordered)
}

// LastChange is the number of the latest change, 0 when none.
func (s *Store) LastChange(ctx context.Context) (int64, error) {
	var n int64
	if err := s.pool.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM changes`).Scan(&n); err != nil {
		return 0, fmt.Errorf("read last change: %w", err)
	}
	return n, nil
}

// Changes returns up to limit changes after `after`, in order.
func (s *Store) Changes(ctx context.Context, after int64, limit int) ([]store.Change, error) {
	rows, err := s.pool.Query(ctx, `SELECT seq, article_id FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("read changes: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.Change, error) {
		var c store.Change
		err := row.Scan(&c.Seq, &c.ArticleID)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("read changes: %w", err)
	}
	return out, nil
}

// Notify returns a channel that receives a value whenever changes may have
// been committed by any process (LISTEN/NOTIFY on a connection of its own,
// re-established with back-off when lost, with one wake-up after each
// (re)connection for what was missed meanwhile). It is closed when ctx
// ends. Followers poll as well, so a lost connection only delays them.
func (s *Store) Notify(ctx context.Context) <-chan struct{} {
	wake := make(chan struct{}, 1)
	go func() {
		defer close(wake)
		backoff := 100 * time.Millisecond
		for ctx.Err() == nil {
			if err := s.listen(ctx, wake); err != nil && ctx.Err() == nil {
				select {
				case <-ctx.Done():
				case <-time.After(backoff):
				}
				backoff = min(2*backoff, 10*time.Second)
				continue
			}
			backoff = 100 * time.Millisecond
		}
	}()
	return wake
}

// listen holds one LISTEN connection until it fails or ctx ends.
func (s *Store) listen(ctx context.Context, wake chan<- struct{}) error {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return fmt.Errorf("listen for changes: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+changesChannel); err != nil {
		return fmt.Errorf("listen for changes: %w", err)
	}
	for {
		select {
		case wake <- struct{}{}:
		default: // a wake-up is already pending
		}
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return fmt.Errorf("wait for changes: %w", err)
		}
	}
}

var _ store.Store = (*Store)(nil)
