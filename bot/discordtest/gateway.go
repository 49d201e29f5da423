package discordtest

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Gateway rules from Discord's documentation.
const (
	gatewaySendLimit  = 120 // payloads a client may send per gatewaySendWindow before close 4008
	gatewaySendWindow = time.Minute
	gatewayWriteWait  = 5 * time.Second
	privilegedIntents = discordgo.IntentsGuildMembers | discordgo.IntentsGuildPresences | discordgo.IntentsMessageContent
)

// nonResumableClose are the close codes after which Discord forgets the session.
var nonResumableClose = map[int]bool{4004: true, 4007: true, 4009: true, 4010: true, 4011: true, 4012: true, 4013: true, 4014: true}

// gatewaySession is what IDENTIFY creates and RESUME continues: the numbered stream of dispatches.
type gatewaySession struct {
	id        string
	seq       int64
	log       []dispatchFrame // every dispatch, so RESUME can replay what a client missed
	conn      *gatewayConn    // attached connection, nil while disconnected
	resumable bool
	shard     *[2]int // [id, count] from IDENTIFY; nil when the client did not shard
}

type dispatchFrame struct {
	seq   int64
	frame []byte
}

// gatewayConn is one websocket connection. Writes go through a queue drained by one goroutine,
// so the server never blocks on a slow client while holding its lock.
type gatewayConn struct {
	s  *Server
	ws *websocket.Conn

	// guarded by Server.mu
	session     *gatewaySession
	mayIdentify bool      // after op 9 discordgo sends IDENTIFY on the same connection
	ready       bool      // READY or RESUMED was sent on this connection
	beats       int       // heartbeats received on this connection
	lastBeat    time.Time // the last heartbeat, or the HELLO
	stalled     bool      // Stall: the connection stays open but nothing more is sent on it
	viaResume   bool      // dialled at resume_gateway_url

	outMu      sync.Mutex
	out        []outFrame
	wake       chan struct{}
	dropped    chan struct{}
	dropMu     sync.Once
	readerDone chan struct{}
	closing    atomic.Bool // we sent a close frame: what the client says afterwards no longer counts

	sends []time.Time // only the reader goroutine touches this
}

type outFrame struct {
	data      []byte
	closeCode int // when set, send this close frame and then close the socket
}

type gatewayPayload struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  *int64          `json:"s,omitempty"`
	T  string          `json:"t,omitempty"`
}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	s.serveGatewayConn(w, r, false)
}

// serveResumeGateway serves the second port, resume_gateway_url: the gateway only.
func (s *Server) serveResumeGateway(w http.ResponseWriter, r *http.Request) {
	if !websocket.IsWebSocketUpgrade(r) {
		http.NotFound(w, r)
		return
	}
	s.serveGatewayConn(w, r, true)
}

func (s *Server) serveGatewayConn(w http.ResponseWriter, r *http.Request, viaResume bool) {
	ws, err := s.wsUp.Upgrade(w, r, nil)
	if err != nil {
		s.violationf("gateway: websocket upgrade failed: %v", err)
		return
	}
	c := &gatewayConn{s: s, ws: ws, wake: make(chan struct{}, 1), dropped: make(chan struct{}), readerDone: make(chan struct{}), viaResume: viaResume}
	// Do not echo close frames (gorilla's default); and let ReadMessage report the client's close code.
	ws.SetCloseHandler(func(int, string) error { return nil })
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		ws.Close()
		return
	}
	s.conns[c] = struct{}{}
	s.newestConn = c
	s.connects++
	silent := s.silent
	c.lastBeat = time.Now()
	s.wg.Add(2)
	if !silent {
		s.wg.Add(1)
	}
	s.broadcastLocked()
	s.mu.Unlock()

	go c.writeLoop()
	if !silent {
		hello, _ := json.Marshal(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": s.opts.HeartbeatInterval.Milliseconds()}})
		c.enqueue(outFrame{data: hello})
		go c.enforceHeartbeats()
	}
	go c.readLoop()
}

// heartbeatTolerance is how long Discord waits for a heartbeat before it closes the connection: the
// interval, with room for the client's jitter and a loaded machine (tests run short intervals on
// machines where a goroutine can wait seconds for a core).
func (s *Server) heartbeatTolerance() time.Duration {
	return 3*s.opts.HeartbeatInterval + 2*time.Second
}

