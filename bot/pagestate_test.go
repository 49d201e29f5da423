package bot

import (
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/bot/discordtest"
	"github.com/dateline-bot/dateline/store"
)

// startHTTPBot runs a bot in HTTP interactions mode (no gateway) answering
// from engine and keeping page state in pages; it returns the bot and the
// URL of its interactions endpoint, verified by the fake.
func startHTTPBot(t *testing.T, fake *discordtest.Server, engine Engine, pages store.Pages) (*harness, string) {
	t.Helper()
	h := newHarness(t, fake, engine, "", func(o *Options) {
		o.Config.PublicKey = fake.PublicKey()
		o.Pages = pages
	})
	h.start()
	srv := httptest.NewServer(h.bot.InteractionsHandler())
	t.Cleanup(srv.Close)
	if err := fake.VerifyEndpoint(timeout(t, 5*time.Second), srv.URL); err != nil {
		t.Fatal(err)
	}
	return h, srv.URL
}

// TestPagesSharedAcrossProcesses: behind a load balancer, the Next button
// of an answer given by one bot is answered by another sharing its store;
// a bot keeping pages in memory (as before) could not. Expired and unknown
// pages (a button from before an upgrade) get the plain "expired" answer,
// and only the asker may turn the pages.
func TestPagesSharedAcrossProcesses(t *testing.T) {
	engineA := openEngine(t)
	shared := engineA.Pages()
	fake := discordtest.New(t, discordtest.Options{})
	_, urlA := startHTTPBot(t, fake, engineA, shared)
	_, urlB := startHTTPBot(t, fake, openEngine(t), shared)
	_, urlMemory := startHTTPBot(t, fake, engineA, nil)

	fake.SetInteractionsURL(urlA)
	first := final(t, fake.Slash("when", discordtest.StringOption("query", "tartus ferry")))
	if !strings.HasPrefix(footer(first), "1–10 of 24") {
		t.Fatalf("first page from bot A:\n%s", dump(first))
	}
	_, next, _, _ := buttons(t, first)

	fake.SetInteractionsURL(urlMemory)
	if lost := final(t, fake.Component(next)); !isEphemeral(lost) || !strings.Contains(lost.Content, "expired") {
		t.Fatalf("a bot without the shared store answered the button:\n%s", dump(lost))
	}

	fake.SetInteractionsURL(urlB)
	second := final(t, fake.Component(next))
	if !strings.HasPrefix(footer(second), "11–20 of 24") {
		t.Fatalf("second page from bot B:\n%s", dump(second))
	}
	_, third, _, _ := buttons(t, second)
	stranger := final(t, fake.Component(third, discordtest.AsMember("400000000000000077", discordtest.DefaultMemberPermissions)))
	if !isEphemeral(stranger) || !strings.Contains(stranger.Content, "Only the person who asked") {
		t.Errorf("another user turned the pages:\n%s", dump(stranger))
	}

	fake.SetInteractionsURL(urlA)
	if last := final(t, fake.Component(third)); !strings.HasPrefix(footer(last), "21–24 of 24") {
		t.Fatalf("third page back on bot A:\n%s", dump(last))
	}

	// A page that expired in the store, and a key the store never had (a
	// button from before the upgrade that moved pages into the store).
	now := time.Now()
	old := store.PageState{
		ID: "00000000000000aa", Command: "when", Query: `{"Raw":"tartus ferry","Terms":["tartus","ferry"]}`,
		Guild: discordtest.DefaultGuildID, Owner: "discord:" + discordtest.DefaultUserID,
		Created: now.Add(-time.Hour), Expires: now.Add(-30 * time.Minute),
	}
	if err := shared.PutPage(context.Background(), old, maxPageStatesPerUser); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"pg:00000000000000aa:1:n", "pg:0123456789abcdef:1:n"} {
		for _, url := range []string{urlA, urlB} {
			fake.SetInteractionsURL(url)
			msg := final(t, fake.Component(id))
			if !isEphemeral(msg) || !strings.Contains(msg.Content, "This page has expired") || !strings.Contains(msg.Content, "run the command again") {
				t.Errorf("%s: %q (ephemeral %v), want the expired answer", id, msg.Content, isEphemeral(msg))
			}
		}
	}
}

// TestPagesSurviveRestart: a button keeps working after the bot is stopped
// and started again on the same data directory.
func TestPagesSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	before := openEngineAt(t, dir)
	closed := false
	t.Cleanup(func() {
		if !closed {
			before.Close()
		}
	})
	fillEngine(t, before)
	fake := discordtest.New(t, discordtest.Options{})
	h, url := startHTTPBot(t, fake, before, before.Pages())
	fake.SetInteractionsURL(url)
	first := final(t, fake.Slash("search", discordtest.StringOption("query", "tartus ferry")))
	_, next, _, nextOn := buttons(t, first)
	if !nextOn {
		t.Fatalf("no next page:\n%s", dump(first))
	}
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	closed = true
	if err := before.Close(); err != nil {
		t.Fatal(err)
	}

	after := openEngineAt(t, dir)
	t.Cleanup(func() { after.Close() })
	_, url = startHTTPBot(t, fake, after, after.Pages())
	fake.SetInteractionsURL(url)
	second := final(t, fake.Component(next))
	if isEphemeral(second) || !strings.HasPrefix(footer(second), "11–20 of") {
		t.Fatalf("second page after the restart:\n%s", dump(second))
	}
	if second.Embeds[0].Title == first.Embeds[0].Title && second.Embeds[0].Description == first.Embeds[0].Description {
		t.Error("the second page repeats the first")
	}
}

// slowPages holds every TouchPage until release is closed: a store busy
// with something else.
type slowPages struct {
	store.Pages
	reading chan struct{} // closed at the first TouchPage
	release chan struct{}
	once    sync.Once
}

func (s *slowPages) TouchPage(ctx context.Context, id string, now, expires time.Time) (store.PageState, error) {
	s.once.Do(func() { close(s.reading) })
	select {
	case <-s.release:
	case <-ctx.Done():
		return store.PageState{}, ctx.Err()
	}
	return s.Pages.TouchPage(ctx, id, now, expires)
}

// TestSlowPageStoreDefers: a button whose state the store is slow to give
// is acknowledged (deferred) in time and then answered, not dropped.
func TestSlowPageStoreDefers(t *testing.T) {
	engine := openEngine(t)
	slow := &slowPages{Pages: engine.Pages(), reading: make(chan struct{}), release: make(chan struct{})}
	fake := discordtest.New(t, discordtest.Options{})
	h := newHarness(t, fake, engine, "", func(o *Options) {
		o.Config.PublicKey = fake.PublicKey()
		o.Pages = slow
		o.DeferAfter = 10 * time.Millisecond
	})
	h.start()
	srv := httptest.NewServer(h.bot.InteractionsHandler())
	t.Cleanup(srv.Close)
	if err := fake.VerifyEndpoint(timeout(t, 5*time.Second), srv.URL); err != nil {
		t.Fatal(err)
	}
	fake.SetInteractionsURL(srv.URL)
	first := final(t, fake.Slash("when", discordtest.StringOption("query", "tartus ferry")))
	_, next, _, _ := buttons(t, first)
	click := fake.Component(next)
	<-slow.reading
	resp, err := click.Response(timeout(t, 5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Type != discordgo.InteractionResponseDeferredMessageUpdate {
		t.Fatalf("acknowledged with %v, want a deferred update", resp.Type)
	}
	close(slow.release)
	if second := final(t, click); !strings.HasPrefix(footer(second), "11–20 of 24") {
		t.Fatalf("second page after a slow store:\n%s", dump(second))
	}
}
