package bot

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Limits of the HTTP interactions endpoint.
const (
	maxInteractionBody = 1 << 20         // 1 MiB
	maxSignatureAge    = 5 * time.Minute // older (or further in the future) is a replay
)

// InteractionsHandler serves POST /interactions, Discord's HTTP delivery of
// interactions (the alternative to the gateway). Every request must carry a
// valid Ed25519 signature of timestamp+body by the application's public key
// (401 otherwise; Discord tests this with bad signatures on purpose), a
// timestamp at most 5 minutes old (401), and a body of at most 1 MiB (413).
// PING gets PONG; every other interaction is answered 202 Accepted at once
// and goes through the same router as gateway interactions, which answers
// through the REST callback. It returns nil when no public_key is set.
func (b *Bot) InteractionsHandler() http.Handler {
	if b.pubKey == nil {
		return nil
	}
	return &interactionsHandler{key: b.pubKey, router: b.router, now: b.now, seen: newReplayGuard(time.Now)}
}

type interactionsHandler struct {
	key    ed25519.PublicKey
	router *router
	now    func() time.Time
	seen   *replayGuard
}

func (h *interactionsHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxInteractionBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "could not read the request body", http.StatusBadRequest)
		return
	}
	if err := verifySignature(h.key, r.Header, body, h.now()); err != nil {
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	if i.Type == discordgo.InteractionPing {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"type":1}`)
		return
	}
	if !h.seen.first(i.ID) {
		// A signed request is valid for its whole 5-minute window: whoever
		// captured one could send it again. Each interaction is answered once.
		h.router.log.Warn("replayed interaction dropped", "interaction", i.ID)
		http.Error(w, "interaction already received", http.StatusConflict)
		return
	}
	h.router.dispatchAsync(&i)
	w.WriteHeader(http.StatusAccepted)
}

// verifySignature checks X-Signature-Ed25519 (hex) over
// X-Signature-Timestamp + body, and that the timestamp (Unix seconds) is
// within maxSignatureAge of now.
func verifySignature(key ed25519.PublicKey, h http.Header, body []byte, now time.Time) error {
	sig, err := hex.DecodeString(h.Get("X-Signature-Ed25519"))
	if err != nil || len(sig) != ed25519.SignatureSize {
		return errors.New("missing or malformed signature")
	}
	ts := h.Get("X-Signature-Timestamp")
	if ts == "" || len(ts) > 20 {
		return errors.New("missing or malformed timestamp")
	}
	msg := make([]byte, 0, len(ts)+len(body))
	msg = append(msg, ts...)
	msg = append(msg, body...)
	if !ed25519.Verify(key, msg, sig) {
		return errors.New("signature does not verify")
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errors.New("malformed timestamp")
	}
	age := now.Sub(time.Unix(secs, 0))
	if age > maxSignatureAge || age < -maxSignatureAge {
		return errors.New("timestamp too old")
	}
	return nil
}

// replayGuard remembers the interaction IDs received in the last
// maxSignatureAge (twice, to cover a timestamp that far in the future), so
// that a replayed request, still validly signed, is dropped.
type replayGuard struct {
	now func() time.Time

	mu   sync.Mutex
	seen map[string]time.Time // id → when it was received
}

// maxRememberedInteractions bounds the memory: only requests Discord signed
// are remembered, so reaching it means a flood of real interactions, and the
// oldest are forgotten (checked against their signature age, a replay of
// them is already refused when older than the window).
const maxRememberedInteractions = 200000

func newReplayGuard(now func() time.Time) *replayGuard {
	return &replayGuard{now: now, seen: map[string]time.Time{}}
}

// first records id and says whether it is new.
func (g *replayGuard) first(id string) bool {
	now := g.now()
	g.mu.Lock()
	defer g.mu.Unlock()
	if at, ok := g.seen[id]; ok && now.Sub(at) < 2*maxSignatureAge {
		return false
	}
	if len(g.seen) >= maxRememberedInteractions {
		g.forgetLocked(now)
	}
	g.seen[id] = now
	return true
}

// forgetLocked drops the IDs older than the window, and if that is not
// enough, the oldest half.
func (g *replayGuard) forgetLocked(now time.Time) {
	for id, at := range g.seen {
		if now.Sub(at) >= 2*maxSignatureAge {
			delete(g.seen, id)
		}
	}
	if len(g.seen) < maxRememberedInteractions {
		return
	}
	ages := make([]time.Time, 0, len(g.seen))
	for _, at := range g.seen {
		ages = append(ages, at)
	}
	slices.SortFunc(ages, func(a, b time.Time) int { return a.Compare(b) })
	cut := ages[len(ages)/2]
	for id, at := range g.seen {
		if !at.After(cut) {
			delete(g.seen, id)
		}
	}
}
