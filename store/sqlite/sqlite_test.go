package sqlite

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/store"
	"github.com/dateline-bot/dateline/store/storetest"
)

// openTemp opens a new store in a file of the test's own directory.
func openTemp(t *testing.T) *Store {
	t.Helper()
	return openAt(t, tempPath(t))
}

// tempPath is a database path in the test's own directory.
func tempPath(t *testing.T) string { return filepath.Join(t.TempDir(), "dateline.db") }

// openAt opens the store at path.
func openAt(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}

// fixture is a small record for the engine's own tests.
func fixture(n int) corpus.Record {
	a := corpus.Article{
		Title:     fmt.Sprintf("Article %d", n),
		URL:       fmt.Sprintf("https://example.com/%d", n),
		Published: time.Date(2026, 1, 27, 0, 0, 0, 0, time.UTC),
		Body:      fmt.Sprintf("Body of article %d.", n),
		Source:    corpus.SourceFile,
		AddedAt:   time.Date(2026, 1, 28, 0, 0, 0, 0, time.UTC),
	}
	a.ID = corpus.ArticleID(a)
	return corpus.Record{Article: a, Passages: []corpus.Passage{{ArticleID: a.ID, End: len(a.Body), Text: a.Body}}}
}

func TestPragmas(t *testing.T) {
	s := openTemp(t)
	defer s.Close()
	ctx := context.Background()
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ pragma, want string }{
		{"journal_mode", "wal"},                  // readers never wait for the writer
		{"foreign_keys", "1"},                    // passages go with their article
		{"synchronous", "2"},                     // FULL: an Add that returned survives a power cut
		{"busy_timeout", "5000"},                 // a second process waits for the lock instead of failing
		{"user_version", fmt.Sprint(len(names))}, // every migration applied
	}
	for _, tt := range tests {
		var got string
		if err := s.db.QueryRowContext(ctx, "PRAGMA "+tt.pragma).Scan(&got); err != nil {
			t.Fatalf("pragma %s: %v", tt.pragma, err)
		}
		if got != tt.want {
			t.Errorf("PRAGMA %s = %s, want %s", tt.pragma, got, tt.want)
		}
	}
}

