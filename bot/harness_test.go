package bot

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/bot/discordtest"
	"github.com/dateline-bot/dateline/config"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/parse"
)

// Identities used across the end-to-end tests.
const (
	adminRoleID = "600000000000000001"
	memberID    = "400000000000000009"
)

// logBuffer is a concurrency-safe log sink, to check what the bot logged.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// Fixture articles written for these tests (not copied from anywhere): a
// quote that tries to ping everyone and inject markdown, and a run of dated
// reports long enough to need three pages.
func fixtureArticles() map[string]string {
	files := map[string]string{
		"latakia-market.txt": "Latakia market traders protest\n\n2025-03-07\n\n" +
			"On 5 March 2025 traders in the Latakia market posted @everyone **urgent** notices and <@&123> calls after the fuel price rose again.\n\n" +
			"The market reopened the next day.\n",
	}
	for day := 1; day <= 24; day++ {
		files[fmt.Sprintf("tartus-ferry-%02d.txt", day)] = fmt.Sprintf("Tartus ferry log %d\n\n2025-11-%02d\n\n"+
			"On %d November 2025 the Tartus ferry sailed with %d trucks of grain, the port authority said.\n", day, day+1, day, day*10)
	}
	return files
}

// openEngine opens the real engine on a fresh data directory holding the
// seed article and the fixtures.
func openEngine(t testing.TB) *app.App {
	t.Helper()
	a := openEngineAt(t, t.TempDir())
	t.Cleanup(func() { a.Close() })
	fillEngine(t, a)
	return a
}

// openEngineAt opens the real engine on the data directory dir; the caller
// closes it.
func openEngineAt(t testing.TB, dir string) *app.App {
	t.Helper()
	a, err := app.Open(context.Background(), config.Config{DataDir: dir}, nil)
	if err != nil {
		t.Fatalf("open engine: %v", err)
	}
	return a
}

// fillEngine ingests the seed article and the fixtures.
func fillEngine(t testing.TB, a *app.App) {
	t.Helper()
	ctx := context.Background()
	if rep, err := a.IngestSample(ctx, "test"); err != nil || rep.Failed > 0 || rep.Added != 1 {
		t.Fatalf("ingest seed: %+v, %v", rep, err)
	}
	in := a.NewIngester(app.Origin{Source: corpus.SourceFile, By: "test"})
	for name, text := range fixtureArticles() {
		if err := in.Add(ctx, name, parse.Parse(name, []byte(text))); err != nil {
			t.Fatalf("ingest %s: %v", name, err)
		}
	}
	if err := in.Flush(ctx); err != nil {
		t.Fatalf("ingest fixtures: %v", err)
	}
	if rep := in.Report(); rep.Failed > 0 || rep.Added != len(fixtureArticles()) {
		t.Fatalf("ingest fixtures: %+v", rep)
	}
}

// harness is a bot running against a fake Discord.
type harness struct {
	t      testing.TB
	fake   *discordtest.Server
	bot    *Bot
	logs   *logBuffer
	cancel context.CancelFunc
	done   chan error
	// wantViolations is set by tests that break a rule on purpose.
	wantViolations bool
}

// startBot connects a bot answering from engine to a fresh fake Discord and
// stops it (checking it stopped cleanly) when the test ends.
func startBot(t testing.TB, engine Engine, fakeOpts discordtest.Options, edit func(*Options)) *harness {
	t.Helper()
	fake := discordtest.New(t, fakeOpts)
	h := newHarness(t, fake, engine, fake.Token(), edit)
	h.start()
	if err := fake.WaitConnected(timeout(t, 10*time.Second)); err != nil {
		t.Fatalf("bot did not connect: %v\nlogs:\n%s", err, h.logs)
	}
	return h
}

func newHarness(t testing.TB, fake *discordtest.Server, engine Engine, token string, edit func(*Options)) *harness {
	t.Helper()
	logs := &logBuffer{}
	h := &harness{t: t, fake: fake, logs: logs}
	opts := Options{
		Config: config.Discord{
			Token:        token,
			APIURL:       fake.APIURL(),
			GuildIDs:     []string{discordtest.DefaultGuildID},
			AdminRoleIDs: []string{adminRoleID},
		},
		Engine: engine,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		// The tests drive many commands from one user as fast as they can;
		// TestFairness checks the limit itself.
		UserBurst: 1000,
	}
	if edit != nil {
		edit(&opts)
	}
	b, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	h.bot = b
	return h
}

// start runs the bot until the test ends.
func (h *harness) start() {
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel, h.done = cancel, make(chan error, 1)
	go func() { h.done <- h.bot.Run(ctx) }()
	h.t.Cleanup(func() {
		if err := h.stop(); err != nil {
			h.t.Errorf("bot stopped with %v", err)
		}
		if v := h.fake.Violations(); len(v) > 0 && !h.wantViolations {
			h.t.Errorf("fake Discord saw violations:\n%s", strings.Join(v, "\n"))
		}
		if strings.Contains(h.logs.String(), "test-token") {
			h.t.Error("the bot token appeared in the logs")
		}
	})
}

// stop cancels the bot and waits for Run to return (once).
func (h *harness) stop() error {
	if h.cancel == nil {
		return nil
	}
	h.cancel()
	h.cancel = nil
	select {
	case err := <-h.done:
		return err
	case <-time.After(15 * time.Second):
		return fmt.Errorf("Run did not return after cancel")
	}
}

func timeout(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}
