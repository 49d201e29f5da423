package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
)

// pager is a command whose answers have pages: Previous/Next ask it for
// page n of the query it stored.
type pager interface {
	page(ctx context.Context, who app.Caller, q answer.Query, n int, state string) (reply, error)
}

// maxPageStates bounds the memory of paging: beyond it the oldest state is
// dropped (its buttons then say the results expired). maxPageStatesPerUser
// keeps one user from filling it: their own oldest goes first.
const (
	maxPageStates        = 10000
	maxPageStatesPerUser = 20
)

// pageState is what a Previous/Next button needs, kept server-side: the
// custom_id only carries its key and the page number.
type pageState struct {
	command string
	query   answer.Query
	expires time.Time
	owner   string // the user whose answer it pages ("" until claimed)
}

// pageStore keeps paging state in memory with an expiry.
type pageStore struct {
	ttl time.Duration
	now func() time.Time

	mu     sync.Mutex
	states map[string]pageState
	owned  map[string][]string // user → their states' keys, oldest first
}

func newPageStore(ttl time.Duration, now func() time.Time) *pageStore {
	return &pageStore{ttl: ttl, now: now, states: map[string]pageState{}, owned: map[string][]string{}}
}

// claim records that the states behind keys page user's answers, and drops
// that user's oldest states beyond maxPageStatesPerUser.
func (p *pageStore) claim(user string, keys []string) {
	if user == "" || len(keys) == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	list := p.owned[user][:0:0]
	for _, k := range p.owned[user] {
		if _, live := p.states[k]; live {
			list = append(list, k)
		}
	}
	for _, k := range keys {
		st, ok := p.states[k]
		if !ok || st.owner != "" {
			continue
		}
		st.owner = user
		p.states[k] = st
		list = append(list, k)
	}
	for len(list) > maxPageStatesPerUser {
		delete(p.states, list[0])
		list = list[1:]
	}
	if len(list) == 0 {
		delete(p.owned, user)
		return
	}
	p.owned[user] = list
}

// size is how many states are kept (for tests).
func (p *pageStore) size() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.states)
}

// put stores a query and returns its key (16 hex characters).
func (p *pageStore) put(command string, q answer.Query) string {
	var raw [8]byte
	_, _ = rand.Read(raw[:]) // crypto/rand.Read never fails (Go 1.24+)
	key := hex.EncodeToString(raw[:])
	now := p.now()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sweepLocked(now)
	if len(p.states) >= maxPageStates {
		p.dropOldestLocked()
	}
	p.states[key] = pageState{command: command, query: q, expires: now.Add(p.ttl)}
	return key
}

// get returns the state of key unless it expired. Using it extends its life:
// people paging through results keep them alive.
func (p *pageStore) get(key string) (pageState, bool) {
	now := p.now()
	p.mu.Lock()
	defer p.mu.Unlock()
	st, ok := p.states[key]
	if !ok || !now.Before(st.expires) {
		delete(p.states, key)
		return pageState{}, false
	}
	st.expires = now.Add(p.ttl)
	p.states[key] = st
	return st, true
}

func (p *pageStore) sweepLocked(now time.Time) {
	for k, st := range p.states {
		if !now.Before(st.expires) {
			delete(p.states, k)
		}
	}
	for user, keys := range p.owned {
		live := keys[:0]
		for _, k := range keys {
			if _, ok := p.states[k]; ok {
				live = append(live, k)
			}
		}
		if len(live) == 0 {
			delete(p.owned, user)
		} else {
			p.owned[user] = live
		}
	}
}

func (p *pageStore) dropOldestLocked() {
	var oldest string
	var at time.Time
	for k, st := range p.states {
		if oldest == "" || st.expires.Before(at) {
			oldest, at = k, st.expires
		}
	}
	delete(p.states, oldest)
}

// pageKeys are the state keys of the paging buttons among components.
func pageKeys(components []discordgo.MessageComponent) []string {
	var keys []string
	for _, row := range components {
		ar, ok := row.(discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, c := range ar.Components {
			if b, ok := c.(discordgo.Button); ok {
				if ref, err := parsePageButton(b.CustomID); err == nil && !slices.Contains(keys, ref.state) {
					keys = append(keys, ref.state)
				}
			}
		}
	}
	return keys
}

// pageButtonPrefix starts every paging custom_id: "pg:<key>:<page>:<p|n>".
const pageButtonPrefix = "pg:"

// pageRef is a parsed paging custom_id.
type pageRef struct {
	state string
	page  int
}

// maxPage bounds page numbers in custom_ids (outside input).
const maxPage = 100000

// parsePageButton reads a custom_id made by pageButtons. It accepts nothing
// else: custom_ids come back from Discord and are outside input.
func parsePageButton(id string) (pageRef, error) {
	if len(id) > maxCustomID || !strings.HasPrefix(id, pageButtonPrefix) {
		return pageRef{}, errors.New("not a page button")
	}
	parts := strings.Split(id[len(pageButtonPrefix):], ":")
	if len(parts) != 3 || (parts[2] != "p" && parts[2] != "n") {
		return pageRef{}, errors.New("malformed page button")
	}
	key := parts[0]
	if len(key) != 16 {
		return pageRef{}, errors.New("malformed page key")
	}
	if _, err := hex.DecodeString(key); err != nil || strings.ToLower(key) != key {
		return pageRef{}, errors.New("malformed page key")
	}
	if !isDigits(parts[1]) || len(parts[1]) > 6 {
		return pageRef{}, errors.New("malformed page number")
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil || n > maxPage {
		return pageRef{}, errors.New("malformed page number")
	}
	return pageRef{state: key, page: n}, nil
}

// pageButtons are the Previous/Next buttons for page n (0-based) of pages,
// disabled at either end.
func pageButtons(key string, n, pages int) []discordgo.MessageComponent {
	prev := n - 1
	if prev < 0 {
		prev = 0
	}
	next := n + 1
	if next > pages-1 {
		next = pages - 1
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{
			Label:    "Previous",
			Style:    discordgo.SecondaryButton,
			CustomID: fmt.Sprintf("%s%s:%d:p", pageButtonPrefix, key, prev),
			Disabled: n <= 0,
		},
		discordgo.Button{
			Label:    "Next",
			Style:    discordgo.PrimaryButton,
			CustomID: fmt.Sprintf("%s%s:%d:n", pageButtonPrefix, key, next),
			Disabled: n >= pages-1,
		},
	}}}
}

// pageCount is how many pages total items fill.
func pageCount(total int) int {
	if total <= 0 {
		return 0
	}
	return (total + pageSize - 1) / pageSize
}
