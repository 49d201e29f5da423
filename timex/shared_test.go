package timex

import (
	"bufio"
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/internal/devdata"
)

// readSeed reads the seed article kept in the repository.
func readSeed(tb testing.TB) string {
	tb.Helper()
	b, err := os.ReadFile("../sample/seed-article.txt")
	if err != nil {
		tb.Fatalf("read the seed article: %v", err)
	}
	return string(b)
}

// reutersBodies reads the "body" of every article in the Reuters-21578
// JSON Lines file, skipping lines without one (and the test when the
// shared development data is absent).
func reutersBodies(tb testing.TB) []string {
	tb.Helper()
	path := devdata.Path(tb, "reuters21578", "reuters21578.jsonl")
	f, err := os.Open(path)
	if err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	var bodies []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var article struct {
			Body string `json:"body"`
		}
		if err := json.Unmarshal(sc.Bytes(), &article); err != nil {
			tb.Fatalf("parse %s: %v", path, err)
		}
		if article.Body != "" {
			bodies = append(bodies, article.Body)
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("read %s: %v", path, err)
	}
	return bodies
}

// tempevalDoc is the text of one TempEval-3 file and its creation time.
type tempevalDoc struct {
	name string
	text string
	dct  time.Time
}

var (
	tmlText = regexp.MustCompile(`(?s)<TEXT>(.*)</TEXT>`)
	tmlTag  = regexp.MustCompile(`<[^>]*>`)
	tmlDCT  = regexp.MustCompile(`<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>`)
	tmlVal  = regexp.MustCompile(`value="(\d{4}-\d{2}-\d{2})`)
)

// tempevalDocs reads the texts of the TempEval-3 files in one part of the
// set ("AQUAINT" or "TimeBank"), the way the scorer extracts them.
func tempevalDocs(tb testing.TB, part string) []tempevalDoc {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(devdata.Path(tb, "tempeval3-tbaq", part), "*.tml"))
	if err != nil {
		tb.Fatal(err)
	}
	var docs []tempevalDoc
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		m := tmlText.FindSubmatch(b)
		v := tmlVal.FindSubmatch(tmlDCT.Find(b))
		if m == nil || v == nil {
			tb.Fatalf("%s: no TEXT or no creation time", name)
		}
		dct, err := time.Parse("2006-01-02", string(v[1]))
		if err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
		text := html.UnescapeString(tmlTag.ReplaceAllString(string(m[1]), ""))
		docs = append(docs, tempevalDoc{name: strings.TrimSuffix(filepath.Base(name), ".tml"), text: text, dct: dct})
	}
	return docs
}
