package english

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dateline-bot/dateline/internal/devdata"
)

// seedBody is the body of the seed article: the text after its title and
// date lines.
func seedBody(tb testing.TB) string {
	tb.Helper()
	data, err := os.ReadFile("../sample/seed-article.txt")
	if err != nil {
		tb.Fatal(err)
	}
	lines := strings.SplitN(string(data), "\n\n", 3) // title, date line, body
	if len(lines) < 3 {
		tb.Fatal("seed article without a body")
	}
	return lines[2]
}

// sentenceTexts returns the text of each sentence span.
func sentenceTexts(text string, spans []Span) []string {
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = text[s.Start:s.End]
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"plain", "Troops left. The base is empty.", []string{"Troops left.", "The base is empty."}},
		{"question and exclamation", "Who left? Nobody knows! It is quiet.", []string{"Who left?", "Nobody knows!", "It is quiet."}},
		{"surrounding space", "  \n Troops left.  The base is empty. \n", []string{"Troops left.", "The base is empty."}},
		{"no final period", "Troops left. The base is empty", []string{"Troops left.", "The base is empty"}},
		{"Jan.", "The talks began on Jan. 27 in Moscow. They ended.", []string{"The talks began on Jan. 27 in Moscow.", "They ended."}},
		{"Feb.", "Prices rose in Feb. 2025 and fell later. Traders sold.", []string{"Prices rose in Feb. 2025 and fell later.", "Traders sold."}},
		{"Sept. and Dec.", "From Sept. 3 to Dec. 9 the plant was shut.", []string{"From Sept. 3 to Dec. 9 the plant was shut."}},
		{"month ends sentence before opener", "The deal closed in Jan. The next step is a vote.", []string{"The deal closed in Jan.", "The next step is a vote."}},
		{"U.S. before a name", "The U.S. Treasury said rates would rise.", []string{"The U.S. Treasury said rates would rise."}},
		{"U.S. ends sentence", "Sales grew in the U.S. The next day shares fell.", []string{"Sales grew in the U.S.", "The next day shares fell."}},
		{"U.N.", "The U.N. Security Council met. It adjourned.", []string{"The U.N. Security Council met.", "It adjourned."}},
		{"U.N. at end", "He appealed to the U.N. But no one answered.", []string{"He appealed to the U.N.", "But no one answered."}},
		{"Mr. Mrs. Dr.", "Mr. Smith met Mrs. Jones and Dr. Ali. They talked.", []string{"Mr. Smith met Mrs. Jones and Dr. Ali.", "They talked."}},
		{"Gen. Sen. Rep.", "Gen. Petraeus briefed Sen. Warner and Rep. Pelosi on Monday.", []string{"Gen. Petraeus briefed Sen. Warner and Rep. Pelosi on Monday."}},
		{"St.", "He lives in St. Petersburg. He works in St. Louis.", []string{"He lives in St. Petersburg.", "He works in St. Louis."}},
		{"Inc. mid sentence", "Apple Inc. said sales rose.", []string{"Apple Inc. said sales rose."}},
		{"Inc. ends sentence", "The stake was sold to Apple Inc. Shares rose 5 percent.", []string{"The stake was sold to Apple Inc.", "Shares rose 5 percent."}},
		{"Inc. before title", "Apple Inc. Chief Executive Tim Cook spoke.", []string{"Apple Inc. Chief Executive Tim Cook spoke."}},
		{"Co. and Corp.", "Ford Motor Co. and Exxon Corp. reported profits. Both rose.", []string{"Ford Motor Co. and Exxon Corp. reported profits.", "Both rose."}},
		{"Corp. ends sentence", "It bought a stake in Exxon Corp. The price was not disclosed.", []string{"It bought a stake in Exxon Corp.", "The price was not disclosed."}},
		{"Ltd.", "Shares of BHP Ltd. fell. Analysts were surprised.", []string{"Shares of BHP Ltd. fell.", "Analysts were surprised."}},
		{"No.", "He was No. 2 in the party. No. The party denied it.", []string{"He was No. 2 in the party.", "No.", "The party denied it."}},
		{"vs.", "It was Russia vs. Ukraine in the final. Fans cheered.", []string{"It was Russia vs. Ukraine in the final.", "Fans cheered."}},
		{"e.g.", "Some states, e.g. Texas, objected. Others agreed.", []string{"Some states, e.g. Texas, objected.", "Others agreed."}},
		{"i.e.", "The core rate, i.e. The Fed's measure, rose. It was expected.", []string{"The core rate, i.e. The Fed's measure, rose.", "It was expected."}},
		{"a.m. before day", "The blast came at 9 a.m. Monday near the base.", []string{"The blast came at 9 a.m. Monday near the base."}},
		{"a.m. ends sentence", "The blast came at 9 a.m. The army sealed the area.", []string{"The blast came at 9 a.m.", "The army sealed the area."}},
		{"p.m.", "Voting ended at 8 p.m. local time. Counting began.", []string{"Voting ended at 8 p.m. local time.", "Counting began."}},
		{"p.m. ends sentence", "Voting ended at 8 p.m. Counting began at once.", []string{"Voting ended at 8 p.m.", "Counting began at once."}},
		{"initials", "The book by J. K. Rowling sold well. It was a hit.", []string{"The book by J. K. Rowling sold well.", "It was a hit."}},
		{"middle initial", "George W. Bush spoke. He left.", []string{"George W. Bush spoke.", "He left."}},
		{"decimal", "Growth was 3.5 percent. Inflation was 2.1 percent.", []string{"Growth was 3.5 percent.", "Inflation was 2.1 percent."}},
		{"ellipsis mid sentence", "He said ... the army would stay. Nobody believed him.", []string{"He said ... the army would stay.", "Nobody believed him."}},
		{"ellipsis ends sentence", "We waited... Then the trucks came.", []string{"We waited...", "Then the trucks came."}},
		{"unicode ellipsis", "We waited\u2026 Then the trucks came.", []string{"We waited\u2026", "Then the trucks came."}},
		{"closing quote stays", `He said "stop." Then he left.`, []string{`He said "stop."`, "Then he left."}},
		{"curly closing quote stays", "He said \u201cstop.\u201d Then he left.", []string{"He said \u201cstop.\u201d", "Then he left."}},
		{"curly single quote", "She called it \u2018over.\u2019 The talks resumed.", []string{"She called it \u2018over.\u2019", "The talks resumed."}},
		{"quoted question continues", "\u201cWhy now?\u201d he asked. Nobody answered.", []string{"\u201cWhy now?\u201d he asked.", "Nobody answered."}},
		{"bracket after period", "The base was closed. (It reopened later.) Trucks came.", []string{"The base was closed.", "(It reopened later.)", "Trucks came."}},
		{"next sentence opens with quote", "He left. \u201cWe are done,\u201d he said.", []string{"He left.", "\u201cWe are done,\u201d he said."}},
		{"U.S.-backed", "The U.S.-backed SDF held the base. It was quiet.", []string{"The U.S.-backed SDF held the base.", "It was quiet."}},
		{"list number", "1. The first point is clear.", []string{"1. The first point is clear."}},
		{"number ends sentence", "The year was 2024. The next was worse.", []string{"The year was 2024.", "The next was worse."}},
		{"lower case after period", "The fee is 5 dlrs. per share.", []string{"The fee is 5 dlrs. per share."}},
		{"colon line break", "Read also:\nThe Jerusalem meeting on Iran", []string{"Read also:", "The Jerusalem meeting on Iran"}},
		{"blank line", "Headline without period\n\nThe body starts here.", []string{"Headline without period", "The body starts here."}},
		{"line break is space", "The army left\nthe base on Monday.", []string{"The army left\nthe base on Monday."}},
		{"state abbreviation", "It is based in Covington, La. The motel was sold.", []string{"It is based in Covington, La.", "The motel was sold."}},
		{"state abbreviation before name", "He met Boston, Mass. Gov. Deval Patrick.", []string{"He met Boston, Mass. Gov. Deval Patrick."}},
		{"brand in lower case", "Sales rose. iPhone users upgraded.", []string{"Sales rose.", "iPhone users upgraded."}},
		{"non-ASCII capital", "Talks ended. Ömer left.", []string{"Talks ended.", "Ömer left."}},
		{"uncased script", "Talks ended. \u0642\u0627\u0644 it.", []string{"Talks ended.", "\u0642\u0627\u0644 it."}},
		{"nbsp", "Talks ended.\u00a0Troops left.", []string{"Talks ended.", "Troops left."}},
		{"empty", "", nil},
		{"only space", " \n\n \u00a0", nil},
		{"only punctuation", ".", []string{"."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spans := Sentences(tc.text)
			got := sentenceTexts(tc.text, spans)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tc.text, got, tc.want)
			}
			checkSpans(t, tc.text, spans)
		})
	}
}

