package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/dateline-bot/dateline/app"
)

// The bot is what the digests post through.
var _ app.Poster = (*Bot)(nil)

// PostMessage posts content to a channel as the bot (the daily digest:
// app.Poster), without parsing any mention, with the hidden characters of
// outside text stripped, cut to Discord's 2,000 characters. It goes through
// the bot's own REST client: the channel's rate-limit bucket is obeyed, 429s
// are waited out within a bound, and 5xx answers or broken connections are
// retried with jittered back-off; the message carries an enforced nonce, so
// a retry whose first attempt landed does not post it twice. ctx bounds it
// all.
func (b *Bot) PostMessage(ctx context.Context, channelID, content string) error {
	if !isDigits(channelID) || len(channelID) > 20 {
		return fmt.Errorf("post to channel %q: not a channel id", channelID)
	}
	if b.rest.token == "" {
		return errors.New("post to a channel: no bot token (posting needs one)")
	}
	if err := b.rest.postChannel(ctx, channelID, reply{content: cleanText(content)}); err != nil {
		return fmt.Errorf("post to channel %s: %w", channelID, err)
	}
	return nil
}
