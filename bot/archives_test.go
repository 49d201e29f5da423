package bot

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/bot/discordtest"
	"github.com/dateline-bot/dateline/fetch"
)

// Two servers on one bot.
const (
	serverA = "210000000000000001"
	serverB = "220000000000000002"
	adminA  = "410000000000000001"
	adminB  = "420000000000000002"
)

// newsSite serves article pages on 127.0.0.1: real HTTP, as /add fetches.
func newsSite(t *testing.T) *httptest.Server {
	t.Helper()
	page := func(title, outlet, date, body string) string {
		meta := ""
		if date != "" {
			meta = `<meta property="article:published_time" content="` + date + `">`
		}
		return `<!DOCTYPE html><html><head><title>` + title + `</title><meta property="og:title" content="` + title + `">` +
			`<meta property="og:site_name" content="` + outlet + `">` + meta + `</head><body><article>` + body + `</article></body></html>`
	}
	pages := map[string]string{
		"/alpha": page("Zebrafish seen in the Orontes", "Alpha Gazette", "2026-01-06T08:00:00Z",
			"<p>Zebrafish were seen in the Orontes river on 5 January, fishermen said.</p><p>It was the first sighting this year.</p>"),
		"/undated": page("Ferry resumes", "Coast Post", "",
			"<p>The ferry to Arwad resumed service after the storm, the port authority said.</p>"),
	}
	mux := http.NewServeMux()
	for path, body := range pages {
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		})
	}
	mux.HandleFunc("GET /notes.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "just notes")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func admin(server, user string) []discordtest.Opt {
	return []discordtest.Opt{discordtest.InGuild(server), discordtest.AsMember(user, discordgo.PermissionManageGuild)}
}

func with(opts []discordtest.Opt, more ...discordtest.Opt) []discordtest.Opt {
	return append(append([]discordtest.Opt{}, more...), opts...)
}

