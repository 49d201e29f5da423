package app

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/analysis"
	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/internal/devdata"
	"github.com/dateline-bot/dateline/parse"
	"github.com/dateline-bot/dateline/timex"
)

// goldEvent is one dated event of a gold timeline, located by document and
// sentence (sentence S is body paragraph S-2, 0-based).
type goldEvent struct {
	doc      string
	sentence int
	date     string // YYYY-MM-DD with XX for unknown parts
}

type goldTimeline struct {
	entity string
	events []goldEvent
}

var (
	eventRef      = regexp.MustCompile(`^(\d+)-(\d+)-`)
	leadingDigits = regexp.MustCompile(`^\d+`)
)

func readTimelines(t *testing.T, wikinewsDir string) []goldTimeline {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(wikinewsDir, "timelines", "*.txt"))
	var out []goldTimeline
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		var tl goldTimeline
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if tl.entity == "" {
				tl.entity = line
				continue
			}
			fields := strings.Split(line, "\t")
			if len(fields) < 3 {
				continue
			}
			for _, ev := range fields[2:] {
				m := eventRef.FindStringSubmatch(ev)
				if m == nil {
					continue
				}
				s, _ := strconv.Atoi(m[2])
				tl.events = append(tl.events, goldEvent{doc: goldDoc(m[1]), sentence: s, date: fields[1]})
			}
		}
		f.Close()
		out = append(out, tl)
	}
	return out
}

// goldDoc corrects the one document id the gold gets wrong: the data's
// README says itunes_store.txt cites "9590-10-access" for document 9509
// (there is no 9590), so without this that gold event could never be found.
func goldDoc(id string) string {
	if id == "9590" {
		return "9509"
	}
	return id
}

// goldDates maps each gold event sentence (document, sentence number) to the
// dates of the dated events it holds, each at its own precision. A sentence
// may tell two events of different dates ("unveiled on June 7 … ships June
// 24"); an entry quoting it dates one of them rightly if its date is one of
// theirs.
func goldDates(events []goldEvent) map[[2]string][]string {
	out := map[[2]string][]string{}
	for _, ev := range events {
		p := goldPrefix(ev.date)
		if p == "" {
			continue
		}
		key := [2]string{ev.doc, itoa(ev.sentence)}
		if !slices.Contains(out[key], p) {
			out[key] = append(out[key], p)
		}
	}
	return out
}

// matchesAny says whether an answer's date is one of a sentence's gold dates.
func matchesAny(d answer.DateRef, golds []string) bool {
	return slices.ContainsFunc(golds, func(g string) bool { return dateMatches(d, g) })
}

// containsAny says whether an answer's date is coarser than one of the gold
// dates and contains it ("Jun 2010" for a gold 2010-06-07): right but not
// as precise as the text allows, counted as wrong by dateMatches and
// reported apart.
func containsAny(d answer.DateRef, golds []string) bool {
	return slices.ContainsFunc(golds, func(g string) bool {
		return !strings.ContainsAny(d.Date, "WQSFH") && len(d.Date) < len(g) && strings.HasPrefix(g, d.Date)
	})
}

// goldPrefix is the gold date at its own precision ("2010-06-07", "2010-06",
// "2010"), or "" for an undated event.
func goldPrefix(date string) string {
	parts := strings.Split(date, "-")
	var keep []string
	for _, p := range parts {
		if strings.Contains(p, "X") {
			break
		}
		keep = append(keep, p)
	}
	return strings.Join(keep, "-")
}

// dateMatches says whether an answer's date equals the gold date at the
// gold's precision. A week (or season, quarter) matches a gold month or
// year when it is at least as precise and its middle falls in that period.
func dateMatches(answer answer.DateRef, gold string) bool {
	if gold == "" {
		return false
	}
	if strings.ContainsAny(answer.Date, "WQSF") {
		start, end, ok := timex.Interval(answer.Date, "")
		if !ok || len(gold) == len("2006-01-02") {
			return false
		}
		mid := start.Add(end.Sub(start) / 2).Format("2006-01-02")
		finer := answer.Precision == "week" || len(gold) == len("2006")
		return finer && strings.HasPrefix(mid, gold)
	}
	return strings.HasPrefix(answer.Date, gold) && len(answer.Date) >= len(gold)
}

