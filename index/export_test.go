package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/dateline-bot/dateline/corpus"
)

// RawIndexer is a Bleve index with the plain mapping of RawIndex, fed a
// batch at a time (a benchmark that cannot hold its whole corpus).
type RawIndexer struct{ b bleve.Index }

// NewRawIndex creates a raw index at path.
func NewRawIndex(path string) (*RawIndexer, error) {
	b, err := bleve.New(path, plainMapping())
	return &RawIndexer{b: b}, err
}

// Add indexes the passages of recs in one batch.
func (r *RawIndexer) Add(recs []corpus.Record) error {
	batch := r.b.NewBatch()
	for _, rec := range recs {
		for _, p := range rec.Passages {
			if err := batch.Index(docID(rec.Article.ID, p.Seq), map[string]string{"text": rec.Article.Body[p.Start:p.End]}); err != nil {
				return err
			}
		}
	}
	return r.b.Batch(batch)
}

// Close closes the raw index.
func (r *RawIndexer) Close() error { return r.b.Close() }

// plainMapping is Bleve's defaults for one text field, scored with BM25.
func plainMapping() *mapping.IndexMappingImpl {
	m := bleve.NewIndexMapping()
	m.ScoringModel = "bm25"
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("text", bleve.NewTextFieldMapping())
	m.DefaultMapping = doc
	return m
}

// RawIndex indexes passages straight into a new Bleve index with a plain
// mapping: each passage's text as one text field with Bleve's defaults
// (standard analyzer, stored, term vectors), BM25, batches of
// batchArticles articles, and nothing else. It is the baseline the ingest
// benchmarks compare the whole pipeline with.
func RawIndex(path string, recs []corpus.Record, batchArticles int) error {
	b, err := bleve.New(path, plainMapping())
	if err != nil {
		return err
	}
	defer b.Close()
	for start := 0; start < len(recs); start += batchArticles {
		batch := b.NewBatch()
		for _, r := range recs[start:min(start+batchArticles, len(recs))] {
			for _, p := range r.Passages {
				if err := batch.Index(docID(r.Article.ID, p.Seq), map[string]string{"text": r.Article.Body[p.Start:p.End]}); err != nil {
					return err
				}
			}
		}
		if err := b.Batch(batch); err != nil {
			return err
		}
	}
	return nil
}

// ScopesCoverAll exposes scopesCoverAll: whether Retrieve leaves the scope filter out.
func (ix *Index) ScopesCoverAll(scopes []corpus.Scope) (bool, error) {
	return ix.scopesCoverAll(scopes)
}