// enforceHeartbeats closes a connection whose client stopped heartbeating, as Discord does (close 4009,
// the session is gone): a zombie client must notice and reconnect.
func (c *gatewayConn) enforceHeartbeats() {
	s := c.s
	defer s.wg.Done()
	tolerance := s.heartbeatTolerance()
	tick := time.NewTicker(max(tolerance/8, 10*time.Millisecond))
	defer tick.Stop()
	for {
		select {
		case <-c.dropped:
			return
		case <-tick.C:
		}
		if c.closing.Load() {
			return
		}
		s.mu.Lock()
		late := time.Since(c.lastBeat) > tolerance
		if late {
			if c.session != nil {
				c.session.resumable = false
			}
			s.violationLocked("gateway: no heartbeat for %v (interval %v): close 4009", tolerance, s.opts.HeartbeatInterval)
		}
		s.mu.Unlock()
		if late {
			c.closeWith(4009)
			return
		}
	}
}

// SetSilentGateway makes later gateway connections silent after connecting: the websocket opens but
// HELLO never comes (a stalled edge server). A client must give up on its own deadline.
func (s *Server) SetSilentGateway(silent bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.silent = silent
}

// Stall makes the active connection go quiet while staying open: heartbeats are read but no longer
// acknowledged, and dispatches are kept for a RESUME instead of sent. A client must notice the
// missing ACKs, drop the connection and resume on a new one.
func (s *Server) Stall() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.activeConnLocked(); c != nil {
		c.stalled = true
		s.broadcastLocked()
	}
}

// ResumesViaResumeURL counts the accepted RESUMEs that came through resume_gateway_url.
func (s *Server) ResumesViaResumeURL() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resumesAt
}

func (c *gatewayConn) enqueue(f outFrame) {
	c.outMu.Lock()
	c.out = append(c.out, f)
	c.outMu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// closeWith queues a close frame after everything already queued.
func (c *gatewayConn) closeWith(code int) { c.enqueue(outFrame{closeCode: code}) }

// drop closes the TCP connection without a close frame.
func (c *gatewayConn) drop() {
	c.dropMu.Do(func() {
		close(c.dropped)
		c.ws.NetConn().Close()
	})
}

func (c *gatewayConn) writeLoop() {
	defer c.s.wg.Done()
	for {
		select {
		case <-c.dropped:
			return
		case <-c.wake:
		}
		c.outMu.Lock()
		batch := c.out
		c.out = nil
		c.outMu.Unlock()
		for _, f := range batch {
			deadline := time.Now().Add(gatewayWriteWait)
			if f.closeCode != 0 {
				c.sendCloseFrame(f.closeCode, deadline)
				return
			}
			_ = c.ws.SetWriteDeadline(deadline)
			if err := c.ws.WriteMessage(websocket.TextMessage, f.data); err != nil {
				c.drop()
				return
			}
		}
	}
}

// sendCloseFrame sends a close frame, half-closes the socket so the frame is not lost to a TCP reset
// while the client still sends (heartbeats), and closes the socket once the client has gone.
func (c *gatewayConn) sendCloseFrame(code int, deadline time.Time) {
	c.closing.Store(true)
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, ""), deadline)
	if tc, ok := c.ws.NetConn().(*net.TCPConn); ok {
		_ = tc.CloseWrite()
	}
	select {
	case <-c.readerDone:
	case <-c.dropped:
	case <-time.After(2 * time.Second):
	}
	c.drop()
}

func (c *gatewayConn) readLoop() {
	s := c.s
	defer s.wg.Done()
	defer c.drop()
	defer close(c.readerDone)
	for {
		_, msg, err := c.ws.ReadMessage()
		if err != nil {
			s.connClosed(c, err)
			return
		}
		if c.closing.Load() {
			continue // we already said goodbye; Discord would not read this
		}
		if !c.allowSend() {
			s.violationf("gateway: more than %d payloads in %v: close 4008", gatewaySendLimit, gatewaySendWindow)
			c.closeWith(4008)
			continue
		}
		var p gatewayPayload
		if err := json.Unmarshal(msg, &p); err != nil {
			s.violationf("gateway: payload is not JSON (%v): close 4002", err)
			c.closeWith(4002)
			continue
		}
		s.handleGatewayPayload(c, p)
	}
}

func (c *gatewayConn) allowSend() bool {
	now := time.Now()
	kept := c.sends[:0]
	for _, t := range c.sends {
		if now.Sub(t) < gatewaySendWindow {
			kept = append(kept, t)
		}
	}
	c.sends = append(kept, now)
	return len(c.sends) <= gatewaySendLimit
}

// connClosed detaches a finished connection from its session. A client close with 1000 or 1001
// invalidates the session, as on Discord; anything else (dropped TCP, 1012 after op 7) keeps it resumable.
func (s *Server) connClosed(c *gatewayConn, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
	if sess := c.session; sess != nil {
		var ce *websocket.CloseError
		if errors.As(err, &ce) && !c.closing.Load() && (ce.Code == websocket.CloseNormalClosure || ce.Code == websocket.CloseGoingAway) {
			sess.resumable = false
		}
		if sess.conn == c {
			sess.conn = nil
		}
	}
	s.broadcastLocked()
}

