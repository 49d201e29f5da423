package discordtest

import (
	"bytes"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Real Discord is 50–300 ms away and answers 5xx now and then; proxies reset connections. The fake can
// do the same to every REST call: a round-trip latency (half before the request is handled, half
// before its answer arrives), and injected faults: a 5xx status or a connection reset, either before
// the request is carried out or after ("landed": the work is done, only the answer is lost, as when a
// 502 comes from a proxy whose upstream succeeded). Injected faults are not violations.

// Fault is an injected failure of one REST request.
type Fault int

// The faults the fake can inject.
const (
	Fault500   Fault = iota + 1 // 500 Internal Server Error
	Fault502                    // 502 Bad Gateway (Cloudflare's page, not JSON)
	Fault503                    // 503 Service Unavailable
	Fault504                    // 504 Gateway Timeout
	FaultReset                  // the TCP connection is closed without an answer
)

func (f Fault) String() string {
	switch f {
	case Fault500:
		return "500"
	case Fault502:
		return "502"
	case Fault503:
		return "503"
	case Fault504:
		return "504"
	case FaultReset:
		return "connection reset"
	}
	return "no fault"
}

// injectedFault is one InjectFault call.
type injectedFault struct {
	method, route string
	n             int
	fault         Fault
	landed        bool
}

// restFaults holds the latency and the faults to inject; it has its own lock so that sleeping
// requests never hold the server's.
type restFaults struct {
	mu       sync.Mutex
	latency  time.Duration
	queue    []*injectedFault
	rate     float64
	rng      *rand.Rand
	injected map[string]int // "POST /callback 502 landed" → count
}

// SetLatency makes every later REST answer take d longer (the round trip): half of it before the
// request is handled (so a callback "arrives" d/2 after it was sent, which counts against the 3-second
// acknowledgement deadline) and half before the answer reaches the client.
func (s *Server) SetLatency(d time.Duration) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.latency = d
}

// InjectFault makes the next n requests whose method (any when "") and path (containing route) match
// fail with f. With landed, the request is carried out first and only its answer is replaced.
func (s *Server) InjectFault(method, route string, n int, f Fault, landed bool) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.queue = append(s.faults.queue, &injectedFault{method: method, route: route, n: n, fault: f, landed: landed})
}

// SetFaultRate makes each later REST request fail with probability p (0 stops it), with a fault and a
// landed flag drawn at random from a generator seeded with seed, so that a run can be repeated.
func (s *Server) SetFaultRate(p float64, seed uint64) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.rate = p
	s.faults.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// Faults counts the injected faults answered so far, by "METHOD /route-kind fault[ landed]", e.g.
// "POST callback 502 landed" (route kinds: callback, webhook, channel, other).
func (s *Server) Faults() map[string]int {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	out := make(map[string]int, len(s.faults.injected))
	for k, v := range s.faults.injected {
		out[k] = v
	}
	return out
}

// FaultCount is the total number of injected faults answered.
func (s *Server) FaultCount() int {
	n := 0
	for _, v := range s.Faults() {
		n += v
	}
	return n
}

// nextFault picks the fault for a request (ok false: none) and the latency to apply.
func (s *Server) nextFault(r *http.Request) (f injectedFault, ok bool, latency time.Duration) {
	fs := &s.faults
	fs.mu.Lock()
	defer fs.mu.Unlock()
	latency = fs.latency
	for _, in := range fs.queue {
		if in.n > 0 && (in.method == "" || in.method == r.Method) && strings.Contains(r.URL.Path, in.route) {
			in.n--
			f, ok = *in, true
			break
		}
	}
	if !ok && fs.rate > 0 && fs.rng.Float64() < fs.rate {
		f = injectedFault{fault: Fault(1 + fs.rng.IntN(int(FaultReset))), landed: fs.rng.IntN(2) == 0}
		ok = true
	}
	if ok {
		if fs.injected == nil {
			fs.injected = map[string]int{}
		}
		key := r.Method + " " + routeKind(r.URL.Path) + " " + f.fault.String()
		if f.landed {
			key += " landed"
		}
		fs.injected[key]++
	}
	return f, ok, latency
}

// routeKind names a REST path's family for the fault counts.
func routeKind(path string) string {
	switch {
	case strings.HasSuffix(path, "/callback"):
		return "callback"
	case strings.Contains(path, "/webhooks/"):
		return "webhook"
	case strings.Contains(path, "/channels/"):
		return "channel"
	}
	return "other"
}

// serveAPIWithFaults wraps serveAPI with the latency and the injected faults.
func (s *Server) serveAPIWithFaults(w http.ResponseWriter, r *http.Request) {
	f, faulty, latency := s.nextFault(r)
	if !faulty && latency == 0 {
		s.serveAPI(w, r)
		return
	}
	sleep(latency / 2)
	rec := newBufferedResponse()
	if !faulty || f.landed {
		s.serveAPI(rec, r)
	} else {
		// Not carried out; the body is still read, as a proxy would.
		_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxUploadBytes+maxJSONBody))
	}
	sleep(latency - latency/2)
	if !faulty {
		rec.copyTo(w)
		return
	}
	if f.fault == FaultReset {
		resetConnection(w)
		return
	}
	writeServerError(w, f.fault)
}

func sleep(d time.Duration) {
	if d > 0 {
		time.Sleep(d)
	}
}

// resetConnection closes the client's TCP connection without an answer (an RST where possible).
func resetConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic("discordtest: cannot hijack to reset: " + err.Error()) // httptest servers support it
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// writeServerError answers as Discord's edge does: JSON for 500, a Cloudflare page for 502–504.
func writeServerError(w http.ResponseWriter, f Fault) {
	switch f {
	case Fault500:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, `{"message": "500: Internal Server Error", "code": 0}`)
	default:
		status := map[Fault]int{Fault502: http.StatusBadGateway, Fault503: http.StatusServiceUnavailable, Fault504: http.StatusGatewayTimeout}[f]
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, "<html><head><title>"+http.StatusText(status)+"</title></head><body>cloudflare</body></html>")
	}
}

// bufferedResponse holds an answer until the latency has passed (or throws it away for a landed fault).
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newBufferedResponse() *bufferedResponse { return &bufferedResponse{header: http.Header{}} }

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

func (b *bufferedResponse) copyTo(w http.ResponseWriter) {
	for k, v := range b.header {
		w.Header()[k] = v
	}
	if b.status == 0 {
		b.status = http.StatusOK
	}
	w.WriteHeader(b.status)
	_, _ = w.Write(b.body.Bytes())
}
