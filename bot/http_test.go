package bot

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/bot/discordtest"
)

// signedRequest is what Discord POSTs: body signed with key over
// timestamp+body.
func signedRequest(t *testing.T, url string, key ed25519.PrivateKey, ts time.Time, body []byte) *http.Request {
	t.Helper()
	stamp := strconv.FormatInt(ts.Unix(), 10)
	sig := ed25519.Sign(key, append([]byte(stamp), body...))
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	req.Header.Set("X-Signature-Timestamp", stamp)
	return req
}

// TestHTTPInteractions runs the bot without a gateway (no token, a public
// key): Discord's POSTs are verified, PING answered, and a real interaction
// from the fake goes through the router and is answered via the callback.
func TestHTTPInteractions(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	_, otherKey, _ := ed25519.GenerateKey(rand.Reader)
	fake := discordtest.New(t, discordtest.Options{})
	h := newHarness(t, fake, openEngine(t), "", func(o *Options) {
		o.Config.PublicKey = hex.EncodeToString(pub)
		o.Now = func() time.Time { return testNow }
	})
	h.start()
	srv := httptest.NewServer(h.bot.InteractionsHandler())
	defer srv.Close()
	url := srv.URL + "/interactions"
	now := testNow
	ping := []byte(`{"id":"1","application_id":"2","type":1,"token":"t","version":1}`)

	do := func(req *http.Request) (*http.Response, string) {
		t.Helper()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}

	t.Run("signed PING gets PONG", func(t *testing.T) {
		resp, body := do(signedRequest(t, url, priv, now, ping))
		if resp.StatusCode != 200 || strings.TrimSpace(body) != `{"type":1}` || resp.Header.Get("Content-Type") != "application/json" {
			t.Fatalf("PING: %d %q %q", resp.StatusCode, body, resp.Header.Get("Content-Type"))
		}
	})

	rejections := []struct {
		name string
		req  func() *http.Request
		want int
	}{
		{"PING signed by another key", func() *http.Request { return signedRequest(t, url, otherKey, now, ping) }, 401},
		{"tampered body", func() *http.Request {
			req := signedRequest(t, url, priv, now, ping)
			req.Body = io.NopCloser(bytes.NewReader(bytes.Replace(ping, []byte(`"type":1`), []byte(`"type":2`), 1)))
			return req
		}, 401},
		{"timestamp six minutes old", func() *http.Request { return signedRequest(t, url, priv, now.Add(-6*time.Minute), ping) }, 401},
		{"timestamp from the future", func() *http.Request { return signedRequest(t, url, priv, now.Add(6*time.Minute), ping) }, 401},
		{"no signature", func() *http.Request {
			req := signedRequest(t, url, priv, now, ping)
			req.Header.Del("X-Signature-Ed25519")
			return req
		}, 401},
		{"malformed signature", func() *http.Request {
			req := signedRequest(t, url, priv, now, ping)
			req.Header.Set("X-Signature-Ed25519", "zz")
			return req
		}, 401},
		{"body over 1 MiB", func() *http.Request {
			return signedRequest(t, url, priv, now, append(bytes.Repeat([]byte(" "), maxInteractionBody), ping...))
		}, 413},
		{"GET", func() *http.Request { req, _ := http.NewRequest(http.MethodGet, url, nil); return req }, 405},
	}
	for _, r := range rejections {
		t.Run(r.name, func(t *testing.T) {
			if resp, body := do(r.req()); resp.StatusCode != r.want {
				t.Errorf("status %d (%q), want %d", resp.StatusCode, body, r.want)
			}
		})
	}

	t.Run("signed command answered through the router", func(t *testing.T) {
		// The fake has no gateway session: it registers the interaction and
		// waits for its callback, as Discord does in HTTP mode.
		ix := fake.Slash("when", discordtest.StringOption("query", "russia evacuation"))
		body, err := json.Marshal(ix.Interaction())
		if err != nil {
			t.Fatal(err)
		}
		resp, _ := do(signedRequest(t, url, priv, now, body))
		if resp.StatusCode != http.StatusAccepted {
			t.Fatalf("status %d, want 202", resp.StatusCode)
		}
		msg := final(t, ix)
		if embedWith(msg, "23 Jan 2026", "Shafaq News") == nil {
			t.Fatalf("answer:\n%s", dump(msg))
		}
		// The same signed request again, within its 5-minute window: dropped.
		if resp, _ := do(signedRequest(t, url, priv, now, body)); resp.StatusCode != http.StatusConflict {
			t.Errorf("replayed interaction: status %d, want 409", resp.StatusCode)
		}
		if r := ix.Rejections(); len(r) > 0 {
			t.Errorf("the replay reached Discord: %q", r)
		}
	})

	t.Run("help over HTTP", func(t *testing.T) {
		ix := fake.Slash("help")
		body, _ := json.Marshal(ix.Interaction())
		if resp, _ := do(signedRequest(t, url, priv, now, body)); resp.StatusCode != http.StatusAccepted {
			t.Fatalf("status %d", resp.StatusCode)
		}
		if msg := final(t, ix); len(msg.Embeds) != 1 {
			t.Fatalf("answer:\n%s", dump(msg))
		}
	})
}

