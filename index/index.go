// Package index is the Bleve index of passages: its mapping and analysis,
// batch indexing, and retrieval of the passages that match a request, with
// filters. It knows nothing of the query language, dates of events or how
// answers are shown (package answer). No other package imports Bleve.
package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/timex"
)

// MappingVersion changes whenever the mapping or the analysis changes; an
// index built with another version is rebuilt from the store.
const MappingVersion = 9

// Internal keys: the mapping version, the archive (store) the index was
// built from, and the last store change it applied.
const (
	versionKey = "dateline_mapping_version"
	archiveKey = "dateline_archive"
	appliedKey = "dateline_applied_change"
)

// lockTimeout bounds the wait for an index another process holds.
const lockTimeout = 3 * time.Second

// ErrLocked means another process (a running bot, another command) holds the index.
var ErrLocked = errors.New("the index is in use by another dateline process (is `dateline serve` running on this data directory?)")

// ErrDamaged means Bleve could not read the index while answering: its files
// are damaged. The index is derived data; the caller rebuilds it.
var ErrDamaged = errors.New("the index is damaged")

// Index is an open passage index.
type Index struct {
	bleve bleve.Index
	path  string
}

// OpenStatus says what Open found.
type OpenStatus int

// What Open found at the path.
const (
	Opened  OpenStatus = iota // an index of the current version
	Created                   // there was none
	Rebuilt                   // there was one, corrupt or of another version: it was discarded
)

// Open opens the index at path, creating it when absent and discarding it
// when it is corrupt or of another mapping version (the caller then
// re-indexes from the store). It fails with ErrLocked, within a few seconds,
// when another process holds the index.
func Open(path string) (*Index, OpenStatus, string, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		ix, err := create(path)
		return ix, Created, "", err
	}
	b, err := openBleve(path)
	if isLockTimeout(err) {
		return nil, 0, "", ErrLocked
	}
	reason := ""
	if err != nil {
		reason = fmt.Sprintf("cannot be opened (%v)", err)
	} else if v, verr := b.GetInternal([]byte(versionKey)); verr != nil || string(v) != strconv.Itoa(MappingVersion) {
		reason = fmt.Sprintf("has mapping version %q, want %d", v, MappingVersion)
		b.Close()
	} else if _, aerr := (&Index{bleve: b}).Applied(); aerr != nil {
		reason = aerr.Error()
		b.Close()
	} else if verr := verifySegments(path); verr != nil {
		reason = verr.Error()
		b.Close()
	} else {
		return &Index{bleve: b, path: path}, Opened, "", nil
	}
	if err := os.RemoveAll(path); err != nil {
		return nil, 0, "", fmt.Errorf("discard index %s: %w", path, err)
	}
	ix, err := create(path)
	return ix, Rebuilt, reason, err
}

// ErrNeedsRebuild means a read-only index is missing, damaged or of another
// mapping version: rebuilding it needs a writable data directory.
var ErrNeedsRebuild = errors.New("the index needs a rebuild (run `dateline reindex` where the data directory is writable)")

// OpenReadOnly opens the index at path for reading only, writing nothing.
// It never creates or discards: an index that is missing, cannot be opened
// or has another mapping version is ErrNeedsRebuild.
func OpenReadOnly(path string) (*Index, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNeedsRebuild, err)
	}
	b, err := openBleveWith(path, map[string]any{"bolt_timeout": lockTimeout.String(), "read_only": true})
	if isLockTimeout(err) {
		return nil, ErrLocked
	}
	if err != nil {
		return nil, fmt.Errorf("%w: it cannot be opened (%v)", ErrNeedsRebuild, err)
	}
	if v, err := b.GetInternal([]byte(versionKey)); err != nil || string(v) != strconv.Itoa(MappingVersion) {
		b.Close()
		return nil, fmt.Errorf("%w: it has mapping version %q, want %d", ErrNeedsRebuild, v, MappingVersion)
	}
	if _, err := (&Index{bleve: b}).Applied(); err != nil {
		b.Close()
		return nil, fmt.Errorf("%w: %v", ErrNeedsRebuild, err)
	}
	if err := verifySegments(path); err != nil {
		b.Close()
		return nil, fmt.Errorf("%w: %v", ErrNeedsRebuild, err)
	}
	return &Index{bleve: b, path: path}, nil
}

