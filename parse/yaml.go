package parse

import (
	"fmt"
	"strings"
)

// parseYAMLFrontMatter reads the small, strict subset of YAML that article
// front matter needs (go.mod has no YAML module, and a full YAML parser is
// far more than flat metadata calls for):
//
//	key: value                 plain, "double-quoted" (\" \\ \n \t escapes) or 'single-quoted' ('' is ')
//	key: [a, "b, c", 'd']      a flow list of scalars
//	key:                       a block list, one "- item" per line (indented or not)
//	  - item
//	# comment                  whole-line comments, and " #" comments after plain values
//
// Every scalar is a string (a date such as 2026-01-27 is read by
// ParsePublished later). Anything else — nested maps, multi-line strings
// (| and >), anchors, tags, flow maps, repeated keys — is an error that
// names the line, never a silent misreading. firstLine is the file line of
// the front matter's first line, for messages.
func parseYAMLFrontMatter(text string, firstLine int) (fieldSet, error) {
	fields := fieldSet{}
	lines := strings.Split(text, "\n")
	listKey := "" // the key whose block list is being read
	for i, raw := range lines {
		lineNo := firstLine + i
		line := strings.TrimRight(raw, " \t\r")
		trimmed := strings.TrimLeft(line, " \t")
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		bad := func(format string, args ...any) error {
			return fmt.Errorf("%w YAML front matter at line %d: %s; dateline reads flat \"key: value\" pairs and lists only",
				ErrMalformed, lineNo, fmt.Sprintf(format, args...))
		}
		if trimmed == "-" || strings.HasPrefix(trimmed, "- ") {
			if listKey == "" {
				return nil, bad("a list item outside a list")
			}
			v, err := yamlScalar(strings.TrimSpace(trimmed[1:]))
			if err != nil {
				return nil, bad("%v", err)
			}
			fields[listKey] = append(fields[listKey].([]any), v)
			continue
		}
		if line != trimmed {
			return nil, bad("unexpected indentation: nested values are not supported")
		}
		listKey = ""
		key, value, ok := cutYAMLKey(trimmed)
		if !ok {
			return nil, bad("expected \"key: value\", found %q", clip(trimmed, 60))
		}
		if _, dup := fields[key]; dup {
			return nil, bad("key %q appears twice", key)
		}
		switch {
		case value == "":
			// Either an empty value or the start of a block list: a list
			// until an item says otherwise, and an empty list reads as absent.
			fields[key] = []any{}
			listKey = key
		case strings.HasPrefix(value, "["):
			list, err := yamlFlowList(value)
			if err != nil {
				return nil, bad("%v", err)
			}
			fields[key] = list
		default:
			v, err := yamlScalar(value)
			if err != nil {
				return nil, bad("%v", err)
			}
			fields[key] = v
		}
	}
	// "key:" with nothing after it is a null, not an empty list, unless it is tags.
	for k, v := range fields {
		if list, ok := v.([]any); ok && len(list) == 0 && k != fieldTags {
			fields[k] = nil
		}
	}
	return fields, nil
}

// cutYAMLKey splits "key: value". A key is a plain word (letters, digits,
// "_", "-") or a quoted string.
func cutYAMLKey(line string) (key, value string, ok bool) {
	if strings.HasPrefix(line, `"`) || strings.HasPrefix(line, `'`) {
		end := strings.IndexByte(line[1:], line[0])
		if end < 0 {
			return "", "", false
		}
		key, rest := line[1:end+1], line[end+2:]
		if !strings.HasPrefix(rest, ":") {
			return "", "", false
		}
		return key, strings.TrimSpace(rest[1:]), true
	}
	key, value, found := strings.Cut(line, ":")
	if !found || key == "" {
		return "", "", false
	}
	for _, r := range key {
		if !(r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return "", "", false
		}
	}
	if value != "" && value[0] != ' ' && value[0] != '\t' {
		return "", "", false // "a:b" is not a key
	}
	return key, strings.TrimSpace(value), true
}