// FuzzVerifySignature: whatever the headers and body, verification never
// panics and accepts only a genuine signature.
func FuzzVerifySignature(f *testing.F) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	now := time.Unix(1769515200, 0)
	f.Add("1769515200", "00", []byte(`{"type":1}`))
	f.Add("-1", strings.Repeat("ab", 64), []byte{})
	f.Fuzz(func(t *testing.T, ts, sigHex string, body []byte) {
		h := http.Header{}
		h.Set("X-Signature-Timestamp", ts)
		h.Set("X-Signature-Ed25519", sigHex)
		if verifySignature(pub, h, body, now) == nil {
			t.Fatalf("accepted a forged signature %q for %q", sigHex, ts)
		}
		h.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, append([]byte(ts), body...))))
		err := verifySignature(pub, h, body, now)
		secs, perr := strconv.ParseInt(ts, 10, 64)
		fresh := perr == nil && len(ts) <= 20 && now.Sub(time.Unix(secs, 0)).Abs() <= maxSignatureAge
		if fresh != (err == nil) {
			t.Fatalf("timestamp %q: fresh=%v, verify error %v", ts, fresh, err)
		}
	})
}

// TestHTTPInteractionsDeliveredByTheFake lets the fake Discord verify the
// endpoint and deliver interactions as Discord does in HTTP mode (signed
// POSTs), with the bot running without a gateway connection.
func TestHTTPInteractionsDeliveredByTheFake(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	h := newHarness(t, fake, openEngine(t), "", func(o *Options) { o.Config.PublicKey = fake.PublicKey() })
	h.start()
	srv := httptest.NewServer(h.bot.InteractionsHandler())
	defer srv.Close()
	if err := fake.VerifyEndpoint(timeout(t, 5*time.Second), srv.URL); err != nil {
		t.Fatal(err)
	}
	fake.SetInteractionsURL(srv.URL)

	msg := final(t, fake.Slash("when", discordtest.StringOption("query", "tartus ferry")))
	if len(msg.Embeds) != pageSize {
		t.Fatalf("answer:\n%s", dump(msg))
	}
	_, next, _, _ := buttons(t, msg)
	if second := final(t, fake.Component(next)); !strings.HasPrefix(footer(second), "11–20 of 24") {
		t.Fatalf("second page over HTTP:\n%s", dump(second))
	}
	ac := fake.Autocomplete("search", "query", "tart")
	if resp, err := ac.Response(timeout(t, 5*time.Second)); err != nil || len(resp.Data.Choices) == 0 {
		t.Fatalf("autocomplete over HTTP: %+v, %v", resp, err)
	}
	if h.bot.Status() != "http-only" {
		t.Errorf("status %q, want http-only", h.bot.Status())
	}
}

func TestReplayGuard(t *testing.T) {
	clock := &manualClock{t: testNow}
	g := newReplayGuard(clock.now)
	if !g.first("1") || g.first("1") {
		t.Fatal("an interaction ID was not remembered")
	}
	clock.advance(2*maxSignatureAge - time.Second)
	if g.first("1") {
		t.Error("forgotten within the window")
	}
	clock.advance(2 * maxSignatureAge)
	if !g.first("1") {
		t.Error("remembered past the window (its signature has expired anyway)")
	}
	for i := 0; i < maxRememberedInteractions+10; i++ {
		g.first(strconv.Itoa(i + 10))
	}
	if n := len(g.seen); n > maxRememberedInteractions {
		t.Errorf("%d IDs remembered", n)
	}
}
