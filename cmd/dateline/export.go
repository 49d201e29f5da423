package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/export"
)

// runExport writes an archive (the shared one, or a server's with --guild)
// to DIR as .jsonl or Markdown; `dateline ingest DIR` (with the same
// --guild) reads it back with the same ids.
func runExport(ctx context.Context, c *cli, args []string) error {
	fs := newFlagSet("export")
	format := fs.String("format", "", "`FORMAT` of the files: jsonl (one exact file) or md (a Markdown file an article)")
	guild := fs.String("guild", "", "export the archive of the Discord server `ID` instead of the shared one")
	asJSON := fs.Bool("json", false, "print one JSON object (counts) instead of text")
	dirs, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := checkGuild(*guild); err != nil {
		return err
	}
	if !slices.Contains(export.Formats, *format) {
		return fmt.Errorf("%w: --format must be %s", errUsage, strings.Join(export.Formats, " or "))
	}
	if len(dirs) != 1 {
		return fmt.Errorf("%w: give one directory to write to", errUsage)
	}
	dir := c.path(dirs[0])
	a, done, err := c.openApp(ctx)
	if err != nil {
		return err
	}
	defer done()
	w, err := export.New(dir, *format)
	if err != nil {
		return err
	}
	werr := a.EachArticle(ctx, c.caller(*guild, ""), func(art corpus.Article) error { return w.Write(art) })
	rep, cerr := w.Close()
	if werr != nil {
		return werr
	}
	if cerr != nil {
		return cerr
	}
	if *asJSON {
		return writeJSON(c.stdout, rep)
	}
	fmt.Fprintf(c.stdout, "exported %d articles to %s", rep.Articles, dir)
	if rep.AsJSON > 0 {
		fmt.Fprintf(c.stdout, " (%d as .json: Markdown would have changed their text)", rep.AsJSON)
	}
	fmt.Fprintln(c.stdout)
	return nil
}