// TestServersIsolated: two servers' admins keep their own archives from
// Discord (/add by URL, file and form, /remove, /restore, /audit), and
// neither server ever sees or touches the other's reporting; the shared
// archive is everyone's to read and no server admin's to change.
func TestServersIsolated(t *testing.T) {
	engine := openEngine(t)
	site := newsSite(t)
	engine.UseWeb(fetch.New(fetch.Config{AllowPrivate: true, Timeout: 10 * time.Second}),
		fetch.New(fetch.Config{AllowPrivate: true, Timeout: 10 * time.Second, MaxBytes: app.MaxAttachment,
			ContentTypes: append([]string{"application/octet-stream"}, fetch.DefaultContentTypes...)}))
	h := startBot(t, engine, discordtest.Options{GuildIDs: []string{serverA, serverB}}, func(o *Options) {
		o.Config.GuildIDs = []string{serverA, serverB}
	})
	fake := h.fake
	if err := fake.Wait(timeout(t, 10*time.Second), func() bool {
		return len(fake.Commands(serverA)) > 0 && len(fake.Commands(serverB)) > 0
	}); err != nil {
		t.Fatalf("commands not registered in both servers: %v", err)
	}
	inA, inB := admin(serverA, adminA), admin(serverB, adminB)
	say := func(name string, opts ...discordtest.Opt) *discordgo.Message {
		t.Helper()
		return final(t, fake.Slash(name, opts...))
	}
	idIn := func(m *discordgo.Message) string {
		t.Helper()
		_, rest, ok := strings.Cut(m.Content, "id `")
		id, _, ok2 := strings.Cut(rest, "`")
		if !ok || !ok2 {
			t.Fatalf("no id in %q", m.Content)
		}
		return id
	}

	// /add url: in server A.
	added := say("add", with(inA, discordtest.StringOption("url", site.URL+"/alpha?utm_source=x"))...)
	if !isEphemeral(added) || !strings.Contains(added.Content, "Added to this server's archive: “Zebrafish seen in the Orontes”") ||
		!strings.Contains(added.Content, "Alpha Gazette · published 6 Jan 2026 · 2 passages") || len(added.Embeds) != 1 ||
		!strings.Contains(added.Embeds[0].Description, "Zebrafish were seen in the Orontes river on 5 January") ||
		!strings.HasPrefix(added.Embeds[0].Title, "5 Jan 2026") {
		t.Fatalf("/add url:\n%s", dump(added))
	}
	alphaA := idIn(added)

	t.Run("the other server sees nothing of it", func(t *testing.T) {
		for _, q := range []string{"zebrafish", "orontes"} {
			if m := say("when", with(inB, discordtest.StringOption("query", q))...); len(m.Embeds) != 0 {
				t.Errorf("/when %s in B:\n%s", q, dump(m))
			}
			if m := say("search", with(inB, discordtest.StringOption("query", q))...); len(m.Embeds) != 0 {
				t.Errorf("/search %s in B:\n%s", q, dump(m))
			}
			if m := say("when", with(inA, discordtest.StringOption("query", q))...); len(m.Embeds) == 0 {
				t.Errorf("/when %s in A finds nothing:\n%s", q, dump(m))
			}
		}
		if m := say("article", with(inB, discordtest.StringOption("id", alphaA))...); !strings.Contains(m.Content, "There is no article") {
			t.Errorf("/article in B:\n%s", dump(m))
		}
		if m := say("article", with(inA, discordtest.StringOption("id", alphaA))...); len(m.Embeds) != 1 {
			t.Errorf("/article in A:\n%s", dump(m))
		}
		choices := func(server string) string {
			resp, err := fake.Autocomplete("when", "query", "Alph", discordtest.InGuild(server)).Response(timeout(t, 5*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, c := range resp.Data.Choices {
				names = append(names, c.Name)
			}
			return strings.Join(names, "|")
		}
		if got := choices(serverB); strings.Contains(got, "Alpha Gazette") {
			t.Errorf("autocomplete in B offers A's outlet: %s", got)
		}
		if got := choices(serverA); !strings.Contains(got, "Alpha Gazette") {
			t.Errorf("autocomplete in A lacks its own outlet: %s", got)
		}
	})

	t.Run("duplicates are per server; the other server may add the same page", func(t *testing.T) {
		m := say("add", with(inA, discordtest.StringOption("url", site.URL+"/alpha"))...)
		if want := "Not added: this is a duplicate of article " + alphaA + " in this server's archive."; m.Content != want {
			t.Errorf("again in A: %q, want %q", m.Content, want)
		}
		m = say("add", with(inB, discordtest.StringOption("url", site.URL+"/alpha"))...)
		if !strings.Contains(m.Content, "Added to this server's archive") || idIn(m) == alphaA {
			t.Errorf("the same page in B:\n%s", dump(m))
		}
	})

	t.Run("refusals say why", func(t *testing.T) {
		tests := []struct {
			name string
			opts []discordtest.Opt
			want string
		}{
			{"no date", with(inA, discordtest.StringOption("url", site.URL+"/undated")), "Not added: no publication date found: give it with the date: option"},
			{"not a web page", with(inA, discordtest.StringOption("url", site.URL+"/notes.txt")), "is not a web page (its content type is text/plain)"},
			{"missing page", with(inA, discordtest.StringOption("url", site.URL+"/gone")), "answered 404 Not Found"},
			{"not http", with(inA, discordtest.StringOption("url", "ftp://example.com/a")), "only http and https URLs are fetched"},
			{"unsupported file", with(inA, discordtest.AttachmentOption("file", "photo.png", []byte("\x89PNG"))), "photo.png is not a supported type"},
			{"both", with(inA, discordtest.StringOption("url", site.URL+"/alpha"), discordtest.AttachmentOption("file", "a.txt", []byte("x"))), "Give a `url` or a `file`, not both."},
			{"member", []discordtest.Opt{discordtest.InGuild(serverA), discordtest.AsMember(memberID, discordtest.DefaultMemberPermissions), discordtest.StringOption("url", site.URL+"/alpha")}, "Only server admins"},
			{"direct message", []discordtest.Opt{discordtest.InDM(memberID), discordtest.StringOption("url", site.URL+"/alpha")}, "only in a server"},
		}
		for _, tt := range tests {
			m := say("add", tt.opts...)
			if !isEphemeral(m) || !strings.Contains(shown(m.Content), tt.want) {
				t.Errorf("%s: %q, want …%q…", tt.name, m.Content, tt.want)
			}
		}
		m := say("add", with(inA, discordtest.StringOption("url", site.URL+"/undated"), discordtest.StringOption("date", "2026-01-08"))...)
		if !strings.Contains(m.Content, "Coast Post · published 8 Jan 2026") {
			t.Errorf("with date:\n%s", dump(m))
		}
	})

	t.Run("add a file", func(t *testing.T) {
		md := "+++\ntitle = \"Dam inspection\"\npublished = 2026-01-09\noutlet = \"Valley Courier\"\n+++\n\nEngineers inspected the Tishreen dam on 7 January, officials said.\n"
		m := say("add", with(inA, discordtest.AttachmentOption("file", "dam.md", []byte(md)))...)
		if !strings.Contains(m.Content, "Added to this server's archive: “Dam inspection”") || len(m.Embeds) != 1 ||
			!strings.HasPrefix(m.Embeds[0].Title, "7 Jan 2026") {
			t.Errorf("/add file:\n%s", dump(m))
		}
		big := append([]byte("Title\n2026-01-09\n\n"), make([]byte, app.MaxAttachment)...)
		if m := say("add", with(inA, discordtest.AttachmentOption("file", "big.txt", big))...); !strings.Contains(m.Content, "big.txt is too large") {
			t.Errorf("a file over 10 MiB: %q", m.Content)
		}
	})

	t.Run("add by form", func(t *testing.T) {
		ix := fake.Slash("add", inA...)
		resp, err := ix.Response(timeout(t, 5*time.Second))
		if err != nil || resp.Type != discordgo.InteractionResponseModal || resp.Data.CustomID != "add" {
			t.Fatalf("/add with no options: %+v, %v", resp, err)
		}
		fields := map[string]string{"title": "Bridge reopens", "outlet": "Town Crier", "date": "2026-01-10", "url": "",
			"text": "The old bridge over the Euphrates reopened on 9 January after repairs, the council said."}
		m := final(t, fake.ModalSubmit("add", fields, inA...))
		if !isEphemeral(m) || !strings.Contains(m.Content, "Added to this server's archive: “Bridge reopens”") {
			t.Errorf("form:\n%s", dump(m))
		}
		if m := final(t, fake.ModalSubmit("add", fields, discordtest.InGuild(serverA), discordtest.AsMember(memberID, discordtest.DefaultMemberPermissions))); !strings.Contains(m.Content, "Only server admins") {
			t.Errorf("form from a member: %q", m.Content)
		}
		delete(fields, "date")
		fields["title"] = "Undated"
		if m := final(t, fake.ModalSubmit("add", fields, inA...)); !strings.Contains(m.Content, "no publication date found") {
			t.Errorf("form without a date: %q", m.Content)
		}
	})

	t.Run("remove, restore and audit, each in its own server", func(t *testing.T) {
		shared := seedIDOf(t, engine)
		if m := say("remove", with(inB, discordtest.StringOption("id", alphaA))...); !strings.Contains(m.Content, "There is no article") {
			t.Errorf("B removing A's article: %q", m.Content)
		}
		if m := say("remove", with(inA, discordtest.StringOption("id", shared))...); !strings.Contains(m.Content, "belongs to the shared archive") {
			t.Errorf("A removing a shared article: %q", m.Content)
		}
		if m := say("remove", with(inA, discordtest.StringOption("id", alphaA))...); !strings.Contains(m.Content, "Removed") || !strings.Contains(m.Content, "30 days") {
			t.Errorf("A removing its own: %q", m.Content)
		}
		if m := say("when", with(inA, discordtest.StringOption("query", "orontes"))...); len(m.Embeds) != 0 {
			t.Errorf("removed article still answered:\n%s", dump(m))
		}
		if m := say("restore", with(inB, discordtest.StringOption("id", alphaA))...); !strings.Contains(m.Content, "There is no removed article") {
			t.Errorf("B restoring A's: %q", m.Content)
		}
		if m := say("restore", with(inA, discordtest.StringOption("id", alphaA))...); !strings.Contains(m.Content, "Restored") {
			t.Errorf("A restoring its own: %q", m.Content)
		}
		if m := say("when", with(inA, discordtest.StringOption("query", "orontes"))...); len(m.Embeds) == 0 {
			t.Errorf("restored article not answered:\n%s", dump(m))
		}
		a := say("audit", inA...)
		if !isEphemeral(a) || len(a.Embeds) != 1 {
			t.Fatalf("/audit in A:\n%s", dump(a))
		}
		log := shown(a.Embeds[0].Description)
		for _, want := range []string{"**restore** `" + alphaA + "`", "**remove** `" + alphaA + "`", "**add** `" + alphaA + "`", "<@" + adminA + "> in <#", "from " + site.URL + "/alpha", "from form", "from file dam.md"} {
			if !strings.Contains(log, want) {
				t.Errorf("A's audit log lacks %q:\n%s", want, log)
			}
		}
		b := say("audit", inB...)
		if len(b.Embeds) != 1 || strings.Contains(b.Embeds[0].Description, alphaA) || strings.Contains(b.Embeds[0].Description, adminA) {
			t.Errorf("B's audit log shows A's actions:\n%s", dump(b))
		}
		if m := say("audit", discordtest.InGuild(serverA), discordtest.AsMember(memberID, discordtest.DefaultMemberPermissions)); !strings.Contains(m.Content, "Only server admins") {
			t.Errorf("/audit from a member: %q", m.Content)
		}
	})
	if v := fake.Violations(); len(v) > 0 {
		t.Errorf("fake Discord saw violations:\n%s", strings.Join(v, "\n"))
	}
}

// seedIDOf is the id of the seed article, in the shared archive.
func seedIDOf(t *testing.T, engine *app.App) string {
	t.Helper()
	tl, err := engine.Search(timeout(t, 10*time.Second), app.Caller{}, answer.Query{Raw: "hmeimim", Terms: []string{"hmeimim"}})
	if err != nil || len(tl.Hits) == 0 {
		t.Fatalf("seed not found: %v", err)
	}
	return tl.Hits[0].Article.ID
}

// shown is Markdown text as Discord shows it: escapes removed.
func shown(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.ContainsRune("\\`*_{}[]()#+-.!:<>|~", rune(s[i+1])) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
