package index

import (
	"github.com/blevesearch/bleve/v2"

	"github.com/dateline-bot/dateline/corpus"
)

// RawIndex indexes passages straight into a new Bleve index with dateline's
// mapping and documents, and nothing else: the baseline the ingest
// benchmark compares the whole pipeline with.
func RawIndex(path string, recs []corpus.Record, batchArticles int) error {
	b, err := bleve.New(path, newMapping())
	if err != nil {
		return err
	}
	defer b.Close()
	for start := 0; start < len(recs); start += batchArticles {
		batch := b.NewBatch()
		for _, r := range recs[start:min(start+batchArticles, len(recs))] {
			for i, p := range r.Passages {
				if err := batch.Index(docID(r.Article.ID, p.Seq), newPassageDoc(r.Article, r.Passages, i)); err != nil {
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