// openBleve opens an existing index. Damaged segment files can make Bleve
// panic while loading them (a length read from the damage): that is an
// index that cannot be opened, like any other error.
func openBleve(path string) (b bleve.Index, err error) {
	return openBleveWith(path, map[string]any{"bolt_timeout": lockTimeout.String()})
}

func openBleveWith(path string, config map[string]any) (b bleve.Index, err error) {
	defer func() {
		if p := recover(); p != nil {
			b, err = nil, fmt.Errorf("loading it panicked: %v", p)
		}
	}()
	return bleve.OpenUsing(path, config)
}

// isLockTimeout says whether Bleve gave up waiting for the lock another
// process holds on the index. Bleve's storage (bbolt) locks the index file
// and, after bolt_timeout, returns its own error unwrapped, whose text is
// "timeout"; Bleve exports no value for it, and comparing the text keeps
// the storage engine out of our imports. TestOpenLockedIndex fails if a
// Bleve upgrade changes the text, rather than an index in use being
// taken for a corrupt one and discarded.
func isLockTimeout(err error) bool {
	return err != nil && err.Error() == "timeout"
}

func create(path string) (*Index, error) {
	b, err := bleve.NewUsing(path, newMapping(), scorch.Name, scorch.Name,
		map[string]any{"bolt_timeout": lockTimeout.String()})
	if err != nil {
		return nil, fmt.Errorf("create index %s: %w", path, err)
	}
	if err := b.SetInternal([]byte(versionKey), []byte(strconv.Itoa(MappingVersion))); err != nil {
		b.Close()
		return nil, fmt.Errorf("create index %s: %w", path, err)
	}
	return &Index{bleve: b, path: path}, nil
}

// Info is what Inspect reads from an index without changing it.
type Info struct {
	MappingVersion string // as recorded in the index
	Current        bool   // MappingVersion is this dateline's
	Applied        int64  // the last store change applied
	Passages       uint64
}

// Inspect opens the index at path read-only and reports on it, changing
// nothing (a corrupt index is reported, not discarded). It fails with
// ErrLocked when another process holds the index, and with an error
// wrapping os.ErrNotExist when there is none.
func Inspect(path string) (Info, error) {
	if _, err := os.Stat(path); err != nil {
		return Info{}, fmt.Errorf("index %s: %w", path, err)
	}
	b, err := bleve.OpenUsing(path, map[string]any{"bolt_timeout": lockTimeout.String(), "read_only": true})
	if isLockTimeout(err) {
		return Info{}, ErrLocked
	}
	if err != nil {
		return Info{}, fmt.Errorf("index %s cannot be opened: %w", path, err)
	}
	defer b.Close()
	ix := &Index{bleve: b, path: path}
	v, err := b.GetInternal([]byte(versionKey))
	if err != nil {
		return Info{}, fmt.Errorf("index %s: %w", path, err)
	}
	info := Info{MappingVersion: string(v), Current: string(v) == strconv.Itoa(MappingVersion)}
	if info.Applied, err = ix.Applied(); err != nil {
		return info, err
	}
	info.Passages, err = ix.Count()
	return info, err
}

// Path is where the index lives.
func (ix *Index) Path() string { return ix.path }

// Intact says whether the index's files are still in place (nil), or why
// not: a replica whose directory was deleted under it keeps answering from
// the files it has open, but can take no more changes and must be rebuilt.
func (ix *Index) Intact() error {
	if _, err := os.Stat(filepath.Join(ix.path, "index_meta.json")); err != nil {
		return fmt.Errorf("index %s: %w", ix.path, err)
	}
	return nil
}

// Create makes a new, empty index at path (which must not exist).
func Create(path string) (*Index, error) { return create(path) }

// Close closes the index.
func (ix *Index) Close() error {
	if err := ix.bleve.Close(); err != nil {
		return fmt.Errorf("close index: %w", err)
	}
	return nil
}

// passageDoc is what the index holds for one passage.
type passageDoc struct {
	Text      string      `json:"text"`
	Context   string      `json:"context"` // title and previous passage: what the passage is about
	Lead      string      `json:"lead"`    // the article's first passage, for the passages after the second
	Outlet    string      `json:"outlet"`  // lower case, for filtering
	ArticleID string      `json:"article_id"`
	Scope     string      `json:"scope"` // whose archive: "shared" or "guild:<id>", filtered in every query
	Published time.Time   `json:"published"`
	Dates     []time.Time `json:"dates"`     // starts of the calendar dates the passage mentions
	DateEnds  []time.Time `json:"date_ends"` // their (exclusive) ends
}

