package parse

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"github.com/dateline-bot/dateline/corpus"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// ParseHTML reads one web page. pageURL is where it was fetched from ("" for
// a file): it is the article's URL when the page names no canonical URL.
// Fetchers (dateline's /add url) call it directly; Parse calls it for
// .html/.htm files.
func ParseHTML(name string, data []byte, pageURL string) Item {
	if len(data) > MaxFileSize {
		return failFile(name, fmt.Errorf("%w (%d bytes)", ErrTooLarge, len(data)))[0]
	}
	if why := binaryReason(data); why != "" {
		return failFile(name, fmt.Errorf("%w: %s", ErrBinary, why))[0]
	}
	it := parseHTML(name, trimBOM(data), pageURL)
	if it.Err == nil {
		it.Article.ID = corpus.ArticleID(it.Article)
	}
	return it
}

// parseHTML extracts a page's main text with readability (paragraphs kept:
// every block element of the rendered text is a paragraph) and its metadata
// from meta tags: og:title, og:site_name, article:published_time (and the
// other usual publication-date tags), author / article:author, and the URL
// from <link rel="canonical"> or og:url (tracking parameters stripped).
// The JSON-LD NewsArticle (headline, datePublished, author, publisher, url)
// fills what the tags leave empty, then readability's own findings
// (<title>, bylines).
func parseHTML(name string, data []byte, pageURL string) Item {
	text, warnings := htmlToUTF8(data)
	fail := func(err error) Item { return failItem(name, 0, "line", err, warnings) }

	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return fail(fmt.Errorf("%w HTML: %v", ErrMalformed, err))
	}
	meta := readMeta(doc)
	ld := readJSONLD(doc)
	base, _ := url.Parse(pageURL)
	if base != nil && base.Host == "" {
		base = nil
	}
	page, readErr := readability.FromDocument(doc, base)

	var a corpus.Article
	a.Title = NormalizeLine(firstNonEmpty(meta["og:title"], ld.Headline, page.Title(), meta["twitter:title"], meta[metaTitleKey]))
	a.Outlet = NormalizeLine(firstNonEmpty(meta["og:site_name"], ld.Publisher, page.SiteName()))
	a.Author = NormalizeLine(firstNonEmpty(meta["author"], notURL(meta["article:author"]), ld.Author, page.Byline()))
	if u := firstNonEmpty(absoluteURL(meta[metaCanonicalKey], base), absoluteURL(meta["og:url"], base), absoluteURL(ld.URL, base), pageURL); u != "" {
		if strings.HasPrefix(corpus.CanonicalURL(u), "https://") {
			a.URL = NormalizeLine(corpus.StripTracking(u))
		} else {
			warnings = append(warnings, fmt.Sprintf("ignored the page URL %q: not an absolute http(s) URL", clip(u, 80)))
		}
	}
	if readErr == nil && page.Node != nil {
		a.Body = normalize(render.InnerText(page.Node), lineParagraphs)
	}
	if a.Body == "" {
		// Readability found no article: fall back to the whole page's text.
		a.Body = normalize(render.InnerText(doc), lineParagraphs)
	}
	published, hasPublished, err := htmlPublished(meta, ld, page)
	if err != nil {
		return fail(err)
	}
	a.Published = published
	if err := checkArticle(a, hasPublished); err != nil {
		switch {
		case errors.Is(err, ErrMissingTitle):
			err = fmt.Errorf("%w: the page has no og:title meta tag or <title>", err)
		case errors.Is(err, ErrMissingBody):
			err = fmt.Errorf("%w: the page has no text", err)
		case errors.Is(err, ErrMissingPublished):
			err = fmt.Errorf("%w: the page has no article:published_time meta tag (or other publication date) to read", ErrMissingPublished)
		}
		return fail(err)
	}
	return Item{Article: a, Warnings: warnings}
}

