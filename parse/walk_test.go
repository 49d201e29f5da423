package parse

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestWalkThousandFilesThreeBroken is the acceptance case: a directory of a
// thousand article files, three of them broken, gives 997 articles and 3
// failures that name their files; hidden files and other extensions are
// not visited.
func TestWalkThousandFilesThreeBroken(t *testing.T) {
	dir := t.TempDir()
	broken := map[string]bool{}
	for i := 0; i < 1000; i++ {
		sub := fmt.Sprintf("d%d", i%7)
		var name, content string
		switch i % 4 {
		case 0:
			name, content = fmt.Sprintf("a%04d.txt", i), fmt.Sprintf("Title %d\nJan 27, 2026\n\nBody %d.", i, i)
		case 1:
			name, content = fmt.Sprintf("a%04d.md", i), fmt.Sprintf("+++\ntitle = \"T %d\"\npublished = 2026-01-27\n+++\nBody %d.", i, i)
		case 2:
			name, content = fmt.Sprintf("a%04d.json", i), fmt.Sprintf(`{"title":"T %d","body":"Body %d.","published":"2026-01-27"}`, i, i)
		default:
			name, content = fmt.Sprintf("a%04d.jsonl", i), fmt.Sprintf(`{"title":"T %d","body":"Body %d.","published":"2026-01-27"}`, i, i)
		}
		path := filepath.Join(dir, sub, name)
		switch i {
		case 10, 501, 998:
			content = "\x00\x01 not an article"
			broken[path] = true
		}
		writeFile(t, path, content)
	}
	writeFile(t, filepath.Join(dir, ".git", "x.txt"), "not visited")
	writeFile(t, filepath.Join(dir, "d1", ".hidden.txt"), "not visited")
	writeFile(t, filepath.Join(dir, "d2", "README"), "not visited")
	writeFile(t, filepath.Join(dir, "d3", "photo.jpg"), "not visited")

	var visited []string
	articles, failed := 0, map[string]bool{}
	err := Walk(context.Background(), []string{dir}, func(path string) error {
		visited = append(visited, path)
		for _, it := range ParseFile(path) {
			if it.Err != nil {
				if !strings.HasPrefix(it.Err.Error(), path+": ") {
					t.Errorf("error %q does not name %s", it.Err, path)
				}
				failed[path] = true
				continue
			}
			articles++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if articles != 997 || !reflect.DeepEqual(failed, broken) {
		t.Errorf("%d articles, failures %v; want 997 and %v", articles, failed, broken)
	}
	if len(visited) != 1000 {
		t.Errorf("visited %d files, want 1000", len(visited))
	}
	var again []string
	Walk(context.Background(), []string{dir}, func(path string) error { again = append(again, path); return nil })
	if !reflect.DeepEqual(visited, again) {
		t.Error("two walks visit files in different orders")
	}
	for i := 1; i < len(visited); i++ {
		if visited[i-1] >= visited[i] {
			t.Errorf("not in lexical order: %s before %s", visited[i-1], visited[i])
			break
		}
	}
}

func TestWalkVisitsExplicitPathsWhateverTheirName(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "b", "z.txt"), "x")
	writeFile(t, filepath.Join(dir, "notes.docx"), "x")
	missing := filepath.Join(dir, "missing.jsonl")
	var visited []string
	err := Walk(context.Background(), []string{filepath.Join(dir, "notes.docx"), missing, filepath.Join(dir, "b")},
		func(path string) error { visited = append(visited, path); return nil })
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "notes.docx"), missing, filepath.Join(dir, "b", "z.txt")}
	if !reflect.DeepEqual(visited, want) {
		t.Errorf("visited %v, want %v", visited, want)
	}
}

func TestWalkFollowsAnExplicitLinkToADirectory(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "real", "a.txt"), "x")
	writeFile(t, filepath.Join(dir, "real", "sub", "b.md"), "x")
	link := filepath.Join(dir, "link")
	if err := os.Symlink(filepath.Join(dir, "real"), link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	var visited []string
	if err := Walk(context.Background(), []string{link}, func(p string) error { visited = append(visited, p); return nil }); err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(link, "a.txt"), filepath.Join(link, "sub", "b.md")}
	if !reflect.DeepEqual(visited, want) {
		t.Errorf("visited %v, want %v", visited, want)
	}
}

func TestWalkReportsUnreadableDirectories(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every directory")
	}
	dir := t.TempDir()
	locked := filepath.Join(dir, "locked")
	writeFile(t, filepath.Join(locked, "a.txt"), "x")
	writeFile(t, filepath.Join(dir, "ok.txt"), "Title\nJan 27, 2026\n\nBody.")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(locked, 0o755)
	var errs []string
	Walk(context.Background(), []string{dir}, func(path string) error {
		for _, it := range ParseFile(path) {
			if it.Err != nil {
				errs = append(errs, it.Err.Error())
			}
		}
		return nil
	})
	if len(errs) != 1 || !strings.Contains(errs[0], "locked: cannot read directory") {
		t.Errorf("errors = %v", errs)
	}
}

func TestWalkStops(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 5; i++ {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("%d.txt", i)), "x")
	}
	stop := errors.New("stop")
	n := 0
	err := Walk(context.Background(), []string{dir}, func(string) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("err %v after %d files; want the callback's error after 1", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	n = 0
	err = Walk(ctx, []string{dir}, func(string) error { n++; return nil })
	if !errors.Is(err, context.Canceled) || n != 0 {
		t.Errorf("cancelled walk: err %v after %d files", err, n)
	}
}