// yamlScalar reads one scalar: quoted, or plain with an optional " #" comment.
func yamlScalar(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	switch s[0] {
	case '"':
		v, rest, err := yamlDoubleQuoted(s)
		if err != nil {
			return "", err
		}
		return v, yamlTrailing(rest)
	case '\'':
		v, rest, err := yamlSingleQuoted(s)
		if err != nil {
			return "", err
		}
		return v, yamlTrailing(rest)
	case '|', '>':
		return "", fmt.Errorf("multi-line strings (%c) are not supported; write the value on one line", s[0])
	case '&', '*', '!':
		return "", fmt.Errorf("anchors, aliases and tags (%c) are not supported", s[0])
	case '{':
		return "", fmt.Errorf("flow maps ({…}) are not supported")
	case '[', ']', ',', '@', '`':
		return "", fmt.Errorf("a plain value cannot start with %q; quote it", s[0])
	}
	if i := strings.Index(s, " #"); i >= 0 {
		s = s[:i]
	}
	if strings.Contains(s, ": ") {
		return "", fmt.Errorf("%q looks like a nested map; quote the value if it is text", clip(s, 60))
	}
	return strings.TrimSpace(s), nil
}

// yamlTrailing accepts only white space or a comment after a quoted scalar.
func yamlTrailing(rest string) error {
	rest = strings.TrimSpace(rest)
	if rest == "" || strings.HasPrefix(rest, "#") {
		return nil
	}
	return fmt.Errorf("unexpected %q after a quoted value", clip(rest, 30))
}

func yamlDoubleQuoted(s string) (value, rest string, err error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			return b.String(), s[i+1:], nil
		case '\\':
			if i+1 == len(s) {
				return "", "", fmt.Errorf("unterminated escape in a quoted value")
			}
			i++
			switch s[i] {
			case '"', '\\', '/':
				b.WriteByte(s[i])
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case ' ':
				b.WriteByte(' ')
			default:
				return "", "", fmt.Errorf("unsupported escape \\%c in a quoted value", s[i])
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", "", fmt.Errorf("a double-quoted value is not closed")
}

func yamlSingleQuoted(s string) (value, rest string, err error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		if s[i] != '\'' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == '\'' {
			b.WriteByte('\'')
			i++
			continue
		}
		return b.String(), s[i+1:], nil
	}
	return "", "", fmt.Errorf("a single-quoted value is not closed")
}

// yamlFlowList reads "[a, 'b', "c, d"]" (scalars only).
func yamlFlowList(s string) ([]any, error) {
	list := []any{}
	rest := strings.TrimSpace(s[1:])
	if strings.HasPrefix(rest, "]") {
		return list, yamlTrailing(rest[1:])
	}
	for {
		var v string
		var err error
		rest = strings.TrimLeft(rest, " \t")
		switch {
		case strings.HasPrefix(rest, `"`):
			v, rest, err = yamlDoubleQuoted(rest)
		case strings.HasPrefix(rest, `'`):
			v, rest, err = yamlSingleQuoted(rest)
		default:
			end := strings.IndexAny(rest, ",]")
			if end < 0 {
				return nil, fmt.Errorf("a list ([…]) is not closed on its line")
			}
			v, rest = strings.TrimSpace(rest[:end]), rest[end:]
			if strings.ContainsAny(v, "[{") {
				return nil, fmt.Errorf("nested lists and maps are not supported")
			}
			if v == "" {
				return nil, fmt.Errorf("an empty element in a list")
			}
		}
		if err != nil {
			return nil, err
		}
		list = append(list, v)
		rest = strings.TrimLeft(rest, " \t")
		switch {
		case strings.HasPrefix(rest, ","):
			rest = rest[1:]
		case strings.HasPrefix(rest, "]"):
			return list, yamlTrailing(rest[1:])
		default:
			return nil, fmt.Errorf("a list ([…]) is not closed on its line")
		}
	}
}
