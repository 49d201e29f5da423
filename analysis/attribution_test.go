package analysis

import (
	"bufio"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dateline-bot/dateline/corpus"
)

// whoBySentence returns, for each sentence of body, who Credits credits
// ("" for none).
func whoBySentence(t *testing.T, body string) []string {
	t.Helper()
	sentences := Sentences(body)
	out := make([]string, len(sentences))
	credits := Credits(body)
	ci := 0
	for i, s := range sentences {
		if ci < len(credits) && credits[ci].Start == s.Start && credits[ci].End == s.End {
			out[i] = credits[ci].Who
			ci++
		}
	}
	if ci != len(credits) {
		t.Fatalf("credits %v do not match sentence spans %v", credits, sentences)
	}
	return out
}

func TestCredits(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string // who, for each sentence
	}{
		// according to
		{"according to", "The base was empty, according to a local official.", []string{"a local official"}},
		{"according to first", "According to Reuters, the talks failed.", []string{"Reuters"}},
		{"according to with agent and time", "Troops left, according to a security source cited by Shafaq News last week.",
			[]string{"a security source cited by Shafaq News"}},
		{"according to cuts relative clause", "The plan stalled, according to officials who asked not to be named.", []string{"officials"}},
		{"according to cuts date", "Prices rose, according to the ministry on 3 March.", []string{"the ministry"}},
		// X said / says / told …
		{"said", "The Kremlin said the talks will focus on trade.", []string{"The Kremlin"}},
		{"says", "The ministry says the road is open.", []string{"The ministry"}},
		{"told reporters", "The minister told reporters the army would stay.", []string{"The minister"}},
		{"indefinite source told outlet", "A source told Reuters the deal was off.", []string{"A source told Reuters"}},
		{"bare plural told outlet", "The deal is off, sources told Reuters on Monday.", []string{"sources told Reuters"}},
		{"pronoun told outlet", "Ahmed Ali said troops left. He told Reuters they left by plane.", []string{"Ahmed Ali", "Ahmed Ali"}},
		{"told a person", "Putin told Sharaa that Russia would stay.", []string{"Putin"}},
		{"told the outlet", "An official told the Associated Press that troops left.", []string{"An official told the Associated Press"}},
		{"reported", "State media reported that the border was closed.", []string{"State media"}},
		{"announced", "The company announced it would cut 500 jobs.", []string{"The company"}},
		{"confirmed", "The Pentagon confirmed the strike.", []string{"The Pentagon"}},
		{"denied", "Moscow denied any role in the attack.", []string{"Moscow"}},
		{"claimed", "The group claimed the attack on its channel.", []string{"The group"}},
		{"argues", "The Cradle columnist Aghiad Hegazi argues that Moscow will return.", []string{"The Cradle columnist Aghiad Hegazi"}},
		{"stated", "The court stated that the law was void.", []string{"The court"}},
		{"added", "Smith added that talks would resume.", []string{"Smith"}},
		{"warned", "The United Nations warned of famine.", []string{"The United Nations"}},
		{"noted", "Analysts noted that prices had fallen.", []string{"Analysts"}},
		{"adverb before verb", "The ministry also said the road was open.", []string{"The ministry"}},
		{"has said", "The White House has said it will not negotiate.", []string{"The White House"}},
		{"possessive spokesman", "Russia's foreign ministry spokeswoman said the claims were false.", []string{"Russia's foreign ministry spokeswoman"}},
		{"name with title", "Russian President Vladimir Putin said the visit was useful.", []string{"Russian President Vladimir Putin"}},
		{"clause before subject", "The visit comes as Moscow said it would keep its bases.", []string{"Moscow"}},
		{"subject after conjunction", "Troops left and the ministry said the base was closed.", []string{"the ministry"}},
		{"subject with parenthesis", "The Syrian Observatory for Human Rights (SOHR) said 12 people died.", []string{"The Syrian Observatory for Human Rights (SOHR)"}},
		{"leading time phrase", "On Monday the ministry said the road was open.", []string{"the ministry"}},
		{"relative clause in subject", "AP journalists who visited the base next to Qamishli airport reported it was guarded.", []string{"AP journalists"}},
		{"participial clause in subject", "Officials speaking on condition of anonymity said the deal was close.", []string{"Officials"}},
		{"agent kept in subject", "Analysts polled by Reuters said growth would slow.", []string{"Analysts polled by Reuters"}},
		// post-posed and inverted
		{"post-posed", "Russian forces left the airport on Monday, the Kremlin announced on 27 January.", []string{"the Kremlin"}},
		{"post-posed after quote", "\u201cWe are leaving,\u201d the commander said.", []string{"the commander"}},
		{"inverted after quote", "\u201cWe are leaving,\u201d said Ahmed Ali.", []string{"Ahmed Ali"}},
		{"inverted with appositive", "\u201cWe are leaving,\u201d said Ahmed Ali, an SDF fighter.", []string{"Ahmed Ali, an SDF fighter"}},
		{"inverted straight quotes", "\"It is over,\" said the spokesman, who declined to be named.", []string{"the spokesman"}},
		{"inverted without quote", "The army will withdraw by Friday, said the minister.", []string{"the minister"}},
		// appositives
		{"appositive", "Ahmed Ali, an SDF fighter deployed at the facility, said the Russians withdrew.", []string{"Ahmed Ali, an SDF fighter"}},
		{"appositive with of", "John Smith, a spokesman for the ministry, said the road was open.", []string{"John Smith, a spokesman for the ministry"}},
		{"appositive name", "Russia's foreign minister, Sergei Lavrov, said talks would go on.", []string{"Russia's foreign minister, Sergei Lavrov"}},
		{"two appositives", "Jacy Mendonca, industrial relations director of Autolatina, a merger of Volkswagen and Ford, said sales fell.",
			[]string{"Jacy Mendonca, industrial relations director of Autolatina"}},
		{"relative clause aside", "The minister, who arrived on Monday, said the talks went well.", []string{"The minister"}},
		{"age aside", "Ahmed Ali, 35, said the convoy left at dawn.", []string{"Ahmed Ali"}},
		{"quoted by", "Lavrov, quoted by RIA Novosti, said Moscow would respond.", []string{"Lavrov, quoted by RIA Novosti"}},
		{"was quoted by", "The minister was quoted by Interfax as saying talks would resume.", []string{"The minister"}},
		{"was quoted as saying", "Putin was quoted as saying the visit was useful.", []string{"Putin"}},
		{"cited as a reason", "The lack of a debate was cited as the reason for weak prices.", []string{""}},
		{"participle aside", "Putin, speaking in Moscow, said the visit was useful.", []string{"Putin"}},
		{"who said", "The plan was backed by Commerce Secretary Malcolm Baldrige, who said it was fair.", []string{"Commerce Secretary Malcolm Baldrige"}},
		{"comma after long subject", "Analyst Stephen Reitman with Phillips and Drew in London, said profits rose.", []string{"Analyst Stephen Reitman with Phillips and Drew in London"}},
		{"ticker brackets", "<Counsel Corp> said it plans a stock split.", []string{"Counsel Corp"}},
		{"ticker after name", "Royal Bank of Canada <RT.TO> said it is expanding.", []string{"Royal Bank of Canada <RT.TO>"}},
		{"name ending in ly", "On Monday, Bally said it filed with the SEC.", []string{"Bally"}},
		{"initial inside appositive", "CIE Systems Inc, a unit of C. Itoh Electronics Inc, said it set up a program.", []string{"CIE Systems Inc, a unit of C. Itoh Electronics Inc"}},
		{"quotation from earlier sentence closes", "\"Prices will rise. They may double,\" Chris Johns, an analyst at UBS, said.", []string{"", "Chris Johns, an analyst at UBS"}},
		{"noun reports as subject", "Police arrested two men, local media reports said.", []string{"local media reports"}},
		{"inverted after quote, lower case", "\"It is a good deal,\" said analyst Kevin Murphy of Morgan Stanley.", []string{"analyst Kevin Murphy of Morgan Stanley"}},
		{"who said after appositive", "The view is shared by Charles O'Reilly, a management expert at Stanford University, who said Jobs was unique.",
			[]string{"Charles O'Reilly, a management expert at Stanford University"}},
		{"leading phrase before a name", "The Commission welcomed the move and in a reaction to the news European Commissioner Neelie Kroes said it was good.",
			[]string{"European Commissioner Neelie Kroes"}},
		{"added literally", "iPhoto has new templates, while iMovie has added audio editing.", []string{""}},
		{"notes as noun after comma", "Widgets include a calculator, sticky notes, and a clock.", []string{""}},
		{"participle after comma", "The new hardware, revealed at the conference, drew attention.", []string{""}},
		{"said after comma then preposition", "Dr. Frederick Goodwin, the institute's director, said in a joint interview that it worked.",
			[]string{"Dr. Frederick Goodwin, the institute's director"}},
		{"adds then quotation", "Art Levinson, chairman of Genentech, adds, \u201cSteve will stay.\u201d", []string{"Art Levinson, chairman of Genentech"}},
		{"month before a name", "In March President Reagan announced the sanctions.", []string{"President Reagan"}},
		// in a statement
		{"in a statement with speech verb", "In a statement, the ministry said the attack failed.", []string{"the ministry"}},
		{"in a statement other verb", "In a statement on Monday, the foreign ministry condemned the attack.", []string{"the foreign ministry"}},
		// no credit
		{"no credit", "Russia has issued no official statement confirming the withdrawal.", []string{""}},
		{"said as adjective", "The said agreement was signed in 2019.", []string{""}},
		{"confirmed as adjective", "The last confirmed Iraqi attack on shipping was on March 8.", []string{""}},
		{"reported as adjective", "The first reported case came in May.", []string{""}},
		{"passive reported", "It was reported that the base was empty.", []string{""}},
		{"plural noun states", "Member states agreed on the budget.", []string{""}},
		{"plural noun reports", "News reports differ on the number of dead.", []string{""}},
		{"verb inside quotation", "He called the plan \u201cwhat everyone said would fail.\u201d", []string{""}},
		{"headline", "Kremlin says Putin to host Sharaa", []string{""}},
		{"the report says alone", "The report says prices will rise.", []string{""}},
		{"pronoun without antecedent", "He said the base was empty.", []string{""}},
		{"first person", "We said we would leave.", []string{""}},
		{"name Said", "Troops under Said Ahmed held the town.", []string{""}},
		// anaphora
		{"the source inherits", "Troops left, according to a security source cited by Shafaq News. The source said the evacuation began on 23 January.",
			[]string{"a security source cited by Shafaq News", "a security source cited by Shafaq News"}},
		{"same account inherits", "Troops left, according to a source. The move was coordinated, according to the same account.",
			[]string{"a source", "a source"}},
		{"he inherits person", "Ahmed Ali, an SDF fighter, said troops left. The Kremlin declined to comment. He said they left by plane.",
			[]string{"Ahmed Ali, an SDF fighter", "", "Ahmed Ali, an SDF fighter"}},
		{"it inherits organisation", "The Kremlin said talks would begin. A spokesman for the army said troops were ready. It added that the date was set.",
			[]string{"The Kremlin", "A spokesman for the army", "The Kremlin"}},
		{"they inherits latest", "Officials said the road was open. They added that it would stay open.",
			[]string{"Officials", "Officials"}},
		{"they prefers people", "Delegates said talks stalled. The ICO said nothing. They said talks would resume.",
			[]string{"Delegates", "The ICO", "Delegates"}},
		{"they falls back to an organisation", "The ministry said the road was open. They added that it would stay open.",
			[]string{"The ministry", "The ministry"}},
		{"spokesman matches spokeswoman", "A UN spokeswoman said aid arrived. The spokesman added that more was needed.",
			[]string{"A UN spokeswoman", "A UN spokeswoman"}},
		{"the company refers to a legal name", "AW Computer Systems Inc said it signed a deal. The company said the deal was worth 850,000 dlrs.",
			[]string{"AW Computer Systems Inc", "AW Computer Systems Inc"}},
		{"the group is not a company", "Apple Inc. said it would give away cases. The group said the move was a first step.",
			[]string{"Apple Inc.", "The group"}},
		{"the official without antecedent", "The official said the road was open.", []string{"The official"}},
		{"the report with antecedent", "Prices rose, according to a Cradle report. The report says prices will keep rising.",
			[]string{"a Cradle report", "a Cradle report"}},
		{"surname person", "Vontobel Holding chairman Hans Vontobel said rates were high. Vontobel noted inflation. The bank said nothing. He said rates would fall.",
			[]string{"Vontobel Holding chairman Hans Vontobel", "Vontobel", "The bank", "Vontobel"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := whoBySentence(t, tc.body)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("Credits(%q)\n got %q\nwant %q", tc.body, got, tc.want)
			}
			checkCredits(t, tc.body, Credits(tc.body))
		})
	}
}

