// Package fetch is dateline's one safe HTTP client: every page or feed it
// downloads from a URL someone else chose comes through here, with a time
// limit, a size cap, a content-type allowlist, at most five redirects and no
// connection to a private, loopback, link-local, multicast or unspecified
// address (checked at dial time, on the address actually dialled).
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// MaxRedirects is how many redirects one fetch follows.
const MaxRedirects = 5

// DefaultUserAgent names dateline to the sites it fetches from.
const DefaultUserAgent = "dateline/1 (news timeline bot; +https://github.com/dateline-bot/dateline)"

// DefaultContentTypes are the media types a fetch accepts when the Config
// names none: web pages, plain text and the feed formats.
var DefaultContentTypes = []string{
	"text/html", "application/xhtml+xml", "text/plain", "text/markdown",
	"application/json", "application/ld+json",
	"application/rss+xml", "application/atom+xml", "application/feed+json",
	"application/xml", "text/xml",
}

// Resolver turns a host name into addresses. *net.Resolver is one; tests
// inject their own to make a name answer a private address.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Config is what a Fetcher enforces. Zero values take the defaults.
type Config struct {
	Timeout      time.Duration // whole fetch, body included; default 15s
	MaxBytes     int64         // largest body; default 5,000,000
	AllowPrivate bool          // allow private, loopback, … addresses (tests, intranets)
	UserAgent    string        // default DefaultUserAgent
	ContentTypes []string      // accepted media types; default DefaultContentTypes
	Resolver     Resolver      // default net.DefaultResolver
	// Exempt is for tests in other packages only: one address:port on
	// loopback treated as public, the stand-in for a site on the internet,
	// so that what it redirects to can be checked. Never set it otherwise.
	Exempt netip.AddrPort
}

// Page is a fetched response body.
type Page struct {
	URL         string // the final URL, after redirects
	ContentType string // the media type, lower case, without parameters
	Charset     string // the charset parameter, "" when none
	Body        []byte

	// Conditional GET (GetIfChanged): the answer's validators, to send
	// back next time, and NotModified for a 304 (no body).
	ETag         string
	LastModified string
	NotModified  bool
}

// Validators are an earlier answer's ETag and Last-Modified, sent back by
// GetIfChanged so that an unchanged resource costs a 304 (feeds).
type Validators struct {
	ETag         string
	LastModified string
}

// Fetcher downloads pages under its Config. It is safe for concurrent use.
type Fetcher struct {
	cfg    Config
	client *http.Client
}

// New returns a Fetcher for cfg.
func New(cfg Config) *Fetcher {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 15 * time.Second
	}
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = 5_000_000
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if len(cfg.ContentTypes) == 0 {
		cfg.ContentTypes = DefaultContentTypes
	}
	if cfg.Resolver == nil {
		cfg.Resolver = net.DefaultResolver
	}
	return newFetcher(cfg, &dialer{resolver: cfg.Resolver, allowPrivate: cfg.AllowPrivate, exempt: cfg.Exempt})
}

func newFetcher(cfg Config, d *dialer) *Fetcher {
	transport := &http.Transport{
		Proxy:                  nil, // a proxy would be dialled instead of the site: never use one
		DialContext:            d.DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  cfg.Timeout,
		MaxResponseHeaderBytes: 64 << 10,
		MaxIdleConns:           16,
		IdleConnTimeout:        30 * time.Second,
	}
	f := &Fetcher{cfg: cfg}
	f.client = &http.Client{
		Transport:     transport,
		Timeout:       cfg.Timeout,
		CheckRedirect: checkRedirect,
	}
	return f
}

// Close drops idle connections.
func (f *Fetcher) Close() { f.client.CloseIdleConnections() }

// Get downloads rawURL. Every error it returns is a sentence a user can
// read ("refused: 127.0.0.1 is a loopback address"); a refusal by policy
// matches ErrRefused with errors.Is.
func (f *Fetcher) Get(ctx context.Context, rawURL string) (Page, error) {
	return f.GetIfChanged(ctx, rawURL, Validators{})
}

