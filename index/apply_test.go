package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dateline-bot/dateline/corpus"
)

// rec is an article whose passages are its paragraphs.
func rec(id string, paras ...string) corpus.Record {
	a := corpus.Article{ID: id, Title: "Title " + id, Body: strings.Join(paras, "\n\n"),
		Published: time.Date(2026, 1, 27, 0, 0, 0, 0, time.UTC)}
	r := corpus.Record{Article: a}
	start := 0
	for seq, p := range paras {
		r.Passages = append(r.Passages, corpus.Passage{ArticleID: id, Seq: seq, Start: start, End: start + len(p), Text: p})
		start += len(p) + 2
	}
	return r
}

// TestApply checks that Apply leaves the index holding exactly the
// articles' current passages, and remembers the last change it applied,
// also after reopening.
func TestApply(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "index.bleve")
	ix, status, _, err := Open(path)
	if err != nil || status != Created {
		t.Fatalf("open: %v %v", status, err)
	}
	steps := []struct {
		name    string
		upTo    int64
		present []corpus.Record
		gone    []string
		want    map[string]int // passages held per article
	}{
		{"add two", 2, []corpus.Record{rec("a", "one", "two", "three"), rec("b", "uno")}, nil,
			map[string]int{"a": 3, "b": 1}},
		{"recut with fewer passages", 3, []corpus.Record{rec("a", "one two")}, nil,
			map[string]int{"a": 1, "b": 1}},
		{"remove", 4, nil, []string{"b"}, map[string]int{"a": 1}},
		{"remove what is not held", 5, nil, []string{"zz"}, map[string]int{"a": 1}},
		{"add again after removal", 6, []corpus.Record{rec("b", "uno", "dos")}, nil,
			map[string]int{"a": 1, "b": 2}},
	}
	for _, st := range steps {
		if err := ix.Apply(ctx, st.upTo, st.present, st.gone); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		total := 0
		for id, n := range st.want {
			total += n
			for seq := range n + 3 {
				has, err := ix.Has(id, seq)
				if err != nil {
					t.Fatal(err)
				}
				if has != (seq < n) {
					t.Errorf("%s: passage %s/%d held = %v, want %v", st.name, id, seq, has, seq < n)
				}
			}
		}
		if n, err := ix.Count(); err != nil || n != uint64(total) {
			t.Errorf("%s: %d passages, %v; want %d", st.name, n, err, total)
		}
		if got, err := ix.Applied(); err != nil || got != st.upTo {
			t.Errorf("%s: Applied = %d, %v; want %d", st.name, got, err, st.upTo)
		}
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, status, _, err = Open(path)
	if err != nil || status != Opened {
		t.Fatalf("reopen: %v %v", status, err)
	}
	defer ix.Close()
	if got, err := ix.Applied(); err != nil || got != 6 {
		t.Errorf("Applied after reopening = %d, %v; want 6", got, err)
	}
	if err := ix.Intact(); err != nil {
		t.Errorf("Intact: %v", err)
	}
}

func TestIntactNoticesDeletedFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index.bleve")
	ix, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Intact(); err != nil {
		t.Fatalf("Intact of a new index: %v", err)
	}
	if err := os.RemoveAll(path); err != nil {
		t.Fatal(err)
	}
	if err := ix.Intact(); err == nil {
		t.Error("Intact after the index's directory was deleted: nil, want an error")
	}
}

func TestInspect(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "index.bleve")
	if _, err := Inspect(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Inspect of no index: %v, want ErrNotExist", err)
	}
	ix, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(ctx, 7, []corpus.Record{rec("a", "one", "two")}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := Inspect(path); !errors.Is(err, ErrLocked) {
		t.Errorf("Inspect of an index in use: %v, want ErrLocked", err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	info, err := Inspect(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Info{MappingVersion: strconv.Itoa(MappingVersion), Current: true, Applied: 7, Passages: 2}); info != want {
		t.Errorf("Inspect = %+v, want %+v", info, want)
	}
}
