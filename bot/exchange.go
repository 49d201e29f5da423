package bot

import (
	"context"
	"errors"
	"fmt"
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
type exchange struct {
	rest *discordgo.Session
	i    *discordgo.Interaction

	mu       sync.Mutex
	acked    bool
	ackedAt  time.Time
	deferred bool
	// deferredPrivately: the defer was ephemeral, so the message it
	// created is already seen by the asker only.
	deferredPrivately bool
}

func (r *router) newExchange(i *discordgo.Interaction) *exchange {
	return &exchange{rest: r.rest, i: i}
}

func (x *exchange) component() bool {
	return x.i.Type == discordgo.InteractionMessageComponent
}

// ackAfter is how long after start the interaction was acknowledged (0 when
// it never was).
func (x *exchange) ackAfter(start time.Time) time.Duration {
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.acked {
		return 0
	}
	return x.ackedAt.Sub(start)
}

// restContext bounds every REST call in time.
func restContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), restTimeout)
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
	ctx, cancel := restContext()
	defer cancel()
	// Mark it acknowledged even when the call fails: retrying would risk a
	// second acknowledgement, and the token is likely dead anyway.
	x.acked, x.ackedAt = true, time.Now()
	return x.wrap("interaction callback", x.rest.InteractionRespond(x.i, resp, discordgo.WithContext(ctx)))
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
	ctx, cancel := restContext()
	defer cancel()
	opt := discordgo.WithContext(ctx)
	switch {
	case x.component() && rep.ephemeral:
		// The clicked message stays; the notice goes to the clicker only.
		_, err := x.rest.FollowupMessageCreate(x.i, true, rep.followup(), opt)
		return x.wrap("follow-up", err)
	case x.component():
		_, err := x.rest.InteractionResponseEdit(x.i, rep.edit(), opt)
		return x.wrap("edit clicked message", err)
	case rep.ephemeral && !x.deferredPrivately:
		// A deferred message keeps the visibility of its defer, and the
		// first follow-up would fill it. So after a public defer (the
		// engine was slow or busy) a private answer — an error, "no
		// results" — first removes the public "thinking…" message; the
		// follow-up is then a new message, seen by the asker only.
		if err := x.rest.InteractionResponseDelete(x.i, opt); err != nil {
			return x.wrap("delete the public deferred message", err)
		}
		_, err := x.rest.FollowupMessageCreate(x.i, true, rep.followup(), opt)
		return x.wrap("private follow-up", err)
	default:
		_, err := x.rest.InteractionResponseEdit(x.i, rep.edit(), opt)
		return x.wrap("edit original", err)
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
