package parse

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
)

// parseMarkdown reads a Markdown article: front matter between "+++" lines
// (TOML) or "---" lines (YAML, the subset parseYAMLFrontMatter reads) at the
// top of the file, then the body. The body's Markdown syntax is reduced to
// its text (see markdownText), since a quote shows words, not markup.
func parseMarkdown(name string, data []byte) Item {
	text, warnings := validText(data)
	fail := func(err error) Item { return failItem(name, 0, "line", err, warnings) }

	text = strings.ReplaceAll(text, "\r\n", "\n")
	front, body, delim, err := splitFrontMatter(text)
	if err != nil {
		return fail(err)
	}
	var fields fieldSet
	switch delim {
	case "+++":
		fields = fieldSet{}
		if _, err := toml.Decode(front, (*map[string]any)(&fields)); err != nil {
			return fail(tomlError(err))
		}
	case "---":
		if fields, err = parseYAMLFrontMatter(front, 2); err != nil {
			return fail(err)
		}
	}
	a, more, hasPublished, err := articleFromFields(fields, false)
	warnings = append(warnings, more...)
	if err != nil {
		return fail(err)
	}
	a.Body = NormalizeBody(markdownText(body))
	if err := checkArticle(a, hasPublished); err != nil {
		if errors.Is(err, ErrMissingBody) {
			err = fmt.Errorf("%w: no text after the front matter", err)
		}
		return fail(err)
	}
	return Item{Article: a, Warnings: warnings}
}

// splitFrontMatter cuts the front matter off a Markdown file. The first
// line must be "+++" or "---" and a line holding the same delimiter closes it.
func splitFrontMatter(text string) (front, body, delim string, err error) {
	first, rest, _ := strings.Cut(text, "\n")
	delim = strings.TrimRight(first, " \t")
	if delim != "+++" && delim != "---" {
		return "", "", "", because(ErrMalformed, "missing front matter: a .md article starts with a \"+++\" line (TOML) or a \"---\" line (YAML) holding its title and published date")
	}
	offset := 0
	for offset <= len(rest) {
		line, _, _ := strings.Cut(rest[offset:], "\n")
		if strings.TrimRight(line, " \t") == delim {
			front = rest[:offset]
			body = rest[min(offset+len(line)+1, len(rest)):]
			return front, body, delim, nil
		}
		offset += len(line) + 1
	}
	return "", "", "", because(ErrMalformed, "the front matter opened by %q on line 1 is never closed by another %q line", delim, delim)
}

// tomlError says where the TOML front matter is wrong, in file lines (the
// front matter starts on line 2).
func tomlError(err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%w TOML front matter at line %d: %s", ErrMalformed, pe.Position.Line+1, pe.Message)
	}
	return fmt.Errorf("%w TOML front matter: %v", ErrMalformed, err)
}

var (
	mdHeading    = regexp.MustCompile(`^ {0,3}#{1,6}(?:[ \t]+|$)`)
	mdHeadingEnd = regexp.MustCompile(`[ \t]+#+[ \t]*$`)
	mdListItem   = regexp.MustCompile(`^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+`)
	mdRule       = regexp.MustCompile(`^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$`)
	mdFence      = regexp.MustCompile("^ {0,3}(?:```|~~~)")
	mdQuote      = regexp.MustCompile(`^ {0,3}(?:>[ \t]?)+`)
	mdImage      = regexp.MustCompile(`!\[([^\]\n]*)\]\([^)\n]*\)`)
	mdLink       = regexp.MustCompile(`\[([^\]\n]+)\]\([^)\n]*\)`)
	mdStrong     = regexp.MustCompile(`\*\*([^*\n]+)\*\*|__([^_\n]+)__`)
	mdCode       = regexp.MustCompile("`([^`\n]+)`")
)

// markdownText reduces the Markdown a news article uses to its text:
// headings, list items and block quotes become paragraphs of their own
// (markers dropped), rules and code fences disappear, links and
// bold/inline-code keep only their text, images go. It is deliberately not a
// full CommonMark renderer: anything it does not recognise stays as written.
func markdownText(body string) string {
	lines := strings.Split(body, "\n")
	out := make([]string, 0, len(lines)+8)
	// inText: the previous line continues a paragraph (not a list item).
	// There, as in CommonMark, only a bullet or "1." starts a list: "2008.
	// The company" on a wrapped line is text, not an item numbered 2008.
	inText, inList := false, false
	for _, line := range lines {
		switch {
		case strings.TrimSpace(line) == "":
			out = append(out, "")
			inText = false
			continue
		case mdFence.MatchString(line), mdRule.MatchString(line):
			out = append(out, "")
			inText, inList = false, false
			continue
		case mdHeading.MatchString(line):
			line = mdHeadingEnd.ReplaceAllString(mdHeading.ReplaceAllString(line, ""), "")
			out = append(out, "", inlineMarkdown(line), "")
			inText, inList = false, false
			continue
		}
		line = mdQuote.ReplaceAllString(line, "")
		if m := mdListItem.FindString(line); m != "" && (!inText || inList || startsList(m)) {
			out = append(out, "", inlineMarkdown(line[len(m):]))
			inText, inList = true, true
			continue
		}
		if !inText && !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "\t") {
			inList = false // a paragraph after a blank line, not indented under an item
		}
		out = append(out, inlineMarkdown(line))
		inText = true
	}
	return strings.Join(out, "\n")
}

// startsList reports whether a list marker may interrupt a paragraph: a
// bullet, or an ordered item numbered 1.
func startsList(marker string) bool {
	m := strings.TrimSpace(marker)
	return m == "-" || m == "*" || m == "+" || m == "1." || m == "1)"
}

func inlineMarkdown(line string) string {
	if !strings.ContainsAny(line, "[*_`") {
		return line
	}
	line = mdImage.ReplaceAllString(line, "")
	line = mdLink.ReplaceAllString(line, "$1")
	line = mdStrong.ReplaceAllString(line, "$1$2")
	return mdCode.ReplaceAllString(line, "$1")
}
