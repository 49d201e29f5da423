package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/parse"
	"github.com/dateline-bot/dateline/progress"
)

func runIngest(ctx context.Context, c *cli, args []string) error {
	fs := newFlagSet("ingest")
	asJSON := fs.Bool("json", false, "print one JSON object (counts, failures, warnings) instead of text")
	withSample := fs.Bool("sample", false, "also add the built-in sample corpus (the seed article)")
	by := fs.String("by", "cli", "`WHO` is adding the articles (recorded with each article)")
	guild := fs.String("guild", "", "add to the archive of the Discord server `ID` instead of the shared one")
	every := fs.Duration("progress-every", 10*time.Second, "when stderr is not a terminal: write a progress line at most this often (`DURATION`)")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 && !*withSample {
		return fmt.Errorf("%w: give at least one PATH (file or directory), or --sample", errUsage)
	}
	if err := checkGuild(*guild); err != nil {
		return err
	}
	for i, p := range paths {
		paths[i] = c.path(p)
	}
	a, done, err := c.openApp(ctx)
	if err != nil {
		return err
	}
	defer done()

	in := a.NewIngester(app.Origin{Source: corpus.SourceFile, By: *by, Scope: corpus.GuildScope(*guild)})
	if *withSample {
		if err := in.AddSample(ctx); err != nil {
			return err
		}
	}
	files, articles, err := countArticles(ctx, paths)
	if err != nil {
		return err
	}
	meter := progress.New(c.stderr, files, articles, progress.Options{Terminal: progress.IsTerminal(c.stderr), Every: *every})
	err = parse.Walk(ctx, paths, func(path string) error {
		// Items stream in as they are read, so a large .jsonl is never held whole.
		var addErr error
		readErr := parse.ParseFileEach(path, func(it parse.Item) error {
			addErr = in.Add(ctx, path, []parse.Item{it})
			meter.Article()
			return addErr
		})
		meter.FileDone()
		if addErr != nil {
			return addErr // the store or the index failed: stop
		}
		if readErr != nil {
			in.Fail(path, readErr) // the file broke off: what was read is kept
		}
		return nil
	})
	if err == nil {
		err = in.Flush(ctx)
	}
	meter.Finish()
	rep := in.Report()
	if err == nil && (rep.Added > 0 || rep.Failed > 0) {
		err = a.RecordIngest(ctx, c.caller(*guild, *by), rep, paths)
	}
	if err != nil {
		// What was flushed before the error is stored; say what is known, then fail.
		c.printIngest(rep, *asJSON)
		return err
	}
	if err := c.printIngest(rep, *asJSON); err != nil {
		return err
	}
	if ierr := in.IndexErr(); ierr != nil {
		return fmt.Errorf("the articles are stored, but the index could not take them all; it will on the next start: %w", ierr)
	}
	if rep.Failed > 0 {
		return exitError{code: 1}
	}
	return nil
}

// maxSameFailures is how many failures with one reason are listed one by
// one on stderr; the rest are counted (a full disk fails every item alike).
const maxSameFailures = 10

// countArticles walks the paths once to learn how many files and about how
// many articles the ingest will read, so its progress can show a share and
// a time left: a .jsonl file's non-empty lines, one for any other file.
func countArticles(ctx context.Context, paths []string) (files, articles int, err error) {
	err = parse.Walk(ctx, paths, func(path string) error {
		files++
		articles += articlesIn(path)
		return nil
	})
	return files, articles, err
}

// articlesIn estimates the articles of one file; a file that cannot be read
// counts one (the ingest reports why it failed).
func articlesIn(path string) int {
	if !strings.EqualFold(filepath.Ext(path), ".jsonl") {
		return 1
	}
	f, err := os.Open(path)
	if err != nil {
		return 1
	}
	defer f.Close()
	n, inLine := 0, false
	buf := make([]byte, 256<<10)
	for {
		k, err := f.Read(buf)
		for _, b := range buf[:k] {
			switch {
			case b == '\n':
				inLine = false
			case !inLine && b != ' ' && b != '\t' && b != '\r':
				inLine = true
				n++
			}
		}
		if err != nil {
			return max(n, 1)
		}
	}
}

func (c *cli) printIngest(rep app.Report, asJSON bool) error {
	for _, w := range rep.Warnings {
		fmt.Fprintf(c.stderr, "warning: %s\n", describe(w))
	}
	same := map[string]int{}
	var reasons []string
	for _, f := range rep.Failures {
		if same[f.Error]++; same[f.Error] <= maxSameFailures {
			fmt.Fprintf(c.stderr, "failed: %s\n", describe(f))
		} else if same[f.Error] == maxSameFailures+1 {
			reasons = append(reasons, f.Error)
		}
	}
	for _, r := range reasons {
		fmt.Fprintf(c.stderr, "failed: %d more items: %s\n", same[r]-maxSameFailures, r)
	}
	if asJSON {
		return writeJSON(c.stdout, rep)
	}
	fmt.Fprintf(c.stdout, "added %d, duplicates %d, failed %d\n", rep.Added, rep.Duplicates, rep.Failed)
	return nil
}

// describe names the item and says what is wrong, once: parser errors
// usually name the file (and line) already.
func describe(f app.Failure) string {
	if strings.HasPrefix(f.Error, f.Path) {
		return f.Error
	}
	if f.Line > 0 {
		return fmt.Sprintf("%s line %d: %s", f.Path, f.Line, f.Error)
	}
	return f.Path + ": " + f.Error
}
