package discordtest_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/dateline-bot/dateline/bot/discordtest"
	"github.com/gorilla/websocket"
)

// raw is a hand-driven gateway client, to check the protocol frame by frame.
type raw struct {
	t  *testing.T
	ws *websocket.Conn
}

type frame struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  int64           `json:"s"`
	T  string          `json:"t"`
}

func dialRaw(t *testing.T, srv *discordtest.Server) *raw {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial(srv.GatewayURL()+"/?v=9&encoding=json", nil)
	if err != nil {
		t.Fatalf("dial gateway: %v", err)
	}
	t.Cleanup(func() { ws.Close() })
	r := &raw{t: t, ws: ws}
	hello := r.read()
	var h struct {
		HeartbeatInterval int64 `json:"heartbeat_interval"`
	}
	if hello.Op != 10 || json.Unmarshal(hello.D, &h) != nil || h.HeartbeatInterval <= 0 {
		t.Fatalf("first frame = %+v, want HELLO", hello)
	}
	return r
}

func (r *raw) send(op int, d any) {
	r.t.Helper()
	if err := r.ws.WriteJSON(map[string]any{"op": op, "d": d}); err != nil {
		r.t.Fatalf("send op %d: %v", op, err)
	}
}

func (r *raw) read() frame {
	r.t.Helper()
	f, err := r.tryRead()
	if err != nil {
		r.t.Fatalf("read: %v", err)
	}
	return f
}

func (r *raw) tryRead() (frame, error) {
	_ = r.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	var f frame
	_, b, err := r.ws.ReadMessage()
	if err != nil {
		return f, err
	}
	return f, json.Unmarshal(b, &f)
}

// closeCode reads until the server closes and returns the close code.
func (r *raw) closeCode() int {
	r.t.Helper()
	for {
		_, err := r.tryRead()
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			return ce.Code
		}
		if err != nil {
			r.t.Fatalf("connection ended without a close frame: %v", err)
		}
	}
}

func (r *raw) identify(token string, intents discordgo.Intent) {
	r.send(2, map[string]any{"token": token, "intents": intents, "properties": map[string]string{"os": "linux"}})
}

func TestGatewayCloseCodes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		run  func(r *raw, srv *discordtest.Server)
		code int
	}{
		{"wrong token", func(r *raw, _ *discordtest.Server) { r.identify("Bot wrong", discordgo.IntentsGuilds) }, 4004},
		{"privileged intents", func(r *raw, srv *discordtest.Server) {
			r.identify(srv.Token(), discordgo.IntentsGuilds|discordgo.IntentsMessageContent)
		}, 4014},
		{"unknown opcode", func(r *raw, _ *discordtest.Server) { r.send(42, nil) }, 4001},
		{"not JSON", func(r *raw, _ *discordtest.Server) { _ = r.ws.WriteMessage(websocket.TextMessage, []byte("{nope")) }, 4002},
		{"op 3 before identify", func(r *raw, _ *discordtest.Server) { r.send(3, map[string]any{"status": "online"}) }, 4003},
		{"second identify", func(r *raw, srv *discordtest.Server) {
			r.identify(srv.Token(), discordgo.IntentsGuilds)
			r.identify(srv.Token(), discordgo.IntentsGuilds)
		}, 4005},
		{"injected", func(_ *raw, srv *discordtest.Server) { srv.CloseWith(4000) }, 4000},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := discordtest.New(t, discordtest.Options{})
			r := dialRaw(t, srv)
			tc.run(r, srv)
			if got := r.closeCode(); got != tc.code {
				t.Errorf("close code = %d, want %d", got, tc.code)
			}
		})
	}
}

