// Package discordtest is a strict fake of the parts of Discord that dateline's bot uses: the REST API
// under /api/v9, the gateway websocket, a CDN for attachments, and HTTP interaction delivery, all on one
// 127.0.0.1 port. It speaks exactly what discordgo v0.29.0 sends and expects, dispatches interactions
// to the connected session, records every response, and answers the way Discord does when a rule is
// broken: 10062 after the acknowledgement deadline, 40060 on a second acknowledgement, 50035 naming the
// failing field on any limit breach, 50006 for an empty message, 401 on a wrong token, 429 past the
// global and per-channel rate limits. Every such answer is recorded in Violations, together with
// messages sent without allowed_mentions {"parse": []} (accepted, as Discord would, but dateline's rule),
// so a test can assert the bot never broke a rule. It is as slow and unreliable as the real one when
// asked: a round-trip latency on every REST answer, injected (or randomly drawn) 5xx answers and
// connection resets, before or after the request was carried out; rate-limit headers and 429s on the
// per-channel and per-interaction webhook buckets; enforced nonces on message creates. Its gateway
// enforces heartbeats (close 4009), hands out a distinct resume_gateway_url (a second port), counts the
// daily IDENTIFY budget, and can go silent after connecting or stall a live connection. Gateway faults
// can be injected too: op 7, op 9, dropped sockets and close codes.
//
// Typical use:
//
//	fake := discordtest.New(t, discordtest.Options{})
//	// point the bot at fake.APIURL() with token fake.Token(), start it, then:
//	if err := fake.WaitConnected(ctx); err != nil { … }
//	ix := fake.Slash("when", discordtest.StringOption("query", "russia qamishli"))
//	msg, err := ix.Final(ctx) // the message the user sees, after any defer
//	…
//	if v := fake.Violations(); len(v) > 0 { t.Errorf("violations: %q", v) }
//
// Server.Session returns a discordgo Session already pointed at the fake, for tests of the fake itself
// or of code that takes a Session.
package discordtest

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Default identities used when Options leaves them empty, and for interactions without InGuild/AsMember.
const (
	DefaultToken     = "Bot test-token"
	DefaultAppID     = "100000000000000001"
	DefaultBotUserID = "100000000000000002"
	DefaultGuildID   = "200000000000000001"
	DefaultChannelID = "300000000000000001"
	DefaultUserID    = "400000000000000001"
)

// Options configures a fake Discord. The zero value is usable.
type Options struct {
	Token            string   // expected Authorization, default "Bot test-token"
	AppID, BotUserID string   // defaults "100000000000000001", "100000000000000002"
	GuildIDs         []string // guilds in READY, default ["200000000000000001"]
	// HeartbeatInterval is sent in HELLO; default 45s. Tests that inject reconnects should keep it ≥ 2s:
	// discordgo v0.29.0's heartbeat goroutine can tick during Close's one-second sleep, fail on the old
	// socket and then close the new connection with 1000, which ends the session (a fresh IDENTIFY).
	HeartbeatInterval time.Duration
	AckDeadline       time.Duration // default 3s (Discord's); the 10062 deadline

	// TokenLifetime is how long an interaction token accepts followups and edits (Discord: 15 min).
	TokenLifetime time.Duration
	// AttachmentLifetime is how long signed attachment URLs stay valid (default 1h).
	AttachmentLifetime time.Duration
	// AllowPrivilegedIntents lets IDENTIFY ask for GUILD_MEMBERS, GUILD_PRESENCES and MESSAGE_CONTENT;
	// without it the fake closes with 4014 like Discord does for an application without them enabled.
	AllowPrivilegedIntents bool
	// ChannelIDs, when set, are the only channels POST /channels/{id}/messages accepts
	// (others get 404 10003 Unknown Channel). Empty accepts any channel.
	ChannelIDs []string
	// ChannelGuilds says which guild a channel is in, for GET /channels/{id};
	// a channel it does not list is in the first of GuildIDs.
	ChannelGuilds map[string]string
	// Latency is added to every REST answer (see SetLatency); 0 answers at once.
	Latency time.Duration
	// SessionStartLimit is the IDENTIFY budget GET /gateway/bot reports (default 1000 a day, reset
	// SessionStartResetAfter after the first IDENTIFY, default 24h). An IDENTIFY past it is a violation
	// closed with 4004: Discord resets the token of a bot that spends it all.
	SessionStartLimit      int
	SessionStartResetAfter time.Duration
}

func (o Options) withDefaults() Options {
	if o.Token == "" {
		o.Token = DefaultToken
	}
	if o.AppID == "" {
		o.AppID = DefaultAppID
	}
	if o.BotUserID == "" {
		o.BotUserID = DefaultBotUserID
	}
	if len(o.GuildIDs) == 0 {
		o.GuildIDs = []string{DefaultGuildID}
	}
	if o.HeartbeatInterval <= 0 {
		o.HeartbeatInterval = 45 * time.Second
	}
	if o.AckDeadline <= 0 {
		o.AckDeadline = 3 * time.Second
	}
	if o.TokenLifetime <= 0 {
		o.TokenLifetime = 15 * time.Minute
	}
	if o.AttachmentLifetime <= 0 {
		o.AttachmentLifetime = time.Hour
	}
	if o.SessionStartLimit <= 0 {
		o.SessionStartLimit = 1000
	}
	if o.SessionStartResetAfter <= 0 {
		o.SessionStartResetAfter = 24 * time.Hour
	}
	return o
}

