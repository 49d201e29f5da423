package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/corpus"
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
	Scope     string   `json:"scope"`
	Source    string   `json:"source"`
	AddedBy   string   `json:"added_by"`
	AddedAt   string   `json:"added_at"`
	Body      string   `json:"body"`
}

// runArticle prints one stored article: what /article answers in Discord.
func runArticle(ctx context.Context, c *cli, args []string) error {
	fs := newFlagSet("article")
	asJSON := fs.Bool("json", false, "print one JSON object instead of text")
	guild := fs.String("guild", "", "look as this Discord server `ID` (its archive and the shared one)")
	ids, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := checkGuild(*guild); err != nil {
		return err
	}
	if len(ids) != 1 {
		return fmt.Errorf("%w: give one article id (shown in every answer)", errUsage)
	}
	a, done, err := c.openForQuery(ctx)
	if err != nil {
		return err
	}
	defer done()
	art, err := a.Article(ctx, c.caller(*guild, ""), ids[0])
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(c.stdout, storedArticleJSON{
			ID: art.ID, Title: art.Title, Outlet: art.Outlet, URL: art.URL, Author: art.Author,
			Published: art.Published.UTC().Format(time.RFC3339), Tags: append([]string{}, art.Tags...),
			Scope: string(scopeOf(art)), Source: string(art.Source), AddedBy: art.AddedBy, AddedAt: art.AddedAt.UTC().Format(time.RFC3339), Body: art.Body,
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
	fmt.Fprintf(c.stdout, "id %s · %s · added by %s on %s (%s)\n\n", art.ID, scopeOf(art), art.AddedBy, answer.Day(art.AddedAt), art.Source)
	fmt.Fprintln(c.stdout, art.Body)
	return nil
}

// scopeOf is the article's scope as shown ("" is the shared archive).
func scopeOf(a corpus.Article) corpus.Scope {
	if a.Scope == "" {
		return corpus.Shared
	}
	return a.Scope
}

// runRemove hides articles (kept for [retention] removed, restorable): what
// the admin command /remove does in Discord. It is recorded in the audit log.
func runRemove(ctx context.Context, c *cli, args []string) error {
	return changeArticles(ctx, c, "remove", args, func(a *app.App, ctx context.Context, who app.Caller, id string) (corpus.Article, error) {
		art, err := a.Remove(ctx, who, id)
		if err == nil {
			fmt.Fprintf(c.stdout, "removed %s (restorable for %s with `dateline restore %s`)\n", id, a.Retention(), id)
		}
		return art, err
	})
}

// runRestore brings removed articles back: what /restore does.
func runRestore(ctx context.Context, c *cli, args []string) error {
	return changeArticles(ctx, c, "restore", args, func(a *app.App, ctx context.Context, who app.Caller, id string) (corpus.Article, error) {
		art, err := a.Restore(ctx, who, id)
		if err == nil {
			fmt.Fprintf(c.stdout, "restored %s: %s\n", id, art.Title)
		}
		return art, err
	})
}

// changeArticles runs remove or restore on each id; a failure does not stop
// the others, and fails the command.
func changeArticles(ctx context.Context, c *cli, name string, args []string,
	change func(*app.App, context.Context, app.Caller, string) (corpus.Article, error)) error {
	fs := newFlagSet(name)
	by := fs.String("by", "cli", "`WHO` does it (recorded in the audit log)")
	guild := fs.String("guild", "", "act as this Discord server `ID`, on its archive")
	ids, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := checkGuild(*guild); err != nil {
		return err
	}
	if len(ids) == 0 {
		return fmt.Errorf("%w: give the id of the article to %s", errUsage, name)
	}
	a, done, err := c.openApp(ctx)
	if err != nil {
		return err
	}
	defer done()
	var failed error
	for _, id := range ids {
		if _, err := change(a, ctx, c.caller(*guild, *by), id); err != nil {
			failed = errors.Join(failed, fmt.Errorf("%s: %w", id, err))
		}
	}
	return failed
}
