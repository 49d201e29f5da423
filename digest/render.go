package digest

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/safetext"
)

// Discord's message limits (DISCORD.md): a message's content is at most
// 2000 characters. MaxMessages bounds one digest's posts.
const (
	MaxContent  = 2000
	MaxMessages = 10
)

// Bounds on each part of a story line, in characters once escaped, so a
// story's block always fits in a message: 250+500+200+600+150+60+60 < 1900.
const (
	titleBudget   = 250
	urlBudget     = 500
	outletsBudget = 200
	quoteBudget   = 600
	creditBudget  = 150
	headBudget    = 200
)

// moreNote ends the last message when a digest had more than MaxMessages.
const moreNote = "… and more: `/digest` shows the whole digest."

// Heading is the first line of a digest: what it covers.
func Heading(d Digest, loc *time.Location) string {
	return fmt.Sprintf("Digest: %s since %s", countArticles(d.Articles), when(d.Since, loc))
}

func countArticles(n int) string {
	if n == 1 {
		return "1 new article"
	}
	return fmt.Sprintf("%d new articles", n)
}

func when(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "the beginning"
	}
	return t.In(loc).Format("2 Jan 2006 15:04 MST")
}

// Messages renders d as Discord messages (markdown content), each within
// MaxContent characters and at most MaxMessages of them: every part of a
// line is escaped and clipped to its budget before lines are packed, so no
// message can exceed the limit. Text is escaped, never interpreted: no
// mention is written (and the bot sends allowed_mentions empty besides).
func Messages(d Digest, loc *time.Location) []string {
	var blocks []string
	blocks = append(blocks, "**"+fit(Heading(d, loc), headBudget)+"**")
	for _, g := range d.Groups {
		head := "__**" + fit(g.Topic, headBudget) + "**__"
		for i, s := range g.Stories {
			b := storyBlock(s)
			if i == 0 {
				b = head + "\n" + b // a heading never ends a message
			}
			blocks = append(blocks, b)
		}
		if g.More > 0 {
			blocks = append(blocks, fmt.Sprintf("… and %d more", g.More))
		}
	}
	blocks = append(blocks, eventBlocks("New on the timeline", d.Timeline)...)
	blocks = append(blocks, eventBlocks("Upcoming", d.Upcoming)...)
	if d.More > 0 {
		blocks = append(blocks, fmt.Sprintf("… and %d more dates", d.More))
	}
	return pack(blocks)
}

// EmptyLine is the one line posted for a day with nothing new, when the
// server asked for one.
func EmptyLine(d Digest, loc *time.Location) string {
	return fit(fmt.Sprintf("Digest: nothing new since %s.", when(d.Since, loc)), MaxContent)
}

func storyBlock(s Story) string {
	var b strings.Builder
	b.WriteString("• ")
	b.WriteString(link(s.Article.Title, s.Article.URL))
	b.WriteString(" — ")
	b.WriteString(fit(outlets(s), outletsBudget))
	b.WriteString(" · ")
	b.WriteString(fit(answer.DateRef{Date: s.Article.Published, Precision: "day"}.Display(), 60))
	if q := s.Quote; q != nil {
		b.WriteString("\n> “")
		b.WriteString(fit(q.Text, quoteBudget))
		b.WriteString("”")
		if q.Credit != "" {
			b.WriteString(" — ")
			b.WriteString(fit(q.Credit, creditBudget))
		}
		if !q.Reported() {
			b.WriteString(" (")
			b.WriteString(fit(q.Display(), 60))
			b.WriteString(")")
		}
	}
	return b.String()
}

func eventBlocks(heading string, events []answer.Entry) []string {
	var out []string
	for i, e := range events {
		var b strings.Builder
		if i == 0 {
			b.WriteString("__**" + heading + "**__\n")
		}
		b.WriteString("• **")
		b.WriteString(fit(e.Label(), 60))
		b.WriteString("** “")
		b.WriteString(fit(clipQuote(e.Quote), quoteBudget))
		b.WriteString("”")
		if e.Attribution != "" {
			b.WriteString(" — ")
			b.WriteString(fit(e.Attribution, creditBudget))
		}
		b.WriteString(" · ")
		b.WriteString(link(e.Article.Title, e.Article.URL))
		out = append(out, b.String())
	}
	return out
}

// outlets names the story's outlet and its copies' ("Reuters, also AP, BBC").
func outlets(s Story) string {
	out := s.Article.Outlet
	if out == "" {
		out = "unknown outlet"
	}
	var also []string
	seen := map[string]bool{strings.ToLower(s.Article.Outlet): true}
	for _, a := range s.AlsoIn {
		if a.Outlet != "" && !seen[strings.ToLower(a.Outlet)] {
			seen[strings.ToLower(a.Outlet)] = true
			also = append(also, a.Outlet)
		}
	}
	if len(also) > 0 {
		out += ", also " + strings.Join(also, ", ")
	}
	return out
}

