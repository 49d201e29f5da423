package bot

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/safetext"
)

// pageSize is how many quotes one message shows: the command line's default
// limit (answer.DefaultLimit), so the same question gets the same first page
// in the terminal and in Discord, and Discord's maximum of 10 embeds.
const pageSize = 10

// Budgets, in characters, that keep every page inside Discord's limits.
const (
	cardBudget        = 1150 // a card's most (title + description): a long quote stays readable
	cardTitleBudget   = 200
	creditBudget      = 500
	footerBudget      = 200
	titleInCredit     = 120
	outletInCredit    = 80
	attributionBudget = 200
)

// Colours of the embeds' side bar.
const (
	colourTimeline = 0x2b6cb0
	colourSearch   = 0x2f855a
	colourArticle  = 0x4a5568
)

// card is one quote as a message shows it, from a timeline entry or a hit.
type card struct {
	title       string
	quote       string
	highlights  []answer.Highlight
	attribution string
	article     answer.ArticleRef
	alsoIn      []answer.ArticleRef
}

// timelineCard turns one timeline entry into a card titled with its date.
func timelineCard(e answer.Entry) card {
	return card{
		title:       entryTitle(e.DateRef),
		quote:       e.Quote,
		highlights:  e.Highlights,
		attribution: e.Attribution,
		article:     e.Article,
		alsoIn:      e.AlsoIn,
	}
}

// hitCard turns one search hit into a card titled with the first date it
// mentions, or its publication date.
func hitCard(h answer.Hit) card {
	title := "no date in the text — published " + h.Article.PublishedDay()
	if len(h.Dates) > 0 {
		title = entryTitle(h.Dates[0])
	}
	return card{
		title:       title,
		quote:       h.Quote,
		highlights:  h.Highlights,
		attribution: h.Attribution,
		article:     h.Article,
		alsoIn:      h.AlsoIn,
	}
}

// entryTitle is the entry's date as every answer labels it
// (answer.DateRef.Label), with the words of the text that give it:
// "23 Jan 2026 · “on 23 January”"; "7 Jun 2010 — date from the article's
// opening · “Monday”"; "no date in the text — published 27 Jan 2026".
func entryTitle(d answer.DateRef) string {
	if d.Reported() {
		return d.Label()
	}
	return d.Label() + " · “" + oneLine(d.DateText) + "”"
}

// renderCards lays cards out as one page of embeds: one embed a card, the
// footer on the last. The result respects every embed limit by
// construction: at most pageSize cards, each at most cardBudget characters,
// and when together they would pass the 6000-character total, the longest
// are cut to an equal share ("water-filling"), so short quotes stay whole.
func renderCards(cards []card, footer string, colour int) []*discordgo.MessageEmbed {
	if len(cards) > pageSize {
		cards = cards[:pageSize]
	}
	footer = truncate(oneLine(cleanText(footer)), footerBudget)
	embeds := make([]*discordgo.MessageEmbed, len(cards))
	lengths := make([]int, len(cards))
	for i, c := range cards {
		embeds[i] = renderCard(c, cardBudget, colour)
		lengths[i] = embedLen(embeds[i])
	}
	if level, cut := fairShare(lengths, maxEmbedsTotal-textLen(footer)); cut {
		for i, c := range cards {
			if lengths[i] > level {
				embeds[i] = renderCard(c, level, colour)
			}
		}
	}
	if len(embeds) > 0 && footer != "" {
		embeds[len(embeds)-1].Footer = &discordgo.MessageEmbedFooter{Text: footer}
	}
	return embeds
}

// fairShare returns the level to cut lengths down to so that their sum fits
// total, cutting only those above it; cut is false when they already fit.
func fairShare(lengths []int, total int) (level int, cut bool) {
	sorted := append([]int(nil), lengths...)
	sort.Ints(sorted)
	left := total
	for i, n := range sorted {
		share := left / (len(sorted) - i)
		if n > share {
			return share, true
		}
		left -= n
	}
	return 0, false
}

