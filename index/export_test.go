package index

import (
	"github.com/blevesearch/bleve/v2"

	"github.com/dateline-bot/dateline/corpus"
)

// RawIndex indexes passages straight into a new Bleve index with a plain
// mapping: each passage's text as one text field with Bleve's defaults
// (standard analyzer, stored, term vectors), BM25, batches of
// batchArticles articles, and nothing else. It is the baseline the ingest
// benchmarks compare the whole pipeline with.
func RawIndex(path string, recs []corpus.Record, batchArticles int) error {
	m := bleve.NewIndexMapping()
	m.ScoringModel = "bm25"
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("text", bleve.NewTextFieldMapping())
	m.DefaultMapping = doc
	b, err := bleve.New(path, m)
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