func checkSpans(t *testing.T, text string, spans []Span) {
	t.Helper()
	if err := CheckSpans(text, spans); err != nil {
		t.Fatal(err)
	}
}

// TestSentencesCoverText checks that the sentences hold every non-space
// byte of the text, in order.
func TestSentencesCoverText(t *testing.T) {
	text := seedBody(t)
	var b strings.Builder
	for _, s := range Sentences(text) {
		b.WriteString(text[s.Start:s.End])
	}
	if strip(b.String()) != strip(text) {
		t.Errorf("sentences do not cover the text")
	}
}

func strip(s string) string { return strings.Join(strings.Fields(s), "") }

// TestSentencesWikinewsGold scores sentence boundaries against SemEval-2015
// Task 4's sentence split of the Wikinews articles (../shared/data: one
// gold sentence per body paragraph). The paragraphs are joined with a
// space, so every boundary has to be found from the text alone.
func TestSentencesWikinewsGold(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(devdata.Path(t, "wikinews-apple", "articles"), "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	found, extra, missed := 0, 0, 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			t.Skip(err)
		} else if err != nil {
			t.Fatal(err)
		}
		parts := strings.SplitN(string(data), "+++", 3) // TOML front matter, then the body
		if len(parts) != 3 {
			t.Fatalf("%s: no front matter", name)
		}
		paragraphs := strings.Split(strings.TrimSpace(parts[2]), "\n\n")
		text := strings.Join(paragraphs, " ")
		gold := map[int]bool{}
		end := -1
		for _, p := range paragraphs[:len(paragraphs)-1] {
			end += len(p) + 1
			gold[end] = true
		}
		sentences := Sentences(text)
		got := map[int]bool{}
		for _, s := range sentences[:len(sentences)-1] {
			got[s.End] = true
			if gold[s.End] {
				found++
			} else {
				extra++
				t.Logf("%s: extra boundary …%s|%s…", filepath.Base(name), text[max(0, s.End-40):s.End], text[s.End:min(len(text), s.End+25)])
			}
		}
		for b := range gold {
			if !got[b] {
				missed++
				t.Logf("%s: missed boundary …%s|%s…", filepath.Base(name), text[max(0, b-40):b], text[b:min(len(text), b+25)])
			}
		}
	}
	precision := float64(found) / float64(found+extra)
	recall := float64(found) / float64(found+missed)
	t.Logf("sentence boundaries: %d found, %d extra, %d missed: precision %.3f, recall %.3f", found, extra, missed, precision, recall)
	if precision < 0.98 || recall < 0.98 {
		t.Errorf("precision %.3f, recall %.3f: want both ≥ 0.98", precision, recall)
	}
}

func TestSentenceAt(t *testing.T) {
	text := "Troops left. The base is empty."
	tests := []struct {
		offset int
		want   string
	}{
		{0, "Troops left."},
		{5, "Troops left."},
		{12, "The base is empty."}, // the space between: the next sentence
		{20, "The base is empty."},
		{1000, "The base is empty."},
	}
	for _, tc := range tests {
		s := SentenceAt(text, tc.offset)
		if got := text[s.Start:s.End]; got != tc.want {
			t.Errorf("SentenceAt(%d) = %q, want %q", tc.offset, got, tc.want)
		}
	}
	if s := SentenceAt("", 3); s != (Span{0, 0}) {
		t.Errorf("SentenceAt on empty text = %v", s)
	}
}

func FuzzSentences(f *testing.F) {
	for _, s := range []string{seedBody(f), "U.S. Inc. a.m. J. K. 3.5 ... \u2026 \u201cx.\u201d", "x.\n\ny:\nz", "\xff.\xfe A."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		spans := Sentences(text)
		checkSpans(t, text, spans)
		if utf8.ValidString(text) && strip(strings.Join(sentenceTexts(text, spans), "")) != strip(text) {
			t.Fatalf("sentences lose text")
		}
	})
}
