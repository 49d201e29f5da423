package parse

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/corpus"
)

func TestParseSeedArticle(t *testing.T) {
	data := readFile(t, "../sample/seed-article.txt")
	items := Parse("seed-article.txt", data)
	if len(items) != 1 || items[0].Err != nil {
		t.Fatalf("items = %+v", items)
	}
	a := items[0].Article
	if want := "Putin to host Syria’s self-proclaimed president as Russia quietly withdraws troops"; a.Title != want {
		t.Errorf("title = %q, want %q", a.Title, want)
	}
	if want := time.Date(2026, 1, 27, 0, 0, 0, 0, time.UTC); !a.Published.Equal(want) {
		t.Errorf("published = %v, want %v", a.Published, want)
	}
	if !strings.HasPrefix(a.Body, "Russian forces have carried out a limited redeployment from Qamishli Airport") {
		t.Errorf("body starts %q", a.Body[:min(80, len(a.Body))])
	}
	// The lines holding a lone NBSP are blank: no paragraph is only white space,
	// and the NBSPs inside "cited by Shafaq News" are plain spaces.
	for i, p := range strings.Split(a.Body, "\n\n") {
		if strings.TrimSpace(strings.ReplaceAll(p, "\u00a0", " ")) == "" {
			t.Errorf("paragraph %d is blank", i)
		}
	}
	if !strings.Contains(a.Body, "according to a security source cited by Shafaq News last week.") {
		t.Error("the Shafaq News sentence is not in the body with plain spaces")
	}
	if !strings.Contains(a.Body, "\n\nThe source said the evacuation began on 23 January") {
		t.Error("the 23 January paragraph is not a paragraph of its own")
	}
}

func TestParseErrorsAreNamedAndMatchTheirReason(t *testing.T) {
	big := make([]byte, MaxFileSize+1)
	tests := []struct {
		name     string
		file     string
		data     string
		want     error
		wantText string // the whole message, place included
	}{
		{"unknown extension", "notes.docx", "x", ErrUnknownFormat, `notes.docx: unknown file extension ".docx"`},
		{"no extension", "README", "x", ErrUnknownFormat, `README: unknown file extension ""`},
		{"too large", "big.txt", string(big), ErrTooLarge, "big.txt: file is larger than the 10 MiB limit"},
		{"binary", "a.txt", "\x00\x01\x02", ErrBinary, "a.txt: binary content"},
		{"missing title jsonl", "a.jsonl", strings.Repeat(`{"title":"t","body":"b","published":"2026-01-27"}`+"\n", 6) + `{"body":"b","published":"2026-01-27"}`, ErrMissingTitle, `a.jsonl line 7: missing "title"`},
		{"missing body json", "a.json", `{"title":"t","published":"2026-01-27"}`, ErrMissingBody, `a.json: missing "body"`},
		{"blank body json", "a.json", `{"title":"t","body":" \u00a0\n\n ","published":"2026-01-27"}`, ErrMissingBody, `a.json: missing "body"`},
		{"missing published json", "a.json", `{"title":"t","body":"b"}`, ErrMissingPublished, `a.json: missing "published" date`},
		{"bad date json", "a.json", `{"title":"t","body":"b","published":"yesterday"}`, ErrBadDate, `a.json: "published": unreadable date "yesterday"`},
		{"malformed json", "a.json", `{"title": }`, ErrMalformed, "a.json: malformed JSON at line 1, column 11"},
		{"jsonl named .json", "a.json", "{\"title\":\"t\"}\n{\"title\":\"u\"}", ErrMalformed, "a.json: malformed JSON at line 2, column 1: invalid character '{' after top-level value (a .json file holds one object or one array; for one article per line, name the file .jsonl)"},
		{"malformed jsonl", "a.jsonl", "{\"title\": }", ErrMalformed, "a.jsonl line 1: malformed JSON at column 11"},
		{"field type", "a.json", `{"title":["t"],"body":"b","published":"2026-01-27"}`, ErrFieldType, `a.json: "title" must be a string, not a list`},
		{"title too long", "a.txt", strings.Repeat("word ", 1000) + "\nJan 27, 2026\n\nBody.", ErrTooLong, `a.txt: "title" is 4999 bytes long; the limit is 2000`},
		{"too many tags", "a.json", `{"title":"t","body":"b","published":"2026-01-27","tags":[` + manyTags(201) + `]}`, ErrTooLong, "a.json: 201 tags; the limit is 200"},
		{"txt date", "a.txt", "Title\nnot a date\n\nBody", ErrBadDate, `a.txt line 2: unreadable date "not a date"`},
		{"md front matter", "a.md", "Title\n\nBody", ErrMalformed, "a.md: missing front matter"},
		{"html date", "a.html", "<title>t</title><p>text</p>", ErrMissingPublished, `a.html: missing "published" date`},
	}
	for _, tt := range tests {
		items := Parse(tt.file, []byte(tt.data))
		var failed *Item
		for i := range items {
			if items[i].Err != nil {
				failed = &items[i]
				break
			}
		}
		if failed == nil {
			t.Errorf("%s: no failed item in %+v", tt.name, items)
			continue
		}
		if !errors.Is(failed.Err, tt.want) {
			t.Errorf("%s: error %q is not %v", tt.name, failed.Err, tt.want)
		}
		if !strings.HasPrefix(failed.Err.Error(), tt.wantText) {
			t.Errorf("%s: error = %q, want it to start %q", tt.name, failed.Err, tt.wantText)
		}
		var pe *ParseError
		if !errors.As(failed.Err, &pe) || pe.File != tt.file || strings.Contains(pe.Reason(), tt.file) {
			t.Errorf("%s: %#v does not name the file once, in File", tt.name, failed.Err)
		}
	}
}

