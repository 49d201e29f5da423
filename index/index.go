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
	"strconv"
	"strings"
	"sync"
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
const MappingVersion = 7

const versionKey = "dateline_mapping_version"

// The index's identity: the archive (store) it was built from, and how many
// batches it has applied. The store keeps the same two (app), so that an
// index of another store, or an older copy of this one, is known on open.
const (
	archiveKey = "dateline_archive"
	appliedKey = "dateline_applied"
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
	// applied counts the batches (adds, removals) the index has taken; it
	// is written in each batch, so it is durable with it.
	mu      sync.Mutex
	applied uint64
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
	} else if applied, aerr := readApplied(b); aerr != nil {
		reason = aerr.Error()
		b.Close()
	} else if verr := verifySegments(path); verr != nil {
		reason = verr.Error()
		b.Close()
	} else {
		return &Index{bleve: b, path: path, applied: applied}, Opened, "", nil
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
	applied, err := readApplied(b)
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("%w: it %v", ErrNeedsRebuild, err)
	}
	if err := verifySegments(path); err != nil {
		b.Close()
		return nil, fmt.Errorf("%w: %v", ErrNeedsRebuild, err)
	}
	return &Index{bleve: b, path: path, applied: applied}, nil
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

// readApplied reads the batch counter (0 for an index that has none).
func readApplied(b bleve.Index) (uint64, error) {
	v, err := b.GetInternal([]byte(appliedKey))
	if err != nil {
		return 0, fmt.Errorf("cannot read its batch counter (%v)", err)
	}
	if len(v) == 0 {
		return 0, nil
	}
	n, err := strconv.ParseUint(string(v), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("has a malformed batch counter %q", v)
	}
	return n, nil
}

// Identity is the archive the index was built from ("" when it was never
// told) and the batches it has applied.
func (ix *Index) Identity() (archive string, applied uint64, err error) {
	v, err := ix.bleve.GetInternal([]byte(archiveKey))
	if err != nil {
		return "", 0, fmt.Errorf("read the index's archive: %w", err)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return string(v), ix.applied, nil
}

// SetArchive records the archive the index is built from.
func (ix *Index) SetArchive(archive string) error {
	if err := ix.bleve.SetInternal([]byte(archiveKey), []byte(archive)); err != nil {
		return fmt.Errorf("record the index's archive: %w", err)
	}
	return nil
}

// Applied is how many batches the index has taken.
func (ix *Index) Applied() uint64 {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.applied
}

// apply runs a batch with the batch counter raised in it, so that the
// counter is durable exactly when the batch is.
func (ix *Index) apply(batch *bleve.Batch) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	next := ix.applied + 1
	batch.SetInternal([]byte(appliedKey), []byte(strconv.FormatUint(next, 10)))
	if err := ix.bleve.Batch(batch); err != nil {
		return err
	}
	ix.applied = next
	return nil
}

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
	Title     string      `json:"title"`
	Outlet    string      `json:"outlet"` // lower case, for filtering
	ArticleID string      `json:"article_id"`
	Scope     string      `json:"scope"` // whose archive: "shared" or "guild:<id>", filtered in every query
	Published time.Time   `json:"published"`
	Dates     []time.Time `json:"dates"`     // starts of the calendar dates the passage mentions
	DateEnds  []time.Time `json:"date_ends"` // their (exclusive) ends
}

func newMapping() mapping.IndexMapping {
	text := bleve.NewTextFieldMapping()
	text.Analyzer = textAnalyzer
	text.Store = true
	text.IncludeTermVectors = true

	ctxField := bleve.NewTextFieldMapping()
	ctxField.Analyzer = textAnalyzer
	ctxField.Store = false
	ctxField.IncludeTermVectors = true

	title := bleve.NewTextFieldMapping()
	title.Analyzer = textAnalyzer
	title.Store = false

	kw := bleve.NewKeywordFieldMapping()
	kw.Analyzer = keyword.Name
	kw.Store = false

	date := bleve.NewDateTimeFieldMapping()
	date.Store = false

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("text", text)
	doc.AddFieldMappingsAt("context", ctxField)
	doc.AddFieldMappingsAt("lead", ctxField)
	doc.AddFieldMappingsAt("title", title)
	doc.AddFieldMappingsAt("outlet", kw)
	doc.AddFieldMappingsAt("article_id", kw)
	doc.AddFieldMappingsAt("scope", kw)
	doc.AddFieldMappingsAt("published", date)
	doc.AddFieldMappingsAt("dates", date)
	doc.AddFieldMappingsAt("date_ends", date)

	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = textAnalyzer
	m.ScoringModel = "bm25"
	return m
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

// Add indexes the passages of these records in one batch. Bleve's safe batch
// mode is used: when Add returns, the passages are durable.
func (ix *Index) Add(ctx context.Context, recs []corpus.Record) error {
	batch := ix.bleve.NewBatch()
	for _, r := range recs {
		for i, p := range r.Passages {
			if err := batch.Index(docID(r.Article.ID, p.Seq), newPassageDoc(r.Article, r.Passages, i)); err != nil {
				return fmt.Errorf("index %s: %w", docID(r.Article.ID, p.Seq), err)
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := ix.apply(batch); err != nil {
		return fmt.Errorf("index batch: %w", err)
	}
	return nil
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
		Title:     a.Title,
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

// Remove deletes an article's passages (seq 0 … passages-1).
func (ix *Index) Remove(ctx context.Context, articleID string, passages int) error {
	batch := ix.bleve.NewBatch()
	for seq := 0; seq < passages; seq++ {
		batch.Delete(docID(articleID, seq))
	}
	if err := ix.apply(batch); err != nil {
		return fmt.Errorf("remove %s from index: %w", articleID, err)
	}
	return nil
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
