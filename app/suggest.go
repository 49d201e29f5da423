package app

import (
	"context"
	"sort"
	"strings"
	"unicode"
)

// suggestTitles is how many recent titles autocomplete draws words from:
// recent enough to be what people ask about, few enough to answer in
// milliseconds (Discord gives autocomplete 3 s and no defer).
const suggestTitles = 500

// Suggest returns up to n autocomplete choices that start with the last word
// of prefix: outlets and frequent words of recent titles, most frequent
// first. Earlier words of prefix are kept in front of each choice.
// Only the archives the caller sees are drawn on.
func (a *App) Suggest(ctx context.Context, c Caller, prefix string, n int) ([]string, error) {
	scopes := c.Scope().Visible()
	lead, last := splitLastWord(prefix)
	lastLower := strings.ToLower(last)
	counts := map[string]int{}
	outlets, err := a.store.Outlets(ctx, scopes)
	if err != nil {
		return nil, err
	}
	for _, o := range outlets {
		if strings.HasPrefix(strings.ToLower(o), lastLower) {
			counts[o] += 1000 // outlets first: they are what people filter by
		}
	}
	titles, err := a.store.RecentTitles(ctx, scopes, suggestTitles)
	if err != nil {
		return nil, err
	}
	for _, t := range titles {
		for _, w := range strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) && r != '-' }) {
			if len(w) < 3 || stopWords[strings.ToLower(w)] || !strings.HasPrefix(strings.ToLower(w), lastLower) {
				continue
			}
			counts[w]++
		}
	}
	words := make([]string, 0, len(counts))
	for w := range counts {
		words = append(words, w)
	}
	sort.Slice(words, func(i, j int) bool {
		if counts[words[i]] != counts[words[j]] {
			return counts[words[i]] > counts[words[j]]
		}
		return words[i] < words[j]
	})
	var out []string
	seen := map[string]bool{}
	for _, w := range words {
		choice := lead + w
		if key := strings.ToLower(choice); !seen[key] && len(choice) <= 100 {
			seen[key] = true
			out = append(out, choice)
		}
		if len(out) == n {
			break
		}
	}
	return out, nil
}

func splitLastWord(s string) (lead, last string) {
	i := strings.LastIndexFunc(s, unicode.IsSpace)
	return s[:i+1], s[i+1:]
}

var stopWords = map[string]bool{
	"the": true, "and": true, "for": true, "with": true, "from": true, "that": true, "this": true,
	"are": true, "was": true, "its": true, "has": true, "have": true, "will": true, "into": true, "after": true,
}