func (s *Server) handleGatewayPayload(c *gatewayConn, p gatewayPayload) {
	switch p.Op {
	case 1: // heartbeat
		s.mu.Lock()
		c.beats++
		c.lastBeat = time.Now()
		s.heartbeats++
		stalled := c.stalled
		s.broadcastLocked()
		s.mu.Unlock()
		if !stalled {
			c.enqueue(outFrame{data: []byte(`{"op":11}`)})
		}
	case 2:
		s.identify(c, p.D)
	case 6:
		s.resume(c, p.D)
	case 3, 4, 8: // presence, voice state, request guild members: accepted, not modelled
		s.mu.Lock()
		authed := c.session != nil
		s.mu.Unlock()
		if !authed {
			s.violationf("gateway: op %d before IDENTIFY: close 4003", p.Op)
			c.closeWith(4003)
		}
	default:
		s.violationf("gateway: unknown opcode %d: close 4001", p.Op)
		c.closeWith(4001)
	}
}

func (s *Server) identify(c *gatewayConn, raw json.RawMessage) {
	var id struct {
		Token   string           `json:"token"`
		Intents discordgo.Intent `json:"intents"`
		Shard   *[2]int          `json:"shard"`
	}
	if err := json.Unmarshal(raw, &id); err != nil {
		s.violationf("gateway: IDENTIFY is not valid JSON (%v): close 4002", err)
		c.closeWith(4002)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case c.session != nil && !c.mayIdentify:
		s.violationLocked("gateway: second IDENTIFY on one connection: close 4005")
		c.closeWith(4005)
		return
	case id.Token != s.opts.Token:
		s.violationLocked("gateway: IDENTIFY with a wrong token: close 4004")
		c.closeWith(4004)
		return
	case id.Intents&privilegedIntents != 0 && !s.opts.AllowPrivilegedIntents:
		s.violationLocked("gateway: IDENTIFY asks for privileged intents %#x: close 4014", int64(id.Intents&privilegedIntents))
		c.closeWith(4014)
		return
	case id.Shard != nil && (id.Shard[1] < 1 || id.Shard[0] < 0 || id.Shard[0] >= id.Shard[1]):
		s.violationLocked("gateway: IDENTIFY with shard %v: close 4010 (invalid shard)", *id.Shard)
		c.closeWith(4010)
		return
	case id.Shard != nil && s.shardCount > 0 && id.Shard[1] != s.shardCount:
		s.violationLocked("gateway: IDENTIFY with shard count %d while sessions of %d shards run: close 4011", id.Shard[1], s.shardCount)
		c.closeWith(4011)
		return
	case s.sessionStartsLeftLocked() <= 0:
		s.violationLocked("gateway: IDENTIFY with the daily budget of %d spent: the token is reset, close 4004", s.opts.SessionStartLimit)
		c.closeWith(4004)
		return
	}
	if s.identifies == 0 || time.Since(s.firstIdent) >= s.opts.SessionStartResetAfter {
		s.firstIdent, s.budgetUsed = time.Now(), 0
	}
	s.budgetUsed++
	if old := c.session; old != nil && old.conn == c {
		old.conn = nil
	}
	sess := &gatewaySession{id: hex.EncodeToString(randomBytes(16)), resumable: true, conn: c}
	s.sessions[sess.id] = sess
	s.current = sess
	s.identifies++
	if id.Shard != nil {
		s.shards = append(s.shards, *id.Shard)
		shard := *id.Shard
		sess.shard = &shard
		s.shardCount = shard[1]
		s.byShard[shard[0]] = sess
	}
	s.intents = int64(id.Intents)
	c.session, c.mayIdentify, c.ready = sess, false, true

	guilds := make([]map[string]any, 0, len(s.opts.GuildIDs))
	for _, g := range s.opts.GuildIDs {
		guilds = append(guilds, map[string]any{"id": g, "unavailable": true})
	}
	ready := map[string]any{
		"v":                  9,
		"session_id":         sess.id,
		"resume_gateway_url": s.ResumeGatewayURL(),
		"user":               map[string]any{"id": s.opts.BotUserID, "username": "dateline", "discriminator": "0", "bot": true},
		"application":        map[string]any{"id": s.opts.AppID, "flags": 0},
		"guilds":             guilds,
		"private_channels":   []any{},
	}
	if id.Shard != nil {
		ready["shard"] = id.Shard
	}
	s.dispatchLocked(sess, "READY", ready)
	for _, g := range s.opts.GuildIDs {
		s.dispatchLocked(sess, "GUILD_CREATE", map[string]any{"id": g, "name": "Test guild " + g, "unavailable": false, "member_count": 2})
	}
	s.broadcastLocked()
}

