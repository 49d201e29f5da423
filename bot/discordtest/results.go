package discordtest

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// ID is the interaction's ID.
func (ix *Interaction) ID() string { return ix.id }

// Token is the interaction's token (used in callback and webhook URLs).
func (ix *Interaction) Token() string { return ix.token }

// JSON is the interaction exactly as Discord sends it (the INTERACTION_CREATE payload, or the body of
// an HTTP-delivered interaction). Prefer it to marshalling Interaction(): discordgo's types drop the
// components of modal submits and of a component's message when marshalled.
func (ix *Interaction) JSON() []byte { return append([]byte(nil), ix.raw...) }

// Interaction is the interaction as the bot receives it.
func (ix *Interaction) Interaction() *discordgo.Interaction {
	var out discordgo.Interaction
	_ = json.Unmarshal(ix.raw, &out) // decoded once already in finish
	return &out
}

func (ix *Interaction) invoker() any {
	if ix.ix.Member != nil {
		return ix.ix.Member.User
	}
	return ix.ix.User
}

// Response waits for the bot's accepted initial callback (type 4, 5, 6, 7, 8 or 9).
func (ix *Interaction) Response(ctx context.Context) (Response, error) {
	var out Response
	err := ix.s.waitLocked(ctx, func() bool {
		if ix.callback == nil {
			return false
		}
		out = *ix.callback
		return true
	})
	if err != nil {
		return Response{}, ix.waitError("no accepted callback", err)
	}
	return out, nil
}

// Final waits until the response is complete and returns the message the user sees: the callback's
// message (type 4, 7) or, after a defer (5, 6), the message as the first edit of @original (or the
// first followup, which fills a deferred message; or, if the deferred message was deleted, the first
// followup after that) left it. Types 8 and 9 have no message: an error.
func (ix *Interaction) Final(ctx context.Context) (*discordgo.Message, error) {
	var out []byte
	var noMessage discordgo.InteractionResponseType
	err := ix.s.waitLocked(ctx, func() bool {
		if ix.callback != nil && (ix.callback.Type == discordgo.InteractionApplicationCommandAutocompleteResult || ix.callback.Type == discordgo.InteractionResponseModal) {
			noMessage = ix.callback.Type
			return true
		}
		out = ix.completed
		return out != nil
	})
	if err != nil {
		return nil, ix.waitError("response not complete", err)
	}
	if noMessage != 0 {
		return nil, fmt.Errorf("interaction %s: response type %d has no message", ix.id, noMessage)
	}
	var msg discordgo.Message
	if err := json.Unmarshal(out, &msg); err != nil {
		return nil, fmt.Errorf("interaction %s: decode final message: %w", ix.id, err)
	}
	return &msg, nil
}

// Original is the current state of the response message (nil before there is one).
func (ix *Interaction) Original() *discordgo.Message {
	ix.s.mu.Lock()
	defer ix.s.mu.Unlock()
	if ix.original == nil || ix.original.deleted {
		return nil
	}
	return ix.original.message()
}

// Followups are the followup messages the bot created, oldest first, as last edited.
func (ix *Interaction) Followups() []*discordgo.Message {
	ix.s.mu.Lock()
	defer ix.s.mu.Unlock()
	out := make([]*discordgo.Message, 0, len(ix.followups))
	for _, m := range ix.followups {
		out = append(out, m.message())
	}
	return out
}

// Rejections are the callbacks and edits for this interaction the fake refused, with the reason.
func (ix *Interaction) Rejections() []string {
	ix.s.mu.Lock()
	defer ix.s.mu.Unlock()
	return append([]string(nil), ix.rejections...)
}

func (ix *Interaction) waitError(what string, err error) error {
	ix.s.mu.Lock()
	defer ix.s.mu.Unlock()
	state := "delivered"
	if !ix.delivered {
		state = "not delivered at dispatch (no connected gateway session)"
	}
	return fmt.Errorf("interaction %s: %s (%s; rejected: %v): %w", ix.id, what, state, ix.rejections, err)
}