// newMapping indexes only what retrieval reads: nothing is stored (texts
// come from the store of record), no field goes into Bleve's composite
// "_all" field or keeps doc values (nothing sorts or facets on them), and
// term vectors are kept only where retrieval reads match locations.
func newMapping() mapping.IndexMapping {
	text := bleve.NewTextFieldMapping()
	text.Analyzer = textAnalyzer
	text.IncludeTermVectors = true
	lean(text)

	kw := bleve.NewKeywordFieldMapping()
	kw.Analyzer = keyword.Name
	lean(kw)

	date := bleve.NewDateTimeFieldMapping()
	lean(date)

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("text", text)
	doc.AddFieldMappingsAt("context", text)
	doc.AddFieldMappingsAt("lead", text)
	doc.AddFieldMappingsAt("outlet", kw)
	doc.AddFieldMappingsAt("article_id", kw)
	doc.AddFieldMappingsAt("scope", kw)
	doc.AddFieldMappingsAt("published", date)
	doc.AddFieldMappingsAt("dates", date)
	doc.AddFieldMappingsAt("date_ends", date)

	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.IndexDynamic, m.StoreDynamic, m.DocValuesDynamic = false, false, false
	m.DefaultAnalyzer = textAnalyzer
	m.ScoringModel = "bm25"
	return m
}

// lean makes a field indexed only: not stored, not in "_all", no doc values.
func lean(f *mapping.FieldMapping) {
	f.Store = false
	f.IncludeInAll = false
	f.DocValues = false
}

// outletKey is how the index holds an outlet's name, and how a filter must
// give it: outlets match whatever their case.
func outletKey(outlet string) string { return strings.ToLower(strings.TrimSpace(outlet)) }

// scopeKey is how the index holds an article's scope ("" is shared).
func scopeKey(s corpus.Scope) string {
	if s == "" {
		return string(corpus.Shared)
	}
	return string(s)
}

// docID names a passage in the index.
func docID(articleID string, seq int) string { return articleID + "/" + strconv.Itoa(seq) }

func parseDocID(id string) (articleID string, seq int, ok bool) {
	i := strings.LastIndexByte(id, '/')
	if i < 0 {
		return "", 0, false
	}
	seq, err := strconv.Atoi(id[i+1:])
	return id[:i], seq, err == nil
}

// Archive is the archive (store) the index was built from, "" when it was
// never told.
func (ix *Index) Archive() (string, error) {
	v, err := ix.bleve.GetInternal([]byte(archiveKey))
	if err != nil {
		return "", fmt.Errorf("read the index's archive: %w", err)
	}
	return string(v), nil
}

// SetArchive records the archive the index is built from.
func (ix *Index) SetArchive(archive string) error {
	if err := ix.bleve.SetInternal([]byte(archiveKey), []byte(archive)); err != nil {
		return fmt.Errorf("record the index's archive: %w", err)
	}
	return nil
}

// Applied is the number of the last store change the index applied (0 for
// a new index).
func (ix *Index) Applied() (int64, error) {
	v, err := ix.bleve.GetInternal([]byte(appliedKey))
	if err != nil {
		return 0, fmt.Errorf("read applied change: %w", err)
	}
	if len(v) == 0 {
		return 0, nil
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("read applied change %q: %w", v, err)
	}
	return n, nil
}

