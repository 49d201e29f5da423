package parse

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/dateline-bot/dateline/corpus"
)

// The article fields of the .json/.jsonl objects and of Markdown front
// matter. "date" is read as "published" when "published" is absent (Hugo and
// Jekyll front matter call it that). Other keys are ignored with a warning,
// so a typo ("titel") is visible.
const (
	fieldTitle     = "title"
	fieldBody      = "body"
	fieldPublished = "published"
	fieldDate      = "date"
	fieldOutlet    = "outlet"
	fieldURL       = "url"
	fieldAuthor    = "author"
	fieldTags      = "tags"
)

// fieldSet is the decoded fields of one article: values are string,
// []any/[]string, time.Time (TOML dates), or anything else a decoder
// produced (a type error).
type fieldSet map[string]any

// articleFromFields builds an article from decoded fields. withBody says
// whether "body" is one of them (not in Markdown, where the body follows the
// front matter). It returns the article, warnings, and whether a publication
// date was found; the caller checks the article with checkArticle.
func articleFromFields(fields fieldSet, withBody bool) (corpus.Article, []string, bool, error) {
	var a corpus.Article
	var warnings []string
	var err error
	str := func(key string) string {
		if err != nil {
			return ""
		}
		var s string
		s, err = stringField(fields, key)
		return s
	}
	a.Title = NormalizeLine(str(fieldTitle))
	if withBody {
		a.Body = NormalizePlainBody(str(fieldBody))
	}
	a.Outlet = NormalizeLine(str(fieldOutlet))
	a.Author = NormalizeLine(str(fieldAuthor))
	rawURL := NormalizeLine(str(fieldURL))
	if err != nil {
		return corpus.Article{}, nil, false, err
	}
	if rawURL != "" {
		if u := corpus.CanonicalURL(rawURL); strings.HasPrefix(u, "https://") {
			a.URL = rawURL
		} else {
			warnings = append(warnings, fmt.Sprintf("ignored \"url\" %q: not an absolute http(s) URL", clip(rawURL, 80)))
		}
	}
	if a.Tags, err = tagsField(fields); err != nil {
		return corpus.Article{}, nil, false, err
	}
	hasPublished := false
	key := fieldPublished
	if _, ok := fields[key]; !ok {
		key = fieldDate
	}
	if v, ok := fields[key]; ok && v != nil {
		if a.Published, err = dateField(key, v); err != nil {
			return corpus.Article{}, nil, false, err
		}
		hasPublished = true
	}
	if unknown := unknownKeys(fields, withBody); len(unknown) > 0 {
		more := ""
		if len(unknown) > maxNamedUnknown { // hostile input can have thousands
			more = fmt.Sprintf(" and %d more", len(unknown)-maxNamedUnknown)
			unknown = unknown[:maxNamedUnknown]
		}
		warnings = append(warnings, "ignored unknown fields: "+strings.Join(unknown, ", ")+more)
	}
	return a, warnings, hasPublished, nil
}

// stringField reads an optional string field; null is absent.
func stringField(fields fieldSet, key string) (string, error) {
	switch v := fields[key].(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	default:
		return "", because(ErrFieldType, "%q must be a string, not %s", key, typeName(v))
	}
}

// tagsField reads "tags": a list of strings. Tags are tidied like titles;
// empty and repeated tags are dropped.
func tagsField(fields fieldSet) ([]string, error) {
	var list []any
	switch v := fields[fieldTags].(type) {
	case nil:
		return nil, nil
	case []string:
		for _, s := range v {
			list = append(list, s)
		}
	case []any:
		list = v
	default:
		return nil, because(ErrFieldType, "%q must be a list of strings, not %s", fieldTags, typeName(v))
	}
	var tags []string
	seen := map[string]bool{}
	for i, t := range list {
		s, ok := t.(string)
		if !ok {
			return nil, because(ErrFieldType, "%q element %d must be a string, not %s", fieldTags, i+1, typeName(t))
		}
		s = NormalizeLine(s)
		if s != "" && !seen[s] {
			seen[s] = true
			tags = append(tags, s)
		}
	}
	return tags, nil
}

// dateField reads the publication date: a string in a form ParsePublished
// reads, or a TOML date/time. A TOML local date or time (no offset) is read
// as UTC.
func dateField(key string, v any) (time.Time, error) {
	switch v := v.(type) {
	case string:
		t, err := ParsePublished(v)
		if err != nil {
			return time.Time{}, fmt.Errorf("%q: %w", key, err)
		}
		return t, nil
	case time.Time:
		switch v.Location().String() {
		case "datetime-local", "date-local", "time-local": // BurntSushi/toml's zones for values without an offset
			v = time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), v.Nanosecond(), time.UTC)
		}
		if v.Year() < 1000 || v.Year() > 9999 {
			return time.Time{}, fmt.Errorf("%q: %w: year %d is out of range", key, ErrBadDate, v.Year())
		}
		return v.UTC(), nil
	default:
		return time.Time{}, because(ErrFieldType, "%q must be a date string such as \"2026-01-27\", not %s", key, typeName(v))
	}
}

// maxNamedUnknown is how many unknown field names a warning lists.
const maxNamedUnknown = 10

func unknownKeys(fields fieldSet, withBody bool) []string {
	var unknown []string
	for k := range fields {
		switch k {
		case fieldTitle, fieldPublished, fieldDate, fieldOutlet, fieldURL, fieldAuthor, fieldTags:
			continue
		case fieldBody:
			if withBody {
				continue
			}
		}
		unknown = append(unknown, fmt.Sprintf("%q", clip(k, 40)))
	}
	sort.Strings(unknown)
	return unknown
}

// typeName names a decoded value's type the way a user writing JSON, TOML
// or YAML thinks of it.
func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case float64, int64, int, float32:
		return "a number"
	case []any, []string, []map[string]any:
		return "a list"
	case map[string]any:
		return "an object"
	case time.Time:
		return "a date"
	default:
		return fmt.Sprintf("%T", v)
	}
}
