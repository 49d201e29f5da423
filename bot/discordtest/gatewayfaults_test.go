package discordtest_test

import (
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/dateline-bot/dateline/bot/discordtest"
)

// dialURL opens a gateway connection at url without reading anything.
func dialURL(t *testing.T, url string) *raw {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial(url+"/?v=9&encoding=json", nil)
	if err != nil {
		t.Fatalf("dial %s: %v", url, err)
	}
	t.Cleanup(func() { ws.Close() })
	return &raw{t: t, ws: ws}
}

// readyOf identifies on r and returns READY's session id and resume URL (GUILD_CREATE read too).
func readyOf(t *testing.T, r *raw, srv *discordtest.Server) (sessionID, resumeURL string) {
	t.Helper()
	r.identify(srv.Token(), discordgo.IntentsGuilds)
	f := r.read()
	var rd struct {
		SessionID        string `json:"session_id"`
		ResumeGatewayURL string `json:"resume_gateway_url"`
	}
	if f.T != "READY" || json.Unmarshal(f.D, &rd) != nil {
		t.Fatalf("after IDENTIFY: %+v", f)
	}
	r.read() // GUILD_CREATE
	return rd.SessionID, rd.ResumeGatewayURL
}

func TestHeartbeatsAreEnforced(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{HeartbeatInterval: 100 * time.Millisecond})
	r := dialRaw(t, srv)
	readyOf(t, r, srv)
	start := time.Now()
	if code := r.closeCode(); code != 4009 {
		t.Fatalf("a client that never heartbeats: close %d, want 4009", code)
	}
	if took := time.Since(start); took < 2*time.Second {
		t.Errorf("closed after %v: before the tolerance", took)
	}
	violationsContain(t, srv, "no heartbeat")
}

func TestHeartbeatingClientIsKept(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{HeartbeatInterval: 100 * time.Millisecond})
	r := dialRaw(t, srv)
	readyOf(t, r, srv)
	// Heartbeats on time, each acknowledged; the connection outlives the tolerance (2.3 s) twice.
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		r.send(1, nil)
		if f := r.read(); f.Op != 11 {
			t.Fatalf("heartbeat answered %+v", f)
		}
		time.Sleep(100 * time.Millisecond) // the client's own pace
	}
	expectNoViolations(t, srv)
}

func TestSilentGatewaySendsNoHello(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{})
	srv.SetSilentGateway(true)
	r := dialURL(t, srv.GatewayURL())
	_ = r.ws.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	_, _, err := r.ws.ReadMessage()
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("silent gateway: read gave %v, want a timeout", err)
	}
	srv.SetSilentGateway(false)
	dialRaw(t, srv) // HELLO again
}

func TestStalledConnectionAndResumeURL(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{})
	if srv.ResumeGatewayURL() == srv.GatewayURL() {
		t.Fatal("resume_gateway_url is the discovery URL")
	}
	r := dialRaw(t, srv)
	session, resumeURL := readyOf(t, r, srv)
	if resumeURL != srv.ResumeGatewayURL() {
		t.Fatalf("READY resume_gateway_url %q, want %q", resumeURL, srv.ResumeGatewayURL())
	}
	r.send(1, nil)
	r.read() // ACK
	srv.Stall()
	if srv.Connected() {
		t.Error("a stalled connection counts as connected")
	}
	ix := srv.Slash("help")
	r.send(1, nil)
	_ = r.ws.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	if _, b, err := r.ws.ReadMessage(); err == nil {
		t.Fatalf("a stalled connection sent %s", b)
	}
	// The client gives up on it and resumes at resume_gateway_url: the missed interaction is replayed.
	r.ws.NetConn().Close()
	r2 := dialURL(t, resumeURL)
	if f := r2.read(); f.Op != 10 {
		t.Fatalf("resume URL's first frame %+v, want HELLO", f)
	}
	r2.send(6, map[string]any{"token": srv.Token(), "session_id": session, "seq": 2})
	f := r2.read()
	var got struct {
		ID string `json:"id"`
	}
	if f.T != "INTERACTION_CREATE" || json.Unmarshal(f.D, &got) != nil || got.ID != ix.ID() {
		t.Fatalf("after RESUME: %+v, want the missed interaction", f)
	}
	if r2.read().T != "RESUMED" || srv.ResumesViaResumeURL() != 1 {
		t.Errorf("RESUMED not sent, or not counted as via the resume URL (%d)", srv.ResumesViaResumeURL())
	}
	if resp, err := http.Get("http" + srv.ResumeGatewayURL()[2:] + "/api/v9/gateway"); err != nil || resp.StatusCode != 404 {
		t.Errorf("the resume port serves REST: %v", err)
	} else {
		resp.Body.Close()
	}
	expectNoViolations(t, srv)
}

func TestSessionStartLimit(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{SessionStartLimit: 2, SessionStartResetAfter: time.Hour})
	dg := srv.Session(t)
	remaining := func() int {
		t.Helper()
		gb, err := dg.GatewayBot()
		if err != nil {
			t.Fatal(err)
		}
		if gb.SessionStartLimit.Total != 2 || gb.SessionStartLimit.ResetAfter <= 0 {
			t.Errorf("session_start_limit = %+v", gb.SessionStartLimit)
		}
		return gb.SessionStartLimit.Remaining
	}
	for want := 2; want > 0; want-- {
		if got := remaining(); got != want {
			t.Fatalf("remaining %d, want %d", got, want)
		}
		readyOf(t, dialRaw(t, srv), srv)
	}
	if got := remaining(); got != 0 {
		t.Fatalf("remaining %d after two IDENTIFYs, want 0", got)
	}
	r := dialRaw(t, srv)
	r.identify(srv.Token(), discordgo.IntentsGuilds)
	if code := r.closeCode(); code != 4004 {
		t.Fatalf("IDENTIFY past the budget: close %d, want 4004", code)
	}
	violationsContain(t, srv, "budget")
}
