package answer

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/dateline-bot/dateline/corpus"
	"github.com/dateline-bot/dateline/index"
	"github.com/dateline-bot/dateline/timex"
)

// MaxQueryBytes bounds what a query may be; longer input is cut at a word.
const MaxQueryBytes = 5000

// fillerWords are question words and filler that say nothing about the
// subject ("when did Russia leave Qamishli?").
var fillerWords = map[string]bool{
	"when": true, "what": true, "which": true, "who": true, "whom": true, "whose": true, "where": true,
	"why": true, "how": true, "did": true, "does": true, "do": true, "happen": true, "happened": true,
	"tell": true, "me": true, "about": true, "please": true, "show": true, "is": true, "was": true,
	"were": true, "are": true, "the": true, "a": true, "an": true,
}

// ErrNoWords is a query with nothing to look for: only filters, or only
// question words. Filters narrow a search; alone they would answer nothing.
var ErrNoWords = errors.New("no words to look for: since, until and outlet only narrow a search " +
	"(e.g. qamishli outlet:Reuters since:2025-12)")

// Filters are the filters a front-end takes apart from the words: the
// command line's flags, the slash command's options. Each one given
// replaces the same filter written in the words.
type Filters struct {
	Since, Until string // dates in any form the date tagger reads: 2025-12, "last week"
	Outlet       string
}

// ParseQuery is the one reading of a question, for every front-end: it
// turns what a user typed, and the filters given apart, into a Query.
// Question words and filler are dropped, quoted phrases kept as phrases,
// "since:X", "until:X" and "outlet:X" read as filters (X may be quoted:
// since:"last week"), everything else literal words (never Bleve query
// syntax). now resolves relative dates. Every error is the user's to fix
// (a date it cannot read, ErrNoWords) and its text says how.
func ParseQuery(raw string, f Filters, now time.Time) (Query, error) {
	q, err := parseWords(raw, now)
	if err != nil {
		return Query{}, err
	}
	for _, given := range []struct{ key, value string }{{"since", f.Since}, {"until", f.Until}, {"outlet", f.Outlet}} {
		if given.value == "" {
			continue
		}
		if err := q.setFilter(given.key, given.value, now); err != nil {
			return Query{}, err
		}
	}
	if len(q.Terms) == 0 && len(q.Phrase) == 0 {
		return Query{}, ErrNoWords
	}
	return q, nil
}

// parseWords reads the typed text, filters included.
func parseWords(raw string, now time.Time) (Query, error) {
	raw = strings.ToValidUTF8(raw, "")
	if len(raw) > MaxQueryBytes {
		raw = cutAtSpace(raw, MaxQueryBytes)
	}
	q := Query{Raw: strings.TrimSpace(raw)}
	toks := splitQuery(raw)
	plain := plainWords(toks) // every word outside phrases and filters, lower case
	sentence := isSentence(plain)
	at := 0 // the index in plain of the word being read
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		key, value, isFilter := cutFilter(t.text)
		if t.quoted && !isFilter {
			q.Phrase = append(q.Phrase, t.text)
			continue
		}
		if isFilter {
			if value == "" && i+1 < len(toks) {
				i++
				value = toks[i].text
			}
			if relativeWords[strings.ToLower(value)] && i+1 < len(toks) && !toks[i+1].quoted {
				i++
				value += " " + toks[i].text // since:last week
			}
			if err := q.setFilter(key, value, now); err != nil {
				return Query{}, err
			}
			continue
		}
		for _, w := range words(t.text) {
			lw := strings.ToLower(w)
			k := at
			at++
			if fillerWords[lw] && !isAcronym(w) {
				continue
			}
			if (lw == "us" || lw == "u.s") && w != "US" && isCountry(plain, k, sentence) {
				w, q.ReadAs = "US", "changed"
			}
			q.Terms = append(q.Terms, w)
		}
	}
	if q.ReadAs != "" {
		q.ReadAs = q.reading()
	}
	return q, nil
}

