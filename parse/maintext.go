package parse

import (
	"fmt"
	"net/url"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html"
)

// MainText is a web page's main text, paragraphs separated by "\n\n", as
// readability finds it: what a feed item that carries only a summary is
// completed from. Unlike ParseHTML it needs no title or date (the feed
// gives them).
func MainText(data []byte, pageURL string) (string, error) {
	if len(data) > MaxFileSize {
		return "", fmt.Errorf("%w (%d bytes)", ErrTooLarge, len(data))
	}
	if why := binaryReason(data); why != "" {
		return "", fmt.Errorf("%w: %s", ErrBinary, why)
	}
	text, _ := htmlToUTF8(trimBOM(data))
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return "", fmt.Errorf("%w HTML: %v", ErrMalformed, err)
	}
	base, _ := url.Parse(pageURL)
	if base != nil && base.Host == "" {
		base = nil
	}
	page, err := readability.FromDocument(doc, base)
	if err != nil || page.Node == nil {
		return "", fmt.Errorf("%w: readability found no article in the page", ErrMissingBody)
	}
	body := normalize(render.InnerText(page.Node), lineParagraphs)
	if body == "" {
		return "", fmt.Errorf("%w: the page has no text", ErrMissingBody)
	}
	return body, nil
}