func TestParseJSONLOneBadLineFailsAlone(t *testing.T) {
	var lines []string
	for i := 1; i <= 100; i++ {
		switch i {
		case 13:
			lines = append(lines, `{"title": "broken"`)
		case 50:
			lines = append(lines, "")
		case 77:
			lines = append(lines, `{"title": "no date", "body": "b"}`)
		default:
			lines = append(lines, `{"title": "t`+strings.Repeat("x", i)+`", "body": "b", "published": "2026-01-27"}`)
		}
	}
	items := Parse("batch.jsonl", []byte(strings.Join(lines, "\n")))
	if len(items) != 99 {
		t.Fatalf("%d items, want 99 (the blank line is skipped)", len(items))
	}
	var failedLines []int
	ids := map[string]bool{}
	for _, it := range items {
		if it.Err != nil {
			failedLines = append(failedLines, it.Line)
			continue
		}
		ids[it.Article.ID] = true
	}
	if len(failedLines) != 2 || failedLines[0] != 13 || failedLines[1] != 77 {
		t.Errorf("failed lines = %v, want [13 77]", failedLines)
	}
	if len(ids) != 97 {
		t.Errorf("%d distinct ids among 97 different articles", len(ids))
	}
}

func TestParseJSONSingleObjectAndArrayAgree(t *testing.T) {
	obj := `{"title":"t","body":"b","published":"2026-01-27","url":"http://example.com/a/?utm_source=x"}`
	one := Parse("a.json", []byte(obj))
	arr := Parse("a.json", []byte("["+obj+"]"))
	line := Parse("a.jsonl", []byte(obj+"\n"))
	if len(one) != 1 || len(arr) != 1 || len(line) != 1 || one[0].Err != nil || arr[0].Err != nil || line[0].Err != nil {
		t.Fatalf("one=%+v arr=%+v line=%+v", one, arr, line)
	}
	if one[0].Line != 0 || arr[0].Line != 1 || line[0].Line != 1 {
		t.Errorf("lines: object %d, array %d, jsonl %d; want 0, 1, 1", one[0].Line, arr[0].Line, line[0].Line)
	}
	if one[0].Article.ID != arr[0].Article.ID || one[0].Article.ID != corpus.ArticleID(corpus.Article{URL: "https://example.com/a"}) {
		t.Error("the same article gets different ids")
	}
}

func TestParseUppercaseExtension(t *testing.T) {
	items := Parse("SEED.TXT", []byte("Title\nJan 27, 2026\n\nBody."))
	if len(items) != 1 || items[0].Err != nil {
		t.Fatalf("items = %+v", items)
	}
}

