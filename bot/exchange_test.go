package bot

import (
	"context"
	"net"
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
	c, err := newRESTClient(apiURL, token)
	if err != nil {
		t.Fatal(err)
	}
	c.policy.firstBackoff, c.policy.maxBackoff = 5*time.Millisecond, 20*time.Millisecond
	return c
}
