package analysis

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/corpus"
)

var update = flag.Bool("update", false, "re-record testdata/version.golden.json from Analyze's output")

// versionGolden is Analyze's output on testdata/version/*.txt, recorded
// under the Version it was recorded at.
const versionGolden = "testdata/version.golden.json"

// golden is the recorded file: the version beside the output.
type golden struct {
	Version  int
	Articles map[string][]corpus.Passage
}

// TestVersion fails when Analyze's output on the fixture changes while
// Version stays the same: stored passages would then keep the old dates
// and credits, because nothing would tell the app to recompute them.
func TestVersion(t *testing.T) {
	got := golden{Version: Version, Articles: analyzeFixtures(t)}
	gotJSON, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	gotJSON = append(gotJSON, '\n')
	if *update {
		if err := os.WriteFile(versionGolden, gotJSON, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	wantJSON, err := os.ReadFile(versionGolden)
	if err != nil {
		t.Fatalf("%v (go test ./analysis -run TestVersion -update records it)", err)
	}
	var want golden
	if err := json.Unmarshal(wantJSON, &want); err != nil {
		t.Fatalf("%s: %v", versionGolden, err)
	}
	switch {
	case want.Version != Version:
		t.Fatalf("analysis.Version is %d but %s was recorded under %d: re-record with -update "+
			"(go test ./analysis -run TestVersion -update)", Version, versionGolden, want.Version)
	case !bytes.Equal(gotJSON, wantJSON):
		t.Fatalf("the analysis output changed under analysis.Version %d: bump analysis.Version and re-record "+
			"with -update (go test ./analysis -run TestVersion -update), then review the diff of %s\n%s",
			Version, versionGolden, firstDifference(got, want))
	}
}

// analyzeFixtures analyses every fixture article, by file name.
func analyzeFixtures(t *testing.T) map[string][]corpus.Passage {
	t.Helper()
	paths, err := filepath.Glob("testdata/version/*.txt")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures in testdata/version: %v", err)
	}
	out := map[string][]corpus.Passage{}
	for _, path := range paths {
		a := readFixture(t, path)
		out[filepath.Base(path)] = Analyze(a)
	}
	return out
}

// readFixture reads a fixture article: a "published: RFC 3339" line, a
// blank line, then the body as the parsers leave it (paragraphs separated
// by one blank line).
func readFixture(t *testing.T, path string) corpus.Article {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	head, body, ok := strings.Cut(string(data), "\n\n")
	stamp, found := strings.CutPrefix(head, "published: ")
	if !ok || !found {
		t.Fatalf("%s: want a \"published: \" line and a blank line first", path)
	}
	published, err := time.Parse(time.RFC3339, stamp)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	a := corpus.Article{Title: filepath.Base(path), Published: published, Body: strings.TrimRight(body, "\n")}
	a.ID = corpus.ArticleID(a)
	return a
}

// firstDifference names the first passage whose analysis changed.
func firstDifference(got, want golden) string {
	for _, name := range slices.Sorted(maps.Keys(got.Articles)) {
		ps := got.Articles[name]
		old, ok := want.Articles[name]
		if !ok {
			return fmt.Sprintf("%s is new", name)
		}
		for i := range max(len(ps), len(old)) {
			g, w := "(none)", "(none)"
			if i < len(ps) {
				g = brief(ps[i])
			}
			if i < len(old) {
				w = brief(old[i])
			}
			if g != w {
				return fmt.Sprintf("%s passage %d:\n got %s\nwant %s", name, i, g, w)
			}
		}
	}
	return "a fixture was removed"
}

// brief is a passage's analysis in a line: its span, mentions and credits.
func brief(p corpus.Passage) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d-%d", p.Start, p.End)
	for _, m := range p.Mentions {
		fmt.Fprintf(&b, " [%s=%s %s %s]", m.Text, m.Value, m.Mod, m.Precision)
	}
	for _, c := range p.Credits {
		fmt.Fprintf(&b, " {%d-%d %s}", c.Start, c.End, c.Who)
	}
	return b.String()
}