// link is a masked link to url titled title; the title alone when the URL
// cannot be written safely. The URL sits in <> so Discord shows no preview.
func link(title, rawURL string) string {
	t := fit(title, titleBudget)
	u, ok := safeURL(rawURL)
	if !ok {
		return "**" + t + "**"
	}
	return "[" + t + "](<" + u + ">)"
}

// safeURL is an http(s) URL that cannot end the link early, within urlBudget.
func safeURL(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	s := strings.NewReplacer(" ", "%20", "<", "%3C", ">", "%3E", "(", "%28", ")", "%29", "\n", "", "\r", "").Replace(u.String())
	if textLen(s) > urlBudget {
		return "", false
	}
	return s, true
}

// markdownSpecial are the characters escaped in text so that it shows as
// written: emphasis, code, links, headings, quotes, lists, spoilers.
const markdownSpecial = "\\*_~`|[]()<>#-:@"

// fit escapes s for Discord markdown and clips the result to max
// characters, ending with "…" when cut; line breaks become spaces.
func fit(s string, max int) string {
	s = safetext.Show(s)
	var b strings.Builder
	n := 0
	for _, r := range s {
		if r == '\n' || r == '\r' {
			r = ' '
		}
		w := utf16.RuneLen(r)
		if w < 0 {
			w = 1
		}
		if strings.ContainsRune(markdownSpecial, r) {
			w++
		}
		if n+w > max-1 {
			b.WriteString("…")
			return b.String()
		}
		if strings.ContainsRune(markdownSpecial, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
		n += w
	}
	return b.String()
}

// textLen is the length of s as Discord counts it (UTF-16 code units,
// never fewer than code points).
func textLen(s string) int {
	n := 0
	for _, r := range s {
		if w := utf16.RuneLen(r); w > 0 {
			n += w
		} else {
			n++
		}
	}
	return n
}

// pack joins blocks into messages of at most MaxContent characters, at most
// MaxMessages of them; a digest longer than that ends with moreNote.
func pack(blocks []string) []string {
	var msgs []string
	var cur strings.Builder
	for _, b := range blocks {
		if cur.Len() > 0 && textLen(cur.String())+1+textLen(b) > MaxContent {
			msgs = append(msgs, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(b)
	}
	if cur.Len() > 0 {
		msgs = append(msgs, cur.String())
	}
	if len(msgs) <= MaxMessages {
		return msgs
	}
	msgs = msgs[:MaxMessages]
	last := msgs[MaxMessages-1]
	for textLen(last)+1+textLen(moreNote) > MaxContent {
		i := strings.LastIndexByte(last, '\n')
		if i < 0 {
			last = ""
			break
		}
		last = last[:i]
	}
	msgs[MaxMessages-1] = strings.TrimPrefix(last+"\n"+moreNote, "\n")
	return msgs
}

// Text renders d for a terminal: plain text, nothing escaped, characters
// that would change the display dropped (safetext).
func Text(d Digest, loc *time.Location) string {
	return safetext.Show(text(d, loc))
}

func text(d Digest, loc *time.Location) string {
	var b strings.Builder
	b.WriteString(Heading(d, loc) + "\n")
	if d.Empty() {
		return b.String()
	}
	for _, g := range d.Groups {
		fmt.Fprintf(&b, "\n%s\n", g.Topic)
		for _, s := range g.Stories {
			fmt.Fprintf(&b, "  %s — %s · %s\n", s.Article.Title, outlets(s), answer.DateRef{Date: s.Article.Published, Precision: "day"}.Display())
			if s.Article.URL != "" {
				fmt.Fprintf(&b, "  %s\n", s.Article.URL)
			}
			if q := s.Quote; q != nil {
				fmt.Fprintf(&b, "    “%s”", q.Text)
				if q.Credit != "" {
					fmt.Fprintf(&b, " — %s", q.Credit)
				}
				if !q.Reported() {
					fmt.Fprintf(&b, " (%s)", q.Display())
				}
				b.WriteString("\n")
			}
		}
		if g.More > 0 {
			fmt.Fprintf(&b, "  … and %d more\n", g.More)
		}
	}
	textEvents(&b, "New on the timeline", d.Timeline)
	textEvents(&b, "Upcoming", d.Upcoming)
	if d.More > 0 {
		fmt.Fprintf(&b, "  … and %d more dates\n", d.More)
	}
	return b.String()
}

func textEvents(b *strings.Builder, heading string, events []answer.Entry) {
	if len(events) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%s\n", heading)
	for _, e := range events {
		fmt.Fprintf(b, "  %-14s “%s”", e.Label(), clipQuote(e.Quote))
		if e.Attribution != "" {
			fmt.Fprintf(b, " — %s", e.Attribution)
		}
		fmt.Fprintf(b, " · %s, %s\n", e.Article.Title, e.Article.Outlet)
	}
}
