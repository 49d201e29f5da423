package discordtest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/bot/discordtest"
)

// call sends one raw REST request to the fake (no client-side retries) and returns the status, the
// body, and the transport error (a reset connection).
func call(t *testing.T, srv *discordtest.Server, method, path, body string) (int, string, http.Header, error) {
	t.Helper()
	req, err := http.NewRequest(method, srv.APIURL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	// A fresh connection each time: a reset must not leave a half-dead one for the next request.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", nil, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header, nil
}

const textReply = `{"type":4,"data":{"content":"hi","allowed_mentions":{"parse":[]}}}`

func callbackPath(ix *discordtest.Interaction) string {
	return "/interactions/" + ix.ID() + "/" + ix.Token() + "/callback"
}

func TestLatencyDelaysAnswersAndCountsAgainstTheAckDeadline(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{AckDeadline: 300 * time.Millisecond, Latency: 800 * time.Millisecond})
	ix := srv.Slash("help")
	start := time.Now()
	status, body, _, err := call(t, srv, "POST", callbackPath(ix), textReply)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 800*time.Millisecond {
		t.Errorf("answer after %v, want at least the 800 ms latency", took)
	}
	// Sent at once, but it arrives 400 ms later: past the 300 ms deadline.
	if status != 404 || !strings.Contains(body, "10062") {
		t.Errorf("late callback answered %d %s, want 404 10062", status, body)
	}

	srv.SetLatency(0)
	start = time.Now()
	if status, _, _, _ := call(t, srv, "GET", "/gateway", ""); status != 200 || time.Since(start) > 700*time.Millisecond {
		t.Errorf("after SetLatency(0): %d in %v", status, time.Since(start))
	}
}

func TestInjectedFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fault      discordtest.Fault
		landed     bool
		wantStatus int // 0: a transport error
	}{
		{discordtest.Fault500, false, 500},
		{discordtest.Fault502, true, 502},
		{discordtest.Fault503, false, 503},
		{discordtest.Fault504, true, 504},
		{discordtest.FaultReset, false, 0},
		{discordtest.FaultReset, true, 0},
	}
	for _, tt := range tests {
		name := tt.fault.String()
		if tt.landed {
			name += " landed"
		}
		t.Run(name, func(t *testing.T) {
			srv := discordtest.New(t, discordtest.Options{})
			ix := srv.Slash("help")
			srv.InjectFault("POST", "/callback", 1, tt.fault, tt.landed)
			status, _, _, err := call(t, srv, "POST", callbackPath(ix), textReply)
			if tt.wantStatus == 0 && err == nil {
				t.Fatalf("answered %d, want a reset connection", status)
			}
			if tt.wantStatus != 0 && status != tt.wantStatus {
				t.Fatalf("answered %d (%v), want %d", status, err, tt.wantStatus)
			}
			if landed := ix.Original() != nil; landed != tt.landed {
				t.Errorf("callback carried out = %v, want %v", landed, tt.landed)
			}
			// The next attempt is not faulted: it succeeds, or (landed) is a second acknowledgement.
			status, body, _, _ := call(t, srv, "POST", callbackPath(ix), textReply)
			if tt.landed && (status != 400 || !strings.Contains(body, "40060")) {
				t.Errorf("retry after a landed fault: %d %s, want 40060", status, body)
			}
			if !tt.landed && status != 204 {
				t.Errorf("retry after a lost request: %d %s, want 204", status, body)
			}
			if got := srv.FaultCount(); got != 1 {
				t.Errorf("FaultCount = %d, want 1 (%v)", got, srv.Faults())
			}
		})
	}
}