func TestReopenKeepsEverything(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	s := openAt(t, path)
	if _, err := s.Add(ctx, []corpus.Record{fixture(1)}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting(ctx, "k", "v"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openAt(t, path) // migrations are not applied twice
	defer s.Close()
	if _, err := s.Article(ctx, fixture(1).Article.ID); err != nil {
		t.Errorf("article after reopen: %v", err)
	}
	if v, err := s.Setting(ctx, "k"); err != nil || v != "v" {
		t.Errorf("setting after reopen = %q, %v", v, err)
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	s := openAt(t, path)
	if _, err := s.db.ExecContext(ctx, "PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err := Open(ctx, path); err == nil {
		s.Close()
		t.Fatal("a store written by a newer dateline opened")
	} else if !strings.Contains(err.Error(), "upgrade dateline") {
		t.Errorf("error %q does not say to upgrade", err)
	}
}

// TestTwoHandlesWriteAtOnce is the CLI ingesting while the bot serves: two
// stores over one file, writing at the same time, both succeed (they wait
// for the file lock rather than failing with "database is locked") and see
// each other's articles.
func TestTwoHandlesWriteAtOnce(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	var handles [2]*Store
	for i := range handles {
		handles[i] = openAt(t, path)
		defer handles[i].Close()
	}
	const each = 40
	var wg sync.WaitGroup
	for i, s := range handles {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range each {
				if _, err := s.Add(ctx, []corpus.Record{fixture(i*each + n)}); err != nil {
					t.Errorf("handle %d: add: %v", i, err)
					return
				}
				if err := s.SetSetting(ctx, fmt.Sprintf("h%d", i), strconv.Itoa(n)); err != nil {
					t.Errorf("handle %d: set setting: %v", i, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	for i, s := range handles {
		if n, err := s.Count(ctx); err != nil || n != 2*each {
			t.Errorf("handle %d counts %d articles, %v; want %d", i, n, err, 2*each)
		}
	}
}

// crashHelperEnv makes the test binary a helper that writes to a store
// and waits to be killed: "added:PATH" after an Add returned, "in-tx:PATH"
// in the middle of a write transaction.
const crashHelperEnv = "DATELINE_SQLITE_CRASH_HELPER"

func TestMain(m *testing.M) {
	if mode, path, ok := strings.Cut(os.Getenv(crashHelperEnv), ":"); ok {
		if err := crashHelper(mode, path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// crashHelper writes, prints "ready" and blocks until killed.
func crashHelper(mode, path string) error {
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		return err
	}
	block := func() { fmt.Println("ready"); select {} }
	switch mode {
	case "added":
		if _, err := s.Add(ctx, []corpus.Record{fixture(1)}); err != nil {
			return err
		}
		block()
	case "in-tx":
		return s.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := addOne(ctx, tx, fixture(2)); err != nil {
				return err
			}
			block()
			return nil
		})
	}
	return fmt.Errorf("unknown mode %q", mode)
}

// TestCrash kills a process that writes to the store (SIGKILL: no
// deferred code runs) and checks what the next Open finds: an Add that
// returned is kept, a transaction in flight leaves nothing, and the file
// is sound and writable.
func TestCrash(t *testing.T) {
	tests := []struct {
		mode    string
		kept    bool
		article string
	}{
		{"added", true, fixture(1).Article.ID},
		{"in-tx", false, fixture(2).Article.ID},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			ctx := context.Background()
			path := tempPath(t)
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), crashHelperEnv+"="+tt.mode+":"+path)
			cmd.Stderr = os.Stderr
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			line, err := bufio.NewReader(out).ReadString('\n')
			if err != nil || line != "ready\n" {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("helper said %q, %v", line, err)
			}
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			cmd.Wait() // "signal: killed", as intended

			s := openAt(t, path)
			defer s.Close()
			var check string
			if err := s.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
				t.Fatalf("integrity check = %q, %v", check, err)
			}
			_, err = s.Article(ctx, tt.article)
			if kept := err == nil; kept != tt.kept {
				t.Errorf("article kept = %v (%v), want %v", kept, err, tt.kept)
			}
			if _, err := s.Add(ctx, []corpus.Record{fixture(3)}); err != nil {
				t.Errorf("add after the crash: %v", err)
			}
		})
	}
}

// TestBackupWhileWriting copies the database while another handle keeps
// adding articles: the copy opens as a store, passes its integrity check
// and holds a consistent prefix of the articles, each with its passages.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openAt(t, filepath.Join(dir, "dateline.db"))
	defer s.Close()
	writer := openAt(t, filepath.Join(dir, "dateline.db"))
	defer writer.Close()
	if _, err := s.Add(ctx, []corpus.Record{fixture(0)}); err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() {
		for i := 1; i <= 50; i++ {
			if _, err := writer.Add(ctx, []corpus.Record{fixture(i)}); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	path := filepath.Join(dir, "backup.db")
	n, err := s.Backup(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n < 1 || n > 51 {
		t.Errorf("backup holds %d articles, want 1..51", n)
	}
	copied := openAt(t, path)
	defer copied.Close()
	if got, err := copied.Count(ctx); err != nil || got != n {
		t.Errorf("the copy opened as a store counts %d, %v; want %d", got, err, n)
	}
	for i := 0; i < n; i++ {
		r := fixture(i)
		a, err := copied.Article(ctx, r.Article.ID)
		if err != nil {
			t.Errorf("article %d of the %d the copy counts: %v", i, n, err)
			continue
		}
		if ps, err := copied.Passages(ctx, a); err != nil || len(ps) != len(r.Passages) {
			t.Errorf("article %d in the copy: %d passages, %v", i, len(ps), err)
		}
	}
	if _, err := s.Backup(ctx, path); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("backup over an existing file: %v, want refused", err)
	}
}

// TestTwoProcessesClaimOneDigestSlot opens the database twice, as two
// dateline processes sharing a data directory would, and has both claim the
// same digest slots at once: each slot goes to exactly one.
func TestTwoProcessesClaimOneDigestSlot(t *testing.T) {
	path := tempPath(t)
	a, b := openAt(t, path), openAt(t, path)
	defer a.Close()
	defer b.Close()
	ctx := context.Background()
	base := time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC)
	for day := range 20 {
		slot := base.AddDate(0, 0, day)
		var wg sync.WaitGroup
		claims := make([]store.DigestClaim, 2)
		errs := make([]error, 2)
		for i, s := range []*Store{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				claims[i], errs[i] = s.ClaimDigest(ctx, "1", slot, fmt.Sprint("process-", i), slot, time.Hour)
			}()
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil {
			t.Fatal(errs)
		}
		if claims[0].Claimed == claims[1].Claimed {
			t.Fatalf("day %d: claims %+v", day, claims)
		}
	}
}

// TestScopesMigrationKeepsArticles: a database from before scopes (every
// migration but the scopes one applied, an article and an audit entry
// stored) opens with its article in the shared archive, live, and the
// audit entry kept, from the command line.
func TestScopesMigrationKeepsArticles(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	before := 0
	for _, name := range names {
		if strings.Contains(name, "scopes") {
			break
		}
		script, err := migrations.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, string(script)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		before++
	}
	r := fixture(1)
	a := r.Article
	if _, err := db.ExecContext(ctx, `INSERT INTO articles (id, url, body_hash, title, published, body, source, added_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, corpus.CanonicalURL(a.URL), corpus.BodyHash(a.Body), a.Title,
		a.Published.Format(timeLayout), a.Body, string(a.Source), a.AddedAt.Format(timeLayout)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO passages (article_id, seq, start, end) VALUES (?, 0, 0, ?)`, a.ID, len(a.Body)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO audit_log (at, actor, action, target) VALUES (?, 'cli', 'remove', 'x')`, a.AddedAt.Format(timeLayout)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(before)); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s := openAt(t, path)
	defer s.Close()
	got, err := s.Article(ctx, a.ID)
	if err != nil || got.Scope != corpus.Shared {
		t.Fatalf("article after the migration: scope %q, %v; want shared", got.Scope, err)
	}
	if ps, err := s.Passages(ctx, got); err != nil || len(ps) != 1 {
		t.Errorf("passages after the migration: %v, %v", ps, err)
	}
	log, err := s.AuditLog(ctx, store.AuditQuery{Guild: "", Limit: 5})
	if err != nil || len(log) != 1 || log[0].Guild != "" || log[0].Actor != "cli" {
		t.Errorf("audit log after the migration: %+v, %v", log, err)
	}
	// The migrated article is the shared archive's: a duplicate everywhere.
	g := fixture(1)
	g.Article.Scope = corpus.GuildScope("7")
	g.Article.ID = corpus.ArticleID(g.Article)
	if outs, err := s.Add(ctx, []corpus.Record{g}); err != nil || outs[0].Added || outs[0].DuplicateOf != a.ID {
		t.Errorf("a server adding the migrated page: %+v, %v; want a duplicate of %s", outs, err, a.ID)
	}
}
