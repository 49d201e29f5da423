package answer

import (
	"hash/fnv"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// syndicationThreshold is the word-shingle similarity above which two quotes
// are the same reporting published twice.
const syndicationThreshold = 0.9

const shingleWords = 3

// shingles hashes the text's overlapping runs of three words (lower case,
// punctuation ignored), sorted and unique; texts of fewer words give one
// shingle of all of them. Sorted slices compare by merging, without maps.
func shingles(text string) []uint64 {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
	n := min(shingleWords, len(words))
	var out []uint64
	for i := 0; i+n <= len(words) && n > 0; i++ {
		h := fnv.New64a()
		for _, w := range words[i : i+n] {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		out = append(out, h.Sum64())
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// similarity is the Jaccard similarity of two shingle sets.
func similarity(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	shared := sharedCount(a, b)
	return float64(shared) / float64(len(a)+len(b)-shared)
}

// sharedCount counts the shingles two sorted sets share.
func sharedCount(a, b []uint64) int {
	shared := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			shared++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return shared
}

// foldSyndicated merges entries whose quotes are the same text from different
// articles into one entry that credits every outlet, earliest first: the
// kept entry is the earliest publication's, the others go to AlsoIn.
func foldSyndicated(entries []datedEntry) []datedEntry {
	sort.SliceStable(entries, func(i, j int) bool {
		if !entries[i].published.Equal(entries[j].published) {
			return entries[i].published.Before(entries[j].published)
		}
		return entries[i].Article.ID < entries[j].Article.ID
	})
	var out []datedEntry
	byDate := map[string][]int{} // indices in out, by the date they tell
	for _, e := range entries {
		key := dateKey(e)
		k, ok := findCopy(out, byDate[key], e)
		if !ok {
			byDate[key] = append(byDate[key], len(out))
			out = append(out, e)
			continue
		}
		if !credits(out[k], e.Article.ID) {
			out[k].AlsoIn = append(out[k].AlsoIn, e.Article)
		}
		out[k].rank = min(out[k].rank, e.rank)
	}
	return out
}

// dateKey groups entries that may be copies: the same date, or both dated
// only by their publication (syndication takes days).
func dateKey(e datedEntry) string {
	if e.Reported() {
		return "reported"
	}
	return e.Date
}

// findCopy returns the index (among candidates, indices in out) of an entry
// from another article whose quote is e's. Two sets whose sizes differ by
// more than the threshold allows cannot be similar enough, so most pairs
// are skipped without comparing shingles.
func findCopy(out []datedEntry, candidates []int, e datedEntry) (int, bool) {
	for _, k := range candidates {
		a, b := len(out[k].shingles), len(e.shingles)
		if out[k].Article.ID == e.Article.ID || float64(min(a, b)) < syndicationThreshold*float64(max(a, b)) {
			continue
		}
		if similarity(out[k].shingles, e.shingles) >= syndicationThreshold {
			return k, true
		}
	}
	return 0, false
}

func credits(e datedEntry, articleID string) bool {
	for _, a := range e.AlsoIn {
		if a.ID == articleID {
			return true
		}
	}
	return false
}

// Similarity is how much two texts share, as the Jaccard similarity of
// their three-word shingles (0 to 1); syndicated copies score near 1.
// The digest folds copies of one story with it.
func Similarity(a, b string) float64 { return similarity(shingles(a), shingles(b)) }

// sameEventOverlap is the share of the shorter quote's shingles that two
// quotes from different articles must share, on the same day, to tell
// the same event in other words (an update of a story, another outlet's
// report): "Ecuador's earthquake on March 5 destroyed the pipeline" and
// "the March 5 earthquake destroyed a section of the pipeline".
const sameEventOverlap = 0.5

// foldSameEvent folds entries that quote the same event: the same day
// (from the text, not the publication), a large share of the shorter
// quote in the longer one. The kept entry is the most relevant; the others
// are credited in AlsoIn.
func foldSameEvent(entries []datedEntry) []datedEntry {
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].rank < entries[j].rank })
	var out []datedEntry
	byDay := map[string][]int{}
	for _, e := range entries {
		if e.Reported() || e.Precision != "day" {
			out = append(out, e)
			continue
		}
		k, ok := -1, false
		for _, c := range byDay[e.Date] {
			if out[c].Article.ID != e.Article.ID && overlap(out[c].shingles, e.shingles) >= sameEventOverlap {
				k, ok = c, true
				break
			}
		}
		if !ok {
			byDay[e.Date] = append(byDay[e.Date], len(out))
			out = append(out, e)
			continue
		}
		if !credits(out[k], e.Article.ID) {
			out[k].AlsoIn = append(out[k].AlsoIn, e.Article)
			out[k].AlsoIn = append(out[k].AlsoIn, e.AlsoIn...)
			sortRefsByPublished(out[k].AlsoIn)
		}
	}
	return out
}

// overlap is the share of the smaller shingle set found in the other.
func overlap(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	return float64(sharedCount(a, b)) / float64(min(len(a), len(b)))
}
