package discordtest_test

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/dateline-bot/dateline/bot/discordtest"
)

// endpoint is a minimal interactions endpoint: verifies signatures, answers PING, answers "inline"
// in the HTTP response and everything else with 202 plus the REST callback.
func endpoint(t *testing.T, srv *discordtest.Server, checkSignature bool) string {
	key, err := hex.DecodeString(srv.PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	dg := srv.Session(t)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if checkSignature && !discordgo.VerifyInteraction(r, ed25519.PublicKey(key)) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var ix discordgo.Interaction
		if err := json.NewDecoder(r.Body).Decode(&ix); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		switch {
		case ix.Type == discordgo.InteractionPing:
			_, _ = w.Write([]byte(`{"type":1}`))
		case ix.ApplicationCommandData().Name == "inline":
			_ = json.NewEncoder(w).Encode(message("inline answer"))
		case ix.ApplicationCommandData().Name == "toolong":
			_ = json.NewEncoder(w).Encode(message(strings.Repeat("x", 2001)))
		default:
			w.WriteHeader(http.StatusAccepted)
			go func() { _ = dg.InteractionRespond(&ix, message("via REST")) }()
		}
	})
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	return hs.URL + "/interactions"
}

func TestHTTPDelivery(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{})
	ctx := ctxT(t, 5*time.Second)
	url := endpoint(t, srv, true)
	if err := srv.VerifyEndpoint(ctx, url); err != nil {
		t.Fatalf("a correct endpoint failed verification: %v", err)
	}
	if err := srv.VerifyEndpoint(ctx, endpoint(t, srv, false)); err == nil || !strings.Contains(err.Error(), "want 401") {
		t.Errorf("an endpoint that ignores signatures passed verification: %v", err)
	}

	srv.SetInteractionsURL(url)
	inline := srv.Slash("inline")
	if m, err := inline.Final(ctx); err != nil || m.Content != "inline answer" {
		t.Errorf("inline answer = %+v, %v", m, err)
	}
	rest := srv.Slash("rest")
	if m, err := rest.Final(ctx); err != nil || m.Content != "via REST" {
		t.Errorf("REST answer = %+v, %v", m, err)
	}
	if n := srv.Identifies(); n != 0 {
		t.Errorf("HTTP mode used the gateway: %d identifies", n)
	}
	expectNoViolations(t, srv)

	bad := srv.Slash("toolong")
	// The refusal is recorded on the interaction a moment before the
	// violation is: wait for the violation itself.
	const want = "inline answer: 400 50035 Invalid Form Body: data.content"
	if err := srv.Wait(ctx, func() bool {
		for _, v := range srv.Violations() {
			if strings.Contains(v, want) {
				return true
			}
		}
		return false
	}); err != nil {
		t.Fatalf("no violation mentions %q (rejections %q): %v", want, bad.Rejections(), err)
	}
}
