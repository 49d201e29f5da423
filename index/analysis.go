package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/dateline-bot/dateline/places"
)

const (
	textAnalyzer = "dateline_en"
	placesFilter = "dateline_places"
)

// bm25B is BM25's length normalisation for passages (Bleve's default is
// Elasticsearch's 0.75, made for documents). Passages are paragraphs, whose
// length says little about how much they are about a word, and at 0.75
// shortness alone lifts one-line passages. 0.5 was measured best of 0.3-0.75 on
// the tuned half of the Wikinews timelines (date precision 0.766 -> 0.773,
// recall 0.656 -> 0.677; the untouched half unchanged; docs/QUALITY.md).
const bm25B = 0.5

// Bleve finds analysis components by name in a process-wide registry; the
// filter has no state, so registering it once at start-up is safe. Bleve
// reads BM25's b from a package variable: dateline's index is its only
// user in the process, and b is set here once, before any index is opened.
func init() {
	search.BM25_b = bm25B
	if err := registry.RegisterTokenFilter(placesFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return placeFilter{}, nil
	}); err != nil {
		panic(fmt.Sprintf("register %s: %v", placesFilter, err))
	}
	if err := registry.RegisterAnalyzer(textAnalyzer, newTextAnalyzer); err != nil {
		panic(fmt.Sprintf("register %s: %v", textAnalyzer, err))
	}
}

// newTextAnalyzer is Bleve's English analyzer with the place filter before
// lower-casing (so "US" the country and "us" the pronoun stay apart).
func newTextAnalyzer(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
	tokenizer, err := cache.TokenizerNamed(unicode.Name)
	if err != nil {
		return nil, err
	}
	var filters []analysis.TokenFilter
	for _, name := range []string{en.PossessiveName, placesFilter, lowercase.Name, en.StopName, porter.Name} {
		f, err := cache.TokenFilterNamed(name)
		if err != nil {
			return nil, fmt.Errorf("token filter %s: %w", name, err)
		}
		filters = append(filters, f)
	}
	return &analysis.DefaultAnalyzer{Tokenizer: tokenizer, TokenFilters: filters}, nil
}

// placeFilter replaces names of places, peoples and their adjectives with
// one token per place ("Russians" → "russia", "United Arab Emirates" →
// "uae"); the names are the places package's.
type placeFilter struct{}

func (placeFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := input[:0]
	var words [placeWords]string
	for i := 0; i < len(input); i++ {
		tok := input[i]
		if i+1 < len(input) && places.StartsPhrase(string(tok.Term)) {
			n := 0
			for n < len(words) && i+n < len(input) {
				words[n] = string(input[i+n].Term)
				n++
			}
			if p, taken, ok := places.Phrase(words[:n]); ok {
				tok.Term = []byte(p)
				tok.End = input[i+taken-1].End
				out = append(out, tok)
				i += taken - 1
				continue
			}
		}
		if p, ok := places.Token(string(tok.Term)); ok {
			tok.Term = []byte(p)
		}
		out = append(out, tok)
	}
	return out
}

// placeWords is the most words a place's name has, as places.Phrase reads.
const placeWords = 5
