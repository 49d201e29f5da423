package bot

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// TestExchangeErrorsHideTheInteractionToken: a failed REST call's error
// (logged by the router) names the URL it called, which holds the
// interaction token; whoever reads the logs could answer as the bot with it
// for 15 minutes. Every route's error must show it redacted.
func TestExchangeErrorsHideTheInteractionToken(t *testing.T) {
	// An API address where nothing listens: every call fails with a
	// *url.Error carrying the request URL.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String() + "/api/v9"
	l.Close()
	rest := fastREST(t, dead, "")
	const token = "aW50ZXJhY3Rpb246c2VjcmV0LXRva2Vu"
	newX := func(typ discordgo.InteractionType, deferred, private bool) *exchange {
		x := newExchange(rest, context.Background(), &discordgo.Interaction{ID: "1", AppID: "2", Token: token, Type: typ})
		t.Cleanup(x.close)
		x.acked, x.deferred, x.deferredPrivately = deferred, deferred, private
		return x
	}
	routes := map[string]*exchange{
		"callback":                   newX(discordgo.InteractionApplicationCommand, false, false),
		"edit original":              newX(discordgo.InteractionApplicationCommand, true, true),
		"private after public defer": newX(discordgo.InteractionApplicationCommand, true, false),
		"follow-up about a button":   newX(discordgo.InteractionMessageComponent, true, false),
		"autocomplete":               newX(discordgo.InteractionApplicationCommandAutocomplete, false, false),
	}
	for name, x := range routes {
		err := x.send(privateText("x"))
		if err == nil {
			t.Fatalf("%s: no error from a dead API", name)
		}
		if strings.Contains(err.Error(), token) {
			t.Errorf("%s: the interaction token is in the error: %v", name, err)
		}
		if !strings.Contains(err.Error(), "127.0.0.1") {
			t.Errorf("%s: the error lost its detail: %v", name, err)
		}
	}
	defer1 := newX(discordgo.InteractionApplicationCommand, false, false)
	if err := defer1.deferNow(false); err == nil || strings.Contains(err.Error(), token) {
		t.Errorf("defer: %v", err)
	}
}

// fastREST is the REST client with short back-offs and timeouts for tests.
func fastREST(t testing.TB, apiURL, token string) *restClient {
	t.Helper()
	c, err := newRESTClient(apiURL, token, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.policy.firstBackoff, c.policy.maxBackoff = 5*time.Millisecond, 20*time.Millisecond
	return c
}

func TestCreatedAtAndDeferIn(t *testing.T) {
	now := time.UnixMilli(1769515200000)
	snowflake := func(at time.Time) string {
		return strconv.FormatUint(uint64(at.UnixMilli()-discordEpochMs)<<22|12345, 10)
	}
	tests := []struct {
		name string
		id   string
		want time.Time
	}{
		{"created 800 ms ago", snowflake(now.Add(-800 * time.Millisecond)), now.Add(-800 * time.Millisecond)},
		{"not a snowflake", "abc", now},
		{"from the future", snowflake(now.Add(time.Minute)), now},
		{"older than the window", snowflake(now.Add(-time.Hour)), now},
	}
	for _, tt := range tests {
		if got := createdAt(tt.id, now); !got.Equal(tt.want) {
			t.Errorf("%s: createdAt = %v, want %v", tt.name, got, tt.want)
		}
	}
	x := &exchange{ackBy: time.Now().Add(ackWindow)}
	if d := x.deferIn(1500 * time.Millisecond); d != 1500*time.Millisecond {
		t.Errorf("fresh interaction: defer in %v, want 1.5 s", d)
	}
	x.ackBy = time.Now().Add(1200 * time.Millisecond) // 1.8 s already spent
	if d := x.deferIn(1500 * time.Millisecond); d > 200*time.Millisecond {
		t.Errorf("old interaction: defer in %v, want at most 200 ms", d)
	}
	x.ackBy = time.Now().Add(500 * time.Millisecond)
	if d := x.deferIn(1500 * time.Millisecond); d != 0 {
		t.Errorf("nearly expired interaction: defer in %v, want 0", d)
	}
}

func TestDeferSoonerWhenDiscordIsSlow(t *testing.T) {
	rest := fastREST(t, "http://127.0.0.1:1/api/v9", "")
	x := &exchange{rest: rest, ackBy: time.Now().Add(ackWindow)}
	if d := x.deferIn(1500 * time.Millisecond); d != 1500*time.Millisecond {
		t.Errorf("no round trip seen yet: defer in %v, want 1.5 s", d)
	}
	for i := 0; i < 20; i++ {
		rest.noteRTT(400 * time.Millisecond)
	}
	if d := x.deferIn(1500 * time.Millisecond); d > 800*time.Millisecond {
		t.Errorf("Discord 400 ms away: defer in %v, want at most 3 s - 1 s - 3×400 ms", d)
	}
}