// Apply makes the index hold the current state of some articles, in one
// batch: the passages of present (replacing any it held, dropping those
// beyond the new count) and none of gone's; and records upTo as the last
// store change applied, in the same batch. Bleve's safe batch mode is used:
// when Apply returns, it is durable, and a crash leaves the index either
// before or after the whole batch.
func (ix *Index) Apply(ctx context.Context, upTo int64, present []corpus.Record, gone []string) error {
	keep := make(map[string]int, len(present)+len(gone)) // passages each article keeps
	for _, r := range present {
		keep[r.Article.ID] = len(r.Passages)
	}
	for _, id := range gone {
		keep[id] = 0
	}
	held, err := ix.heldPassages(ctx, keep)
	if err != nil {
		return err
	}
	batch := ix.bleve.NewBatch()
	for _, doc := range held {
		batch.Delete(doc)
	}
	for _, r := range present {
		for i, p := range r.Passages {
			if err := batch.Index(docID(r.Article.ID, p.Seq), newPassageDoc(r.Article, r.Passages, i)); err != nil {
				return fmt.Errorf("index %s: %w", docID(r.Article.ID, p.Seq), err)
			}
		}
	}
	batch.SetInternal([]byte(appliedKey), []byte(strconv.FormatInt(upTo, 10)))
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := ix.bleve.Batch(batch); err != nil {
		return fmt.Errorf("index batch: %w", err)
	}
	return nil
}

// heldPassages returns the documents the index holds for these articles
// beyond the passages each keeps (all of them for 0), in one search. (A
// count kept per article as an internal key would be simpler, but Bleve
// copies and rewrites every internal key on each batch: a cost that grows
// with the archive.)
func (ix *Index) heldPassages(ctx context.Context, keep map[string]int) ([]string, error) {
	if len(keep) == 0 {
		return nil, nil
	}
	ids := make([]query.Query, 0, len(keep))
	for id := range keep {
		tq := bleve.NewTermQuery(id)
		tq.SetField("article_id")
		ids = append(ids, tq)
	}
	var out []string
	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(ids...), 1000, 0, false)
	req.Score = "none"
	req.SortBy([]string{"_id"})
	for {
		res, err := ix.bleve.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("find the passages held for %d articles: %w", len(keep), err)
		}
		for _, h := range res.Hits {
			if articleID, seq, ok := parseDocID(h.ID); ok && seq >= keep[articleID] {
				out = append(out, h.ID)
			}
		}
		if len(res.Hits) < req.Size {
			return out, nil
		}
		req.SearchAfter = []string{res.Hits[len(res.Hits)-1].ID}
	}
}

func newPassageDoc(a corpus.Article, ps []corpus.Passage, i int) passageDoc {
	p := ps[i]
	var context strings.Builder
	context.WriteString(a.Title)
	// News runs forward: a passage continues the one before it ("The source
	// said…" after the paragraph that names the source and the place), so
	// it inherits, weakly, the words of the title and the passage before it.
	if i > 0 {
		context.WriteString("\n")
		context.WriteString(a.Body[ps[i-1].Start:ps[i-1].End])
	}
	var dates, ends []time.Time
	for _, m := range p.Mentions {
		if start, end, ok := timex.Interval(m.Value, m.Mod); ok && (m.Type == timex.Date || m.Type == timex.Time) {
			dates = append(dates, indexable(start))
			ends = append(ends, indexable(end))
		}
	}
	// The lead names in full who the story is about ("Apple CEO Steve
	// Jobs", later just "Jobs"): more weakly still, a passage inherits it.
	lead := ""
	if i > 1 {
		lead = a.Body[ps[0].Start:ps[0].End]
	}
	return passageDoc{
		Text:      a.Body[p.Start:p.End],
		Context:   context.String(),
		Lead:      lead,
		Outlet:    outletKey(a.Outlet),
		ArticleID: a.ID,
		Scope:     scopeKey(a.Scope),
		Published: a.Published,
		Dates:     dates,
		DateEnds:  ends,
	}
}

// indexable is a date as the index can hold it: dates before 1677 or after
// 2262 at the nearest end of Bleve's years (see representable).
func indexable(t time.Time) time.Time {
	first, last := query.MinRFC3339CompatibleTime, query.MaxRFC3339CompatibleTime
	switch {
	case t.Before(first):
		return first
	case t.After(last):
		return last
	}
	return t
}

// Count is the number of passages in the index.
func (ix *Index) Count() (uint64, error) {
	n, err := ix.bleve.DocCount()
	if err != nil {
		return 0, fmt.Errorf("count passages: %w", err)
	}
	return n, nil
}

// Has says whether the index holds the passage.
func (ix *Index) Has(articleID string, seq int) (bool, error) {
	doc, err := ix.bleve.Document(docID(articleID, seq))
	if err != nil {
		return false, fmt.Errorf("look up %s: %w", docID(articleID, seq), err)
	}
	return doc != nil, nil
}