// htmlToUTF8 decodes a page in the charset it declares (a <meta charset>
// or a byte order mark); a page that declares nothing, or UTF-8, is read as
// UTF-8 with invalid bytes replaced and counted.
func htmlToUTF8(data []byte) (string, []string) {
	if !bytes.Contains(data[:min(len(data), 1024)], []byte("charset")) || utf8.Valid(data) {
		return validText(data)
	}
	enc, encName, _ := charset.DetermineEncoding(data, "text/html")
	if encName == "utf-8" || enc == nil {
		return validText(data)
	}
	decoded, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		text, warnings := validText(data)
		return text, append(warnings, fmt.Sprintf("could not decode the page as %s: %v", encName, err))
	}
	return validText(decoded)
}

// htmlPublished finds the publication date: the meta tags first, then the
// JSON-LD article's datePublished (both read by ParsePublished, so their
// time zone is never guessed), then readability's reading of the page.
func htmlPublished(meta pageMeta, ld ldArticle, page readability.Article) (time.Time, bool, error) {
	var firstErr error
	for _, key := range append(publishedMetaKeys, ldPublishedKey) {
		v := meta[key]
		if key == ldPublishedKey {
			v = ld.Published
		}
		if v == "" {
			continue
		}
		t, err := ParsePublished(v)
		if err == nil {
			return t, true, nil
		}
		if firstErr == nil {
			firstErr = fmt.Errorf("%s: %w", key, err)
		}
	}
	if t, err := page.PublishedTime(); err == nil && !t.IsZero() && t.Year() >= 1000 && t.Year() <= 9999 {
		return t.UTC(), true, nil
	}
	if firstErr != nil {
		return time.Time{}, false, firstErr
	}
	return time.Time{}, false, nil
}

// publishedMetaKeys are the meta tags (property, name or itemprop, lower
// case) that carry a publication date, most specific first.
var publishedMetaKeys = []string{
	"article:published_time", "og:published_time", "datepublished", "citation_publication_date",
	"pubdate", "publishdate", "date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued",
	"time[datetime]",
}

// ldPublishedKey names the JSON-LD datePublished among the meta keys.
const ldPublishedKey = "json-ld datePublished"

// absoluteURL resolves a page-relative URL ("/2026/01/story") against the
// page's own; "" when there is nothing to resolve.
func absoluteURL(ref string, base *url.URL) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || base == nil {
		return ref
	}
	u, err := base.Parse(ref)
	if err != nil {
		return ref
	}
	return u.String()
}

// pageMeta holds a page's meta tags by lower-case property/name/itemprop
// (the first of each wins), plus <title> and the canonical link.
type pageMeta map[string]string

const (
	metaTitleKey     = "<title>"
	metaCanonicalKey = "<link rel=canonical>"
)

func readMeta(doc *html.Node) pageMeta {
	meta := pageMeta{}
	set := func(key, value string) {
		key = strings.ToLower(strings.TrimSpace(key))
		value = strings.TrimSpace(value)
		if key != "" && value != "" && meta[key] == "" {
			meta[key] = value
		}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "meta":
				content := attr(n, "content")
				set(attr(n, "property"), content)
				set(attr(n, "name"), content)
				set(attr(n, "itemprop"), content)
			case "link":
				for _, rel := range strings.Fields(strings.ToLower(attr(n, "rel"))) {
					if rel == "canonical" {
						set(metaCanonicalKey, attr(n, "href"))
					}
				}
			case "title":
				if meta[metaTitleKey] == "" && n.FirstChild != nil && n.FirstChild.Type == html.TextNode {
					set(metaTitleKey, n.FirstChild.Data)
				}
			case "time":
				if attr(n, "itemprop") == "datePublished" || hasAttr(n, "pubdate") {
					set("time[datetime]", attr(n, "datetime"))
				}
			case "svg", "script", "style":
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return meta
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return true
		}
	}
	return false
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// notURL drops article:author values that are profile URLs, not names.
func notURL(s string) string {
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		return ""
	}
	return s
}
