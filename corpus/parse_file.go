package corpus

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ParseFile reads the articles of one file. It checks the size before
// reading, so a file over MaxFileSize is refused without being loaded, and
// sets Source = SourceFile and SourceRef = path on every article. Any
// failure (missing file, directory, unreadable, too large) is a failed Item
// naming the path.
func ParseFile(path string) []Item {
	f, err := os.Open(path)
	if err != nil {
		return failFile(path, fmt.Errorf("cannot open: %w", unwrapPathError(err)))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return failFile(path, fmt.Errorf("cannot stat: %w", unwrapPathError(err)))
	}
	switch {
	case info.IsDir():
		if _, err := f.ReadDir(1); err != nil && err != io.EOF {
			return failFile(path, fmt.Errorf("cannot read directory: %w", unwrapPathError(err)))
		}
		return failFile(path, fmt.Errorf("is a directory"))
	case !KnownFormat(path):
		return failFile(path, fmt.Errorf("%w %q: dateline reads %s", ErrUnknownFormat,
			strings.ToLower(filepath.Ext(path)), strings.Join(Formats, ", ")))
	case !info.Mode().IsRegular():
		return failFile(path, fmt.Errorf("not a regular file (%s)", info.Mode().Type()))
	case info.Size() > MaxFileSize:
		return failFile(path, fmt.Errorf("%w (%d bytes)", ErrTooLarge, info.Size()))
	}
	// Read one byte past the limit: a file that grew since Stat is still refused.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return failFile(path, fmt.Errorf("cannot read: %w", unwrapPathError(err)))
	}
	items := Parse(path, data)
	for i := range items {
		if items[i].Err == nil {
			items[i].Article.Source = SourceFile
			items[i].Article.SourceRef = path
		}
	}
	return items
}

// unwrapPathError drops the *fs.PathError wrapper, whose message repeats
// the path the ParseError already names.
func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// Walk calls fn for every article file under paths, in a deterministic
// order: the paths in the order given, each directory walked recursively in
// lexical order. Inside directories only files with a known extension
// (KnownFormat) are visited, and hidden files and directories (".git",
// ".DS_Store") are skipped; symbolic links to directories are not followed.
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
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if path != root && strings.HasPrefix(d.Name(), ".") {
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
