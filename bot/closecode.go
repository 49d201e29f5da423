package bot

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/binary"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Gateway close codes after which reconnecting cannot help: Discord would
// refuse every IDENTIFY the same way (and 1,000 refused IDENTIFYs a day get
// the token reset). discordgo v0.29.0 reconnects on all of them forever.
var fatalCloseCodes = map[int]string{
	4004: "authentication failed: the bot token is wrong or was reset (check DISCORD_TOKEN)",
	4010: "invalid shard",
	4011: "sharding required: the bot is in too many guilds for one connection",
	4012: "invalid API version",
	4013: "invalid intents",
	4014: "disallowed intents: the bot asked for a privileged intent not enabled in the Developer Portal",
}

// FatalCloseError is returned by Run when Discord closed the gateway with a
// code after which reconnecting cannot help.
type FatalCloseError struct {
	Code int
}

func (e FatalCloseError) Error() string {
	return fmt.Sprintf("discord closed the gateway with code %d (%s); not reconnecting", e.Code, fatalCloseCodes[e.Code])
}

// closeCodes remembers the first fatal close code any gateway connection saw.
type closeCodes struct {
	mu    sync.Mutex
	fatal int
}

func (c *closeCodes) record(code int) {
	if _, ok := fatalCloseCodes[code]; !ok {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fatal == 0 {
		c.fatal = code
	}
}

func (c *closeCodes) get() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fatal
}

// newGatewayDialer returns a websocket dialer whose connections are watched
// by link: each is attached to it (so the watchdog can drop it), the small
// frames Discord sends (HELLO, heartbeat ACKs, op 9, close frames with their
// code) are read off the wire as they pass, and a dial may be turned away so
// that discordgo asks for the gateway URL again (see gatewayLink.redirect).
// roots verifies the gateway's TLS certificate (nil: the system's roots).
// discordgo only logs the error of a closed connection and reconnects, so
// the close code is read on the wire: it is known before discordgo sees it.
func newGatewayDialer(link *gatewayLink, roots *x509.CertPool) *websocket.Dialer {
	netDialer := &net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second}
	return &websocket.Dialer{
		HandshakeTimeout: 15 * time.Second,
		NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if err := link.redirect(addr); err != nil {
				return nil, err
			}
			c, err := netDialer.DialContext(ctx, network, addr)
			if err != nil {
				link.dialFailed(addr)
				return nil, err
			}
			return link.attach(c), nil
		},
		// For wss the frames are inside TLS: dial and shake hands here so
		// the watcher sees plain frames.
		NetDialTLSContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if err := link.redirect(addr); err != nil {
				return nil, err
			}
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			raw, err := netDialer.DialContext(ctx, network, addr)
			if err != nil {
				link.dialFailed(addr)
				return nil, err
			}
			tc := tls.Client(raw, &tls.Config{ServerName: host, RootCAs: roots, MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"}})
			if err := tc.HandshakeContext(ctx); err != nil {
				raw.Close()
				link.dialFailed(addr)
				return nil, fmt.Errorf("tls handshake with %s: %w", host, err)
			}
			return link.attach(tc), nil
		},
	}
}

// watchedConn passes every byte read through a frameWatcher, and holds back
// what it read when the watcher asks (op 9: see gatewayLink.onFrame).
type watchedConn struct {
	net.Conn
	frames *frameWatcher

	closeOnce sync.Once
	closed    chan struct{}
}

func (c *watchedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		if hold := c.frames.observe(p[:n]); hold > 0 {
			t := time.NewTimer(hold)
			select {
			case <-t.C:
			case <-c.closed:
			}
			t.Stop()
		}
	}
	return n, err
}

func (c *watchedConn) Close() error {
	c.closeOnce.Do(func() { close(c.closed) })
	return c.Conn.Close()
}

// maxWatchedPayload is the largest frame payload the watcher keeps: the
// frames it cares about are tiny; dispatches pass through unread.
const maxWatchedPayload = 512

// frameWatcher follows the server→client byte stream of a websocket
// connection (the HTTP upgrade answer, then frames) and hands each small
// frame's payload to onFrame, which may ask to hold the bytes back for a
// while. It holds no more than one small payload, and never fails:
// malformed input just stops it from reporting.
type frameWatcher struct {
	onFrame func(opcode byte, payload []byte) (hold time.Duration)

	state       watchState
	httpTail    uint32   // last four bytes of the HTTP answer
	header      [14]byte // frame header being read
	headerLen   int
	opcode      byte
	mask        [4]byte
	masked      bool
	payloadLeft uint64
	payloadLen  uint64
	payload     []byte
	hold        time.Duration
}

type watchState int

const (
	watchHTTP watchState = iota
	watchHeader
	watchPayload
	watchBroken
)

const (
	opText  = 0x1
	opClose = 0x8
)

// observe reads p and returns how long to hold it back (0: not at all).
func (w *frameWatcher) observe(p []byte) time.Duration {
	w.hold = 0
	for len(p) > 0 {
		switch w.state {
		case watchHTTP:
			// The upgrade answer ends with an empty line.
			w.httpTail = w.httpTail<<8 | uint32(p[0])
			p = p[1:]
			if w.httpTail == 0x0d0a0d0a {
				w.state = watchHeader
			}
		case watchHeader:
			w.header[w.headerLen] = p[0]
			w.headerLen++
			p = p[1:]
			w.headerDone()
		case watchPayload:
			n := uint64(len(p))
			if n > w.payloadLeft {
				n = w.payloadLeft
			}
			if w.payloadLen <= maxWatchedPayload {
				for i := uint64(0); i < n; i++ {
					b := p[i]
					if w.masked {
						b ^= w.mask[len(w.payload)%4]
					}
					w.payload = append(w.payload, b)
				}
			}
			w.payloadLeft -= n
			p = p[n:]
			if w.payloadLeft == 0 {
				w.frameDone()
			}
		case watchBroken:
			return w.hold
		}
	}
	return w.hold
}

// headerDone checks whether the header read so far is complete, and if so
// moves on to the payload.
func (w *frameWatcher) headerDone() {
	if w.headerLen < 2 {
		return
	}
	b1 := w.header[1]
	masked := b1&0x80 != 0
	need := 2
	switch b1 & 0x7f {
	case 126:
		need += 2
	case 127:
		need += 8
	}
	if masked {
		need += 4
	}
	if w.headerLen < need {
		return
	}
	w.opcode = w.header[0] & 0x0f
	w.masked = masked
	var length uint64
	switch b1 & 0x7f {
	case 126:
		length = uint64(binary.BigEndian.Uint16(w.header[2:4]))
	case 127:
		length = binary.BigEndian.Uint64(w.header[2:10])
		if length>>63 != 0 {
			w.state = watchBroken
			return
		}
	default:
		length = uint64(b1 & 0x7f)
	}
	if masked {
		copy(w.mask[:], w.header[need-4:need])
	}
	w.payloadLeft, w.payloadLen = length, length
	w.payload = w.payload[:0]
	w.state = watchPayload
	if length == 0 {
		w.frameDone()
	}
}

// frameDone reports a small frame and moves on to the next header.
func (w *frameWatcher) frameDone() {
	if w.payloadLen <= maxWatchedPayload && w.onFrame != nil {
		if hold := w.onFrame(w.opcode, w.payload); hold > w.hold {
			w.hold = hold
		}
	}
	w.headerLen = 0
	w.state = watchHeader
}
