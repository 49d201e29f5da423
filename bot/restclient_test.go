package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/bot/discordtest"
	"github.com/dateline-bot/dateline/config"
)

// restAgainst is our REST client pointed at a fresh fake Discord.
func restAgainst(t *testing.T, opts discordtest.Options) (*restClient, *discordtest.Server) {
	t.Helper()
	fake := discordtest.New(t, opts)
	return fastREST(t, fake.APIURL(), fake.Token()), fake
}

func textResponse(s string) *discordgo.InteractionResponse {
	return privateText("%s", s).response()
}

func TestCallbackIsNeverRepeatedBlindly(t *testing.T) {
	t.Parallel()
	faults := []struct {
		fault  discordtest.Fault
		landed bool
	}{
		{discordtest.Fault500, false}, {discordtest.Fault500, true},
		{discordtest.Fault502, false}, {discordtest.Fault502, true},
		{discordtest.Fault503, true}, {discordtest.Fault504, false},
		{discordtest.FaultReset, false}, {discordtest.FaultReset, true},
	}
	for _, tt := range faults {
		name := tt.fault.String()
		if tt.landed {
			name += " landed"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rest, fake := restAgainst(t, discordtest.Options{})
			ix := fake.Slash("help")
			fake.InjectFault("POST", "/callback", 1, tt.fault, tt.landed)
			x := newExchange(rest, context.Background(), ix.Interaction())
			defer x.close()
			if err := x.respond(textResponse("hello")); err != nil {
				t.Fatalf("callback after a %s: %v", name, err)
			}
			msg, err := ix.Final(timeout(t, 5*time.Second))
			if err != nil || msg.Content != "hello" {
				t.Fatalf("answer: %v, %v", msg, err)
			}
			if r := ix.Rejections(); len(r) > 0 {
				t.Errorf("the fake refused calls (a blind retry?): %q", r)
			}
			if v := fake.Violations(); len(v) > 0 {
				t.Errorf("violations: %q", v)
			}
			if x.ackAfter(time.Now().Add(-time.Hour)) == 0 {
				t.Error("not counted as acknowledged")
			}
		})
	}
}

func TestCallbackGivesUpAtTheAckDeadline(t *testing.T) {
	t.Parallel()
	rest, fake := restAgainst(t, discordtest.Options{})
	ix := fake.Slash("help")
	fake.InjectFault("POST", "/callback", 100, discordtest.Fault503, false)
	fake.InjectFault("GET", "/messages/@original", 100, discordtest.Fault503, false)
	x := newExchange(rest, context.Background(), ix.Interaction())
	defer x.close()
	x.ackBy = time.Now().Add(500 * time.Millisecond)
	start := time.Now()
	if err := x.respond(textResponse("hello")); err == nil {
		t.Fatal("a callback that cannot get through reported success")
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("gave up after %v, past its deadline", took)
	}
}

// deferred returns an exchange whose interaction the fake has seen deferred.
func deferred(t *testing.T, rest *restClient, fake *discordtest.Server, i *discordtest.Interaction) *exchange {
	t.Helper()
	x := newExchange(rest, context.Background(), i.Interaction())
	t.Cleanup(x.close)
	if err := x.deferNow(false); err != nil {
		t.Fatal(err)
	}
	return x
}

func TestIdempotentCallsAreRetried(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		method string
		rep    reply
		check  func(t *testing.T, ix *discordtest.Interaction)
	}{
		{"edit", "PATCH", reply{content: "the answer"}, func(t *testing.T, ix *discordtest.Interaction) {
			if m := ix.Original(); m == nil || m.Content != "the answer" {
				t.Errorf("original = %+v", m)
			}
		}},
		{"delete then private follow-up", "DELETE", privateText("nothing found"), func(t *testing.T, ix *discordtest.Interaction) {
			if ix.Original() != nil || len(ix.Followups()) != 1 {
				t.Errorf("original %v, %d follow-ups", ix.Original(), len(ix.Followups()))
			}
		}},
		{"follow-up", "POST", privateText("nothing found"), func(t *testing.T, ix *discordtest.Interaction) {
			if f := ix.Followups(); len(f) != 1 || f[0].Content != "nothing found" {
				t.Errorf("%d follow-ups (a duplicate?): %+v", len(f), f)
			}
		}},
	}
	for _, tt := range tests {
		for _, fault := range []discordtest.Fault{discordtest.Fault502, discordtest.Fault500, discordtest.FaultReset} {
			for _, landed := range []bool{false, true} {
				t.Run(tt.name+" "+fault.String()+map[bool]string{true: " landed"}[landed], func(t *testing.T) {
					t.Parallel()
					rest, fake := restAgainst(t, discordtest.Options{})
					ix := fake.Slash("when")
					x := deferred(t, rest, fake, ix)
					fake.InjectFault(tt.method, "/webhooks/", 2, fault, landed)
					if err := x.send(tt.rep); err != nil {
						t.Fatalf("send: %v", err)
					}
					tt.check(t, ix)
					if v := fake.Violations(); len(v) > 0 {
						t.Errorf("violations: %q", v)
					}
					if fake.FaultCount() != 2 {
						t.Errorf("%d faults answered, want 2", fake.FaultCount())
					}
				})
			}
		}
	}
}

