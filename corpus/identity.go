package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/url"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// trackingParams are query parameters that say how a reader arrived, not
// which page it is. Parameters starting with "utm_" are dropped too.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "yclid": true, "twclid": true, "igshid": true,
	"mc_cid": true, "mc_eid": true, "_ga": true, "_gl": true,
}

// CanonicalURL is the form of an article URL used to recognise the same
// page: scheme and host lower-cased, http upgraded to https, default ports,
// user info, the fragment, tracking parameters (utm_*, fbclid, gclid, …) and
// a trailing slash dropped, the remaining query parameters sorted by name
// (values of a repeated name keep their order, and every parameter keeps
// its own bytes: re-encoding could turn one URL into another). "www." is
// kept: it can be another site. A string that is not an absolute http(s)
// URL is returned trimmed, as is.
func CanonicalURL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return raw
	}
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if port == "80" || port == "443" {
		port = ""
	}
	switch {
	case port != "":
		host = net.JoinHostPort(host, port)
	case strings.Contains(host, ":"): // an IPv6 literal keeps its brackets
		host = "[" + host + "]"
	}
	out := url.URL{
		Scheme:   "https",
		Host:     host,
		Path:     strings.TrimRight(u.Path, "/"),
		RawPath:  strings.TrimRight(u.RawPath, "/"),
		RawQuery: canonicalQuery(u.RawQuery),
	}
	return out.String()
}

// StripTracking drops tracking parameters (utm_*, fbclid, gclid, …) and the
// fragment from an http(s) URL and keeps everything else as written: the
// URL to store and show. A string that is not an absolute http(s) URL is
// returned trimmed, as is.
func StripTracking(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (strings.ToLower(u.Scheme) != "http" && strings.ToLower(u.Scheme) != "https") {
		return raw
	}
	u.Fragment, u.RawFragment = "", ""
	u.RawQuery = stripQuery(u.RawQuery)
	return u.String()
}

// stripQuery drops tracking parameters, keeping the others in their order.
func stripQuery(raw string) string {
	var kept []string
	for _, p := range strings.Split(raw, "&") {
		if p != "" && !isTrackingParam(p) {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, "&")
}

func isTrackingParam(p string) bool {
	name, _, _ := strings.Cut(p, "=")
	if decoded, err := url.QueryUnescape(name); err == nil {
		name = decoded
	}
	lower := strings.ToLower(name)
	return strings.HasPrefix(lower, "utm_") || trackingParams[lower]
}

// canonicalQuery drops tracking parameters and sorts the rest by name.
func canonicalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type param struct{ name, raw string }
	var kept []param
	for _, p := range strings.Split(raw, "&") {
		if p == "" {
			continue
		}
		if isTrackingParam(p) {
			continue
		}
		name, _, _ := strings.Cut(p, "=")
		if decoded, err := url.QueryUnescape(name); err == nil {
			name = decoded
		}
		kept = append(kept, param{name, p})
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].name < kept[j].name })
	parts := make([]string, len(kept))
	for i, p := range kept {
		parts[i] = p.raw
	}
	return strings.Join(parts, "&")
}

// ArticleID is an article's stable id: 16 hex characters (64 bits) of a
// SHA-256. It comes from the canonical URL when the article has one (so
// every variant of the URL gives the same id), else from the title and
// body. The two inputs are hashed under different labels, so a URL can never
// produce the id of some content, nor the other way round. An article of a
// server's archive (Scope) hashes its scope first, so the same page added in
// two servers is two articles.
func ArticleID(a Article) string {
	h := sha256.New()
	// A server's copy of an article is its own article, with its own id;
	// the shared archive's ids are those dateline always gave.
	if a.Scope.IsGuild() {
		h.Write([]byte("dateline/scope\x00"))
		h.Write([]byte(a.Scope))
		h.Write([]byte{0})
	}
	if u := CanonicalURL(a.URL); u != "" {
		h.Write([]byte("dateline/url\x00"))
		h.Write([]byte(u))
	} else {
		h.Write([]byte("dateline/content\x00"))
		h.Write([]byte(a.Title))
		h.Write([]byte{0})
		h.Write([]byte(a.Body))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// BodyHash recognises the same body: 32 hex characters (128 bits) of the
// SHA-256 of the body with every run of white space made one space,
// trimmed, lower-cased (unicode.ToLower) and with typographic quotes and
// apostrophes made ASCII — so two copies of a wire story that differ only in
// line wrapping, capitals or ’ versus ' are the same body.
func BodyHash(body string) string {
	h := sha256.New()
	var buf [utf8.UTFMax]byte
	space, started := false, false
	for _, r := range body {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && started {
			h.Write([]byte{' '})
		}
		space, started = false, true
		n := utf8.EncodeRune(buf[:], foldForHash(r))
		h.Write(buf[:n])
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

func foldForHash(r rune) rune {
	switch r {
	case '‘', '’', '‚', '′':
		return '\''
	case '“', '”', '„', '″':
		return '"'
	}
	return unicode.ToLower(r)
}
