package parse

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dateline-bot/dateline/corpus"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestParseFileSetsSource(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.txt")
	writeFile(t, path, "Title\nJan 27, 2026\n\nBody.")
	items := ParseFile(path)
	if len(items) != 1 || items[0].Err != nil {
		t.Fatalf("items = %+v", items)
	}
	if a := items[0].Article; a.Source != corpus.SourceFile || a.SourceRef != path || a.ID == "" {
		t.Errorf("source %q ref %q id %q", a.Source, a.SourceRef, a.ID)
	}
}

func TestParseFileRefusesLargeFilesBeforeReading(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: 1 GiB on paper, nothing on disk. Reading it would take
	// seconds and a gigabyte; refusing it from its size takes nothing.
	if err := f.Truncate(1 << 30); err != nil {
		t.Fatal(err)
	}
	f.Close()
	items := ParseFile(path)
	if len(items) != 1 || !errors.Is(items[0].Err, ErrTooLarge) || !strings.HasPrefix(items[0].Err.Error(), path+": ") {
		t.Fatalf("items = %+v", items)
	}
}

// TestParseFileJSONLIsABatch: a .jsonl file over MaxFileSize is read a line
// at a time; only a line over the limit fails, alone.
func TestParseFileJSONLIsABatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "batch.jsonl")
	var b strings.Builder
	line := `{"title":"T","body":"` + strings.Repeat("word ", 2000) + `","published":"2026-01-27"}` + "\n"
	n := MaxFileSize/len(line) + 10
	for i := 0; i < n; i++ {
		if i == 3 {
			b.WriteString(`{"title":"huge","body":"` + strings.Repeat("x", MaxFileSize) + `","published":"2026-01-27"}` + "\n")
			continue
		}
		b.WriteString(line)
	}
	writeFile(t, path, b.String())
	good := 0
	var failed []Item
	err := ParseFileEach(path, func(it Item) error {
		if it.Err != nil {
			failed = append(failed, it)
		} else {
			good++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if good != n-1 || len(failed) != 1 || failed[0].Line != 4 || !errors.Is(failed[0].Err, ErrTooLarge) {
		t.Fatalf("%d good (want %d), failed %+v", good, n-1, failed)
	}
	if want := path + " line 4: file is larger than the 10 MiB limit: the line is longer than 10 MiB"; failed[0].Err.Error() != want {
		t.Errorf("error = %q, want %q", failed[0].Err, want)
	}
}

func TestParseFileFailures(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "notes.docx"), "x")
	writeFile(t, filepath.Join(dir, "sub", "a.txt"), "x")
	tests := []struct{ path, want string }{
		{filepath.Join(dir, "missing.txt"), "cannot open: no such file or directory"},
		{filepath.Join(dir, "notes.docx"), `unknown file extension ".docx"`},
		{filepath.Join(dir, "sub"), "is a directory"},
	}
	for _, tt := range tests {
		items := ParseFile(tt.path)
		if len(items) != 1 || items[0].Err == nil {
			t.Errorf("%s: items = %+v", tt.path, items)
			continue
		}
		if got := items[0].Err.Error(); got != tt.path+": "+tt.want && !strings.HasPrefix(got, tt.path+": "+tt.want) {
			t.Errorf("%s: error = %q, want %q", tt.path, got, tt.want)
		}
	}
}