// checkCredits asserts the invariants every credit keeps: a sentence span
// of body, in order, and a non-empty Who that is text of the body.
func checkCredits(t *testing.T, body string, credits []corpus.Credit) {
	t.Helper()
	spans := make([]corpus.Span, len(credits))
	for i, c := range credits {
		spans[i] = corpus.Span{Start: c.Start, End: c.End}
		if c.Who == "" || strings.TrimSpace(c.Who) != c.Who {
			t.Fatalf("credit %d has who %q", i, c.Who)
		}
		if !strings.Contains(body, c.Who) {
			t.Fatalf("credit %d who %q is not text of the body", i, c.Who)
		}
	}
	checkSpans(t, body, spans)
}

// TestCreditsSeed checks every credit of the seed article.
func TestCreditsSeed(t *testing.T) {
	body := seedBody()
	credits := Credits(body)
	checkCredits(t, body, credits)
	want := map[string]string{ // sentence start → who
		"Russian President Vladimir Putin is set to host": "the Kremlin",
		"The Kremlin said the talks will focus":           "The Kremlin",
		"Days before the scheduled meeting":               "a security source cited by Shafaq News",
		"The source said the evacuation began":            "a security source cited by Shafaq News",
		"The redeployment was carried out":                "a security source cited by Shafaq News",
		"AP journalists who visited the base":             "AP journalists",
		"Ahmed Ali, an SDF fighter":                       "Ahmed Ali, an SDF fighter",
		"The Cradle columnist Aghiad Hegazi argues":       "The Cradle columnist Aghiad Hegazi",
	}
	got := map[string]string{}
	for _, c := range credits {
		sentence := body[c.Start:c.End]
		matched := false
		for prefix := range want {
			if strings.HasPrefix(sentence, prefix) {
				got[prefix] = c.Who
				matched = true
			}
		}
		if !matched {
			t.Errorf("unexpected credit %q for %q", c.Who, sentence)
		}
	}
	for prefix, who := range want {
		if got[prefix] != who {
			t.Errorf("sentence %q…: who = %q, want %q", prefix, got[prefix], who)
		}
	}
	// "Russia has issued no official statement confirming …" credits no one.
	for _, c := range credits {
		if strings.HasPrefix(body[c.Start:c.End], "Russia has issued") {
			t.Errorf("false credit %q", c.Who)
		}
	}
}

