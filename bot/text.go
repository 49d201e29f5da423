package bot

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dateline-bot/dateline/safetext"
)

// Discord's limits, in characters (see docs DISCORD.md). Everything the bot
// sends is cut to these by construction; checkMessage verifies the result.
const (
	maxContent          = 2000
	maxEmbeds           = 10
	maxEmbedTitle       = 256
	maxEmbedDescription = 4096
	maxEmbedFooter      = 2048
	maxEmbedAuthor      = 256
	maxEmbedFieldName   = 256
	maxEmbedFieldValue  = 1024
	maxEmbedFields      = 25
	maxEmbedsTotal      = 6000
	maxCustomID         = 100
	maxChoices          = 25
	maxChoiceName       = 100
)

// ellipsis marks text that was cut.
const ellipsis = "…"

// textLen is the length of s as Discord counts it. Discord's documentation
// says "characters" without defining them; UTF-16 code units are never fewer
// than code points, so a text that fits by this measure fits by either.
// Invalid bytes count as one unit each (they become U+FFFD).
func textLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// prefixWithin returns the byte length of the longest prefix of s, ending on
// a rune boundary, whose textLen is at most max.
func prefixWithin(s string, max int) int {
	n := 0
	for i, r := range s {
		w := utf16.RuneLen(r)
		if n+w > max {
			return i
		}
		n += w
	}
	return len(s)
}

// truncate cuts s to at most max characters, at a word boundary when one
// lies in the last half, ending with "…" when anything was cut. It never
// cuts inside a rune.
func truncate(s string, max int) string {
	head, tail := cutText(s, max)
	return head + tail
}

// cutText is the quote cutter: it returns a prefix of s (head) and the marker
// to print after it (tail: "" when s fits, else "…" or " …"), such that
// textLen(head+tail) <= max. It prefers ending after a sentence, then after a
// word, and only then at a rune boundary; head is always a prefix of s that
// ends on a rune boundary.
func cutText(s string, max int) (head, tail string) {
	if max <= 0 {
		return "", ""
	}
	if textLen(s) <= max {
		return s, ""
	}
	if max < 2 {
		// Room for the marker only.
		return "", ellipsis
	}
	// Reserve two characters for " …".
	limit := prefixWithin(s, max-2)
	window := s[:limit]
	if end := lastSentenceEnd(window); end > 0 && end >= limit/2 {
		return window[:end], " " + ellipsis
	}
	if end := lastWordEnd(window); end > 0 && end >= limit/2 {
		return window[:end], ellipsis
	}
	// One word longer than the room: cut at a rune boundary (one more
	// character fits, since "…" needs one and we reserved two).
	return s[:prefixWithin(s, max-1)], ellipsis
}

// lastSentenceEnd returns the byte offset just after the last sentence end in
// s (". ", "! ", "? ", also with a closing quote or bracket before the space),
// or 0 when there is none.
func lastSentenceEnd(s string) int {
	for i := len(s) - 1; i > 0; i-- {
		if s[i] != ' ' && s[i] != '\n' {
			continue
		}
		j := i
		// Skip closing quotes and brackets backwards.
		for j > 0 {
			r, size := utf8.DecodeLastRuneInString(s[:j])
			if !strings.ContainsRune("\"'”’)]»", r) {
				break
			}
			j -= size
		}
		r, _ := utf8.DecodeLastRuneInString(s[:j])
		if r == '.' || r == '!' || r == '?' || r == '…' {
			return i
		}
	}
	return 0
}

// lastWordEnd returns the byte offset of the end of the last complete word in
// s (before trailing spaces and punctuation that would dangle), or 0.
func lastWordEnd(s string) int {
	i := strings.LastIndexFunc(s, unicode.IsSpace)
	if i <= 0 {
		return 0
	}
	head := strings.TrimRightFunc(s[:i], func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == ';' || r == ':' || r == '-' || r == '–' || r == '—'
	})
	return len(head)
}

// markdownSpecial are the characters Discord markdown gives a meaning to;
// each is escaped with a backslash in outside text so it shows literally.
const markdownSpecial = "\\*_~`|>#-[]()<:"

// escapeMarkdown makes outside text show literally: no bold, links,
// headings, lists, spoilers, code, custom emoji or mention syntax.
func escapeMarkdown(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	lineStart := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case strings.ContainsRune(markdownSpecial, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case lineStart && r >= '0' && r <= '9':
			// "1. item" at a line start is an ordered list: escape the dot.
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			b.WriteString(s[i:j])
			if j < len(s) && s[j] == '.' {
				b.WriteString("\\.")
				j++
			}
			i = j
			lineStart = false
			continue
		default:
			b.WriteRune(r)
		}
		lineStart = r == '\n'
		i += size
	}
	return b.String()
}

// oneLine collapses runs of white space (newlines included) to one space, for
// titles and credit lines.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// cleanText makes outside text safe to show, measure and cut: valid UTF-8
// (invalid bytes replaced), without control characters except newline and
// tab, and without the bidi controls and zero-width characters that would
// let an article reorder or hide what a reader sees (safetext.Show).
func cleanText(s string) string { return safetext.Show(s) }

// escapedWithin is s escaped for markdown and cut so that the result has at
// most max characters (escaping adds backslashes, so the cut comes first).
func escapedWithin(s string, max int) string {
	limit := max
	for limit > 0 {
		out := escapeMarkdown(truncate(s, limit))
		n := textLen(out)
		if n <= max {
			return out
		}
		next := limit * max / n
		if next >= limit {
			next = limit - 1
		}
		limit = next
	}
	return ""
}

// isDigits says whether s is one or more ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
