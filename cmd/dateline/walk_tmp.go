package main

// Temporary until corpus.Walk and corpus.ParseFile land.

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dateline-bot/dateline/corpus"
)

func walkFiles(ctx context.Context, paths []string, fn func(string) error) error {
	for _, p := range paths {
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return fn(path)
			}
			if d.IsDir() {
				return nil
			}
			return fn(path)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func parseFile(path string) []corpus.Item {
	b, err := os.ReadFile(path)
	if err != nil {
		return []corpus.Item{{Err: err}}
	}
	items := corpus.Parse(filepath.Base(path), b)
	for i := range items {
		items[i].Article.Source = corpus.SourceFile
		items[i].Article.SourceRef = path
	}
	return items
}