// renderCard renders one card within budget characters (title plus
// description): the date as title, the quote as a block quote with the
// matched words in bold, then the credit line. Title and credit take at most
// a fifth and a third of the budget, the quote the rest.
func renderCard(c card, budget int, colour int) *discordgo.MessageEmbed {
	title := escapedWithin(oneLine(cleanText(c.title)), min(cardTitleBudget, budget/5))
	credit := creditLine(c, min(creditBudget, budget/3))
	quoteBudget := budget - textLen(title) - textLen(credit) - 1
	return &discordgo.MessageEmbed{
		Title:       title,
		Description: renderQuote(c.quote, c.highlights, quoteBudget) + "\n" + credit,
		Color:       colour,
	}
}

// creditLine is "— attribution · outlet · [title](url) · 27 Jan 2026 · id",
// each part escaped and cut, plus the outlets of syndicated copies; at most
// max characters.
func creditLine(c card, max int) string {
	var parts []string
	if a := oneLine(cleanText(c.attribution)); a != "" {
		parts = append(parts, escapeMarkdown(truncate(a, attributionBudget)))
	}
	if o := oneLine(cleanText(c.article.Outlet)); o != "" {
		parts = append(parts, escapeMarkdown(truncate(o, outletInCredit)))
	}
	if t := oneLine(cleanText(c.article.Title)); t != "" {
		title := escapeMarkdown(truncate(t, titleInCredit))
		if link := safeLink(c.article.URL); link != "" {
			title = "[" + title + "](" + link + ")"
		} else {
			title = "*" + title + "*"
		}
		parts = append(parts, title)
	}
	if c.article.Published != "" {
		parts = append(parts, escapeMarkdown(cleanText(c.article.PublishedDay())))
	}
	if isPlainID(c.article.ID) {
		// Shown so that /article and /remove can be used on it.
		parts = append(parts, "id `"+c.article.ID+"`")
	}
	line := "— " + strings.Join(parts, " · ")
	if len(c.alsoIn) > 0 {
		var outlets []string
		for _, a := range c.alsoIn {
			if o := oneLine(cleanText(a.Outlet)); o != "" {
				outlets = append(outlets, escapeMarkdown(truncate(o, outletInCredit)))
			}
		}
		if len(outlets) > 0 {
			line += " (also in " + strings.Join(outlets, ", ") + ")"
		}
	}
	if textLen(line) > max {
		// Cutting escaped text could split a "\x" escape or a link: cut the
		// plain words instead, then escape them (escaping at most doubles).
		plain := oneLine(cleanText(c.attribution + " · " + c.article.Outlet + " · " + c.article.Title))
		line = "— " + escapeMarkdown(truncate(plain, (max-2)/2))
	}
	return line
}

// isPlainID says whether id can be shown in a code span as is: letters,
// digits, '-' and '_' only, at most 64 of them.
func isPlainID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// safeLink returns u when it is an absolute http(s) URL that can sit inside
// a markdown link, with the characters that would end the link encoded;
// "" otherwise.
func safeLink(u string) string {
	if len(u) > 512 || !utf8.ValidString(u) {
		return ""
	}
	parsed, err := url.Parse(u)
	if err != nil || (parsed.Scheme != "http" && parsed.Scheme != "https") || parsed.Host == "" {
		return ""
	}
	s := parsed.String()
	s = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E").Replace(s)
	return s
}

// renderQuote renders quote as a block quote of at most budget characters:
// the text escaped so it cannot inject formatting, the highlighted byte
// ranges in bold, cut at a sentence or word with "…" when too long.
func renderQuote(quote string, highlights []answer.Highlight, budget int) string {
	if budget <= 2 {
		return ""
	}
	if !utf8.ValidString(quote) {
		// Byte ranges mean nothing once invalid bytes are replaced.
		quote, highlights = strings.ToValidUTF8(quote, "\uFFFD"), nil
	}
	quote, highlights = showQuote(quote, highlights)
	spans := normaliseHighlights(quote, highlights)
	limit := budget
	for {
		head, tail := cutText(quote, limit)
		out := blockQuote(head, clipSpans(quote, spans, len(head)), tail)
		n := textLen(out)
		if n <= budget {
			return out
		}
		// Escapes, bold markers and "> " made it longer: shrink the raw
		// limit in proportion and try again (limit strictly decreases).
		next := limit * budget / n
		if next >= limit {
			next = limit - 1
		}
		if next <= 0 {
			return ""
		}
		limit = next
	}
}

