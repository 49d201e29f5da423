package bot

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// The routes dateline answers interactions and posts messages through, on
// restClient (see restclient.go for the retry rules).

// Discord error codes the client reads.
const (
	codeUnknownWebhook      = 10015 // the interaction's webhook does not exist (yet): not acknowledged
	codeUnknownMessage      = 10008
	codeAlreadyAcknowledged = 40060
)

func callbackPath(i *discordgo.Interaction) string {
	return "/interactions/" + url.PathEscape(i.ID) + "/" + url.PathEscape(i.Token) + "/callback"
}

func webhookPath(i *discordgo.Interaction, rest string) string {
	return "/webhooks/" + url.PathEscape(i.AppID) + "/" + url.PathEscape(i.Token) + rest
}

// callback sends the interaction response, which is the acknowledgement.
// It is never repeated blindly: a second acknowledgement is refused (40060)
// and a response that landed must not be sent twice. When its answer is lost
// the client asks Discord whether it landed (GET @original: the webhook
// exists once the interaction is acknowledged) and only sends it again if
// not, all before ackBy.
func (c *restClient) callback(ctx context.Context, i *discordgo.Interaction, resp *discordgo.InteractionResponse, b *bucket) error {
	const maxSends = 3
	call := apiCall{method: http.MethodPost, path: callbackPath(i), body: resp, bucket: b}
	for sent := 1; ; sent++ {
		_, err := c.do(ctx, call)
		switch {
		case err == nil:
			return nil
		case sent > 1 && discordCode(err) == codeAlreadyAcknowledged:
			// An earlier send landed after all (between our question and
			// this send): the interaction is acknowledged.
			return nil
		case !errors.Is(err, errMaybeLanded):
			return err
		}
		landed, perr := c.acknowledged(ctx, i, b)
		if perr != nil {
			return errors.Join(err, perr)
		}
		if landed {
			return nil
		}
		if sent >= maxSends {
			return err
		}
	}
}

// acknowledged asks whether the interaction was acknowledged: its
// @original exists (or, for a response without a message such as
// autocomplete choices, is an unknown message of a known webhook).
func (c *restClient) acknowledged(ctx context.Context, i *discordgo.Interaction, b *bucket) (bool, error) {
	_, err := c.do(ctx, apiCall{method: http.MethodGet, path: webhookPath(i, "/messages/@original"), idempotent: true, bucket: b})
	switch discordCode(err) {
	case 0:
		return err == nil, err
	case codeUnknownWebhook:
		return false, nil
	case codeUnknownMessage:
		return true, nil
	}
	return false, err
}

// editOriginal replaces the interaction's response message (safe to repeat).
func (c *restClient) editOriginal(ctx context.Context, i *discordgo.Interaction, edit *discordgo.WebhookEdit, b *bucket) error {
	_, err := c.do(ctx, apiCall{method: http.MethodPatch, path: webhookPath(i, "/messages/@original"), body: edit, idempotent: true, bucket: b})
	return err
}

// deleteOriginal deletes the interaction's response message; one already
// gone (an earlier attempt landed) is deleted.
func (c *restClient) deleteOriginal(ctx context.Context, i *discordgo.Interaction, b *bucket) error {
	_, err := c.do(ctx, apiCall{method: http.MethodDelete, path: webhookPath(i, "/messages/@original"), idempotent: true, bucket: b})
	if discordCode(err) == codeUnknownMessage {
		return nil
	}
	return err
}

// followup creates a follow-up message; its enforced nonce makes a retry
// return the message an earlier attempt created instead of a second one.
func (c *restClient) followup(ctx context.Context, i *discordgo.Interaction, m *discordgo.InteractionResponseData, b *bucket) error {
	_, err := c.do(ctx, apiCall{method: http.MethodPost, path: webhookPath(i, "?wait=true"), body: newMessageCreate(m), idempotent: true, bucket: b})
	return err
}

// postChannel sends a message to a channel as the bot (digests), with the
// same bounded retries, an enforced nonce, and the channel's bucket.
func (c *restClient) postChannel(ctx context.Context, channelID string, rep reply) error {
	m := rep.message()
	m.Flags &^= discordgo.MessageFlagsEphemeral // only interaction responses can be private
	b := c.channels.load(channelID)
	defer c.channels.store(channelID, &b)
	_, err := c.do(ctx, apiCall{
		method: http.MethodPost, path: "/channels/" + url.PathEscape(channelID) + "/messages",
		body: newMessageCreate(m), auth: true, idempotent: true, bucket: &b,
	})
	return err
}

// channelBuckets remembers each channel's bucket between posts. Digest posts
// are few, so one lock here costs nothing; interactions never touch it. Two
// posts to one channel at once may both find the bucket open: the second
// then waits out its 429.
type channelBuckets struct {
	mu    sync.Mutex
	items map[string]bucket
}

// maxChannelBuckets bounds the map; buckets already reset are forgotten
// beyond it.
const maxChannelBuckets = 1024

func newChannelBuckets() *channelBuckets {
	return &channelBuckets{items: map[string]bucket{}}
}

func (cb *channelBuckets) load(channelID string) bucket {
	cb.mu.Lock()
	defer cb.mu.Unlock()
	return cb.items[channelID]
}

func (cb *channelBuckets) store(channelID string, b *bucket) {
	cb.mu.Lock()
	defer cb.mu.Unlock()
	if !b.empty {
		delete(cb.items, channelID)
		return
	}
	if len(cb.items) >= maxChannelBuckets {
		now := time.Now()
		for id, old := range cb.items {
			if !now.Before(old.resetAt) {
				delete(cb.items, id)
			}
		}
	}
	cb.items[channelID] = *b
}