func TestParseHTMLUsesPageURLWhenNoCanonical(t *testing.T) {
	page := `<html><head><title>Port reopens</title><meta property="article:published_time" content="2026-01-30"></head>` +
		`<body><article><p>The port reopened on Friday.</p><p>Ships returned.</p></article></body></html>`
	it := ParseHTML("fetched", []byte(page), "http://coast.example/port/?utm_medium=rss")
	if it.Err != nil {
		t.Fatal(it.Err)
	}
	if it.Article.URL != "http://coast.example/port/" || it.Article.ID != corpus.ArticleID(corpus.Article{URL: "https://coast.example/port"}) {
		t.Errorf("url %q id %q", it.Article.URL, it.Article.ID)
	}
	if it.Article.Body != "The port reopened on Friday.\n\nShips returned." {
		t.Errorf("body = %q", it.Article.Body)
	}
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestUnknownFieldsWarningIsShort(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"title":"t","body":"b","published":"2026-01-27"`)
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&b, `,"k%03d":1`, i)
	}
	b.WriteString("}")
	items := Parse("a.json", []byte(b.String()))
	if len(items) != 1 || items[0].Err != nil || len(items[0].Warnings) != 1 {
		t.Fatalf("items = %+v", items)
	}
	if w := items[0].Warnings[0]; !strings.HasSuffix(w, `"k009" and 490 more`) {
		t.Errorf("warning = %q", w)
	}
}

func TestMarkdownText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"year at the start of a wrapped line is text", "Apple was founded in\n1976. It grew.", "Apple was founded in 1976. It grew."},
		{"numbered list after a blank line", "Steps:\n\n2. two\n3. three", "Steps:\n\ntwo\n\nthree"},
		{"list numbered 1 interrupts a paragraph", "Steps:\n1. one\n2. two", "Steps:\n\none\n\ntwo"},
		{"a paragraph after a list ends it", "- a\n\nText in\n2008. More", "a\n\nText in 2008. More"},
		{"bullet interrupts a paragraph", "Items:\n- a\n- b", "Items:\n\na\n\nb"},
		{"heading with closing hashes", "## Title ##\ntext", "Title\n\ntext"},
		{"hash without space is text", "#1 seller", "#1 seller"},
		{"link, image, bold, code", "See [the report](http://x/y) ![pic](p.jpg)**now** `x`", "See the report now x"},
		{"setext underline", "Title\n=====\ntext", "Title\n\ntext"},
		{"fence lines dropped", "```\ncode line\n```", "code line"},
		{"nested quote", "> > deep", "deep"},
	}
	for _, tt := range tests {
		if got := NormalizeBody(markdownText(tt.in)); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func manyTags(n int) string {
	tags := make([]string, n)
	for i := range tags {
		tags[i] = fmt.Sprintf("%q", fmt.Sprint("tag", i))
	}
	return strings.Join(tags, ",")
}

func TestParseHTMLRelativeCanonicalResolvedAndStripped(t *testing.T) {
	page := `<html><head><link rel="canonical" href="/2026/01/port?utm_campaign=x&amp;id=7&amp;fbclid=y">` +
		`<meta property="og:title" content="Port reopens"><meta property="article:published_time" content="2026-01-30T09:00:00Z"></head>` +
		`<body><article><p>The port reopened on Friday.</p></article></body></html>`
	it := ParseHTML("fetched", []byte(page), "https://coast.example/amp/port?utm_source=tw")
	if it.Err != nil {
		t.Fatal(it.Err)
	}
	if it.Article.URL != "https://coast.example/2026/01/port?id=7" {
		t.Errorf("url %q", it.Article.URL)
	}
}

func TestParseHTMLMetadataPrecedence(t *testing.T) {
	ld := `<script type="application/ld+json">{"@type":"NewsArticle","headline":"LD headline","datePublished":"2026-02-01T12:00:00Z",` +
		`"author":{"name":"LD Author"},"publisher":{"name":"LD Outlet"},"url":"https://ld.example/a"}</script>`
	body := `<body><article><p>The port reopened on Friday.</p></article></body>`
	tests := []struct {
		name, head                            string
		title, outlet, author, url, published string
	}{
		{"json-ld only", ld, "LD headline", "LD Outlet", "LD Author", "https://ld.example/a", "2026-02-01T12:00:00Z"},
		{"meta tags win", ld + `<meta property="og:title" content="OG title"><meta property="og:site_name" content="OG Outlet">` +
			`<meta name="author" content="Meta Author"><link rel="canonical" href="https://meta.example/a">` +
			`<meta property="article:published_time" content="2026-01-30T09:00:00Z">`,
			"OG title", "OG Outlet", "Meta Author", "https://meta.example/a", "2026-01-30T09:00:00Z"},
		{"json-ld date with offset", `<title>T</title><script type="application/ld+json">{"@type":"Article","datePublished":"2026-02-01T01:00:00+05:00"}</script>`,
			"T", "", "", "", "2026-01-31T20:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := ParseHTML("fetched", []byte(`<html><head>`+tt.head+`</head>`+body+`</html>`), "")
			if it.Err != nil {
				t.Fatal(it.Err)
			}
			a := it.Article
			got := []string{a.Title, a.Outlet, a.Author, a.URL, a.Published.Format(time.RFC3339)}
			want := []string{tt.title, tt.outlet, tt.author, tt.url, tt.published}
			if !slices.Equal(got, want) {
				t.Errorf("got %q\nwant %q", got, want)
			}
		})
	}
}