// Server is one fake Discord: REST, gateway and attachment CDN on one 127.0.0.1 port, and the
// gateway again on a second port: the resume_gateway_url READY hands out.
type Server struct {
	opts       Options
	http       *httptest.Server
	resumeHTTP *httptest.Server // the gateway at resume_gateway_url
	wsUp       websocket.Upgrader
	ids        snowflakes
	secret     []byte             // signs attachment URLs
	signKey    ed25519.PrivateKey // signs HTTP-delivered interactions

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every state change (see broadcastLocked)
	closed  bool

	violations []string

	// gateway
	conns      map[*gatewayConn]struct{}
	newestConn *gatewayConn
	sessions   map[string]*gatewaySession
	current    *gatewaySession // the session interactions are dispatched to
	identifies int
	shards     [][2]int                // the shard field of every accepted IDENTIFY that had one
	shardCount int                     // the shard count sessions identified with (0: not sharded)
	byShard    map[int]*gatewaySession // each shard's newest session: interactions of its guilds go there
	firstIdent time.Time               // start of the IDENTIFY budget's window
	budgetUsed int                     // IDENTIFYs in that window
	resumes    int
	resumesAt  int  // RESUMEs that came through resume_gateway_url
	silent     bool // new gateway connections get no HELLO
	connects   int
	heartbeats int
	intents    int64

	// REST
	faults         restFaults
	inject         []*injected429
	limited        int // 429s answered
	global         bucket
	channelBuckets map[string]*bucket
	webhookBuckets map[string]*bucket          // by interaction token
	commands       map[string][]*storedCommand // "" = global, else guild ID
	puts           int

	// interactions and messages
	interactionsURL string                  // when set, interactions are POSTed here instead of dispatched
	interactions    map[string]*Interaction // by interaction ID
	byToken         map[string]*Interaction
	messages        []*storedMessage          // every message ever created, in order
	channelNonces   map[string]*storedMessage // "channel nonce" → the message an enforced nonce made
	attachments     map[string]*attachment

	wg sync.WaitGroup // gateway connection and HTTP delivery goroutines
}

// New starts a fake Discord on 127.0.0.1 and closes it when the test ends.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	_, signKey, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatalf("discordtest: generate signing key: %v", err)
	}
	s := &Server{
		signKey:        signKey,
		opts:           opts.withDefaults(),
		secret:         randomBytes(32),
		changed:        make(chan struct{}),
		conns:          map[*gatewayConn]struct{}{},
		sessions:       map[string]*gatewaySession{},
		byShard:        map[int]*gatewaySession{},
		commands:       map[string][]*storedCommand{},
		interactions:   map[string]*Interaction{},
		byToken:        map[string]*Interaction{},
		attachments:    map[string]*attachment{},
		channelBuckets: map[string]*bucket{},
		webhookBuckets: map[string]*bucket{},
		channelNonces:  map[string]*storedMessage{},
	}
	s.faults.latency = s.opts.Latency
	s.wsUp = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	s.http = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.resumeHTTP = httptest.NewServer(http.HandlerFunc(s.serveResumeGateway))
	t.Cleanup(s.close)
	return s
}

// APIURL is the REST base, "http://127.0.0.1:PORT/api/v9": what the bot's [discord] api_url is set to.
func (s *Server) APIURL() string { return s.http.URL + "/api/v9" }

// GatewayURL is the websocket URL the fake hands out from GET /gateway.
func (s *Server) GatewayURL() string { return "ws" + strings.TrimPrefix(s.http.URL, "http") }

// ResumeGatewayURL is the resume_gateway_url of READY: another port, where Discord wants RESUMEs sent.
func (s *Server) ResumeGatewayURL() string {
	return "ws" + strings.TrimPrefix(s.resumeHTTP.URL, "http")
}

// Token is the Authorization value the fake accepts, e.g. "Bot test-token".
func (s *Server) Token() string { return s.opts.Token }

// AppID is the application ID in READY and in every interaction.
func (s *Server) AppID() string { return s.opts.AppID }

// BotUserID is the bot user's ID in READY and GET /users/@me.
func (s *Server) BotUserID() string { return s.opts.BotUserID }

// Violations lists every rule breach the fake answered with an error (4xx, a gateway close code) or,
// for allowed_mentions, only noted. Tests assert it stays empty.
func (s *Server) Violations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.violations...)
}

// RateLimited counts the 429s the fake answered (injected ones included).
func (s *Server) RateLimited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.limited
}

func (s *Server) violationf(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.violationLocked(format, args...)
}

func (s *Server) violationLocked(format string, args ...any) {
	s.violations = append(s.violations, fmt.Sprintf(format, args...))
	s.broadcastLocked()
}

// broadcastLocked wakes every waiter (WaitConnected, Response, Final); they re-check their condition.
func (s *Server) broadcastLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) close() {
	s.mu.Lock()
	s.closed = true
	conns := make([]*gatewayConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.broadcastLocked()
	s.mu.Unlock()
	for _, c := range conns {
		c.drop()
	}
	s.wg.Wait()
	s.http.Close()
	s.resumeHTTP.Close()
}