func (s *Server) resume(c *gatewayConn, raw json.RawMessage) {
	var r struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		s.violationf("gateway: RESUME is not valid JSON (%v): close 4002", err)
		c.closeWith(4002)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Token != s.opts.Token {
		s.violationLocked("gateway: RESUME with a wrong token: close 4004")
		c.closeWith(4004)
		return
	}
	sess := s.sessions[r.SessionID]
	if sess == nil || !sess.resumable || r.Seq > sess.seq {
		// Not a violation: Discord answers this way whenever a session expired; the client must IDENTIFY.
		c.mayIdentify = true
		c.enqueue(outFrame{data: []byte(`{"op":9,"d":false}`)})
		s.broadcastLocked()
		return
	}
	if old := sess.conn; old != nil && old != c {
		old.session = nil
		go old.drop()
	}
	sess.conn = c
	c.session, c.mayIdentify, c.ready = sess, false, true
	s.current = sess
	if sess.shard != nil {
		s.byShard[sess.shard[0]] = sess
	}
	s.resumes++
	if c.viaResume {
		s.resumesAt++
	}
	for _, d := range sess.log {
		if d.seq > r.Seq {
			c.enqueue(outFrame{data: d.frame})
		}
	}
	s.dispatchLocked(sess, "RESUMED", map[string]any{})
	s.broadcastLocked()
}

// dispatchLocked numbers an event in the session's stream and sends it if a connection is attached;
// a detached session keeps it for replay on RESUME.
func (s *Server) dispatchLocked(sess *gatewaySession, eventType string, data any) {
	d, err := json.Marshal(data)
	if err != nil {
		panic("discordtest: marshal " + eventType + ": " + err.Error()) // our own types always marshal
	}
	sess.seq++
	seq := sess.seq
	frame, _ := json.Marshal(gatewayPayload{Op: 0, D: d, S: &seq, T: eventType})
	sess.log = append(sess.log, dispatchFrame{seq: seq, frame: frame})
	if sess.conn != nil && !sess.conn.stalled {
		sess.conn.enqueue(outFrame{data: frame})
	}
}

// connectedLocked: the current session is attached to a connection that was sent READY or RESUMED and
// has heartbeated. Waiting for the heartbeat matters with discordgo v0.29.0: its heartbeat goroutine
// starts after Open returns, and if a fault closes the connection before that goroutine first runs, it
// later fails on the old socket and closes the new connection with 1000, ending the session.
func (s *Server) connectedLocked() bool {
	return sessionConnectedLocked(s.current)
}

// sessionConnectedLocked: sess is attached to a connection that was sent READY or RESUMED and has
// heartbeated.
func sessionConnectedLocked(sess *gatewaySession) bool {
	return sess != nil && sess.conn != nil && sess.conn.ready && sess.conn.beats > 0 && !sess.conn.stalled
}

// sessionForLocked is the session Discord delivers a guild's events to: with shards, the session of
// shard (guild_id >> 22) % shard_count (direct messages go to shard 0); without, the current one.
func (s *Server) sessionForLocked(guildID string) *gatewaySession {
	if s.shardCount <= 1 {
		return s.current
	}
	shard := 0
	if id, err := strconv.ParseUint(guildID, 10, 64); err == nil {
		shard = int((id >> 22) % uint64(s.shardCount))
	}
	return s.byShard[shard]
}

// sessionStartsLeftLocked is what is left of the IDENTIFY budget in its current window.
func (s *Server) sessionStartsLeftLocked() int {
	if s.identifies == 0 || time.Since(s.firstIdent) >= s.opts.SessionStartResetAfter {
		return s.opts.SessionStartLimit
	}
	return s.opts.SessionStartLimit - s.budgetUsed
}

// Heartbeats counts heartbeats (op 1) received on all connections.
func (s *Server) Heartbeats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.heartbeats
}

// Connected says whether a session is attached to an open connection that was sent READY or RESUMED
// and has heartbeated since (see WaitConnected).
func (s *Server) Connected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connectedLocked()
}

// WaitShardsConnected waits until every shard 0 … count-1 has a session connected as WaitConnected
// means it: the shards of one bot, in one process or several.
func (s *Server) WaitShardsConnected(ctx context.Context, count int) error {
	all := func() bool {
		if s.shardCount != count {
			return false
		}
		for id := range count {
			if !sessionConnectedLocked(s.byShard[id]) {
				return false
			}
		}
		return true
	}
	if err := s.waitLocked(ctx, all); err != nil {
		return fmt.Errorf("wait for %d gateway shards: %w", count, err)
	}
	return nil
}
