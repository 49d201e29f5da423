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

// newGatewayDialer returns a websocket dialer whose connections report the
// close code of every close frame Discord sends; roots verifies the
// gateway's TLS certificate (nil: the system's roots). discordgo only logs the
// error of a closed connection and reconnects, so the code is read on the
// wire: a closed connection's code is known before discordgo sees it.
func newGatewayDialer(onClose func(code int), roots *x509.CertPool) *websocket.Dialer {
	netDialer := &net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second}
	watch := func(c net.Conn) net.Conn {
		return &watchedConn{Conn: c, frames: &frameWatcher{onClose: onClose}}
	}
	return &websocket.Dialer{
		HandshakeTimeout: 15 * time.Second,
		NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := netDialer.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return watch(c), nil
		},
		// For wss the frames are inside TLS: dial and shake hands here so
		// the watcher sees plain frames.
		NetDialTLSContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			raw, err := netDialer.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			tc := tls.Client(raw, &tls.Config{ServerName: host, RootCAs: roots, MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"}})
			if err := tc.HandshakeContext(ctx); err != nil {
				raw.Close()
				return nil, fmt.Errorf("tls handshake with %s: %w", host, err)
			}
			return watch(tc), nil
		},
	}
}

// watchedConn passes every byte read through a frameWatcher.
type watchedConn struct {
	net.Conn
	frames *frameWatcher
}

func (c *watchedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.frames.observe(p[:n])
	}
	return n, err
}

// frameWatcher follows the server→client byte stream of a websocket
// connection (the HTTP upgrade answer, then frames) and calls onClose with
// the status code of each close frame. It only reads headers and close
// payloads, holds no data, and never fails: malformed input just stops it
// from reporting.
type frameWatcher struct {
	onClose func(code int)

	state       watchState
	httpTail    uint32   // last four bytes of the HTTP answer
	header      [14]byte // frame header being read
	headerLen   int
	opcode      byte
	mask        [4]byte
	masked      bool
	payloadLeft uint64
	payloadPos  uint64
	closeCode   [2]byte
}

type watchState int

const (
	watchHTTP watchState = iota
	watchHeader
	watchPayload
	watchBroken
)

const opClose = 0x8

func (w *frameWatcher) observe(p []byte) {
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
			if w.opcode == opClose {
				for i := uint64(0); i < n && w.payloadPos+i < 2; i++ {
					b := p[i]
					if w.masked {
						b ^= w.mask[(w.payloadPos+i)%4]
					}
					w.closeCode[w.payloadPos+i] = b
				}
				if w.payloadPos < 2 && w.payloadPos+n >= 2 && w.onClose != nil {
					w.onClose(int(binary.BigEndian.Uint16(w.closeCode[:])))
				}
			}
			w.payloadPos += n
			w.payloadLeft -= n
			p = p[n:]
			if w.payloadLeft == 0 {
				w.nextFrame()
			}
		case watchBroken:
			return
		}
	}
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
	w.payloadLeft, w.payloadPos = length, 0
	w.state = watchPayload
	if length == 0 {
		w.nextFrame()
	}
}

func (w *frameWatcher) nextFrame() {
	w.headerLen = 0
	w.state = watchHeader
}