func TestRetriesAreBounded(t *testing.T) {
	t.Parallel()
	rest, fake := restAgainst(t, discordtest.Options{})
	ix := fake.Slash("when")
	x := deferred(t, rest, fake, ix)
	fake.InjectFault("PATCH", "/webhooks/", 1000, discordtest.Fault503, false)
	if err := x.send(reply{content: "x"}); err == nil || !strings.Contains(err.Error(), "attempts") {
		t.Fatalf("endless 503s: %v", err)
	}
	if n := fake.FaultCount(); n != rest.policy.maxAttempts {
		t.Errorf("%d attempts, want %d", n, rest.policy.maxAttempts)
	}
}

func TestRateLimits(t *testing.T) {
	t.Parallel()
	t.Run("429 retry_after honoured", func(t *testing.T) {
		t.Parallel()
		rest, fake := restAgainst(t, discordtest.Options{})
		ix := fake.Slash("when")
		x := deferred(t, rest, fake, ix)
		fake.Inject429("/messages/@original", 2, true, 100*time.Millisecond)
		start := time.Now()
		if err := x.send(reply{content: "x"}); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took < 200*time.Millisecond {
			t.Errorf("two 429s of 100 ms waited out in %v", took)
		}
	})
	t.Run("429 beyond the bound is not waited for", func(t *testing.T) {
		t.Parallel()
		rest, fake := restAgainst(t, discordtest.Options{})
		ix := fake.Slash("when")
		x := deferred(t, rest, fake, ix)
		fake.Inject429("/messages/@original", 1, true, time.Hour)
		start := time.Now()
		if err := x.send(reply{content: "x"}); err == nil {
			t.Fatal("an hour-long 429 reported success")
		}
		if time.Since(start) > 2*time.Second {
			t.Errorf("waited %v", time.Since(start))
		}
	})
	t.Run("the wait ends with the context", func(t *testing.T) {
		t.Parallel()
		rest, fake := restAgainst(t, discordtest.Options{})
		ix := fake.Slash("when")
		fake.Inject429("/callback", 1, true, 5*time.Second)
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		if err := rest.callback(ctx, ix.Interaction(), textResponse("x"), &bucket{}); err == nil {
			t.Fatal("no error")
		}
		if time.Since(start) > 2*time.Second {
			t.Errorf("the 429 wait ignored the context: %v", time.Since(start))
		}
	})
	t.Run("a bucket's headers are obeyed", func(t *testing.T) {
		t.Parallel()
		rest, fake := restAgainst(t, discordtest.Options{})
		ix := fake.Slash("when")
		x := deferred(t, rest, fake, ix)
		for i := 0; i < 7; i++ { // the webhook bucket holds 5 per 2 s
			if err := x.send(reply{content: "edit"}); err != nil {
				t.Fatal(err)
			}
		}
		if v := fake.Violations(); len(v) > 0 {
			t.Errorf("violations: %q", v)
		}
	})
}

func TestChannelPosts(t *testing.T) {
	t.Parallel()
	rest, fake := restAgainst(t, discordtest.Options{})
	ctx := timeout(t, 20*time.Second)
	const channel = "300000000000000042"
	fake.InjectFault("POST", "/channels/", 1, discordtest.Fault502, true)
	fake.InjectFault("POST", "/channels/", 1, discordtest.FaultReset, true)
	if err := rest.postChannel(ctx, channel, reply{content: "digest @everyone"}); err != nil {
		t.Fatal(err)
	}
	if n := len(fake.ChannelMessages(channel)); n != 1 {
		t.Fatalf("%d messages after two lost answers, want 1", n)
	}
	for i := 0; i < 6; i++ { // one more than the channel bucket holds
		if err := rest.postChannel(ctx, channel, reply{content: "more", ephemeral: true}); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(fake.ChannelMessages(channel)); n != 7 {
		t.Errorf("%d messages, want 7", n)
	}
	if v := fake.Violations(); len(v) > 0 {
		t.Errorf("violations: %q", v)
	}
}

func TestBotPostMessage(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t, discordtest.Options{})
	b, err := New(Options{Engine: idleEngine{}, Config: config.Discord{Token: fake.Token(), APIURL: fake.APIURL()}})
	if err != nil {
		t.Fatal(err)
	}
	b.rest.policy.firstBackoff, b.rest.policy.maxBackoff = 5*time.Millisecond, 20*time.Millisecond
	const channel = "300000000000000043"
	fake.InjectFault("POST", "/channels/", 1, discordtest.Fault503, true)
	if err := b.PostMessage(timeout(t, 10*time.Second), channel, "Digest\u202e for @everyone"); err != nil {
		t.Fatal(err)
	}
	msgs := fake.ChannelMessages(channel)
	if len(msgs) != 1 || msgs[0].Content != "Digest for @everyone" {
		t.Fatalf("channel shows %d messages: %+v", len(msgs), msgs)
	}
	if v := fake.Violations(); len(v) > 0 {
		t.Errorf("violations: %q", v)
	}
	if err := b.PostMessage(timeout(t, time.Second), "../../guilds/1", "x"); err == nil {
		t.Error("a path for a channel id was accepted")
	}
}