// GetIfChanged is Get sending v back (If-None-Match, If-Modified-Since):
// a 304 answer gives a Page with NotModified set and no body. Validators
// are outside text: one that is not a plain header value is not sent.
func (f *Fetcher) GetIfChanged(ctx context.Context, rawURL string, v Validators) (Page, error) {
	u, err := checkURL(rawURL)
	if err != nil {
		return Page{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return Page{}, fmt.Errorf("refused: %q is not a URL dateline can fetch", clip(rawURL))
	}
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	req.Header.Set("Accept", strings.Join(f.cfg.ContentTypes, ", ")+";q=0.9, */*;q=0.1")
	conditional := false
	for _, h := range []struct{ name, value string }{{"If-None-Match", v.ETag}, {"If-Modified-Since", v.LastModified}} {
		if validator(h.value) != "" {
			req.Header.Set(h.name, h.value)
			conditional = true
		}
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return Page{}, f.explain(u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified && conditional {
		return Page{URL: resp.Request.URL.String(), NotModified: true, ETag: v.ETag, LastModified: v.LastModified}, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return Page{}, fmt.Errorf("%s answered %s", resp.Request.URL.Host, resp.Status)
	}
	if resp.ContentLength > f.cfg.MaxBytes {
		return Page{}, f.tooLarge()
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.cfg.MaxBytes+1))
	if err != nil {
		return Page{}, f.explain(resp.Request.URL, err)
	}
	if int64(len(body)) > f.cfg.MaxBytes {
		return Page{}, f.tooLarge()
	}
	mediaType, charset, err := f.contentType(resp.Header.Get("Content-Type"), body)
	if err != nil {
		return Page{}, err
	}
	return Page{URL: resp.Request.URL.String(), ContentType: mediaType, Charset: charset, Body: body,
		ETag: validator(resp.Header.Get("ETag")), LastModified: validator(resp.Header.Get("Last-Modified"))}, nil
}

// maxValidator bounds a stored ETag or Last-Modified.
const maxValidator = 512

// validator is s when it can be sent back as a header value (printable
// ASCII, at most maxValidator bytes), else "".
func validator(s string) string {
	if len(s) > maxValidator {
		return ""
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return ""
		}
	}
	return s
}

// ErrRefused marks a fetch refused by policy (address, scheme, redirects,
// size, content type) rather than failed by the network.
var ErrRefused = errors.New("refused")

// refusal is a policy refusal with its own sentence.
type refusal struct{ msg string }

func (r *refusal) Error() string        { return r.msg }
func (r *refusal) Is(target error) bool { return target == ErrRefused }

func refuse(format string, args ...any) error {
	return &refusal{msg: "refused: " + fmt.Sprintf(format, args...)}
}

func (f *Fetcher) tooLarge() error {
	return refuse("the response is larger than the %s limit", humanBytes(f.cfg.MaxBytes))
}

// checkURL accepts only absolute http and https URLs with a host.
func checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, refuse("%q is not a URL", clip(raw))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		if u.Scheme == "" {
			return nil, refuse("%q is not an absolute URL (it needs http:// or https://)", clip(raw))
		}
		return nil, refuse("only http and https URLs are fetched, not %s", clip(u.Scheme))
	}
	if u.Hostname() == "" {
		return nil, refuse("%q has no host", clip(raw))
	}
	if u.User != nil {
		return nil, refuse("URLs with a user name or password are not fetched")
	}
	return u, nil
}

// checkRedirect follows at most MaxRedirects redirects, each to an http(s)
// URL; the address each one leads to is checked when it is dialled.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > MaxRedirects {
		return refuse("more than %d redirects", MaxRedirects)
	}
	if _, err := checkURL(req.URL.String()); err != nil {
		return &refusal{msg: err.Error() + " (a redirect led there)"}
	}
	return nil
}

// contentType checks the response's media type against the allowlist; a
// response without one is judged by its first bytes.
func (f *Fetcher) contentType(header string, body []byte) (mediaType, charset string, err error) {
	if header == "" {
		header = http.DetectContentType(body)
	}
	mediaType, params, err := mime.ParseMediaType(header)
	if err != nil {
		return "", "", refuse("the content type %q is not readable", clip(header))
	}
	for _, allowed := range f.cfg.ContentTypes {
		if mediaType == allowed {
			return mediaType, params["charset"], nil
		}
	}
	return "", "", refuse("the content type %s is not one dateline reads (%s)", clip(mediaType), strings.Join(f.cfg.ContentTypes, ", "))
}

// explain turns a client error into a sentence: a refusal keeps its own,
// a timeout says so, other network errors name the host.
func (f *Fetcher) explain(u *url.URL, err error) error {
	var r *refusal
	if errors.As(err, &r) {
		return r
	}
	var ue *url.Error
	if errors.As(err, &ue) && ue.Timeout() || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s did not answer within %s", u.Host, f.cfg.Timeout)
	}
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("fetch of %s cancelled", u.Host)
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		if dnsErr.IsNotFound {
			return fmt.Errorf("%s: no such host", u.Hostname())
		}
		return fmt.Errorf("%s: could not look up the host (%s)", u.Hostname(), dnsErr.Err)
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return fmt.Errorf("%s: could not connect (%v)", u.Host, opErr.Err)
	}
	return fmt.Errorf("fetch %s: %w", u.Host, err)
}

func clip(s string) string {
	const limit = 200
	if len(s) <= limit {
		return s
	}
	return strings.ToValidUTF8(s[:limit], "") + "…"
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1_000_000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%d bytes", n)
}
