package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dateline-bot/dateline/answer"
)

// storedArticleJSON is `article --json`: the stored article as the bot's /article shows it.
type storedArticleJSON struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Outlet    string   `json:"outlet"`
	URL       string   `json:"url"`
	Author    string   `json:"author"`
	Published string   `json:"published"`
	Tags      []string `json:"tags"`
	Source    string   `json:"source"`
	AddedBy   string   `json:"added_by"`
	AddedAt   string   `json:"added_at"`
	Body      string   `json:"body"`
}

// runArticle prints one stored article: what /article answers in Discord.
func runArticle(ctx context.Context, c *cli, args []string) error {
	fs := newFlagSet("article")
	asJSON := fs.Bool("json", false, "print one JSON object instead of text")
	ids, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(ids) != 1 {
		return fmt.Errorf("%w: give one article id (shown in every answer)", errUsage)
	}
	a, err := c.openForQuery(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	art, err := a.Article(ctx, ids[0])
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(c.stdout, storedArticleJSON{
			ID: art.ID, Title: art.Title, Outlet: art.Outlet, URL: art.URL, Author: art.Author,
			Published: art.Published.UTC().Format(time.RFC3339), Tags: append([]string{}, art.Tags...),
			Source: string(art.Source), AddedBy: art.AddedBy, AddedAt: art.AddedAt.UTC().Format(time.RFC3339), Body: art.Body,
		})
	}
	fmt.Fprintln(c.stdout, art.Title)
	meta := []string{answer.Day(art.Published)}
	for _, s := range []string{art.Outlet, art.Author, art.URL} {
		if s != "" {
			meta = append(meta, s)
		}
	}
	fmt.Fprintln(c.stdout, strings.Join(meta, " · "))
	fmt.Fprintf(c.stdout, "id %s · added by %s on %s (%s)\n\n", art.ID, art.AddedBy, answer.Day(art.AddedAt), art.Source)
	fmt.Fprintln(c.stdout, art.Body)
	return nil
}

// runRemove deletes an article from the store and the index: what the
// admin command /remove does in Discord. It is recorded in the audit log.
func runRemove(ctx context.Context, c *cli, args []string) error {
	fs := newFlagSet("remove")
	by := fs.String("by", "cli", "`WHO` removes them (recorded in the audit log)")
	ids, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return fmt.Errorf("%w: give the id of the article to remove", errUsage)
	}
	a, err := c.openApp(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	var failed error
	for _, id := range ids {
		if err := a.Remove(ctx, id, *by); err != nil {
			failed = errors.Join(failed, err)
			continue
		}
		fmt.Fprintf(c.stdout, "removed %s\n", id)
	}
	return failed
}