// plainWords are the words of the tokens that are neither phrases nor
// filters, lower case, in order, as parseWords reads them.
func plainWords(toks []queryToken) []string {
	var out []string
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		_, value, isFilter := cutFilter(t.text)
		if isFilter {
			// The filter's value may be the next token or two, as parseWords reads it.
			if value == "" && i+1 < len(toks) {
				i++
				value = toks[i].text
			}
			if relativeWords[strings.ToLower(value)] && i+1 < len(toks) && !toks[i+1].quoted {
				i++
			}
			continue
		}
		if t.quoted {
			continue
		}
		for _, w := range words(t.text) {
			out = append(out, strings.ToLower(w))
		}
	}
	return out
}

// sentenceWords make a query a sentence rather than keywords: auxiliaries
// and personal pronouns ("how does this affect us", "will they help us").
var sentenceWords = map[string]bool{
	"do": true, "does": true, "did": true, "will": true, "would": true, "can": true, "could": true,
	"should": true, "shall": true, "may": true, "might": true, "must": true, "has": true, "have": true,
	"had": true, "am": true, "i": true, "we": true, "you": true, "he": true, "she": true, "they": true,
	"me": true, "my": true, "our": true, "your": true, "their": true,
}

func isSentence(plain []string) bool {
	for _, w := range plain {
		if sentenceWords[w] {
			return true
		}
	}
	return false
}

// pronounFollowers are words that follow the pronoun "us" ("affect us
// in", "give us the", "let us know"), where the country would be
// followed by what it qualifies ("us dollar", "us troops").
var pronounFollowers = map[string]bool{
	"the": true, "a": true, "an": true, "to": true, "about": true, "in": true, "on": true, "at": true,
	"for": true, "with": true, "that": true, "this": true, "what": true, "how": true, "when": true,
	"why": true, "where": true, "and": true, "or": true, "know": true, "all": true, "again": true,
	"now": true, "today": true, "more": true, "too": true, "if": true, "so": true, "by": true,
}

// isCountry says whether the "us" at plain[k] is the country: always
// after "the" ("when did the us raise rates"); never when a verb or
// preposition governs it ("tell us", "for us"); in a keyword query
// otherwise always ("us dollar"); in a sentence only when a word it may
// qualify follows ("how will us troops leave", not "how does this affect
// us" nor "will they tell us about the dollar").
func isCountry(plain []string, k int, sentence bool) bool {
	prev, next := "", ""
	if k > 0 {
		prev = plain[k-1]
	}
	if k+1 < len(plain) {
		next = plain[k+1]
	}
	switch {
	case prev == "the":
		return true
	case pronounGovernors[prev]:
		return false
	case sentence:
		return next != "" && !pronounFollowers[next]
	}
	return true
}

// pronounGovernors are the words after which "us" is the pronoun.
var pronounGovernors = map[string]bool{
	"tell": true, "show": true, "give": true, "let": true, "help": true, "send": true, "told": true,
	"to": true, "for": true, "with": true, "of": true, "about": true, "from": true, "by": true,
	"against": true, "join": true, "call": true, "among": true, "between": true, "before": true,
	"after": true, "like": true, "than": true, "brought": true, "gave": true, "sent": true,
}

// reading says how the query was read, for "Read as: …": its words as
// they are looked for (the country written "U.S."), its phrases quoted.
func (q Query) reading() string {
	var parts []string
	for _, t := range q.Terms {
		if t == "US" {
			t = "U.S."
		}
		parts = append(parts, t)
	}
	for _, p := range q.Phrase {
		parts = append(parts, "“"+p+"”")
	}
	return strings.Join(parts, " ")
}

var relativeWords = map[string]bool{"last": true, "this": true, "next": true, "past": true}

type queryToken struct {
	text   string
	quoted bool
}