// TestCreditsFallInPassages checks that every credit overlaps a passage of
// the same body, as Analyze needs.
func TestCreditsFallInPassages(t *testing.T) {
	body := seedBody()
	passages := Paragraphs(body)
	for _, c := range Credits(body) {
		inside := false
		for _, p := range passages {
			if c.Start >= p.Start && c.End <= p.End {
				inside = true
			}
		}
		if !inside {
			t.Errorf("credit sentence %v lies in no passage", c)
		}
	}
}

func FuzzCredits(f *testing.F) {
	f.Add(seedBody())
	for _, s := range []string{
		"\u201cGo,\u201d said X, a y, z. He said it. The source said so, according to the same account.",
		"A, B, C, said D, E, F.", "said", "According to", "In a statement, . said", "(((said)))", "the said said said",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		credits := Credits(body)
		spans := make([]corpus.Span, len(credits))
		for i, c := range credits {
			spans[i] = corpus.Span{Start: c.Start, End: c.End}
			if c.Who == "" {
				t.Fatalf("empty who in %v", c)
			}
			if !strings.Contains(body, c.Who) {
				t.Fatalf("who %q is not text of the body", c.Who)
			}
		}
		checkSpans(t, body, spans)
	})
}

// BenchmarkCreditsAndParagraphs measures what ingest runs per article over
// the Reuters-21578 bodies (skipped when ../shared/data is absent).
func BenchmarkCreditsAndParagraphs(b *testing.B) {
	bodies := reutersBodies(b)
	total := 0
	for _, body := range bodies {
		total += len(body)
	}
	b.SetBytes(int64(total))
	b.ResetTimer()
	for b.Loop() {
		for _, body := range bodies {
			Paragraphs(body)
			Credits(body)
		}
	}
}

func reutersBodies(b *testing.B) []string {
	b.Helper()
	f, err := os.Open("../../shared/data/reuters21578/reuters21578.jsonl")
	if errors.Is(err, fs.ErrNotExist) {
		b.Skip("../../shared/data/reuters21578 is absent")
	}
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var bodies []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		var a struct {
			Body string `json:"body"`
		}
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			b.Fatalf("reuters line %d: %v", len(bodies)+1, err)
		}
		if utf8.ValidString(a.Body) {
			bodies = append(bodies, a.Body)
		}
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	return bodies
}
