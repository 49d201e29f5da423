package discordtest

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// rewriteTransport sends every request to the fake, keeping the path: discordgo builds its endpoints
// from https://discord.com/api/v9/ at init, so the scheme and host are what must change.
type rewriteTransport struct {
	target *url.URL
	base   http.RoundTripper
}

func (t rewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.URL.Scheme = t.target.Scheme
	r2.URL.Host = t.target.Host
	r2.Host = t.target.Host
	return t.base.RoundTrip(r2)
}

// Transport returns a RoundTripper that rewrites scheme and host of every request to the fake
// (base nil means http.DefaultTransport).
func (s *Server) Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	target, err := url.Parse(s.http.URL)
	if err != nil {
		panic("discordtest: own URL does not parse: " + err.Error())
	}
	return rewriteTransport{target: target, base: base}
}

// Session returns a discordgo Session configured for the fake but not opened: its Client rewrites
// requests to the fake, its Dialer reaches the fake's gateway, it asks only for the GUILDS intent and
// tracks no state.
// The session is closed when the test ends (discordgo's Close sleeps about a second if it was open).
func (s *Server) Session(t testing.TB) *discordgo.Session {
	t.Helper()
	dg, err := discordgo.New(s.opts.Token)
	if err != nil {
		t.Fatalf("discordgo.New: %v", err)
	}
	dg.Client = &http.Client{Transport: s.Transport(nil), Timeout: 10 * time.Second}
	dg.Dialer = &websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	dg.Identify.Intents = discordgo.IntentsGuilds
	// discordgo's State mutates the *Guild values of READY while handlers read them (a data race the
	// race detector reports); the fake's tests need no state tracking.
	dg.StateEnabled = false
	t.Cleanup(func() { _ = dg.Close() })
	return dg
}
