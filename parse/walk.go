package parse

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Walk calls fn for every article file under paths, in a deterministic
// order: the paths in the order given, each directory walked recursively in
// lexical order. Inside directories only files with a known extension
// (KnownFormat) are visited, and hidden files and directories (".git",
// ".DS_Store") are skipped; links to directories inside the tree are not
// followed (no loops), a link given as a path is.
// A path given explicitly is always visited, whatever its name, so a wrong
// argument is reported by ParseFile rather than ignored. A path that cannot
// be walked (missing, unreadable directory) is passed to fn too: ParseFile
// turns it into a failed item that names it. Walk stops at the first error
// fn returns, or when ctx is done.
func Walk(ctx context.Context, paths []string, fn func(path string) error) error {
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil || !info.IsDir() {
			if err := visit(ctx, root, fn); err != nil {
				return err
			}
			continue
		}
		walkRoot := root
		if l, err := os.Lstat(root); err == nil && l.Mode()&fs.ModeSymlink != 0 {
			// A link given explicitly is followed: with a trailing separator,
			// WalkDir walks the directory it points to.
			walkRoot = root + string(filepath.Separator)
		}
		err = filepath.WalkDir(walkRoot, func(path string, d fs.DirEntry, err error) error {
			if path != walkRoot && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if err != nil {
				// An unreadable directory: report it as a failed item, walk on.
				if ferr := visit(ctx, path, fn); ferr != nil {
					return ferr
				}
				if d != nil && d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || !KnownFormat(path) {
				return nil
			}
			return visit(ctx, path, fn)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func visit(ctx context.Context, path string, fn func(string) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("walk stopped at %s: %w", path, err)
	}
	return fn(path)
}
