package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/dateline-bot/dateline/analysis"
	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/fetch"
	"github.com/dateline-bot/dateline/parse"
	"github.com/dateline-bot/dateline/store"
)

// Added is what AddArticle stored: the article, how many passages it has,
// and its first dated statement as /when will show it.
type Added struct {
	Article    corpus.Article
	Passages   int
	Preview    answer.Entry
	HasPreview bool
}

// DuplicateError says an added article is already stored, and where.
type DuplicateError struct {
	ID    string
	Scope corpus.Scope
}

func (e *DuplicateError) Error() string {
	if e.Scope.IsGuild() {
		return fmt.Sprintf("duplicate of article %s in this server's archive", e.ID)
	}
	return fmt.Sprintf("duplicate of article %s in the shared archive", e.ID)
}

// AddArticle adds one parsed article to the caller's archive (a server's
// admins add to their server's), stores and indexes it before returning,
// and records the addition in the audit log with c.Origin (the URL, the
// file name, "form"). A parse failure comes back as it is; an article
// already in the caller's archive or the shared one as a *DuplicateError.
func (a *App) AddArticle(ctx context.Context, c Caller, it parse.Item, source corpus.Source, sourceRef string) (Added, error) {
	if it.Err != nil {
		return Added{}, it.Err
	}
	art := it.Article
	art.Scope = c.Scope()
	art.Source, art.SourceRef = source, sourceRef
	art.AddedBy, art.AddedAt = c.User, a.now().UTC()
	art.ID = corpus.ArticleID(art)
	rec := corpus.Record{Article: art, Passages: analysis.Analyze(art)}
	outs, err := a.store.Add(ctx, []corpus.Record{rec})
	if err != nil {
		return Added{}, fmt.Errorf("store: %w", err)
	}
	if !outs[0].Added {
		dup, err := a.store.Article(ctx, outs[0].DuplicateOf)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return Added{}, err
		}
		return Added{}, &DuplicateError{ID: outs[0].DuplicateOf, Scope: dup.Scope}
	}
	if err := a.Sync(ctx); err != nil { // the index applies the change the store numbered
		return Added{}, err
	}
	e := c.audit()
	e.Action, e.Target, e.Detail = "add", art.ID, art.Title
	if err := a.store.Audit(ctx, e); err != nil {
		return Added{}, err
	}
	out := Added{Article: art, Passages: len(rec.Passages)}
	out.Preview, out.HasPreview = answer.Preview(art, rec.Passages)
	return out, nil
}

// RecordIngest writes one audit entry for a whole ingest (command line,
// feeds): what was added from where, without an entry per article.
func (a *App) RecordIngest(ctx context.Context, c Caller, rep Report, paths []string) error {
	e := c.audit()
	e.Action = "ingest"
	e.Target = fmt.Sprintf("%d articles", rep.Added)
	e.Detail = fmt.Sprintf("added %d, duplicates %d, failed %d", rep.Added, rep.Duplicates, rep.Failed)
	if e.Origin == "" {
		e.Origin = "command line"
	}
	if len(paths) > 0 {
		e.Origin += ": " + clipText(strings.Join(paths, " "), 500)
	}
	return a.store.Audit(ctx, e)
}

func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}

// Web downloads what /add is given (dateline's safe fetcher,
// *fetch.Fetcher): pages by URL, and Discord attachments.
type Web interface {
	Get(ctx context.Context, rawURL string) (fetch.Page, error)
}

// UseWeb lets the App add articles by URL (pages) and from attachments
// (files), each through its own safe fetcher.
func (a *App) UseWeb(pages, files Web) { a.pages, a.files = pages, files }

// ErrNoWeb is returned when /add is used without fetchers configured.
var ErrNoWeb = errors.New("adding by URL or file needs the fetcher: none is configured")

// MaxAttachment is the largest file /add reads (what `dateline ingest` reads).
const MaxAttachment = parse.MaxFileSize

// AddURL fetches a web page and adds its article to the caller's archive:
// the main text by readability, title, outlet, author and publication time
// from og:/article: meta tags and JSON-LD, the canonical URL without
// tracking parameters. date, when given, is the publication date to use (a
// page that gives none needs it). Every failure is a refusal (ErrRefused)
// whose text says why, or a *DuplicateError.
func (a *App) AddURL(ctx context.Context, c Caller, rawURL, date string) (Added, error) {
	if a.pages == nil {
		return Added{}, ErrNoWeb
	}
	page, err := a.pages.Get(ctx, rawURL)
	if err != nil {
		return Added{}, refuse("%s", strings.TrimPrefix(err.Error(), "refused: "))
	}
	if page.ContentType != "text/html" && page.ContentType != "application/xhtml+xml" {
		return Added{}, refuse("%s is not a web page (its content type is %s): attach the file with the file: option instead", clipText(page.URL, 200), page.ContentType)
	}
	body, err := withDate(page.Body, date)
	if err != nil {
		return Added{}, err
	}
	it := parse.ParseHTML("the page", body, page.URL)
	if it.Err != nil {
		return Added{}, explain(it.Err)
	}
	c.Origin = page.URL
	return a.AddArticle(ctx, c, it, corpus.SourceURL, page.URL)
}

