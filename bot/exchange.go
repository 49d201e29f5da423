package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// exchange tracks how one interaction has been acknowledged, so that it is
// acknowledged exactly once (a second callback is Discord error 40060) and
// the final answer takes the right route: the callback itself, an edit of
// the deferred message, or a follow-up (a private notice about a button, or
// a private answer after a public defer).
//
// Every call it makes is bound by the interaction's own context, which ends
// when its token dies (15 minutes after it arrived) or when the router is
// done with it; the callback must also arrive within 3 seconds. Its lock
// and its rate-limit buckets are its own: nothing is shared with other
// interactions, and nothing is kept once it is done.
type exchange struct {
	rest  *restClient
	i     *discordgo.Interaction
	ctx   context.Context
	done  context.CancelFunc
	ackBy time.Time

	mu       sync.Mutex
	acked    bool
	ackedAt  time.Time
	deferred bool
	// deferredPrivately: the defer was ephemeral, so the message it
	// created is already seen by the asker only.
	deferredPrivately bool
	// The interaction's buckets: its callback, and its webhook routes
	// (edits, deletes, follow-ups share the token's bucket).
	callbackBucket, webhookBucket bucket
}

// Discord's clocks for one interaction.
const (
	ackWindow = 3 * time.Second  // the callback must arrive by then (10062 after)
	tokenLife = 15 * time.Minute // follow-ups and edits work until then (50027 after)
)

// answerTimeout bounds one answer's delivery, retries included.
const answerTimeout = time.Minute

func (r *router) newExchange(i *discordgo.Interaction) *exchange {
	return newExchange(r.rest, r.restCtx, i)
}

// newExchange starts the exchange of an interaction received now, its calls
// bound by parent too. Discord's clocks run from when it created the
// interaction, which its snowflake ID tells: the time the gateway (or a
// loaded machine) took to hand it over is already spent.
func newExchange(rest *restClient, parent context.Context, i *discordgo.Interaction) *exchange {
	created := createdAt(i.ID, time.Now())
	ctx, done := context.WithDeadline(parent, created.Add(tokenLife))
	return &exchange{rest: rest, i: i, ctx: ctx, done: done, ackBy: created.Add(ackWindow)}
}

// createdAt is when Discord created the snowflake id, or now when the id
// says nothing sensible (not a snowflake, from the future, or older than the
// acknowledgement window: a clock that far off is not to be trusted).
func createdAt(id string, now time.Time) time.Time {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return now
	}
	t := time.UnixMilli(int64(n>>22) + discordEpochMs)
	if t.After(now) || now.Sub(t) > ackWindow {
		return now
	}
	return t
}

// discordEpochMs is the first millisecond of 2015, snowflakes' zero.
const discordEpochMs = 1420070400000

// ackMargin is kept between a defer and the acknowledgement deadline, on
// top of three recent round trips to Discord (send, ask whether it landed,
// send again): time for a loaded machine to get the callback out.
const ackMargin = time.Second

// deferIn is how long the router may wait for an answer before deferring:
// want, or less when the interaction is already old or Discord is slow to
// answer.
func (x *exchange) deferIn(want time.Duration) time.Duration {
	var rtt time.Duration
	if x.rest != nil {
		rtt = min(x.rest.rtt(), ackWindow)
	}
	left := time.Until(x.ackBy) - ackMargin - 3*rtt
	if left < want {
		return max(left, 0)
	}
	return want
}

// close releases the interaction's context: nothing of it is kept.
func (x *exchange) close() { x.done() }

func (x *exchange) component() bool {
	return x.i.Type == discordgo.InteractionMessageComponent
}

// ackAfter is how long after start the interaction was acknowledged (0 when
// it never was).
func (x *exchange) ackAfter(start time.Time) time.Duration {
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.acked || x.ackedAt.IsZero() {
		return 0
	}
	return x.ackedAt.Sub(start)
}

// respond sends the interaction callback; it is the acknowledgement.
func (x *exchange) respond(resp *discordgo.InteractionResponse) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.acked {
		return errors.New("interaction already acknowledged")
	}
	return x.callbackLocked(resp)
}

func (x *exchange) callbackLocked(resp *discordgo.InteractionResponse) error {
	ctx, cancel := context.WithDeadline(x.ctx, x.ackBy)
	defer cancel()
	// Marked acknowledged even when the call fails: the client already
	// asked Discord and tried again where that was safe, and after the
	// deadline the token is dead anyway.
	x.acked = true
	err := x.rest.callback(ctx, x.i, resp, &x.callbackBucket)
	if err == nil {
		x.ackedAt = time.Now()
	}
	return x.wrap("interaction callback", err)
}

// deferNow acknowledges without an answer yet ("thinking…" for commands, a
// silent acknowledgement for buttons). It does nothing once acknowledged.
func (x *exchange) deferNow(ephemeral bool) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.acked {
		return nil
	}
	x.deferred, x.deferredPrivately = true, ephemeral
	return x.callbackLocked(deferResponse(x.component(), ephemeral))
}

// send delivers the final answer by whichever route the acknowledgement so
// far allows. Every route goes through reply's builders, so every message
// carries allowed_mentions with an empty parse list.
func (x *exchange) send(rep reply) error {
	if x.i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		// Only choices can answer autocomplete; an error means no choices.
		return x.respond(autocompleteResponse(nil))
	}
	if err := checkMessage(rep.message()); err != nil {
		return errors.Join(fmt.Errorf("message over Discord's limits: %w", err), x.send(privateText("%s", msgTooLarge)))
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.acked {
		return x.callbackLocked(rep.response())
	}
	if !x.deferred {
		return errors.New("interaction already answered")
	}
	if rep.form != nil {
		return errors.New("a form cannot follow a defer")
	}
	ctx, cancel := context.WithTimeout(x.ctx, answerTimeout)
	defer cancel()
	hook := &x.webhookBucket
	switch {
	case x.component() && rep.ephemeral:
		// The clicked message stays; the notice goes to the clicker only.
		return x.wrap("follow-up", x.rest.followup(ctx, x.i, rep.message(), hook))
	case x.component():
		return x.wrap("edit clicked message", x.rest.editOriginal(ctx, x.i, rep.edit(), hook))
	case rep.ephemeral && !x.deferredPrivately:
		// A deferred message keeps the visibility of its defer, and the
		// first follow-up would fill it. So after a public defer (the
		// engine was slow or busy) a private answer — an error, "no
		// results" — first removes the public "thinking…" message; the
		// follow-up is then a new message, seen by the asker only.
		if err := x.rest.deleteOriginal(ctx, x.i, hook); err != nil {
			return x.wrap("delete the public deferred message", err)
		}
		return x.wrap("private follow-up", x.rest.followup(ctx, x.i, rep.message(), hook))
	default:
		return x.wrap("edit original", x.rest.editOriginal(ctx, x.i, rep.edit(), hook))
	}
}

// wrap names the call that failed and hides the interaction token: a failed
// request's error quotes its URL, which holds the token, and whoever reads
// the logs could answer as the bot with it for 15 minutes.
func (x *exchange) wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return redactedError{what: what, token: x.i.Token, err: err}
}

// redactedError is err, named, with every occurrence of token hidden.
type redactedError struct {
	what, token string
	err         error
}

func (e redactedError) Error() string {
	msg := e.what + ": " + e.err.Error()
	if e.token == "" {
		return msg
	}
	return strings.ReplaceAll(msg, e.token, "<interaction token>")
}

func (e redactedError) Unwrap() error { return e.err }