// showQuote strips from a valid UTF-8 quote what cleanText strips (bidi
// controls, zero-width and control characters), moving the highlighted byte
// ranges with the text they cover.
func showQuote(quote string, highlights []answer.Highlight) (string, []answer.Highlight) {
	if cleanText(quote) == quote {
		return quote, highlights
	}
	// newAt[i] is where byte i of quote lands in the result.
	newAt := make([]int, len(quote)+1)
	var b strings.Builder
	b.Grow(len(quote))
	for i, r := range quote {
		w := utf8.RuneLen(r)
		for j := 0; j < w; j++ {
			newAt[i+j] = b.Len()
		}
		if !safetext.Hidden(r) {
			b.WriteRune(r)
		}
	}
	newAt[len(quote)] = b.Len()
	moved := make([]answer.Highlight, 0, len(highlights))
	for _, h := range highlights {
		if h.Start < 0 || h.End > len(quote) || h.Start >= h.End {
			continue
		}
		moved = append(moved, answer.Highlight{Start: newAt[h.Start], End: newAt[h.End]})
	}
	return b.String(), moved
}

// blockQuote writes text as a markdown block quote ("> " before every line),
// escaping it and wrapping the spans in "**".
func blockQuote(text string, spans []answer.Highlight, tail string) string {
	var b strings.Builder
	b.WriteString("> ")
	pos := 0
	write := func(s string) {
		b.WriteString(strings.ReplaceAll(escapeMarkdown(s), "\n", "\n> "))
	}
	for _, sp := range spans {
		write(text[pos:sp.Start])
		b.WriteString("**")
		write(text[sp.Start:sp.End])
		b.WriteString("**")
		pos = sp.End
	}
	write(text[pos:])
	b.WriteString(tail)
	return b.String()
}

// normaliseHighlights keeps the ranges that are valid in quote (in bounds,
// on rune boundaries, not empty, within one line, not just spaces), sorted
// and merged.
func normaliseHighlights(quote string, hs []answer.Highlight) []answer.Highlight {
	var out []answer.Highlight
	for _, h := range hs {
		if h.Start < 0 || h.End > len(quote) || h.Start >= h.End {
			continue
		}
		if !utf8.RuneStart(quote[h.Start]) || (h.End < len(quote) && !utf8.RuneStart(quote[h.End])) {
			continue
		}
		text := quote[h.Start:h.End]
		if strings.ContainsRune(text, '\n') || strings.TrimSpace(text) != text {
			continue
		}
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	merged := out[:0]
	for _, h := range out {
		if n := len(merged); n > 0 && h.Start <= merged[n-1].End {
			if h.End > merged[n-1].End {
				merged[n-1].End = h.End
			}
			continue
		}
		merged = append(merged, h)
	}
	return merged
}

// clipSpans keeps the parts of spans that lie in text[:end], without trailing
// spaces (markdown does not close "**word **").
func clipSpans(text string, spans []answer.Highlight, end int) []answer.Highlight {
	var out []answer.Highlight
	for _, s := range spans {
		if s.Start >= end {
			break
		}
		if s.End > end {
			s.End = end
			s.End = s.Start + len(strings.TrimRightFunc(text[s.Start:s.End], unicode.IsSpace))
		}
		if s.End > s.Start {
			out = append(out, s)
		}
	}
	return out
}

// pageFooter is "6–10 of 23 passages from 4 articles"; with an
// approximate total (more matched than an answer weighs: answer.Count),
// "1–10 of about 2345 passages", the articles of the rest being unknown.
func pageFooter(offset, shown int, t totals) string {
	noun := "passages"
	if t.total == 1 {
		noun = "passage"
	}
	from := ""
	switch {
	case t.approx:
	case t.articles == 1:
		from = " from 1 article"
	case t.articles > 1:
		from = fmt.Sprintf(" from %d articles", t.articles)
	}
	total := answer.CountText(t.total, t.approx)
	if shown <= 1 {
		return fmt.Sprintf("%d of %s %s%s", offset+shown, total, noun, from)
	}
	return fmt.Sprintf("%d–%d of %s %s%s", offset+1, offset+shown, total, noun, from)
}

// totals is what a paged answer says of its size.
type totals struct {
	total    int  // entries or hits that answer (answer.Count)
	approx   bool // total is approximate
	pageable int  // of those, the ones pages can show (the weighed ones)
	articles int  // distinct articles behind the pageable ones
}
