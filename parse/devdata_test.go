package parse

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dateline-bot/dateline/corpus"
)

// The development sets in ../shared/data are not part of the repository:
// these tests and benchmarks skip when it is absent.
const devData = "../../shared/data"

func devDataPath(tb testing.TB, rel string) string {
	tb.Helper()
	path := filepath.Join(devData, rel)
	if _, err := os.Stat(path); err != nil {
		tb.Skipf("development data %s absent: %v", path, err)
	}
	return path
}

func TestParseWikinewsArticles(t *testing.T) {
	dir := devDataPath(t, "wikinews-apple/articles")
	paths, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no articles in %s: %v", dir, err)
	}
	for _, p := range paths {
		items := ParseFile(p)
		if len(items) != 1 || items[0].Err != nil || len(items[0].Warnings) > 0 {
			t.Errorf("%s: %+v", p, items)
			continue
		}
		if a := items[0].Article; a.Outlet != "Wikinews" || a.URL == "" {
			t.Errorf("%s: outlet %q url %q", p, a.Outlet, a.URL)
		}
	}
}

func TestParseReutersJSONL(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 18 MB")
	}
	items := ParseFile(devDataPath(t, "reuters21578/reuters21578.jsonl"))
	failed := 0
	for _, it := range items {
		if it.Err != nil {
			failed++
			if failed <= 5 {
				t.Errorf("%v", it.Err)
			}
		}
	}
	// The README counts 19,043 articles, every one with a title, body and date.
	if len(items) != 19043 || failed != 0 {
		t.Errorf("%d items, %d failed; want 19043 and 0", len(items), failed)
	}
	// It also counts 278 articles that repeat an earlier one's title and body
	// exactly (same content id: Reuters has no URLs) and 339 that repeat a
	// body; BodyHash, which ignores case and white space, finds at least those.
	ids, bodies := map[string]bool{}, map[string]bool{}
	sameID, sameBody := 0, 0
	for _, it := range items {
		h := corpus.BodyHash(it.Article.Body)
		if ids[it.Article.ID] {
			sameID++
		}
		if bodies[h] {
			sameBody++
		}
		ids[it.Article.ID], bodies[h] = true, true
	}
	if sameID != 278 || sameBody < 339 {
		t.Errorf("%d repeated ids (want 278), %d repeated bodies (want at least 339)", sameID, sameBody)
	}
}

// BenchmarkParseReutersJSONL measures the whole .jsonl path (UTF-8 check,
// JSON decoding, normalisation, date parsing, ids) on 19,043 articles.
func BenchmarkParseReutersJSONL(b *testing.B) {
	data, err := os.ReadFile(devDataPath(b, "reuters21578/reuters21578.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(Parse("reuters21578.jsonl", data))
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

func BenchmarkParseSeedTXT(b *testing.B) {
	data, err := os.ReadFile("../sample/seed-article.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		Parse("seed-article.txt", data)
	}
}

func BenchmarkParseHTML(b *testing.B) {
	data, err := os.ReadFile("testdata/html_article_meta_tags.html")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		Parse("page.html", data)
	}
}
