package feeds

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseFixtures(t *testing.T) {
	tests := []struct {
		file      string
		title     string
		items     int
		first     Item // Text is checked by prefix
		published string
	}{
		{"rss_full_content.xml", "Valley Courier", 2, Item{
			GUID: "courier-1001", Link: "https://courier.example/2026/03/water-plant-reopens?utm_source=rss",
			Title: "Water plant to reopen on 14 March", Author: "Lea Brandt", HasContent: true,
			Text: "Officials in the provincial capital said on Tuesday"}, "2026-03-03T09:30:00Z"},
		{"atom_html_content.xml", "River Watch", 1, Item{
			GUID: "tag:riverwatch.example,2026:barrier-may", Link: "https://riverwatch.example/posts/barrier-may",
			Title: "Barrier works to start in May", Author: "Jonas Weber", HasContent: true,
			Text: "Officials in the provincial capital"}, "2026-03-04T07:15:00Z"},
		{"jsonfeed_two_items.json", "Delta Daily", 2, Item{
			GUID: "delta-77", Link: "https://delta.example/flood-aid", Title: "Flood aid reaches northern districts",
			Author: "Amal Haddad", HasContent: true, Text: "Officials in the provincial capital"}, "2026-03-05T07:00:00Z"},
		{"rss_summary_only.xml", "Wire Briefs", 1, Item{
			GUID: "https://wire.example/article/pumps", Link: "https://wire.example/article/pumps", Title: "Pump repairs finished early",
			Text: "Repairs to the two pumps were finished early, officials said."}, "2026-03-04T12:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := strings.ReplaceAll(string(readFixture(t, tt.file)), "BASE", "https://wire.example")
			doc, err := Parse([]byte(data), "https://feeds.example/feed")
			if err != nil {
				t.Fatal(err)
			}
			if doc.Title != tt.title || len(doc.Items) != tt.items {
				t.Fatalf("title %q, %d items", doc.Title, len(doc.Items))
			}
			got, want := doc.Items[0], tt.first
			if got.GUID != want.GUID || got.Link != want.Link || got.Title != want.Title ||
				got.Author != want.Author || got.HasContent != want.HasContent || !strings.HasPrefix(got.Text, want.Text) {
				t.Errorf("first item = %+v\nwant %+v", got, want)
			}
			if !got.Published.Equal(mustTime(tt.published)) {
				t.Errorf("published %s, want %s", got.Published, tt.published)
			}
			if strings.Contains(got.Text, "<") || strings.Contains(got.Text, "alert(") {
				t.Errorf("markup left in text: %q", got.Text)
			}
		})
	}
}

func TestParseKeepsParagraphsAndDropsScripts(t *testing.T) {
	doc, err := Parse(readFixture(t, "rss_full_content.xml"), "")
	if err != nil {
		t.Fatal(err)
	}
	text := doc.Items[1].Text
	if strings.Count(text, "\n\n") != 1 || strings.Contains(text, "alert") {
		t.Errorf("text = %q", text)
	}
	if doc.Items[1].SummaryOnly() {
		t.Error("a full article counted as a summary")
	}
}

func TestParseRefusesWhatIsNotAFeed(t *testing.T) {
	for _, name := range []string{"not_a_feed.html", "rss_malformed.xml"} {
		if _, err := Parse(readFixture(t, name), ""); !errors.Is(err, ErrNotAFeed) {
			t.Errorf("%s: err = %v, want ErrNotAFeed", name, err)
		}
	}
	if _, err := Parse(make([]byte, MaxFeedBytes+1), ""); err == nil {
		t.Error("an oversized document was read")
	}
}

func TestItemKeyIgnoresTimesAndTracking(t *testing.T) {
	a := Item{GUID: "g", Link: "https://x.example/a?utm_source=rss", Title: "T", Text: "body", Published: mustTime("2026-01-01T00:00:00Z")}
	b := a
	b.Published = b.Published.Add(time.Hour)
	b.Link = "http://X.example/a/"
	if a.Key() != b.Key() {
		t.Errorf("keys differ: %+v %+v", a.Key(), b.Key())
	}
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// FuzzParse feeds arbitrary documents to the parser: it must never panic,
// and whatever it returns is valid UTF-8 within the limits.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"rss_full_content.xml", "atom_html_content.xml", "jsonfeed_two_items.json",
		"rss_summary_only.xml", "rss_malformed.xml", "not_a_feed.html", "rss_no_guid_restamped.xml"} {
		f.Add(readFixture(f, name))
	}
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":1,"url":"javascript:alert(1)"}]}`))
	f.Add([]byte("<rss><channel><item><title>\xff\xfe</title><link>//evil</link></item></channel></rss>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse(data, "https://feeds.example/feed")
		if err != nil {
			return
		}
		if len(doc.Items) > MaxItems {
			t.Fatalf("%d items", len(doc.Items))
		}
		for _, it := range doc.Items {
			for _, s := range []string{it.GUID, it.Link, it.Title, it.Author, it.Text} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 in %+v", it)
				}
			}
			if it.Link != "" && !strings.HasPrefix(it.Link, "http://") && !strings.HasPrefix(it.Link, "https://") {
				t.Fatalf("link %q", it.Link)
			}
			if utf8.RuneCountInString(it.Title) > maxTitleRunes {
				t.Fatalf("title of %d runes", utf8.RuneCountInString(it.Title))
			}
			_ = it.Key()
		}
	})
}