func TestFaultRateIsRepeatable(t *testing.T) {
	t.Parallel()
	count := func() map[string]int {
		srv := discordtest.New(t, discordtest.Options{})
		srv.SetFaultRate(0.3, 42)
		for i := 0; i < 40; i++ {
			_, _, _, _ = call(t, srv, "GET", "/gateway", "")
		}
		return srv.Faults()
	}
	a, b := count(), count()
	total := 0
	for k, v := range a {
		total += v
		if b[k] != v {
			t.Errorf("same seed, different faults: %v vs %v", a, b)
			break
		}
	}
	if total < 4 || total > 24 {
		t.Errorf("%d faults in 40 requests at rate 0.3", total)
	}
}

func TestWebhookBucketAndHeaders(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{})
	ix := srv.Slash("help")
	if status, body, _, _ := call(t, srv, "POST", callbackPath(ix), `{"type":5}`); status != 204 {
		t.Fatalf("defer: %d %s", status, body)
	}
	edit := "/webhooks/" + srv.AppID() + "/" + ix.Token() + "/messages/@original"
	for i := 0; i < 5; i++ {
		status, body, h, _ := call(t, srv, "PATCH", edit, `{"content":"edit","allowed_mentions":{"parse":[]}}`)
		if status != 200 {
			t.Fatalf("edit %d: %d %s", i, status, body)
		}
		if got, want := h.Get("X-RateLimit-Remaining"), string(rune('4'-i)); got != want {
			t.Errorf("edit %d: X-RateLimit-Remaining %q, want %q", i, got, want)
		}
		if h.Get("X-RateLimit-Reset-After") == "" || h.Get("X-RateLimit-Bucket") == "" {
			t.Errorf("edit %d: rate-limit headers missing: %v", i, h)
		}
	}
	expectNoViolations(t, srv)
	status, body, _, _ := call(t, srv, "PATCH", edit, `{"content":"edit","allowed_mentions":{"parse":[]}}`)
	var rl struct {
		RetryAfter float64 `json:"retry_after"`
	}
	if status != 429 || json.Unmarshal([]byte(body), &rl) != nil || rl.RetryAfter <= 0 {
		t.Errorf("sixth edit within 2 s: %d %s, want a 429 with retry_after", status, body)
	}
	violationsContain(t, srv, "interaction webhook bucket")
}

func TestEnforcedNonceMakesFollowupsIdempotent(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{})
	ix := srv.Slash("help")
	if status, _, _, _ := call(t, srv, "POST", callbackPath(ix), textReply); status != 204 {
		t.Fatal("callback refused")
	}
	path := "/webhooks/" + srv.AppID() + "/" + ix.Token() + "?wait=true"
	body := `{"content":"more","nonce":"n-1","enforce_nonce":true,"allowed_mentions":{"parse":[]}}`
	var ids []string
	for i := 0; i < 2; i++ {
		status, out, _, _ := call(t, srv, "POST", path, body)
		var m struct{ ID string }
		if status != 200 || json.Unmarshal([]byte(out), &m) != nil {
			t.Fatalf("follow-up %d: %d %s", i, status, out)
		}
		ids = append(ids, m.ID)
	}
	if ids[0] != ids[1] || len(ix.Followups()) != 1 {
		t.Errorf("a repeated nonce made %d follow-ups (%v)", len(ix.Followups()), ids)
	}
	call(t, srv, "POST", path, strings.Replace(body, "n-1", "n-2", 1))
	if len(ix.Followups()) != 2 {
		t.Errorf("a new nonce made no new follow-up")
	}
	expectNoViolations(t, srv)
}

func TestReadingOriginalBeforeAckIsNotAViolation(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{})
	ix := srv.Slash("help")
	status, body, _, _ := call(t, srv, "GET", "/webhooks/"+srv.AppID()+"/"+ix.Token()+"/messages/@original", "")
	if status != 404 || !strings.Contains(body, "10015") {
		t.Errorf("GET @original before the callback: %d %s, want 404 10015", status, body)
	}
	expectNoViolations(t, srv)
	if _, err := ix.Response(ctxT(t, 50*time.Millisecond)); err == nil {
		t.Error("a read acknowledged the interaction")
	}
}
