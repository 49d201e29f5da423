package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/answer"
	"github.com/dateline-bot/dateline/app"
	"github.com/dateline-bot/dateline/store"
)

// pager is a command whose answers have pages: Previous/Next ask it for
// page n of the query it stored.
type pager interface {
	page(ctx context.Context, who app.Caller, q answer.Query, n int, state string) (reply, error)
}

// Limits of paging state. Each user keeps at most maxPageStatesPerUser
// paged answers (their oldest goes first), so no one fills the store.
// A page lives ttl (Options.PageTTL, 15 minutes: an interaction token's
// life) after its last use, and never more than maxPageAge after it was
// made. maxPageStates bounds the in-memory store only.
const (
	maxPageStates        = 10000
	maxPageStatesPerUser = 20
	maxPageAge           = 24 * time.Hour
)

// pageState is what a Previous/Next button needs, kept server-side: the
// custom_id only carries its key and the page number.
type pageState struct {
	command string
	query   answer.Query
	guild   string // the server it was asked in
	owner   string // the user who may turn its pages (app.Caller.User)
}

// pageStore keeps paging state in a store.Pages: the store of record in
// dateline serve (any process sharing it answers any button, and buttons
// survive restarts), in memory when the bot is given none.
type pageStore struct {
	ttl time.Duration
	now func() time.Time
	db  store.Pages
}

func newPageStore(db store.Pages, ttl time.Duration, now func() time.Time) *pageStore {
	if db == nil {
		db = newMemPages()
	}
	return &pageStore{ttl: ttl, now: now, db: db}
}

// put stores a query asked by who and returns its key (16 hex characters:
// 64 random bits, and only its owner may use it).
func (p *pageStore) put(ctx context.Context, command string, who app.Caller, q answer.Query) (string, error) {
	var raw [8]byte
	_, _ = rand.Read(raw[:]) // crypto/rand.Read never fails (Go 1.24+)
	key := hex.EncodeToString(raw[:])
	enc, err := json.Marshal(q)
	if err != nil {
		return "", fmt.Errorf("encode page query: %w", err)
	}
	now := p.now()
	st := store.PageState{
		ID: key, Command: command, Query: string(enc), Guild: who.Guild, Owner: who.User,
		Created: now, Expires: now.Add(p.ttl),
	}
	if err := p.db.PutPage(ctx, st, maxPageStatesPerUser); err != nil {
		return "", fmt.Errorf("store page state: %w", err)
	}
	return key, nil
}

// errPageExpired: no live state has this key (expired, dropped, or made
// before an upgrade or by a process that kept it in memory).
var errPageExpired = errors.New("page expired")

// get returns the state of key unless it expired. Using it extends its life
// (people paging through results keep them alive), up to maxPageAge.
func (p *pageStore) get(ctx context.Context, key string) (pageState, error) {
	now := p.now()
	st, err := p.db.TouchPage(ctx, key, now, now.Add(p.ttl))
	if errors.Is(err, store.ErrNotFound) {
		return pageState{}, errPageExpired
	}
	if err != nil {
		return pageState{}, fmt.Errorf("read page state: %w", err)
	}
	if !now.Before(st.Created.Add(maxPageAge)) {
		return pageState{}, errPageExpired
	}
	var q answer.Query
	if err := json.Unmarshal([]byte(st.Query), &q); err != nil {
		// Written by another version of dateline: as good as expired.
		return pageState{}, errPageExpired
	}
	return pageState{command: st.Command, query: q, guild: st.Guild, owner: st.Owner}, nil
}

// sweep deletes the expired states.
func (p *pageStore) sweep(ctx context.Context) (int, error) {
	return p.db.SweepPages(ctx, p.now())
}

// memPages is store.Pages in memory, for a bot given no store: one
// process, nothing survives a restart.
type memPages struct {
	mu     sync.Mutex
	seq    int64
	states map[string]memPage
}

type memPage struct {
	seq int64
	store.PageState
}

func newMemPages() *memPages { return &memPages{states: map[string]memPage{}} }

func (m *memPages) PutPage(_ context.Context, p store.PageState, perOwner int) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.states[p.ID]; dup {
		return fmt.Errorf("page %s: %w", p.ID, store.ErrExists)
	}
	m.sweepLocked(p.Created)
	if len(m.states) >= maxPageStates {
		m.dropOldestLocked(func(memPage) bool { return true })
	}
	m.seq++
	m.states[p.ID] = memPage{seq: m.seq, PageState: p}
	owned := 0
	for _, st := range m.states {
		if st.Owner == p.Owner {
			owned++
		}
	}
	for ; owned > max(perOwner, 0); owned-- {
		m.dropOldestLocked(func(st memPage) bool { return st.Owner == p.Owner })
	}
	return nil
}

func (m *memPages) TouchPage(_ context.Context, id string, now, expires time.Time) (store.PageState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	st, ok := m.states[id]
	if !ok || !now.Before(st.Expires) {
		return store.PageState{}, fmt.Errorf("page %s: %w", id, store.ErrNotFound)
	}
	st.Expires = expires
	m.states[id] = st
	return st.PageState, nil
}

func (m *memPages) SweepPages(_ context.Context, now time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sweepLocked(now), nil
}

func (m *memPages) sweepLocked(now time.Time) int {
	n := 0
	for k, st := range m.states {
		if !now.Before(st.Expires) {
			delete(m.states, k)
			n++
		}
	}
	return n
}

// dropOldestLocked drops the first stored state that which selects.
func (m *memPages) dropOldestLocked(which func(memPage) bool) {
	oldest := ""
	var seq int64
	for k, st := range m.states {
		if which(st) && (oldest == "" || st.seq < seq) {
			oldest, seq = k, st.seq
		}
	}
	delete(m.states, oldest)
}

// size is how many states are kept (for tests).
func (m *memPages) size() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.states)
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
