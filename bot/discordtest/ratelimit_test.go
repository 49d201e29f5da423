package discordtest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/dateline-bot/dateline/bot/discordtest"
)

func rawPost(t *testing.T, srv *discordtest.Server, path, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequest("POST", srv.APIURL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", srv.Token())
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestChannelBucket(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{})

	// discordgo reads X-RateLimit-* and waits instead of running into the bucket.
	dg := srv.Session(t)
	start := time.Now()
	for i := 0; i < 6; i++ {
		if _, err := dg.ChannelMessageSendComplex("300000000000000007", &discordgo.MessageSend{Content: "digest", AllowedMentions: noMentions()}); err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
	}
	if took := time.Since(start); took < 4*time.Second {
		t.Errorf("six messages in %v: the sixth should wait for the 5-second bucket", took)
	}
	expectNoViolations(t, srv)
	if srv.RateLimited() != 0 {
		t.Errorf("RateLimited = %d, want 0", srv.RateLimited())
	}

	// A client that ignores the headers gets a 429, recorded as a violation.
	var last *http.Response
	for i := 0; i < 6; i++ {
		last = rawPost(t, srv, "/channels/300000000000000008/messages", `{"content":"x","allowed_mentions":{"parse":[]}}`)
	}
	if last.StatusCode != 429 || last.Header.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("sixth raw message = %d remaining %q, want 429 and 0", last.StatusCode, last.Header.Get("X-RateLimit-Remaining"))
	}
	violationsContain(t, srv, "channel message bucket")
}

func TestGlobalRateLimit(t *testing.T) {
	t.Parallel()
	c := connect(t, discordtest.Options{})
	var statuses []int
	start := time.Now()
	for i := 0; i < 51; i++ { // distinct channels: only the global limit applies
		path := fmt.Sprintf("/channels/3000000000000%05d/messages", i)
		statuses = append(statuses, rawPost(t, c.srv, path, `{"content":"x","allowed_mentions":{"parse":[]}}`).StatusCode)
	}
	if time.Since(start) > 800*time.Millisecond {
		t.Skip("51 requests took longer than the 1-second window on this machine")
	}
	for i, st := range statuses[:50] {
		if st != 200 {
			t.Fatalf("request %d = %d, want 200", i, st)
		}
	}
	if statuses[50] != 429 {
		t.Errorf("51st request in a second = %d, want 429", statuses[50])
	}
	violationsContain(t, c.srv, "global rate limit")
	// Interaction callbacks are exempt from the global limit.
	ix := c.srv.Slash("help")
	if err := c.dg.InteractionRespond(c.next(t), message("exempt")); err != nil {
		t.Errorf("callback during a global limit: %v", err)
	}
	if _, err := ix.Final(ctxT(t, time.Second)); err != nil {
		t.Error(err)
	}
}
