package parse

import (
	"encoding/json"
	"strings"

	"golang.org/x/net/html"
)

// ldArticle is what a page's JSON-LD says about its article: the first
// object whose @type is a NewsArticle (or another schema.org Article type),
// found at the top level, in an array or in an @graph.
type ldArticle struct {
	Headline  string
	Published string // datePublished as written; ParsePublished reads it
	Author    string // names, ", "-joined
	Publisher string
	URL       string
}

// ldArticleTypes are the schema.org types read as an article.
var ldArticleTypes = map[string]bool{
	"newsarticle": true, "article": true, "reportagenewsarticle": true, "analysisnewsarticle": true,
	"backgroundnewsarticle": true, "opinionnewsarticle": true, "reviewnewsarticle": true,
	"askpublicnewsarticle": true, "liveblogposting": true, "blogposting": true, "report": true,
}

// Limits on hostile JSON-LD: a script larger than this is skipped, and
// objects nested deeper are not searched.
const (
	maxLDScript = 1 << 20
	maxLDDepth  = 8
)

// readJSONLD finds the page's article in its application/ld+json scripts.
func readJSONLD(doc *html.Node) ldArticle {
	var found ldArticle
	var ok bool
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if ok {
			return
		}
		if n.Type == html.ElementNode && n.Data == "script" && isLDJSON(attr(n, "type")) {
			if n.FirstChild != nil && n.FirstChild.Type == html.TextNode && len(n.FirstChild.Data) <= maxLDScript {
				var v any
				if json.Unmarshal([]byte(n.FirstChild.Data), &v) == nil {
					found, ok = findLDArticle(v, 0)
				}
			}
			return
		}
		for c := n.FirstChild; c != nil && !ok; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return found
}

func isLDJSON(typ string) bool {
	mediaType, _, _ := strings.Cut(typ, ";")
	return strings.EqualFold(strings.TrimSpace(mediaType), "application/ld+json")
}

func findLDArticle(v any, depth int) (ldArticle, bool) {
	if depth > maxLDDepth {
		return ldArticle{}, false
	}
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			if a, ok := findLDArticle(e, depth+1); ok {
				return a, true
			}
		}
	case map[string]any:
		if isLDArticle(v["@type"]) {
			return ldArticle{
				Headline:  firstNonEmpty(ldString(v["headline"]), ldString(v["name"])),
				Published: ldString(v["datePublished"]),
				Author:    ldNames(v["author"], 0),
				Publisher: ldNames(v["publisher"], 0),
				URL:       firstNonEmpty(ldString(v["url"]), ldID(v["mainEntityOfPage"])),
			}, true
		}
		if g, ok := v["@graph"]; ok {
			return findLDArticle(g, depth+1)
		}
	}
	return ldArticle{}, false
}

func isLDArticle(t any) bool {
	switch t := t.(type) {
	case string:
		return ldArticleTypes[strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(t, "https://schema.org/"), "http://schema.org/"))]
	case []any:
		for _, e := range t {
			if isLDArticle(e) {
				return true
			}
		}
	}
	return false
}

func ldString(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(s)
}

// ldID is a URL given as a string or as {"@id": …}.
func ldID(v any) string {
	if m, ok := v.(map[string]any); ok {
		return ldString(m["@id"])
	}
	return ldString(v)
}

// ldNames reads a person or organisation given as a string, an object with
// a name, or an array of those.
func ldNames(v any, depth int) string {
	switch v := v.(type) {
	case string:
		return notURL(strings.TrimSpace(v))
	case map[string]any:
		return ldString(v["name"])
	case []any:
		if depth > 0 {
			return ""
		}
		var names []string
		for _, e := range v {
			if n := ldNames(e, depth+1); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}