// TestWikinewsTimelines is the `/when` evaluation of issue 4: it ingests the
// 30 Wikinews articles, asks `when <entity>` for each gold timeline, and
// reports date precision and recall. Numbers go to docs/QUALITY.md.
// Run: go test ./app -run Wikinews -v
func TestWikinewsTimelines(t *testing.T) {
	wikinewsDir := devdata.Path(t, "wikinews-apple")
	ctx := context.Background()
	a, err := OpenDir(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	in := a.NewIngester(Origin{Source: corpus.SourceFile, By: "eval"})
	paths, _ := filepath.Glob(filepath.Join(wikinewsDir, "articles", "*.md"))
	docOf := map[string]string{} // article id → SemEval doc id
	for _, p := range paths {
		items := parse.Parse(filepath.Base(p), mustRead(t, p))
		for i := range items {
			if items[i].Err != nil {
				t.Fatalf("%s: %v", p, items[i].Err)
			}
			docOf[corpus.ArticleID(items[i].Article)] = leadingDigits.FindString(filepath.Base(p))
		}
		if err := in.Add(ctx, p, items); err != nil {
			t.Fatal(err)
		}
	}
	if err := in.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if rep := in.Report(); rep.Added != len(paths) {
		t.Fatalf("ingest: %+v", rep)
	}

	parts := map[string]*wikinewsScore{"tuned": {}, "untouched": {}}
	for _, tl := range readTimelines(t, wikinewsDir) {
		q, _ := answer.ParseQuery(tl.entity, answer.Filters{}, time.Now())
		q.Limit = 500
		ans, err := a.When(ctx, cli, q)
		if err != nil {
			t.Fatal(err)
		}
		part := "tuned"
		if untouchedTimelines[tl.entity] {
			part = "untouched"
		}
		sc := parts[part]
		gold := goldDates(tl.events)
		// Misses are listed for the tuning timelines only: the errors of the
		// untouched ones are not read (issue 11).
		verbose := testing.Verbose() && !untouchedTimelines[tl.entity]
		seen := map[[2]string]bool{}
		var tlOn, tlCorrect int
		for _, e := range ans.Entries {
			sc.entries++
			art, err := a.Article(ctx, cli, e.Article.ID)
			if err != nil {
				t.Fatal(err)
			}
			n := sentenceOf(art.Body, e.Quote)
			if n < 0 {
				sc.unplaced++
				continue
			}
			key := [2]string{docOf[art.ID], itoa(n)}
			g, ok := gold[key]
			if !ok {
				continue
			}
			sc.onGold++
			tlOn++
			src := sc.source(e.DateFrom)
			src[0]++
			right := matchesAny(e.DateRef, g)
			switch {
			case right:
				src[1]++
				sc.correct++
				tlCorrect++
			case containsAny(e.DateRef, g):
				sc.coarser++
			}
			if !right && verbose {
				t.Logf("  miss %s-%s gold %s got %s (%q, %s): %.120s", key[0], key[1], strings.Join(g, " "), e.Date, e.DateText, e.DateFrom, e.Quote)
			}
			if !seen[key] {
				seen[key] = true
				sc.covered++
				if right {
					sc.coveredCorrect++
				}
			}
		}
		sc.goldDated += len(gold)
		if verbose {
			for key, g := range gold {
				if !seen[key] {
					t.Logf("  uncovered %s-%s gold %s: %.100s", key[0], key[1], strings.Join(g, " "), sentenceText(a, docOf, key))
				}
			}
		}
		t.Logf("%-9s %-22s gold dated events %3d, entries %3d, on gold sentences %3d, date correct %3d",
			part, tl.entity, len(gold), len(ans.Entries), tlOn, tlCorrect)
	}
	for _, part := range []string{"tuned", "untouched"} {
		sc := parts[part]
		precision, recall := sc.precision(), sc.recall()
		t.Logf("%s: date precision %.3f (%d of %d entries on gold event sentences have the gold date)", part, precision, sc.correct, sc.onGold)
		t.Logf("%s: recall %.3f (%d of %d gold dated event sentences have an entry), %.3f with the right date", part, recall, sc.covered, sc.goldDated, ratio(sc.coveredCorrect, sc.goldDated))
		t.Logf("%s: %d wrong dates are coarser than the gold and contain it; %d entries not placed in their article", part, sc.coarser, sc.unplaced)
		for _, src := range []string{answer.DateFromSentence, answer.DateFromLead, answer.DateFromPublication} {
			n := sc.source(src)
			t.Logf("%s: dated from the %s: %d of %d right (%.3f)", part, src, n[1], n[0], ratio(n[1], n[0]))
		}
		// Floors a little under today's numbers (docs/QUALITY.md), so a
		// change that makes the timelines worse fails here.
		if precision < 0.6 || recall < 0.6 {
			t.Errorf("%s: date precision %.3f or recall %.3f fell below 0.6", part, precision, recall)
		}
	}
	all := parts["tuned"].plus(parts["untouched"])
	t.Logf("all: date precision %.3f, recall %.3f, entries %d", all.precision(), all.recall(), all.entries)
}

// untouchedTimelines are the two gold timelines kept out of tuning (issue
// 11): rules are judged on them, never fitted to them.
var untouchedTimelines = map[string]bool{"iPhone 4": true, "iTunes store": true}

// wikinewsScore counts one part of the evaluation.
type wikinewsScore struct {
	entries, onGold, correct, goldDated, covered, coveredCorrect int
	coarser, unplaced                                            int
	bySource                                                     map[string]*[2]int // date_from → on gold, right
}

func (w *wikinewsScore) source(from string) *[2]int {
	if w.bySource == nil {
		w.bySource = map[string]*[2]int{}
	}
	if w.bySource[from] == nil {
		w.bySource[from] = &[2]int{}
	}
	return w.bySource[from]
}

func (w *wikinewsScore) precision() float64 { return ratio(w.correct, w.onGold) }
func (w *wikinewsScore) recall() float64    { return ratio(w.covered, w.goldDated) }

func (w *wikinewsScore) plus(o *wikinewsScore) *wikinewsScore {
	return &wikinewsScore{entries: w.entries + o.entries, onGold: w.onGold + o.onGold, correct: w.correct + o.correct,
		goldDated: w.goldDated + o.goldDated, covered: w.covered + o.covered, coveredCorrect: w.coveredCorrect + o.coveredCorrect}
}

// sentenceOf is the SemEval sentence number of the paragraph holding quote
// (title 0, date line 1, first body paragraph 2), or -1. A quote is one or
// more whole sentences of a paragraph, so it is looked for only there: a
// one-word signature line ("Steve") is not placed inside the first
// paragraph that happens to contain the word.
func sentenceOf(body, quote string) int {
	for i, p := range strings.Split(body, "\n\n") {
		var starts, ends []int
		for _, s := range analysis.Sentences(p) {
			starts, ends = append(starts, s.Start), append(ends, s.End)
		}
		for at := 0; ; {
			k := strings.Index(p[at:], quote)
			if k < 0 {
				break
			}
			if slices.Contains(starts, at+k) && slices.Contains(ends, at+k+len(quote)) {
				return i + 2
			}
			at += k + 1
		}
	}
	return -1
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func itoa(n int) string { return strconv.Itoa(n) }

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sentenceText finds the body paragraph of a gold event, for the verbose log.
func sentenceText(a *App, docOf map[string]string, key [2]string) string {
	for id, doc := range docOf {
		if doc != key[0] {
			continue
		}
		art, err := a.Article(context.Background(), cli, id)
		if err != nil {
			return err.Error()
		}
		paras := strings.Split(art.Body, "\n\n")
		n, _ := strconv.Atoi(key[1])
		if n-2 >= 0 && n-2 < len(paras) {
			return paras[n-2]
		}
	}
	return "?"
}
