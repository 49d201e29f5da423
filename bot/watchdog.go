package bot

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/url"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// The gateway watchdog: discordgo v0.29.0 has no deadline on connecting (a
// gateway that accepts the connection and says nothing hangs Open, and
// shutdown with it), notices a dead connection only after five heartbeat
// intervals, resumes on the URL it first connected to, answers op 9 with an
// IDENTIFY at once, and never looks at the daily IDENTIFY budget. The bot
// watches the connection itself, on the wire (gatewayLink) and from its
// supervisor:
//
//   - Open gets a deadline; past it the connection is dropped, so Open
//     returns and the supervisor tries again with back-off.
//   - A heartbeat ACK missing for 1.5 intervals drops the connection (no
//     close frame, so the session stays resumable) and the supervisor
//     resumes on a new one.
//   - RESUME goes to the resume_gateway_url READY gave: the dial to any
//     other address is turned away once, which makes discordgo forget its
//     cached URL and ask GET /gateway again, and the bot's API transport
//     answers that itself with the resume URL. A resume URL that cannot be
//     dialled twice in a row is given up for the discovery URL.
//   - op 9 is held back 1–5 s (random) before discordgo sees it, so the
//     IDENTIFY that follows is not immediate; reconnect back-off is jittered.
//   - Before the first IDENTIFY and before each IDENTIFY after an op 9, the
//     bot reads session_start_limit; with the budget at identifyReserve or
//     below it pauses, with a log line, until the budget resets.

// gatewayTiming are the watchdog's clocks; tests shorten them.
type gatewayTiming struct {
	connectTimeout  time.Duration // Open: dial, HELLO and READY/RESUMED
	ackGrace        float64       // heartbeat intervals without an ACK before reconnecting
	watchEvery      time.Duration // how often the ACK age is checked
	op9Min, op9Max  time.Duration // hold of an op 9
	identifyReserve int           // IDENTIFYs kept back from the daily budget
	identifyGap     time.Duration // between the first IDENTIFYs of a process's shards
}

var defaultGatewayTiming = gatewayTiming{
	connectTimeout:  30 * time.Second,
	ackGrace:        1.5,
	watchEvery:      time.Second,
	op9Min:          time.Second,
	op9Max:          5 * time.Second,
	identifyReserve: 2,
	identifyGap:     5 * time.Second,
}

// errResumeRedirect turns a dial away so that discordgo asks for the gateway
// URL again (and gets resume_gateway_url).
var errResumeRedirect = errors.New("dial turned away: resuming at resume_gateway_url")

// gatewayLink follows the bot's gateway connections: the newest one (to
// drop it), what its small frames said (heartbeat interval, last ACK, close
// codes, op 9), READY's resume URL, and a pause for the IDENTIFY budget.
type gatewayLink struct {
	closes *closeCodes
	log    *slog.Logger
	timing gatewayTiming
	// budget reads session_start_limit (nil: not checked).
	budget func() (remaining int, resetAfter time.Duration, err error)

	mu          sync.Mutex
	conn        *watchedConn
	interval    time.Duration // from HELLO; 0 before it
	lastAck     time.Time     // the last ACK or HELLO on conn
	resumeURL   string        // READY's resume_gateway_url
	resumeAddr  string        // its host:port
	redirected  bool          // a dial was turned away and the next one not yet made
	resumeFails int
	pauseUntil  time.Time
}

func newGatewayLink(closes *closeCodes, log *slog.Logger, timing gatewayTiming) *gatewayLink {
	return &gatewayLink{closes: closes, log: log, timing: timing}
}

// attach watches a new connection; it becomes the one the watchdog drops.
func (l *gatewayLink) attach(c net.Conn) net.Conn {
	wc := &watchedConn{Conn: c, closed: make(chan struct{})}
	wc.frames = &frameWatcher{onFrame: func(opcode byte, payload []byte) time.Duration {
		return l.onFrame(wc, opcode, payload)
	}}
	l.mu.Lock()
	l.conn, l.interval, l.lastAck = wc, 0, time.Now()
	l.mu.Unlock()
	return wc
}

// drop closes the newest connection's socket without a close frame: the
// session stays resumable, and discordgo's reader fails and reports the
// disconnect.
func (l *gatewayLink) drop() {
	l.mu.Lock()
	c := l.conn
	l.mu.Unlock()
	if c != nil {
		_ = c.Close()
	}
}

// onFrame reads one small frame from Discord on c.
func (l *gatewayLink) onFrame(c *watchedConn, opcode byte, payload []byte) time.Duration {
	switch opcode {
	case opClose:
		if len(payload) >= 2 && l.closes != nil {
			l.closes.record(int(binary.BigEndian.Uint16(payload[:2])))
		}
		return 0
	case opText:
	default:
		return 0
	}
	var p struct {
		Op int             `json:"op"`
		D  json.RawMessage `json:"d"`
	}
	if json.Unmarshal(payload, &p) != nil {
		return 0
	}
	var hello struct {
		HeartbeatInterval int64 `json:"heartbeat_interval"`
	}
	if p.Op == 10 && json.Unmarshal(p.D, &hello) != nil {
		return 0
	}
	l.mu.Lock()
	current := c == l.conn
	switch {
	case !current:
	case p.Op == 10 && hello.HeartbeatInterval > 0:
		l.interval, l.lastAck = time.Duration(hello.HeartbeatInterval)*time.Millisecond, time.Now()
	case p.Op == 11:
		l.lastAck = time.Now()
	}
	l.mu.Unlock()
	if p.Op != 9 || !current {
		return 0
	}
	return l.invalidSession(c)
}

