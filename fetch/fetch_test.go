package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// site is a real HTTP server on 127.0.0.1 that counts the connections it
// accepts, so a test can prove a refused fetch never connected.
type site struct {
	*httptest.Server
	conns atomic.Int64
}

func newSite(t *testing.T, h http.Handler) *site {
	t.Helper()
	s := &site{}
	s.Server = httptest.NewUnstartedServer(h)
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

func (s *site) addrPort(t *testing.T) netip.AddrPort {
	t.Helper()
	ap, err := netip.ParseAddrPort(s.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	return ap
}

func (s *site) port(t *testing.T) uint16 { return s.addrPort(t).Port() }

// assertNoConnection checks that the refused fetches before it never
// reached s: a fetch allowed to connect is then the first connection s
// accepted (the accept loop records connections in order).
func (s *site) assertNoConnection(t *testing.T) {
	t.Helper()
	f := New(Config{AllowPrivate: true})
	defer f.Close()
	if _, err := f.Get(context.Background(), s.URL+"/sentinel"); err != nil {
		t.Fatalf("sentinel fetch: %v", err)
	}
	if n := s.conns.Load(); n != 1 {
		t.Errorf("the site accepted %d connections; want only the sentinel's", n)
	}
}

func page(contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		fmt.Fprint(w, body)
	}
}

func TestGetPage(t *testing.T) {
	var ua atomic.Value
	s := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.UserAgent())
		page("text/html; charset=windows-1252", "<p>hello</p>")(w, r)
	}))
	f := New(Config{AllowPrivate: true})
	p, err := f.Get(context.Background(), s.URL+"/a?x=1")
	if err != nil {
		t.Fatal(err)
	}
	if string(p.Body) != "<p>hello</p>" || p.ContentType != "text/html" || p.Charset != "windows-1252" || p.URL != s.URL+"/a?x=1" {
		t.Errorf("got %+v", p)
	}
	if got := ua.Load().(string); got != DefaultUserAgent {
		t.Errorf("User-Agent %q, want %q", got, DefaultUserAgent)
	}
}

func TestRedirects(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/hop/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("n"), &n)
		if n == 0 {
			page("text/html", "arrived")(w, r)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusFound)
	})
	s := newSite(t, mux)
	f := New(Config{AllowPrivate: true})
	tests := []struct {
		hops    int
		wantErr string
	}{
		{0, ""},
		{MaxRedirects, ""},
		{MaxRedirects + 1, "refused: more than 5 redirects"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.hops), func(t *testing.T) {
			p, err := f.Get(context.Background(), fmt.Sprintf("%s/hop/%d", s.URL, tt.hops))
			if tt.wantErr == "" {
				if err != nil || string(p.Body) != "arrived" || p.URL != s.URL+"/hop/0" {
					t.Fatalf("got %+v, %v", p, err)
				}
				return
			}
			if err == nil || err.Error() != tt.wantErr || !errors.Is(err, ErrRefused) {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestRedirectToOtherScheme(t *testing.T) {
	s := newSite(t, http.RedirectHandler("file:///etc/passwd", http.StatusFound))
	_, err := New(Config{AllowPrivate: true}).Get(context.Background(), s.URL)
	if err == nil || !strings.Contains(err.Error(), "only http and https URLs are fetched, not file (a redirect led there)") {
		t.Fatalf("error %v", err)
	}
}

func TestSizeCap(t *testing.T) {
	const fifty = 50 << 20
	chunk := strings.Repeat("x", 64<<10)
	// The body streams without a length, so only the cap while reading stops it.
	streamed := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for sent := 0; sent < fifty; sent += len(chunk) {
			if _, err := fmt.Fprint(w, chunk); err != nil {
				return // the client hung up: what the cap should make it do
			}
		}
	}))
	declared := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", fmt.Sprint(fifty))
		fmt.Fprint(w, chunk)
	}))
	f := New(Config{AllowPrivate: true, MaxBytes: 1 << 20})
	for name, s := range map[string]*site{"streamed": streamed, "declared": declared} {
		t.Run(name, func(t *testing.T) {
			_, err := f.Get(context.Background(), s.URL)
			if err == nil || err.Error() != "refused: the response is larger than the 1 MiB limit" {
				t.Fatalf("error %v", err)
			}
		})
	}
}

func TestSlowResponseCutOff(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	slow := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<p>first bytes")
		w.(http.Flusher).Flush()
		select { // never finishes on its own
		case <-r.Context().Done():
		case <-release:
		}
	}))
	silent := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	f := New(Config{AllowPrivate: true, Timeout: 300 * time.Millisecond})
	for name, s := range map[string]*site{"slow body": slow, "no headers": silent} {
		t.Run(name, func(t *testing.T) {
			_, err := f.Get(context.Background(), s.URL)
			want := s.Listener.Addr().String() + " did not answer within 300ms"
			if err == nil || err.Error() != want {
				t.Fatalf("error %v, want %q", err, want)
			}
		})
	}
}

