package timex

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

// readShared reads a file of the shared development data, skipping the test
// when the data is not on this machine (it is never copied into the repo).
func readShared(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		tb.Skipf("%s is absent", path)
	}
	if err != nil {
		tb.Fatalf("read %s: %v", path, err)
	}
	return string(b)
}

// reutersBodies reads the "body" of every article in the Reuters-21578
// JSON Lines file, skipping lines without one.
func reutersBodies(tb testing.TB) []string {
	tb.Helper()
	const path = "../../shared/data/reuters21578/reuters21578.jsonl"
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		tb.Skipf("%s is absent", path)
	}
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
