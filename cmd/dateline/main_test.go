package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// binary is the dateline command built once for the tests that run it as a
// subprocess (as a user would).
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "dateline-cli")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "dateline")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build dateline:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

// dateline runs the built binary with a private cache dir and data dir.
func dateline(t *testing.T, dataDir string, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, append([]string{"--data", dataDir}, args...)...)
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(dataDir, "..", "cache"), "HOME="+filepath.Join(dataDir, ".."))
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run dateline %v: %v", args, err)
	}
	return result{out.String(), errb.String(), code}
}

func seedPath(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs("../../sample/seed-article.txt")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// readSeed returns the seed's text as the store keeps it: the parser turns
// the source's non-breaking spaces into plain spaces, and quotes are exact
// substrings of the stored body.
func readSeed(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(seedPath(t))
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "\u00a0", " ")
}

func newDataDir(t *testing.T) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "data")
}

func TestIngestSeedThenSearchAndWhen(t *testing.T) {
	data := newDataDir(t)
	r := dateline(t, data, "", "ingest", seedPath(t))
	if r.code != 0 || !strings.Contains(r.stdout, "added 1, duplicates 0, failed 0") {
		t.Fatalf("ingest: code %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}

	r = dateline(t, data, "", "search", "Hmeimim", "--json")
	if r.code != 0 {
		t.Fatalf("search: code %d: %s", r.code, r.stderr)
	}
	var res struct {
		Query string `json:"query"`
		Total int    `json:"total"`
		Hits  []struct {
			Score   float64 `json:"score"`
			Quote   string  `json:"quote"`
			Article struct {
				Title, Published string
			} `json:"article"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatalf("search JSON: %v\n%s", err, r.stdout)
	}
	seed := readSeed(t)
	if res.Query != "Hmeimim" || res.Total == 0 || len(res.Hits) == 0 {
		t.Fatalf("search hmeimim: %+v", res)
	}
	for _, h := range res.Hits {
		if !strings.Contains(h.Quote, "Hmeimim") || !strings.Contains(seed, h.Quote) {
			t.Errorf("quote is not a verbatim Hmeimim passage of the seed: %q", h.Quote)
		}
		if !strings.HasPrefix(h.Article.Title, "Putin to host Syria") || h.Article.Published != "2026-01-27" {
			t.Errorf("article = %+v", h.Article)
		}
	}

	r = dateline(t, data, "", "search", "Hmeimim")
	if r.code != 0 || !strings.Contains(r.stdout, "Hmeimim") || !strings.Contains(r.stdout, "27 Jan 2026") ||
		!strings.Contains(r.stdout, "Putin to host Syria") {
		t.Errorf("search text output lacks quote, title or date:\n%s", r.stdout)
	}

	r = dateline(t, data, "", "when", "russia", "qamishli", "--json")
	if r.code != 0 {
		t.Fatalf("when: code %d: %s", r.code, r.stderr)
	}
	checkWhenContract(t, r.stdout, seed)
}

// checkWhenContract checks `when --json` against CONTRACTS.md, field by field.
func checkWhenContract(t *testing.T, out, seed string) {
	t.Helper()
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("when JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"query", "total", "entries"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("when JSON lacks %q", k)
		}
	}
	var entries []map[string]json.RawMessage
	if err := json.Unmarshal(raw["entries"], &entries); err != nil || len(entries) == 0 {
		t.Fatalf("entries: %v (%d)", err, len(entries))
	}
	var prev string
	for _, e := range entries {
		for _, k := range []string{"date", "precision", "approximate", "date_text", "quote", "attribution", "article"} {
			if _, ok := e[k]; !ok {
				t.Errorf("entry lacks %q", k)
			}
		}
		var date, precision, quote string
		json.Unmarshal(e["date"], &date)
		json.Unmarshal(e["precision"], &precision)
		json.Unmarshal(e["quote"], &quote)
		switch precision {
		case "day", "month", "year", "week", "quarter", "season", "decade", "century":
		default:
			t.Errorf("precision %q is not in the contract", precision)
		}
		if !strings.Contains(seed, quote) || quote == "" {
			t.Errorf("quote is not verbatim: %q", quote)
		}
		if date < prev && len(date) == len(prev) {
			t.Errorf("entries not chronological: %s after %s", date, prev)
		}
		prev = date
		var art map[string]json.RawMessage
		json.Unmarshal(e["article"], &art)
		for _, k := range []string{"id", "title", "outlet", "url", "published"} {
			if _, ok := art[k]; !ok {
				t.Errorf("article lacks %q", k)
			}
		}
	}
}

func TestSampleCorpusWithoutData(t *testing.T) {
	data := newDataDir(t)
	r := dateline(t, data, "", "when", "russia", "qamishli")
	if r.code != 0 {
		t.Fatalf("when on a fresh clone: code %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "sample corpus") {
		t.Errorf("stderr does not say the answer comes from the sample: %s", r.stderr)
	}
	if !strings.Contains(r.stdout, "Qamishli") {
		t.Errorf("no Qamishli passage from the sample:\n%s", r.stdout)
	}
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Errorf("answering from the sample created the data dir (%v)", err)
	}
}

func TestIngestSampleFlag(t *testing.T) {
	data := newDataDir(t)
	if r := dateline(t, data, "", "ingest", "--sample"); r.code != 0 {
		t.Fatalf("ingest --sample: %d %s", r.code, r.stderr)
	}
	r := dateline(t, data, "", "search", "Hmeimim")
	if r.code != 0 || strings.Contains(r.stderr, "sample corpus") || !strings.Contains(r.stdout, "Hmeimim") {
		t.Errorf("after ingest --sample: code %d stdout %s stderr %s", r.code, r.stdout, r.stderr)
	}
}

func TestHostileQueriesAreWords(t *testing.T) {
	data := newDataDir(t)
	if r := dateline(t, data, "", "ingest", seedPath(t)); r.code != 0 {
		t.Fatal(r.stderr)
	}
	long := strings.Repeat("qamishli ", 560) // over 5,000 characters
	for _, q := range []string{`+russia -qamishli`, `title:russia`, `russ*`, `"russian forces`, `(a OR b) AND c~2`, `\russia`, `russia:`, long} {
		r := dateline(t, data, "", "search", "--json", q)
		if r.code != 0 {
			t.Errorf("query %.40q: code %d: %s", q, r.code, r.stderr)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	data := newDataDir(t)
	for _, args := range [][]string{{}, {"frobnicate"}, {"when"}, {"when", "--limit", "0", "x"}, {"ingest"}, {"dates", "--dct", "yesterday"}} {
		if r := dateline(t, data, "", args...); r.code != 2 {
			t.Errorf("%v: code %d, want 2 (stderr %s)", args, r.code, r.stderr)
		}
	}
	if r := dateline(t, data, "", "version"); r.code != 0 || !strings.HasPrefix(r.stdout, "dateline ") {
		t.Errorf("version: %+v", r)
	}
}

func TestArticleAndRemove(t *testing.T) {
	data := newDataDir(t)
	// A second article keeps the data directory from being empty after the
	// removal (an empty one answers from the built-in sample).
	other := filepath.Join(t.TempDir(), "other.txt")
	writeFile(t, other, "Bridge reopens\n\nJanuary 5, 2026\n\nThe bridge reopened on 4 January.\n")
	if r := dateline(t, data, "", "ingest", seedPath(t), other); r.code != 0 {
		t.Fatal(r.stderr)
	}
	var res struct {
		Hits []struct {
			Article struct{ ID string } `json:"article"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(dateline(t, data, "", "search", "--json", "Hmeimim").stdout), &res); err != nil || len(res.Hits) == 0 {
		t.Fatalf("search: %v", err)
	}
	id := res.Hits[0].Article.ID
	r := dateline(t, data, "", "article", "--json", id)
	var art struct{ ID, Title, Published, Body string }
	if err := json.Unmarshal([]byte(r.stdout), &art); err != nil || art.ID != id || !strings.Contains(readSeed(t), art.Body[:80]) ||
		art.Published != "2026-01-27T00:00:00Z" {
		t.Fatalf("article --json: %v %+v", err, art)
	}
	if r := dateline(t, data, "", "article", "nope"); r.code != 1 || !strings.Contains(r.stderr, "not found") {
		t.Errorf("unknown id: %+v", r)
	}
	if r := dateline(t, data, "", "remove", "--by", "editor", id); r.code != 0 || !strings.Contains(r.stdout, "removed "+id) {
		t.Fatalf("remove: %+v", r)
	}
	if r := dateline(t, data, "", "article", id); r.code != 1 {
		t.Errorf("article after remove: %+v", r)
	}
	if r := dateline(t, data, "", "remove", id); r.code != 1 || !strings.Contains(r.stderr, "not found") {
		t.Errorf("second remove: %+v", r)
	}
}