func TestContentTypes(t *testing.T) {
	tests := []struct {
		contentType string
		body        string
		wantErr     string
	}{
		{"text/html; charset=utf-8", "<p>x</p>", ""},
		{"application/rss+xml", "<rss/>", ""},
		{"", "<!DOCTYPE html><p>sniffed</p>", ""},
		{"image/png", "\x89PNG", "refused: the content type image/png is not one dateline reads"},
		{"application/octet-stream", "x", "refused: the content type application/octet-stream is not one dateline reads"},
		{"text/html; charset", "x", `refused: the content type "text/html; charset" is not readable`},
	}
	for _, tt := range tests {
		t.Run(tt.contentType, func(t *testing.T) {
			s := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header()["Content-Type"] = []string{tt.contentType}
				fmt.Fprint(w, tt.body)
			}))
			_, err := New(Config{AllowPrivate: true}).Get(context.Background(), s.URL)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatal(err)
			case tt.wantErr != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.wantErr)):
				t.Fatalf("error %v, want %q…", err, tt.wantErr)
			}
		})
	}
}

func TestBadURLsAndStatus(t *testing.T) {
	s := newSite(t, http.NotFoundHandler())
	f := New(Config{AllowPrivate: true})
	tests := []struct{ url, want string }{
		{"ftp://example.com/a", "refused: only http and https URLs are fetched, not ftp"},
		{"example.com/a", `refused: "example.com/a" is not an absolute URL (it needs http:// or https://)`},
		{"http://user:pw@example.com/", "refused: URLs with a user name or password are not fetched"},
		{"http:///path", `refused: "http:///path" has no host`},
		{s.URL + "/missing", s.Listener.Addr().String() + " answered 404 Not Found"},
	}
	for _, tt := range tests {
		_, err := f.Get(context.Background(), tt.url)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: error %v, want %q", tt.url, err, tt.want)
		}
	}
}

// fakeResolver answers every name with the same addresses.
type fakeResolver struct {
	addrs   []netip.Addr
	lookups atomic.Int64
}

func (r *fakeResolver) LookupNetIP(context.Context, string, string) ([]netip.Addr, error) {
	r.lookups.Add(1)
	return r.addrs, nil
}

func TestPrivateAddressesRefusedBeforeConnecting(t *testing.T) {
	s := newSite(t, page("text/html", "<p>private</p>"))
	port := s.port(t)
	tests := []struct {
		name, url, want string
		resolveTo       string
	}{
		{"loopback", fmt.Sprintf("http://127.0.0.1:%d/", port), "refused: 127.0.0.1 is a loopback address", ""},
		{"ipv6 loopback", fmt.Sprintf("http://[::1]:%d/", port), "refused: ::1 is a loopback address", ""},
		{"unspecified", fmt.Sprintf("http://0.0.0.0:%d/", port), "refused: 0.0.0.0 is an unspecified address", ""},
		{"v4-mapped", fmt.Sprintf("http://[::ffff:127.0.0.1]:%d/", port), "refused: 127.0.0.1 is a loopback address", ""},
		{"name resolving to loopback", fmt.Sprintf("http://news.example:%d/", port), "refused: 127.0.0.1 is a loopback address", "127.0.0.1"},
		{"name resolving to private", fmt.Sprintf("http://news.example:%d/", port), "refused: 10.1.2.3 is a private address", "10.1.2.3"},
		{"name resolving to mapped", fmt.Sprintf("http://news.example:%d/", port), "refused: 127.0.0.1 is a loopback address", "::ffff:127.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := &fakeResolver{}
			if tt.resolveTo != "" {
				res.addrs = []netip.Addr{netip.MustParseAddr(tt.resolveTo)}
			}
			f := New(Config{Resolver: res})
			_, err := f.Get(context.Background(), tt.url)
			if err == nil || err.Error() != tt.want || !errors.Is(err, ErrRefused) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			if tt.resolveTo != "" && res.lookups.Load() == 0 {
				t.Error("the injected resolver was not asked")
			}
		})
	}
	s.assertNoConnection(t)
}

