package parse

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseYAMLFrontMatter(t *testing.T) {
	in := strings.Join([]string{
		"# comment",
		"title: \"Syria: talks \\\"resume\\\"\"",
		"author: 'O''Neil'",
		"outlet: Shafaq News  # trailing comment",
		"url: https://example.com/a#frag",
		"published: 2026-01-27",
		"empty:",
		"tags: [a, 'b, c', \"d\"]",
		"more:",
		"- x",
		"  - y",
		"none: []",
		"\"quoted key\": v",
	}, "\n")
	got, err := parseYAMLFrontMatter(in, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := fieldSet{
		"title":      `Syria: talks "resume"`,
		"author":     "O'Neil",
		"outlet":     "Shafaq News",
		"url":        "https://example.com/a#frag",
		"published":  "2026-01-27",
		"empty":      nil,
		"tags":       []any{"a", "b, c", "d"},
		"more":       []any{"x", "y"},
		"none":       nil, // an empty list reads as absent, except for tags
		"quoted key": "v",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
}

func TestParseYAMLFrontMatterRejects(t *testing.T) {
	tests := []struct{ name, in, wantInMessage string }{
		{"nested map", "source:\n  name: x", "line 3: unexpected indentation"},
		{"inline nested map", "source: name: x", "nested map"},
		{"block string", "title: |\n  x", "multi-line strings"},
		{"folded string", "title: >", "multi-line strings"},
		{"anchor", "title: &a x", "anchors"},
		{"flow map", "title: {a: b}", "flow maps"},
		{"repeated key", "title: a\ntitle: b", "appears twice"},
		{"list item without key", "- x", "outside a list"},
		{"no colon", "just words", "expected \"key: value\""},
		{"unclosed quote", "title: \"x", "not closed"},
		{"unclosed list", "tags: [a, b", "not closed"},
		{"nested list", "tags: [a, [b]]", "nested"},
		{"text after quote", "title: \"a\" b", "after a quoted value"},
		{"bad escape", `title: "\q"`, "unsupported escape"},
	}
	for _, tt := range tests {
		_, err := parseYAMLFrontMatter(tt.in, 2)
		if err == nil || !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), tt.wantInMessage) {
			t.Errorf("%s: err = %v, want ErrMalformed mentioning %q", tt.name, err, tt.wantInMessage)
		}
	}
}