// FileResult is what AddFile did with each article of a file.
type FileResult struct {
	Added      []Added
	Duplicates []*DuplicateError
	Failed     []string // why each failed article failed
}

// AddFile downloads an attachment (url, its name and size as Discord gives
// them) and adds its articles to the caller's archive: any format `dateline
// ingest` reads, up to MaxAttachment. date is the publication date for a
// web page that gives none. A file that cannot be read at all is refused
// with the reason.
func (a *App) AddFile(ctx context.Context, c Caller, name, rawURL string, size int64, date string) (FileResult, error) {
	if a.files == nil {
		return FileResult{}, ErrNoWeb
	}
	if !parse.KnownFormat(name) {
		return FileResult{}, refuse("%s is not a supported type: dateline reads %s files", clipText(name, 100), strings.Join(parse.Formats(), " "))
	}
	if size > MaxAttachment {
		return FileResult{}, refuse("%s is too large (%.1f MiB; the limit is %d MiB)", clipText(name, 100), float64(size)/(1<<20), MaxAttachment>>20)
	}
	file, err := a.files.Get(ctx, rawURL)
	if err != nil {
		return FileResult{}, refuse("could not download %s: %s", clipText(name, 100), strings.TrimPrefix(err.Error(), "refused: "))
	}
	data := file.Body
	if ext := strings.ToLower(filepath.Ext(name)); ext == ".html" || ext == ".htm" {
		if data, err = withDate(data, date); err != nil {
			return FileResult{}, err
		}
	}
	c.Origin = "file " + name
	var out FileResult
	for _, it := range parse.Parse(name, data) {
		if it.Err != nil {
			out.Failed = append(out.Failed, explain(it.Err).Error())
			continue
		}
		added, err := a.AddArticle(ctx, c, it, corpus.SourceDiscord, name)
		var dup *DuplicateError
		switch {
		case errors.As(err, &dup):
			out.Duplicates = append(out.Duplicates, dup)
		case err != nil:
			return out, err
		default:
			out.Added = append(out.Added, added)
		}
	}
	return out, nil
}

// Form is the /add form: what an admin types about one article.
type Form struct {
	Title, Outlet, Date, URL, Text string
}

// AddForm adds the article an admin typed into the /add form.
func (a *App) AddForm(ctx context.Context, c Caller, f Form) (Added, error) {
	obj := map[string]string{"title": f.Title, "outlet": f.Outlet, "published": f.Date, "url": f.URL, "body": f.Text}
	for k, v := range obj {
		if strings.TrimSpace(v) == "" {
			delete(obj, k)
		}
	}
	b, err := json.Marshal(obj)
	if err != nil {
		return Added{}, fmt.Errorf("form: %w", err)
	}
	items := parse.Parse("form.json", b)
	if len(items) != 1 {
		return Added{}, refuse("the form could not be read")
	}
	if items[0].Err != nil {
		return Added{}, explain(items[0].Err)
	}
	c.Origin = "form"
	return a.AddArticle(ctx, c, items[0], corpus.SourceDiscord, "form")
}

// withDate gives a page the publication date date (any form
// parse.ParsePublished reads), ahead of its own meta tags.
func withDate(page []byte, date string) ([]byte, error) {
	date = strings.TrimSpace(date)
	if date == "" {
		return page, nil
	}
	t, err := parse.ParsePublished(date)
	if err != nil {
		return nil, refuse("I could not read the date %q: %s", clipText(date, 60), strings.TrimPrefix(err.Error(), "bad date: "))
	}
	meta := fmt.Sprintf(`<meta property="article:published_time" content="%s">`, t.UTC().Format(time.RFC3339))
	return append([]byte(meta), page...), nil
}

// explain turns a parse failure into a refusal an admin can act on.
func explain(err error) error {
	msg := err.Error()
	var pe *parse.ParseError
	if errors.As(err, &pe) {
		msg = pe.Reason()
	}
	switch {
	case errors.Is(err, parse.ErrMissingPublished):
		return refuse("no publication date found: give it with the date: option (for example date:2026-01-27), or use /add with no options and fill in the form")
	case errors.Is(err, parse.ErrMissingBody):
		return refuse("no article text found")
	case errors.Is(err, parse.ErrTooLarge):
		return refuse("too large: %s", msg)
	}
	return refuse("%s", msg)
}