// splitQuery splits at white space, keeping "quoted phrases" (straight or
// curly quotes) together. An unclosed quote runs to the end.
func splitQuery(raw string) []queryToken {
	var toks []queryToken
	var cur strings.Builder
	quoted := false
	flush := func(q bool) {
		if s := strings.TrimSpace(cur.String()); s != "" {
			toks = append(toks, queryToken{text: s, quoted: q})
		}
		cur.Reset()
	}
	for _, r := range raw {
		switch {
		case r == '"' || r == '“' || r == '”':
			if quoted {
				flush(true)
			} else if strings.HasSuffix(cur.String(), ":") {
				// since:"last week": the quoted value belongs to the filter.
				quoted = true
				continue
			} else {
				flush(false)
			}
			quoted = !quoted
		case unicode.IsSpace(r) && !quoted:
			flush(false)
		default:
			cur.WriteRune(r)
		}
	}
	flush(quoted)
	return toks
}

func cutFilter(tok string) (key, value string, ok bool) {
	k, v, found := strings.Cut(tok, ":")
	switch strings.ToLower(k) {
	case "since", "until", "outlet":
		return strings.ToLower(k), strings.Trim(v, `"“”`), found
	}
	return "", "", false
}

func (q *Query) setFilter(key, value string, now time.Time) error {
	var err error
	switch key {
	case "since":
		q.Since, err = parseSince(value, now)
	case "until":
		q.Until, err = parseUntil(value, now)
	case "outlet":
		q.Outlet = value
	}
	if err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	return nil
}

// words splits a token into words, dropping punctuation around them but
// keeping it inside ("al-Sharaa", "U.S.").
func words(tok string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(tok, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("?!,;()[]{}+*<>=|~^\\/", r)
	}) {
		f = strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) && r != '.' })
		f = strings.TrimLeft(f, ".")
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}

func isAcronym(w string) bool {
	return len(w) > 1 && strings.ToUpper(w) == w && strings.ToLower(w) != w
}

func cutAtSpace(s string, n int) string {
	s = s[:n]
	if i := strings.LastIndexFunc(s, unicode.IsSpace); i > 0 {
		return s[:i]
	}
	return strings.ToValidUTF8(s, "")
}

// parseSince reads a lower date bound in any form the date tagger reads
// ("2025-12", "last week", "23 January 2026") and returns the start of the
// interval it names.
func parseSince(s string, now time.Time) (time.Time, error) {
	start, _, err := parseBound(s, now)
	return start, err
}

// parseUntil reads an upper date bound and returns the (exclusive) end of the
// interval it names, so "until:2025-12" includes all of December.
func parseUntil(s string, now time.Time) (time.Time, error) {
	_, end, err := parseBound(s, now)
	return end, err
}

// dateHint says which dates a filter reads.
const dateHint = `(try 2025-12-01, 2025-12, 2025 or "last week")`

func parseBound(s string, now time.Time) (time.Time, time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, time.Time{}, errors.New("no date given " + dateHint)
	}
	if len(s) > 100 {
		return time.Time{}, time.Time{}, fmt.Errorf("date %.20q… is too long", s)
	}
	if start, end, ok := timex.Interval(s, ""); ok {
		return start, end, nil // already a value: 2025, 2025-12, 2025-12-01, 2026-W04
	}
	for _, m := range timex.Find(s, now) {
		if start, end, ok := timex.Interval(m.Value, m.Mod); ok {
			return start, end, nil
		}
	}
	return time.Time{}, time.Time{}, fmt.Errorf("cannot read %q as a date %s", s, dateHint)
}

// request is what the index is asked for q (dates are filtered by the
// caller). A query that names no scopes reads the shared archive alone.
func (q Query) request() index.Request {
	scopes := q.Scopes
	if len(scopes) == 0 {
		scopes = []corpus.Scope{corpus.Shared}
	}
	return index.Request{Terms: q.Terms, Phrases: q.Phrase, Outlet: q.Outlet, Articles: q.Articles, Scopes: scopes}
}
