package discordtest

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"sync"
	"time"
)

// discordEpoch is the first millisecond of 2015, the zero of Discord snowflakes.
const discordEpoch = 1420070400000

// snowflakes hands out unique, increasing IDs shaped like Discord's (timestamp in the top bits),
// so code that reads a creation time from an ID sees a sensible one.
type snowflakes struct {
	mu   sync.Mutex
	last uint64
}

func (g *snowflakes) next() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	id := uint64(time.Now().UnixMilli()-discordEpoch) << 22
	if id <= g.last {
		id = g.last + 1
	}
	g.last = id
	return strconv.FormatUint(id, 10)
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand: " + err.Error()) // cannot happen on supported platforms
	}
	return b
}

// interactionToken looks like Discord's: long, opaque, URL-safe.
func interactionToken() string {
	return "aW50ZXJhY3Rpb24" + hex.EncodeToString(randomBytes(48))
}
