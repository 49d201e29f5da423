package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
)

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func articleJSON(title, body, url string, day int) string {
	b, _ := json.Marshal(map[string]any{
		"title": title, "body": body, "url": url, "outlet": "Test Wire",
		"published": fmt.Sprintf("2026-01-%02dT10:00:00Z", 1+day%28),
	})
	return string(b)
}

type ingestJSON struct {
	Added      int `json:"added"`
	Duplicates int `json:"duplicates"`
	Failed     int `json:"failed"`
	Failures   []struct {
		Path  string `json:"path"`
		Line  int    `json:"line"`
		Error string `json:"error"`
	} `json:"failures"`
}

func ingest(t *testing.T, data string, paths ...string) (ingestJSON, result) {
	t.Helper()
	r := dateline(t, data, "", append([]string{"ingest", "--json"}, paths...)...)
	var rep ingestJSON
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("ingest JSON: %v\nstdout %s\nstderr %s", err, r.stdout, r.stderr)
	}
	return rep, r
}

func TestDuplicatesByURLVariantAndBody(t *testing.T) {
	dir := t.TempDir()
	body := "The council met on Monday and approved the plan.\n\nIt takes effect in March."
	lines := []string{
		articleJSON("Council approves plan", body, "https://example.org/news/council?utm_source=x", 1),
		articleJSON("Council approves plan (copy)", "A different body so only the URL matches.", "http://EXAMPLE.org/news/council/#top", 2),
		articleJSON("Council approves plan again", body, "", 3),                                             // same body, no URL
		articleJSON("Another story", "Rain fell in the valley on Tuesday.", "https://example.org/other", 4), // new
	}
	writeFile(t, filepath.Join(dir, "batch.jsonl"), strings.Join(lines, "\n")+"\n")
	data := newDataDir(t)
	rep, r := ingest(t, data, filepath.Join(dir, "batch.jsonl"))
	if r.code != 0 || rep.Added != 2 || rep.Duplicates != 2 || rep.Failed != 0 {
		t.Fatalf("first ingest: %+v (code %d, %s)", rep, r.code, r.stderr)
	}
	rep, r = ingest(t, data, filepath.Join(dir, "batch.jsonl"))
	if r.code != 0 || rep.Added != 0 || rep.Duplicates != 4 {
		t.Fatalf("second ingest: %+v", rep)
	}
}

func TestBatchWithBrokenFiles(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 100; i++ {
		path := filepath.Join(dir, fmt.Sprintf("sub%d/a%03d.json", i%4, i))
		text := articleJSON(fmt.Sprintf("Story %d", i), fmt.Sprintf("Story number %d happened on 3 January.", i), "", i)
		switch i {
		case 13:
			text = `{"title": "no body"}`
		case 42:
			text = `{"title": "broken", "body": `
		case 77:
			text = "\x00\x01\x02binary\x00"
		}
		writeFile(t, path, text)
	}
	rep, r := ingest(t, newDataDir(t), dir)
	if r.code != 1 {
		t.Errorf("exit code %d, want 1", r.code)
	}
	if rep.Added != 97 || rep.Failed != 3 || len(rep.Failures) != 3 {
		t.Fatalf("report %+v", rep)
	}
	failed := map[string]bool{}
	for _, f := range rep.Failures {
		if f.Error == "" {
			t.Errorf("failure without an error: %+v", f)
		}
		failed[filepath.Base(f.Path)] = true
	}
	for _, want := range []string{"a013.json", "a042.json", "a077.json"} {
		if !failed[want] {
			t.Errorf("%s is not among the failures %+v", want, rep.Failures)
		}
	}
	if r := dateline(t, newDataDir(t), "", "ingest", dir); !strings.Contains(r.stdout, "added 97, duplicates 0, failed 3") {
		t.Errorf("text summary: %q", r.stdout)
	}
}

