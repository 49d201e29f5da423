package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/parse"
)

func runIngest(ctx context.Context, c *cli, args []string) error {
	fs := newFlagSet("ingest")
	asJSON := fs.Bool("json", false, "print one JSON object")
	withSample := fs.Bool("sample", false, "add the built-in sample corpus")
	by := fs.String("by", "cli", "who is adding the articles (recorded with each article)")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 && !*withSample {
		return fmt.Errorf("%w: give at least one PATH (file or directory), or --sample", errUsage)
	}
	a, err := c.openApp(ctx)
	if err != nil {
		return err
	}
	defer a.Close()

	in := a.NewIngester(app.Origin{Source: corpus.SourceFile, By: *by})
	if *withSample {
		if err := in.AddSample(ctx); err != nil {
			return err
		}
	}
	err = parse.Walk(ctx, paths, func(path string) error {
		// Items stream in as they are read, so a large .jsonl is never held whole.
		var addErr error
		readErr := parse.ParseFileEach(path, func(it parse.Item) error {
			addErr = in.Add(ctx, path, []parse.Item{it})
			return addErr
		})
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
	rep := in.Report()
	if err != nil {
		// What was flushed before the error is stored; say what is known, then fail.
		c.printIngest(rep, *asJSON)
		return err
	}
	if err := c.printIngest(rep, *asJSON); err != nil {
		return err
	}
	if rep.Failed > 0 {
		return exitError{code: 1}
	}
	return nil
}

func (c *cli) printIngest(rep app.Report, asJSON bool) error {
	for _, w := range rep.Warnings {
		fmt.Fprintf(c.stderr, "warning: %s\n", describe(w))
	}
	for _, f := range rep.Failures {
		fmt.Fprintf(c.stderr, "failed: %s\n", describe(f))
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