// invalidSession decides what happens to an op 9: discordgo answers it with
// an IDENTIFY as soon as it reads it, so it is held back a random 1–5 s (as
// Discord asks); but when the IDENTIFY budget is nearly spent the connection
// is dropped instead and the supervisor pauses.
func (l *gatewayLink) invalidSession(c *watchedConn) time.Duration {
	if wait, low := l.budgetLow(); low {
		l.mu.Lock()
		l.pauseUntil = time.Now().Add(wait)
		l.mu.Unlock()
		_ = c.Close()
		return 0
	}
	hold := l.timing.op9Min
	if spread := l.timing.op9Max - l.timing.op9Min; spread > 0 {
		hold += rand.N(spread)
	}
	l.log.Info("the gateway invalidated the session: identifying again after a pause", "pause", hold.Round(time.Millisecond))
	// The held time is not silence from Discord.
	l.mu.Lock()
	l.lastAck = time.Now().Add(hold)
	l.mu.Unlock()
	return hold
}

// budgetLow reads session_start_limit and says whether an IDENTIFY now
// would eat into the reserve, and how long until the budget resets. A
// failed read is logged and does not stop the bot.
func (l *gatewayLink) budgetLow() (time.Duration, bool) {
	if l.budget == nil {
		return 0, false
	}
	remaining, resetAfter, err := l.budget()
	if err != nil {
		l.log.Warn("could not read the IDENTIFY budget (session_start_limit)", "error", err)
		return 0, false
	}
	if remaining > l.timing.identifyReserve {
		return 0, false
	}
	l.log.Warn("the daily IDENTIFY budget is nearly spent: pausing the gateway connection until it resets",
		"remaining", remaining, "reserve", l.timing.identifyReserve, "resets_in", resetAfter.Round(time.Second))
	return resetAfter, true
}

// paused is how long the supervisor must still wait for the budget.
func (l *gatewayLink) paused() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return time.Until(l.pauseUntil)
}

// stale says whether the newest connection has gone without a heartbeat ACK
// for ackGrace intervals.
func (l *gatewayLink) stale(now time.Time) (silent, interval time.Duration, dead bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.conn == nil || l.interval <= 0 {
		return 0, 0, false
	}
	silent = now.Sub(l.lastAck)
	return silent, l.interval, silent > time.Duration(l.timing.ackGrace*float64(l.interval))
}

// ready notes READY's resume_gateway_url (raw is READY's data).
func (l *gatewayLink) ready(raw json.RawMessage) {
	var r struct {
		ResumeGatewayURL string `json:"resume_gateway_url"`
	}
	if json.Unmarshal(raw, &r) != nil {
		return
	}
	addr := gatewayAddr(r.ResumeGatewayURL)
	l.mu.Lock()
	defer l.mu.Unlock()
	if addr == "" {
		l.resumeURL, l.resumeAddr = "", ""
		return
	}
	l.resumeURL, l.resumeAddr, l.resumeFails = r.ResumeGatewayURL, addr, 0
}

// gatewayAddr is the host:port a ws(s) URL dials ("" when it is not one).
func gatewayAddr(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "ws" && u.Scheme != "wss") {
		return ""
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"ws": "80", "wss": "443"}[u.Scheme]
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// redirect turns away, once, a dial to anywhere but the resume URL while
// there is one.
func (l *gatewayLink) redirect(addr string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.resumeAddr == "" || addr == l.resumeAddr || l.redirected {
		l.redirected = false
		return nil
	}
	l.redirected = true
	return errResumeRedirect
}

// gatewayURL is what GET /gateway answers while a resume URL is known ("":
// ask Discord).
func (l *gatewayLink) gatewayURL() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.resumeURL
}

// dialFailed gives up the resume URL after it failed twice in a row.
func (l *gatewayLink) dialFailed(addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if addr != l.resumeAddr || l.resumeAddr == "" {
		return
	}
	if l.resumeFails++; l.resumeFails >= 2 {
		l.log.Warn("resume_gateway_url cannot be reached: reconnecting through the gateway URL instead", "addr", addr)
		l.resumeURL, l.resumeAddr, l.resumeFails = "", "", 0
	}
}

// watch drops the connection when heartbeat ACKs stop coming, until ctx
// ends.
func (g *gateway) watch(ctx context.Context) {
	tick := time.NewTicker(g.timing.watchEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if silent, interval, dead := g.link.stale(time.Now()); dead {
			g.log.Warn("no heartbeat ACK from the gateway: dropping the connection to resume on a new one",
				"silent_for", silent.Round(time.Millisecond), "heartbeat_interval", interval)
			g.link.drop()
		}
	}
}

// sessionBudget reads session_start_limit from GET /gateway/bot.
func sessionBudget(s *discordgo.Session) func() (int, time.Duration, error) {
	return func() (int, time.Duration, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		gb, err := s.GatewayBot(discordgo.WithContext(ctx))
		if err != nil {
			return 0, 0, err
		}
		return gb.SessionStartLimit.Remaining, time.Duration(gb.SessionStartLimit.ResetAfter) * time.Millisecond, nil
	}
}

// jitter is d spread over [d/2, d].
func jitter(d time.Duration) time.Duration {
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d/2+1)
}