func TestReindexGivesSameAnswers(t *testing.T) {
	data := newDataDir(t)
	if r := dateline(t, data, "", "ingest", seedPath(t)); r.code != 0 {
		t.Fatal(r.stderr)
	}
	queries := [][]string{{"search", "--json", "Hmeimim"}, {"when", "--json", "russia", "qamishli"}, {"search", "--json", "Kremlin talks"}}
	var before []string
	for _, q := range queries {
		before = append(before, dateline(t, data, "", q...).stdout)
	}
	if r := dateline(t, data, "", "reindex"); r.code != 0 || !strings.Contains(r.stdout, "reindexed 1 articles") {
		t.Fatalf("reindex: %+v", r)
	}
	for i, q := range queries {
		if after := dateline(t, data, "", q...).stdout; after != before[i] {
			t.Errorf("%v differs after reindex:\nbefore %s\nafter %s", q, before[i], after)
		}
	}
	// A corrupt index is rebuilt on start, with a log line.
	if err := os.WriteFile(filepath.Join(data, app.IndexFile, "index_meta.json"), []byte("{garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := dateline(t, data, "", queries[0]...)
	if r.stdout != before[0] || !strings.Contains(r.stderr, "rebuilding") {
		t.Errorf("after corrupting the index: stdout %s\nstderr %s", r.stdout, r.stderr)
	}
}

func TestSecondProcessFailsFastWhenIndexIsHeld(t *testing.T) {
	data := newDataDir(t)
	if r := dateline(t, data, "", "ingest", seedPath(t)); r.code != 0 {
		t.Fatal(r.stderr)
	}
	held, err := app.OpenDir(context.Background(), data, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	start := time.Now()
	r := dateline(t, data, "", "search", "Hmeimim")
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("second process took %s to give up", took)
	}
	if r.code == 0 || !strings.Contains(r.stderr, "in use by another dateline process") {
		t.Errorf("code %d stderr %s", r.code, r.stderr)
	}
}

// TestCrashDuringIngest kills an ingest of 20,000 articles at a random moment
// and checks that nothing stored is lost or doubled, and that a second run
// adds exactly the missing articles.
func TestCrashDuringIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: ingests 20,000 articles")
	}
	const total = 20000
	dir := t.TempDir()
	for f := 0; f < 20; f++ {
		var sb strings.Builder
		for i := f * 1000; i < (f+1)*1000; i++ {
			body := fmt.Sprintf("Report zq%dx from the northern district on 12 January.\n\n"+
				"Officials said the convoy number %d reached the border crossing last week.", i, i)
			sb.WriteString(articleJSON(fmt.Sprintf("Convoy report %d", i), body, fmt.Sprintf("https://example.org/c/%d", i), i))
			sb.WriteByte('\n')
		}
		writeFile(t, filepath.Join(dir, fmt.Sprintf("part%02d.jsonl", f)), sb.String())
	}
	data := newDataDir(t)
	cmd := exec.Command(binary, "--data", data, "ingest", dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the store exists, then kill at a random moment of the ingest.
	for i := 0; i < 200; i++ {
		if _, err := os.Stat(filepath.Join(data, app.DBFile)); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(time.Duration(200+rand.IntN(2500)) * time.Millisecond)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	ctx := context.Background()
	a, err := app.OpenDir(ctx, data, nil) // recovery: index what the store holds
	if err != nil {
		t.Fatal(err)
	}
	stored, err := a.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("killed the ingest with %d of %d articles stored", stored, total)
	if stored == total {
		t.Log("the ingest finished before the kill; recovery checked on a complete store")
	}
	check, err := a.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !check.OK() {
		t.Fatalf("after the crash: %d stored passages, %d indexed, missing %v", check.Passages, check.IndexedPassages, check.Missing[:min(5, len(check.Missing))])
	}
	// Spot-check: stored articles are searchable, each exactly once.
	for _, n := range []int{0, stored / 2, stored - 1} {
		if stored == 0 {
			break
		}
		q, _ := answer.ParseQuery(fmt.Sprintf("zq%dx", n), answer.Filters{}, time.Now())
		res, err := a.Search(ctx, app.Caller{}, q)
		if err != nil || res.Total != 1 {
			t.Errorf("article %d: total %d, err %v", n, res.Total, err)
		}
	}
	a.Close()

	rep, r := ingest(t, data, dir)
	if r.code != 0 || rep.Added != total-stored || rep.Duplicates != stored {
		t.Fatalf("re-ingest after crash with %d stored: %+v", stored, rep)
	}
	a, err = app.OpenDir(ctx, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if check, err = a.Check(ctx); err != nil || !check.OK() || check.Articles != total {
		t.Fatalf("after re-ingest: %+v, %v", check, err)
	}
}

// TestIngestProgressLines: with stderr not a terminal, progress comes as
// plain lines on stderr; stdout keeps the summary exactly as before.
func TestIngestProgressLines(t *testing.T) {
	dir := t.TempDir()
	for i := range 3 {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("a%d.json", i)),
			articleJSON(fmt.Sprintf("Story %d", i), fmt.Sprintf("Story number %d happened on 3 January.", i), "", i))
	}
	// A .jsonl file's lines are counted beforehand: one big file shows its progress too.
	var lines []string
	for i := range 4 {
		lines = append(lines, articleJSON(fmt.Sprintf("Line %d", i), fmt.Sprintf("Line story %d happened on 4 January.", i), "", i))
	}
	writeFile(t, filepath.Join(dir, "batch.jsonl"), strings.Join(lines, "\n\n")+"\n")
	r := dateline(t, newDataDir(t), "", "ingest", "--progress-every", "1ns", dir)
	if r.code != 0 || r.stdout != "added 7, duplicates 0, failed 0\n" {
		t.Fatalf("code %d stdout %q", r.code, r.stdout)
	}
	for _, want := range []string{"ingest: 0/4 files, 1 of 7 articles, ", "ingest: 3/4 files, 5 of 7 articles, ", "ingest: 4/4 files, 7 of 7 articles, ", " left\n"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	// At the default interval a short ingest writes no progress line at all.
	if r := dateline(t, newDataDir(t), "", "ingest", dir); strings.Contains(r.stderr, "ingest: ") {
		t.Errorf("progress line in a short ingest: %s", r.stderr)
	}
}