func TestGatewayHeartbeatAndResumeReplay(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{})
	r := dialRaw(t, srv)
	r.send(1, nil)
	if f := r.read(); f.Op != 11 {
		t.Fatalf("heartbeat answer = %+v, want op 11", f)
	}
	r.identify(srv.Token(), discordgo.IntentsGuilds)
	ready := r.read()
	var rd struct {
		SessionID        string `json:"session_id"`
		ResumeGatewayURL string `json:"resume_gateway_url"`
	}
	if ready.T != "READY" || ready.S != 1 || json.Unmarshal(ready.D, &rd) != nil || rd.SessionID == "" || rd.ResumeGatewayURL != srv.ResumeGatewayURL() {
		t.Fatalf("READY = %+v", ready)
	}
	if f := r.read(); f.T != "GUILD_CREATE" || f.S != 2 {
		t.Fatalf("after READY = %+v", f)
	}
	srv.Slash("help")
	if f := r.read(); f.T != "INTERACTION_CREATE" || f.S != 3 {
		t.Fatalf("dispatch = %+v", f)
	}
	// Vanish without a close frame, miss two interactions, come back and resume from 3.
	r.ws.NetConn().Close()
	ctx := ctxT(t, 5*time.Second)
	if err := srv.Wait(ctx, func() bool { return !srv.Connected() }); err != nil {
		t.Fatal(err)
	}
	a, b := srv.Slash("help"), srv.Slash("help")
	r2 := dialRaw(t, srv)
	r2.send(6, map[string]any{"token": srv.Token(), "session_id": rd.SessionID, "seq": 3})
	for i, want := range []string{a.ID(), b.ID()} {
		f := r2.read()
		var ix struct {
			ID string `json:"id"`
		}
		if f.T != "INTERACTION_CREATE" || f.S != int64(4+i) || json.Unmarshal(f.D, &ix) != nil || ix.ID != want {
			t.Fatalf("replay %d = %+v", i, f)
		}
	}
	if f := r2.read(); f.T != "RESUMED" || f.S != 6 {
		t.Fatalf("after replay = %+v, want RESUMED s=6", f)
	}
	if srv.Resumes() != 1 || srv.Identifies() != 1 {
		t.Errorf("resumes %d identifies %d, want 1 and 1", srv.Resumes(), srv.Identifies())
	}
	// A client that closes with 1000 ends its session: the next RESUME is refused with op 9 false.
	_ = r2.ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""))
	r2.ws.Close()
	if err := srv.Wait(ctx, func() bool { return !srv.Connected() }); err != nil {
		t.Fatal(err)
	}
	r3 := dialRaw(t, srv)
	r3.send(6, map[string]any{"token": srv.Token(), "session_id": rd.SessionID, "seq": 6})
	if f := r3.read(); f.Op != 9 || string(f.D) != "false" {
		t.Fatalf("RESUME of a closed session = %+v, want op 9 false", f)
	}
	r3.identify(srv.Token(), discordgo.IntentsGuilds)
	if f := r3.read(); f.T != "READY" || f.S != 1 {
		t.Fatalf("IDENTIFY after op 9 = %+v, want READY", f)
	}
	expectNoViolations(t, srv)
}

func TestDiscordgoReconnects(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name                string
		fault               func(*discordtest.Server)
		identifies, resumes int
	}{
		{"op 7 reconnect resumes", func(s *discordtest.Server) { s.SendReconnect() }, 1, 1},
		{"op 9 re-identifies", func(s *discordtest.Server) { s.SendInvalidSession(false) }, 2, 0},
		{"dropped socket resumes", func(s *discordtest.Server) { s.DropSocket() }, 1, 1},
		{"close 4000 resumes", func(s *discordtest.Server) { s.CloseWith(4000) }, 1, 1},
		// discordgo reconnects even after 4004; the fake has forgotten the session, so it must IDENTIFY.
		{"close 4004 forgets the session", func(s *discordtest.Server) { s.CloseWith(4004) }, 2, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := connect(t, reconnectOptions())
			tc.fault(c.srv)
			ctx := ctxT(t, 10*time.Second)
			err := c.srv.Wait(ctx, func() bool {
				return c.srv.Identifies() == tc.identifies && c.srv.Resumes() == tc.resumes && c.srv.Connected()
			})
			if err != nil {
				t.Fatalf("identifies %d resumes %d, want %d and %d: %v", c.srv.Identifies(), c.srv.Resumes(), tc.identifies, tc.resumes, err)
			}
			ix := c.srv.Slash("help")
			got := c.next(t)
			for got.ID != ix.ID() {
				got = c.next(t)
			}
			if err := c.dg.InteractionRespond(got, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseChannelMessageWithSource,
				Data: &discordgo.InteractionResponseData{Content: "still here", AllowedMentions: noMentions()},
			}); err != nil {
				t.Fatalf("respond after reconnect: %v", err)
			}
			if _, err := ix.Final(ctx); err != nil {
				t.Fatal(err)
			}
			expectNoViolations(t, c.srv)
		})
	}
}

func TestInteractionMissedWhileDisconnectedIsReplayed(t *testing.T) {
	t.Parallel()
	c := connect(t, reconnectOptions())
	c.srv.DropSocket()
	ctx := ctxT(t, 10*time.Second)
	if err := c.srv.Wait(ctx, func() bool { return !c.srv.Connected() }); err != nil {
		t.Fatal(err)
	}
	ix := c.srv.Slash("help") // dispatched while the bot is away
	got := c.next(t)
	if got.ID != ix.ID() {
		t.Fatalf("got interaction %s, want %s", got.ID, ix.ID())
	}
	if c.srv.Resumes() != 1 {
		t.Errorf("Resumes = %d, want 1", c.srv.Resumes())
	}
	expectNoViolations(t, c.srv)
}