func TestRedirectToLoopbackRefused(t *testing.T) {
	inside := newSite(t, page("text/html", "<p>secret</p>"))
	outside := newSite(t, http.RedirectHandler(inside.URL+"/admin", http.StatusFound))
	f := newFetcher(Config{}, &dialer{resolver: &fakeResolver{}, exempt: outside.addrPort(t)})
	_, err := f.Get(context.Background(), outside.URL)
	if err == nil || err.Error() != "refused: 127.0.0.1 is a loopback address" {
		t.Fatalf("error %v", err)
	}
	if outside.conns.Load() != 1 {
		t.Errorf("the stand-in public site saw %d connections, want 1", outside.conns.Load())
	}
	inside.assertNoConnection(t)
}

func TestAllowPrivate(t *testing.T) {
	s := newSite(t, page("text/html", "<p>intranet</p>"))
	res := &fakeResolver{addrs: []netip.Addr{netip.MustParseAddr("127.0.0.1")}}
	f := New(Config{AllowPrivate: true, Resolver: res})
	p, err := f.Get(context.Background(), fmt.Sprintf("http://intranet.example:%d/", s.port(t)))
	if err != nil || string(p.Body) != "<p>intranet</p>" {
		t.Fatalf("got %+v, %v", p, err)
	}
}

func TestForbidden(t *testing.T) {
	tests := []struct{ ip, want string }{
		{"8.8.8.8", ""},
		{"2606:4700::1111", ""},
		{"127.0.0.1", "a loopback"},
		{"127.9.9.9", "a loopback"},
		{"::1", "a loopback"},
		{"0.0.0.0", "an unspecified"},
		{"::", "an unspecified"},
		{"0.1.2.3", "an unspecified (this-network)"},
		{"10.0.0.1", "a private"},
		{"172.16.5.4", "a private"},
		{"192.168.1.1", "a private"},
		{"fd00::1", "a private"},
		{"100.64.0.1", "a private (carrier-grade NAT)"},
		{"169.254.169.254", "a link-local"},
		{"fe80::1", "a link-local"},
		{"224.0.0.1", "a multicast"},
		{"ff02::1", "a multicast"},
		{"::ffff:10.0.0.1", "a private"},
		{"::ffff:8.8.8.8", ""},
		{"64:ff9b::7f00:1", "a loopback"},
		{"255.255.255.255", "a reserved"},
	}
	for _, tt := range tests {
		if got := Forbidden(netip.MustParseAddr(tt.ip)); got != tt.want {
			t.Errorf("Forbidden(%s) = %q, want %q", tt.ip, got, tt.want)
		}
	}
}

// FuzzCheckURL: any string either is refused with a sentence or becomes an
// absolute http(s) URL with a host.
func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{"https://example.com/a?b=c", "ftp://x", "http://[::1]:80/", "javascript:alert(1)", "http://u@h/", "//h/p"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := checkURL(raw)
		if err != nil {
			if !errors.Is(err, ErrRefused) || !strings.HasPrefix(err.Error(), "refused: ") {
				t.Fatalf("%q: error %v is not a refusal", raw, err)
			}
			return
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil {
			t.Fatalf("%q accepted as %v", raw, u)
		}
	})
}

// TestConditionalGet: the validators of an answer come back with the next
// request, and a 304 is a Page marked NotModified; validators that are not
// plain header values are never sent.
func TestConditionalGet(t *testing.T) {
	var gotETag, gotSince atomic.Value
	s := newSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotETag.Store(r.Header.Get("If-None-Match"))
		gotSince.Store(r.Header.Get("If-Modified-Since"))
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Tue, 03 Mar 2026 08:00:00 GMT")
		page("application/rss+xml", "<rss/>")(w, r)
	}))
	f := New(Config{AllowPrivate: true})
	ctx := context.Background()
	first, err := f.GetIfChanged(ctx, s.URL, Validators{})
	if err != nil || first.NotModified || first.ETag != `"v1"` || first.LastModified != "Tue, 03 Mar 2026 08:00:00 GMT" || gotETag.Load() != "" {
		t.Fatalf("first: %+v, %v", first, err)
	}
	again, err := f.GetIfChanged(ctx, s.URL, Validators{ETag: first.ETag, LastModified: first.LastModified})
	if err != nil || !again.NotModified || len(again.Body) != 0 || again.ETag != `"v1"` || gotSince.Load() != first.LastModified {
		t.Fatalf("again: %+v, %v", again, err)
	}
	if _, err := f.GetIfChanged(ctx, s.URL, Validators{ETag: "\"x\"\r\nX-Injected: 1"}); err != nil || gotETag.Load() != "" {
		t.Fatalf("a validator with a line break was sent: %q, %v", gotETag.Load(), err)
	}
	if p, err := f.Get(ctx, s.URL); err != nil || p.NotModified {
		t.Fatalf("plain get: %+v, %v", p, err)
	}
}
