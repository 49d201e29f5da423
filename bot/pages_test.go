package bot

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/store"
	"github.com/dateline-bot/dateline/store/sqlite"
)

// testClock is a settable clock.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestPageStoreExpires(t *testing.T) {
	ctx := context.Background()
	clock := &testClock{t: time.Date(2026, 1, 27, 12, 0, 0, 0, time.UTC)}
	who := app.Caller{Guild: "300000000000000001", User: "discord:1"}
	for name, db := range map[string]store.Pages{"memory": nil, "sqlite": openPagesDB(t)} {
		t.Run(name, func(t *testing.T) {
			pages := newPageStore(db, 15*time.Minute, clock.now)
			key, err := pages.put(ctx, "when", who, answer.Query{Raw: "russia qamishli", Terms: []string{"russia", "qamishli"}})
			if err != nil {
				t.Fatal(err)
			}
			st, err := pages.get(ctx, key)
			if err != nil || st.query.Raw != "russia qamishli" || len(st.query.Terms) != 2 || st.command != "when" || st.owner != who.User || st.guild != who.Guild {
				t.Fatalf("fresh state not found: %+v %v", st, err)
			}
			clock.advance(14 * time.Minute)
			if _, err := pages.get(ctx, key); err != nil {
				t.Fatalf("state expired before its time (use extends it): %v", err)
			}
			clock.advance(15*time.Minute + time.Second)
			if _, err := pages.get(ctx, key); !errors.Is(err, errPageExpired) {
				t.Fatalf("state outlived its expiry: %v", err)
			}
			if _, err := pages.get(ctx, "0123456789abcdef"); !errors.Is(err, errPageExpired) {
				t.Fatalf("unknown key: %v", err)
			}
		})
	}
}

// TestPageStoreMaxAge: a page in constant use still ends maxPageAge after
// it was made.
func TestPageStoreMaxAge(t *testing.T) {
	ctx := context.Background()
	clock := &testClock{t: time.Date(2026, 1, 27, 12, 0, 0, 0, time.UTC)}
	pages := newPageStore(nil, 15*time.Minute, clock.now)
	key, err := pages.put(ctx, "search", app.Caller{User: "discord:1"}, answer.Query{Raw: "grain"})
	if err != nil {
		t.Fatal(err)
	}
	for elapsed := time.Duration(0); elapsed < maxPageAge-10*time.Minute; elapsed += 10 * time.Minute {
		if _, err := pages.get(ctx, key); err != nil {
			t.Fatalf("after %v in use: %v", elapsed, err)
		}
		clock.advance(10 * time.Minute)
	}
	clock.advance(10 * time.Minute)
	if _, err := pages.get(ctx, key); !errors.Is(err, errPageExpired) {
		t.Fatalf("a page outlived maxPageAge: %v", err)
	}
}

// openPagesDB is a real SQLite store for page states.
func openPagesDB(t *testing.T) store.Pages {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "store.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestPageButtons(t *testing.T) {
	key := strings.Repeat("a", 16)
	tests := []struct {
		page, pages          int
		prevOff, nextOff     bool
		prevTarget, nextTarg int
	}{
		{0, 3, true, false, 0, 1},
		{1, 3, false, false, 0, 2},
		{2, 3, false, true, 1, 2},
	}
	for _, tt := range tests {
		rows := pageButtons(key, tt.page, tt.pages)
		if err := checkComponents(rows); err != nil {
			t.Fatal(err)
		}
		buttons := rows[0].(discordgo.ActionsRow).Components
		prev, next := buttons[0].(discordgo.Button), buttons[1].(discordgo.Button)
		if prev.Disabled != tt.prevOff || next.Disabled != tt.nextOff {
			t.Errorf("page %d: disabled prev=%v next=%v", tt.page, prev.Disabled, next.Disabled)
		}
		for b, want := range map[discordgo.Button]int{prev: tt.prevTarget, next: tt.nextTarg} {
			ref, err := parsePageButton(b.CustomID)
			if err != nil || ref.page != want || ref.state != key {
				t.Errorf("page %d: %q parsed to %+v, %v; want page %d", tt.page, b.CustomID, ref, err, want)
			}
		}
	}
}

func TestParsePageButtonRejects(t *testing.T) {
	for _, id := range []string{
		"", "pg:", "pg:0123456789abcdef:1", "pg:0123456789abcdef:1:x", "pg:0123456789ABCDEF:1:n",
		"pg:0123456789abcdeg:1:n", "pg:0123456789abcdef:-1:n", "pg:0123456789abcdef:9999999:n",
		"pg:0123456789abcdef:1:n:extra", "other:0123456789abcdef:1:n", "pg:0123456789abcdef: 1:n",
		"pg:" + strings.Repeat("a", 200),
	} {
		if ref, err := parsePageButton(id); err == nil {
			t.Errorf("parsePageButton(%q) = %+v, want an error", id, ref)
		}
	}
}

// FuzzParsePageButton: custom_ids come back from Discord; whatever they are,
// parsing never panics, and what it accepts round-trips.
func FuzzParsePageButton(f *testing.F) {
	f.Add("pg:0123456789abcdef:3:n")
	f.Add("pg:0123456789abcdef:0:p")
	f.Add("pg:::")
	f.Fuzz(func(t *testing.T, id string) {
		ref, err := parsePageButton(id)
		if err != nil {
			return
		}
		if ref.page < 0 || ref.page > maxPage || len(ref.state) != 16 || len(id) > maxCustomID {
			t.Fatalf("accepted %q as %+v", id, ref)
		}
	})
}
