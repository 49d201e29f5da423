package corpus

import (
	"regexp"
	"testing"
)

func TestCanonicalURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.com/news/a", "https://example.com/news/a"},
		{"http://example.com/news/a", "https://example.com/news/a"},
		{"HTTPS://Example.COM/news/a", "https://example.com/news/a"},
		{"https://example.com/news/a/", "https://example.com/news/a"},
		{"https://example.com/news/a#comments", "https://example.com/news/a"},
		{"https://example.com:443/news/a", "https://example.com/news/a"},
		{"http://example.com:80/news/a", "https://example.com/news/a"},
		{"https://example.com:8443/news/a", "https://example.com:8443/news/a"},
		{"https://example.com/news/a?utm_source=x&utm_medium=y&UTM_Campaign=z", "https://example.com/news/a"},
		{"https://example.com/news/a?fbclid=1&gclid=2", "https://example.com/news/a"},
		{"https://example.com/news?id=7&utm_source=x&b=2", "https://example.com/news?b=2&id=7"},
		{"https://example.com/news?b=2&a=1&a=0", "https://example.com/news?a=1&a=0&b=2"},
		{"https://example.com/", "https://example.com"},
		{"https://example.com", "https://example.com"},
		{"https://user:pw@example.com/a", "https://example.com/a"},
		{"https://example.com/Case/Path", "https://example.com/Case/Path"},
		{"https://example.com/a%2Fb/", "https://example.com/a%2Fb"},
		{"http://[::1]:80/a", "https://[::1]/a"},
		{"  https://example.com/a  ", "https://example.com/a"},
		{"", ""},
		{"not a url", "not a url"},
		{"ftp://example.com/a", "ftp://example.com/a"},
		{"/relative/path", "/relative/path"},
	}
	for _, tt := range tests {
		if got := CanonicalURL(tt.in); got != tt.want {
			t.Errorf("CanonicalURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestArticleIDSameForURLVariants(t *testing.T) {
	variants := []string{
		"https://news.example/syria/qamishli",
		"http://news.example/syria/qamishli",
		"https://NEWS.example/syria/qamishli/",
		"https://news.example/syria/qamishli#top",
		"https://news.example/syria/qamishli?utm_source=twitter&utm_medium=social",
		"http://News.Example:80/syria/qamishli/?fbclid=abc#x",
	}
	want := ArticleID(Article{URL: variants[0], Title: "A", Body: "a"})
	if !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(want) {
		t.Fatalf("id %q is not 16 hex characters", want)
	}
	for _, v := range variants {
		// The content differs too: with a URL, only the URL decides.
		if got := ArticleID(Article{URL: v, Title: "B " + v, Body: "b"}); got != want {
			t.Errorf("ArticleID(%q) = %s, want %s", v, got, want)
		}
	}
	different := []string{
		"https://news.example/syria/hasakah",
		"https://news.example/syria/qamishli?page=2",
		"https://other.example/syria/qamishli",
		"https://news.example/Syria/Qamishli",
	}
	seen := map[string]string{want: variants[0]}
	for _, d := range different {
		id := ArticleID(Article{URL: d})
		if prev, dup := seen[id]; dup {
			t.Errorf("%q and %q share the id %s", d, prev, id)
		}
		seen[id] = d
	}
}

func TestArticleIDFromContentWithoutURL(t *testing.T) {
	a := Article{Title: "Port reopens", Body: "The port reopened."}
	if again := (Article{Title: "Port reopens", Body: "The port reopened."}); ArticleID(a) != ArticleID(again) {
		t.Fatal("id is not stable")
	}
	for _, b := range []Article{
		{Title: "Port reopens", Body: "The port reopened on Friday."},
		{Title: "Port reopened", Body: "The port reopened."},
		// Title and body are separated: moving text across the boundary is another article.
		{Title: "Port reopens The", Body: "port reopened."},
	} {
		if ArticleID(a) == ArticleID(b) {
			t.Errorf("%+v has the id of %+v", b, a)
		}
	}
	// A URL that is not http(s) is still a URL string: it decides the id.
	if ArticleID(Article{URL: "not a url", Title: "x", Body: "y"}) == ArticleID(Article{Title: "x", Body: "y"}) {
		t.Error("a non-empty URL and no URL give the same id")
	}
}

func TestBodyHash(t *testing.T) {
	base := BodyHash("The port reopened on Friday.\n\nShips returned.")
	same := []string{
		"The port reopened on Friday. Ships returned.",
		"  THE PORT reopened\non   Friday.\n\n\nShips returned. ",
		"The port reopened on Friday.\u00a0\n\nShips returned.",
	}
	for _, s := range same {
		if got := BodyHash(s); got != base {
			t.Errorf("BodyHash(%q) differs from the same body's", s)
		}
	}
	if BodyHash("It’s “here”") != BodyHash("It's \"here\"") {
		t.Error("typographic quotes are not folded")
	}
	for _, s := range []string{"The port reopened on Friday.", "The port reopened on Friday. Ships returned!", "Theport reopened on Friday. Ships returned."} {
		if BodyHash(s) == base {
			t.Errorf("BodyHash(%q) equals a different body's", s)
		}
	}
	if len(base) != 32 {
		t.Errorf("hash %q is not 32 hex characters", base)
	}
}

func TestStripTracking(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://n.example/a?utm_source=rss&id=9&fbclid=x#top", "https://n.example/a?id=9"},
		{"http://N.example/a/?b=2&a=1", "http://N.example/a/?b=2&a=1"},
		{"https://n.example/a?utm_medium=x", "https://n.example/a"},
		{"https://n.example/a?%75tm_source=x&gclid=1&q=%20", "https://n.example/a?q=%20"},
		{"  https://n.example/a  ", "https://n.example/a"},
		{"/relative?utm_source=x", "/relative?utm_source=x"},
		{"ftp://n.example/a?utm_source=x", "ftp://n.example/a?utm_source=x"},
	}
	for _, tt := range tests {
		if got := StripTracking(tt.in); got != tt.want {
			t.Errorf("StripTracking(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzStripTracking(f *testing.F) {
	for _, s := range []string{"http://Example.com:80/a/?utm_source=x&b=1#f", "https://n.example/p?fbclid=1&&a=%20", "not a url", "https://h/%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := StripTracking(s)
		if StripTracking(once) != once {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, once, StripTracking(once))
		}
	})
}

func TestArticleIDByScope(t *testing.T) {
	a := Article{URL: "https://example.com/a", Title: "T", Body: "B"}
	shared := ArticleID(a)
	a.Scope = Shared
	if ArticleID(a) != shared {
		t.Error("an explicit shared scope changes the id")
	}
	a.Scope = GuildScope("111")
	one := ArticleID(a)
	a.Scope = GuildScope("222")
	two := ArticleID(a)
	if one == shared || two == shared || one == two {
		t.Errorf("ids shared %s, guild 111 %s, guild 222 %s: want three different", shared, one, two)
	}
}

func TestScope(t *testing.T) {
	g := GuildScope("123")
	if g != "guild:123" || g.Guild() != "123" || !g.IsGuild() || Shared.IsGuild() || Shared.Guild() != "" || GuildScope("") != Shared {
		t.Errorf("GuildScope: %q %q", g, g.Guild())
	}
	if !g.CanSee(Shared) || !g.CanSee(g) || g.CanSee(GuildScope("9")) || Shared.CanSee(g) {
		t.Error("CanSee")
	}
	for in, ok := range map[string]bool{"shared": true, "": true, "guild:1": true, "guild:": false, "guild:1a": false, "x": false, "guild:123456789012345678901": false} {
		if _, err := ParseScope(in); (err == nil) != ok {
			t.Errorf("ParseScope(%q) error %v", in, err)
		}
	}
}
func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{"http://Example.com:80/a/?utm_source=x&b=1#f", "https://[::1]:443/", "not a url"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := CanonicalURL(s)
		if CanonicalURL(c) != c {
			t.Fatalf("CanonicalURL is not idempotent: %q -> %q -> %q", s, c, CanonicalURL(c))
		}
	})
}
