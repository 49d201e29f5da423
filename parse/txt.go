package parse

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dateline-bot/dateline/corpus"
)

// parseTXT reads a plain article in the seed's layout: the first non-empty
// line is the title, the next non-empty line the date line, the rest the
// body (paragraphs separated by blank lines; a line holding only white
// space, NBSP included, is blank).
func parseTXT(name string, data []byte) Item {
	text, warnings := validText(data)
	fail := func(line int, err error) Item { return failItem(name, line, "line", err, warnings) }

	var a corpus.Article
	var dateLine string
	dateLineNo := 0
	lineNo := 0
	rest := text
	for rest != "" && dateLineNo == 0 {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		lineNo++
		tidy := NormalizeLine(line)
		switch {
		case tidy == "":
		case a.Title == "":
			a.Title = tidy
		default:
			dateLine, dateLineNo = tidy, lineNo
		}
	}
	if a.Title == "" {
		return fail(0, fmt.Errorf("%w: the file has no text (a .txt article is a title line, a date line, then the body)", ErrMissingTitle))
	}
	if dateLineNo == 0 {
		return fail(0, fmt.Errorf("%w: no date line after the title (a .txt article is a title line, a date line such as \"Jan 27, 2026\", then the body)", ErrMissingPublished))
	}
	published, err := ParsePublished(dateLine)
	if err != nil {
		// The second line is often the body when the date line was left out: say so.
		if errors.Is(err, ErrBadDate) && len(dateLine) > 40 {
			err = fmt.Errorf("%w; the second non-empty line must be the date line", err)
		}
		return fail(dateLineNo, err)
	}
	a.Published = published
	a.Body = NormalizePlainBody(rest)
	if err := checkArticle(a, true); err != nil {
		return fail(0, fmt.Errorf("%w: nothing follows the date line", err))
	}
	return Item{Article: a, Warnings: warnings}
}
