package bot

import (
	"bytes"
	"crypto/x509"
	"encoding/binary"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// TestGatewayDialerReportsCloseCode runs a real websocket server that sends
// a few messages and then closes with 4004, and checks the dialer's
// connection reports that code before the client reads the close.
func TestGatewayDialerReportsCloseCode(t *testing.T) {
	upgrader := websocket.Upgrader{}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		_ = c.WriteMessage(websocket.TextMessage, []byte(`{"op":10,"d":{"heartbeat_interval":45000}}`))
		_ = c.WriteMessage(websocket.BinaryMessage, bytes.Repeat([]byte{0x88}, 70000)) // 64-bit length, looks like close bytes
		_ = c.WriteMessage(websocket.TextMessage, bytes.Repeat([]byte("x"), 300))      // 16-bit length
		_ = c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."))
		_, _, _ = c.ReadMessage()
	})
	plain := httptest.NewServer(handler)
	defer plain.Close()
	secure := httptest.NewTLSServer(handler)
	defer secure.Close()
	roots := x509.NewCertPool()
	roots.AddCert(secure.Certificate())

	for _, tt := range []struct{ name, url string }{
		{"ws", "ws" + strings.TrimPrefix(plain.URL, "http")},
		{"wss", "wss" + strings.TrimPrefix(secure.URL, "https")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			closes := &closeCodes{}
			d := newGatewayDialer(newGatewayLink(closes, slog.New(slog.DiscardHandler), defaultGatewayTiming), roots)
			conn, _, err := d.Dial(tt.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			var closeErr *websocket.CloseError
			for {
				if _, _, err := conn.ReadMessage(); err != nil {
					if ce, ok := err.(*websocket.CloseError); ok {
						closeErr = ce
					}
					break
				}
			}
			if closeErr == nil || closeErr.Code != 4004 {
				t.Fatalf("client saw %v, want close 4004", closeErr)
			}
			if got := closes.get(); got != 4004 {
				t.Fatalf("watcher recorded %d, want 4004", got)
			}
		})
	}
}

// frame builds one server frame (unmasked unless mask is set).
func frame(opcode byte, payload []byte, mask []byte) []byte {
	var b bytes.Buffer
	b.WriteByte(0x80 | opcode)
	maskBit := byte(0)
	if mask != nil {
		maskBit = 0x80
	}
	switch n := len(payload); {
	case n < 126:
		b.WriteByte(maskBit | byte(n))
	case n <= 0xffff:
		b.WriteByte(maskBit | 126)
		_ = binary.Write(&b, binary.BigEndian, uint16(n))
	default:
		b.WriteByte(maskBit | 127)
		_ = binary.Write(&b, binary.BigEndian, uint64(n))
	}
	if mask != nil {
		b.Write(mask)
		masked := make([]byte, len(payload))
		for i := range payload {
			masked[i] = payload[i] ^ mask[i%4]
		}
		payload = masked
	}
	b.Write(payload)
	return b.Bytes()
}

// closeWatcher is a frame watcher that reports close codes.
func closeWatcher(report func(code int)) *frameWatcher {
	return &frameWatcher{onFrame: func(opcode byte, payload []byte) time.Duration {
		if opcode == opClose && len(payload) >= 2 {
			report(int(binary.BigEndian.Uint16(payload)))
		}
		return 0
	}}
}

func TestFrameWatcherAnyChunking(t *testing.T) {
	closePayload := []byte{0x0f, 0xae, 'b', 'y', 'e'} // 4014
	stream := []byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")
	stream = append(stream, frame(0x1, []byte(`{"op":10}`), nil)...)
	stream = append(stream, frame(0x2, bytes.Repeat([]byte{0x88}, 200), nil)...)
	stream = append(stream, frame(0x9, nil, nil)...)
	stream = append(stream, frame(0x8, closePayload, []byte{1, 2, 3, 4})...)
	for _, chunk := range []int{1, 2, 3, 7, 64, len(stream)} {
		var got []int
		w := closeWatcher(func(code int) { got = append(got, code) })
		for i := 0; i < len(stream); i += chunk {
			end := min(i+chunk, len(stream))
			w.observe(stream[i:end])
		}
		if len(got) != 1 || got[0] != 4014 {
			t.Errorf("chunk %d: reported %v, want [4014]", chunk, got)
		}
	}
}

func TestClosedGatewayCodesAreFatalOnlyWhenFinal(t *testing.T) {
	c := &closeCodes{}
	c.record(1000)
	c.record(4000)
	c.record(1012)
	if got := c.get(); got != 0 {
		t.Fatalf("resumable codes recorded as fatal: %d", got)
	}
	c.record(4014)
	c.record(4004)
	if got := c.get(); got != 4014 {
		t.Fatalf("fatal code = %d, want the first one, 4014", got)
	}
	if msg := (FatalCloseError{Code: 4004}).Error(); !strings.Contains(msg, "4004") || !strings.Contains(msg, "DISCORD_TOKEN") {
		t.Errorf("unclear error: %q", msg)
	}
}

// FuzzFrameWatcher: any byte stream, cut anywhere, never panics or hangs.
func FuzzFrameWatcher(f *testing.F) {
	f.Add([]byte("HTTP/1.1 101\r\n\r\n\x88\x02\x0f\xa4"), 3)
	f.Add([]byte("\r\n\r\n\x81\x7f\xff\xff\xff\xff\xff\xff\xff\xff"), 1)
	f.Add([]byte("\r\n\r\n\x88\xfe\x00\x02abcd\x0f\xa4"), 5)
	f.Fuzz(func(t *testing.T, data []byte, chunk int) {
		if chunk <= 0 || chunk > 1<<16 {
			chunk = 1
		}
		w := closeWatcher(func(int) {})
		done := make(chan struct{})
		go func() {
			defer close(done)
			for i := 0; i < len(data); i += chunk {
				w.observe(data[i:min(i+chunk, len(data))])
			}
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("observe did not return")
		}
	})
}
