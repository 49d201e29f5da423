package feeds

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/parse"
	"github.com/dateline-bot/dateline/store"
)

// Limits on what one feed document may hold: outside text is hostile.
const (
	MaxFeedBytes  = 10 << 20 // a feed document larger than this is refused
	MaxItems      = 500      // items read from one document; the rest are ignored
	maxFieldBytes = 1 << 20  // one item's text
	maxTitleRunes = 300
)

// summaryOnlyRunes: an item whose text is shorter than this carries a
// summary, not the article, and its page is fetched for the full text.
const summaryOnlyRunes = 400

// Document is a parsed feed.
type Document struct {
	Title string
	Link  string // the site's address
	Items []Item
}

// Item is one entry of a feed, as plain text.
type Item struct {
	GUID       string
	Link       string // absolute http(s) URL, or ""
	Title      string
	Author     string
	Published  time.Time // zero when the item gives none
	Text       string    // full content when the feed gives it, else the summary; paragraphs separated by "\n\n"
	HasContent bool      // the feed gave content, not only a summary
}

// ErrNotAFeed is returned for a document that is not RSS, Atom or JSON Feed.
var ErrNotAFeed = errors.New("not an RSS, Atom or JSON feed")

// Parse reads an RSS, Atom or JSON Feed document; base (the URL it was
// fetched from) resolves relative links.
func Parse(data []byte, base string) (Document, error) {
	if len(data) > MaxFeedBytes {
		return Document{}, fmt.Errorf("the feed is larger than %d bytes", MaxFeedBytes)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) && !bytes.Contains(data[:min(len(data), 200)], []byte("encoding=")) {
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	f, err := parseSafely(data)
	if err != nil {
		return Document{}, err
	}
	doc := Document{Title: clipRunes(parse.NormalizeLine(f.Title), maxTitleRunes)}
	baseURL, _ := url.Parse(base)
	doc.Link = absolute(baseURL, f.Link)
	if site, err := url.Parse(doc.Link); err == nil && doc.Link != "" {
		baseURL = site
	}
	for i, it := range f.Items {
		if i == MaxItems {
			break
		}
		if it == nil {
			continue
		}
		doc.Items = append(doc.Items, readItem(it, baseURL))
	}
	return doc, nil
}

// parseSafely runs gofeed, turning a panic on a malformed document into an
// error: one broken feed must not stop the poller.
func parseSafely(data []byte) (f *gofeed.Feed, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("%w: the document could not be read (%v)", ErrNotAFeed, r)
		}
	}()
	f, err = gofeed.NewParser().Parse(bytes.NewReader(data))
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		return nil, ErrNotAFeed
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrNotAFeed, firstLine(err.Error()))
	}
	return f, nil
}

func readItem(it *gofeed.Item, base *url.URL) Item {
	out := Item{
		GUID:  clipBytes(strings.TrimSpace(parse.NormalizeLine(it.GUID)), 1000),
		Link:  absolute(base, it.Link),
		Title: clipRunes(parse.NormalizeLine(htmlText(clipBytes(it.Title, maxFieldBytes))), maxTitleRunes),
	}
	if len(it.Authors) > 0 && it.Authors[0] != nil {
		out.Author = clipRunes(parse.NormalizeLine(it.Authors[0].Name), maxTitleRunes)
	}
	switch {
	case it.PublishedParsed != nil:
		out.Published = it.PublishedParsed.UTC()
	case it.UpdatedParsed != nil:
		out.Published = it.UpdatedParsed.UTC()
	}
	content := parse.NormalizeBody(htmlText(clipBytes(it.Content, maxFieldBytes)))
	summary := parse.NormalizeBody(htmlText(clipBytes(it.Description, maxFieldBytes)))
	out.Text, out.HasContent = summary, false
	if utf8.RuneCountInString(content) > utf8.RuneCountInString(summary) {
		out.Text, out.HasContent = content, true
	}
	if out.Title == "" {
		out.Title = clipRunes(firstLine(out.Text), 120)
	}
	return out
}

// SummaryOnly reports whether the item carries too little text to be the
// article itself, so its page should be fetched.
func (it Item) SummaryOnly() bool {
	return it.Link != "" && utf8.RuneCountInString(it.Text) < summaryOnlyRunes
}

// Key is what recognises the item later, whatever its times say.
func (it Item) Key() store.ItemKey {
	k := store.ItemKey{GUID: it.GUID, Link: "", Hash: corpus.BodyHash(it.Title + "\n\n" + it.Text)}
	if it.Link != "" {
		k.Link = corpus.CanonicalURL(it.Link)
	}
	return k
}

// absolute resolves ref against base; "" unless the result is http(s).
func absolute(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// blockElements end a paragraph in text taken from HTML.
var blockElements = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "blockquote": true, "pre": true, "tr": true, "section": true, "article": true,
	"figcaption": true, "hr": true, "ul": true, "ol": true, "table": true,
}

// htmlText renders an HTML fragment (or plain text) as text, one paragraph
// per block element; scripts, styles and images give nothing.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return s
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.Data {
			case "script", "style", "noscript", "iframe", "object", "svg", "template":
				return
			}
		}
		block := n.Type == html.ElementNode && blockElements[n.Data]
		if block {
			b.WriteString("\n\n")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			b.WriteString("\n\n")
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return b.String()
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
