package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/store"
)

func insertPassages(ctx context.Context, tx *sql.Tx, r corpus.Record) error {
	stmt, err := tx.PrepareContext(ctx,
		`INSERT INTO passages (article_id, seq, start, end, mentions, credits) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("prepare passages: %w", err)
	}
	defer stmt.Close()
	for _, p := range r.Passages {
		mentions, err := json.Marshal(nonNil(p.Mentions))
		if err != nil {
			return fmt.Errorf("encode mentions: %w", err)
		}
		credits, err := json.Marshal(nonNil(p.Credits))
		if err != nil {
			return fmt.Errorf("encode credits: %w", err)
		}
		if _, err := stmt.ExecContext(ctx, r.Article.ID, p.Seq, p.Start, p.End, string(mentions), string(credits)); err != nil {
			return fmt.Errorf("insert passage %s/%d: %w", r.Article.ID, p.Seq, err)
		}
	}
	return nil
}

const passageColumns = `article_id, seq, start, end, mentions, credits`

// storedPassage is a passage as stored: offsets and its analysis in JSON.
type storedPassage struct {
	corpus.Passage
	mentions, credits string
}

func scanPassage(row rowScanner) (storedPassage, error) {
	var sp storedPassage
	err := row.Scan(&sp.ArticleID, &sp.Seq, &sp.Start, &sp.End, &sp.mentions, &sp.credits)
	return sp, err
}

// decode checks a stored passage against its article, gives it its text
// and decodes its analysis.
func (sp storedPassage) decode(a corpus.Article) (corpus.Passage, error) {
	p := sp.Passage
	if p.Start < 0 || p.End > len(a.Body) || p.Start > p.End {
		return p, fmt.Errorf("passage %s/%d: offsets %d-%d outside the body", a.ID, p.Seq, p.Start, p.End)
	}
	p.Text = a.Body[p.Start:p.End]
	if err := json.Unmarshal([]byte(sp.mentions), &p.Mentions); err != nil {
		return p, fmt.Errorf("passage %s/%d mentions: %w", a.ID, p.Seq, err)
	}
	if err := json.Unmarshal([]byte(sp.credits), &p.Credits); err != nil {
		return p, fmt.Errorf("passage %s/%d credits: %w", a.ID, p.Seq, err)
	}
	return p, nil
}

// Passages returns the stored passages of one article, in order, with their text.
func (s *Store) Passages(ctx context.Context, a corpus.Article) ([]corpus.Passage, error) {
	stored, err := queryAll(ctx, s.db, "read passages of "+a.ID,
		`SELECT `+passageColumns+` FROM passages WHERE article_id = ? AND `+passageLive+` ORDER BY seq`, scanPassage, a.ID)
	if err != nil {
		return nil, err
	}
	var out []corpus.Passage
	for _, sp := range stored {
		p, err := sp.decode(a)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// PassagesAt returns the passages named by keys whose article is in arts
// (as read by Articles), with their text. Keys of absent articles or
// passages are missing from the map.
func (s *Store) PassagesAt(ctx context.Context, arts map[string]corpus.Article, keys []store.PassageKey) (map[store.PassageKey]corpus.Passage, error) {
	out := make(map[store.PassageKey]corpus.Passage, len(keys))
	for start := 0; start < len(keys); start += 250 {
		chunk := keys[start:min(start+250, len(keys))]
		args := make([]any, 0, 2*len(chunk))
		for _, k := range chunk {
			args = append(args, k.ArticleID, k.Seq)
		}
		stored, err := queryAll(ctx, s.db, "read passages", `SELECT `+passageColumns+` FROM passages
			WHERE (article_id, seq) IN (VALUES `+strings.TrimSuffix(strings.Repeat("(?, ?),", len(chunk)), ",")+`) AND `+passageLive,
			scanPassage, args...)
		if err != nil {
			return nil, err
		}
		for _, sp := range stored {
			a, ok := arts[sp.ArticleID]
			if !ok {
				continue // removed since arts was read
			}
			p, err := sp.decode(a)
			if err != nil {
				return nil, err
			}
			out[store.PassageKey{ArticleID: p.ArticleID, Seq: p.Seq}] = p
		}
	}
	return out, nil
}

// ReplacePassages stores newly computed passages for articles already
// stored (after the analysis changed) and marks them for re-indexing.
func (s *Store) ReplacePassages(ctx context.Context, recs []corpus.Record) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, r := range recs {
			if _, err := tx.ExecContext(ctx, `DELETE FROM passages WHERE article_id = ?`, r.Article.ID); err != nil {
				return fmt.Errorf("replace passages of %s: %w", r.Article.ID, err)
			}
			if err := insertPassages(ctx, tx, r); err != nil {
				return err
			}
			if err := recordChange(ctx, tx, r.Article.ID); err != nil {
				return err
			}
		}
		return nil
	})
}
