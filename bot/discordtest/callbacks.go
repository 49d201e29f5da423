package discordtest

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/bwmarrin/discordgo"
)

// allowedResponses are the callback types Discord accepts for each interaction type.
var allowedResponses = map[discordgo.InteractionType][]discordgo.InteractionResponseType{
	discordgo.InteractionApplicationCommand: {
		discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseDeferredChannelMessageWithSource,
		discordgo.InteractionResponseModal,
	},
	discordgo.InteractionMessageComponent: {
		discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseDeferredChannelMessageWithSource,
		discordgo.InteractionResponseDeferredMessageUpdate, discordgo.InteractionResponseUpdateMessage, discordgo.InteractionResponseModal,
	},
	discordgo.InteractionApplicationCommandAutocomplete: {discordgo.InteractionApplicationCommandAutocompleteResult},
	discordgo.InteractionModalSubmit: {
		discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseDeferredChannelMessageWithSource,
		discordgo.InteractionResponseDeferredMessageUpdate, discordgo.InteractionResponseUpdateMessage,
	},
}

// rejectLocked records a refused call on the interaction (the caller answers the request).
func (ix *Interaction) rejectLocked(format string, args ...any) {
	ix.rejections = append(ix.rejections, fmt.Sprintf(format, args...))
}

// POST /interactions/{id}/{token}/callback
func (s *Server) interactionCallback(w http.ResponseWriter, r *http.Request, id, token string) {
	arrived := time.Now()
	s.mu.Lock()
	ix := s.interactions[id]
	s.mu.Unlock()
	if ix == nil || ix.token != token {
		s.fail(w, r, http.StatusNotFound, 10062, "Unknown interaction", nil)
		return
	}
	body, files, ok := s.readBody(w, r)
	if !ok {
		return
	}
	if f := s.applyCallback(ix, body, files, arrived, r.Method+" "+redactPath(r.URL.Path)); f != nil {
		s.failWith(w, r, f)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// applyCallback checks an interaction response (from the REST callback or inline in the answer to an
// HTTP-delivered interaction) as Discord does and, if it passes, records it and its message. where names
// the request in violations about allowed_mentions; the caller reports a returned failure.
func (s *Server) applyCallback(ix *Interaction, body []byte, files []uploadedFile, arrived time.Time, where string) *apiFailure {
	var resp struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data json.RawMessage                   `json:"data"`
	}
	errs := &formErrors{}
	if err := json.Unmarshal(body, &resp); err != nil {
		errs.add(nil, "MODEL_TYPE_CONVERT", "Invalid interaction response: "+err.Error())
		return invalidForm(errs)
	}
	data := []byte(resp.Data)
	if len(data) == 0 || string(data) == "null" {
		data = []byte("{}")
	}
	var wm wireMessage
	if err := json.Unmarshal(data, &wm); err != nil {
		errs.add([]string{"data"}, "MODEL_TYPE_CONVERT", "Invalid interaction response data: "+err.Error())
		return invalidForm(errs)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	reject := func(f *apiFailure) *apiFailure {
		ix.rejectLocked("callback type %d: %d %s", resp.Type, f.code, f.message)
		return f
	}
	switch {
	case ix.callback != nil:
		return reject(&apiFailure{http.StatusBadRequest, 40060, "Interaction has already been acknowledged.", nil})
	case arrived.Sub(ix.dispatched) > s.opts.AckDeadline:
		return reject(&apiFailure{http.StatusNotFound, 10062, "Unknown interaction", nil})
	}
	if !slices.Contains(allowedResponses[ix.ix.Type], resp.Type) {
		errs.add([]string{"type"}, "INTERACTION_RESPONSE_TYPE_INVALID",
			fmt.Sprintf("Response type %d is not valid for an interaction of type %d.", resp.Type, ix.ix.Type))
		return reject(invalidForm(errs))
	}
	updates := resp.Type == discordgo.InteractionResponseUpdateMessage || resp.Type == discordgo.InteractionResponseDeferredMessageUpdate
	if updates && ix.original == nil {
		errs.add([]string{"type"}, "INTERACTION_RESPONSE_TYPE_INVALID", "There is no message to update: the modal did not come from a component.")
		return reject(invalidForm(errs))
	}
	empty := false
	switch resp.Type {
	case discordgo.InteractionResponseChannelMessageWithSource:
		checkMessageBody(data, &wm, []string{"data"}, errs)
		empty = wm.isEmpty(len(files))
	case discordgo.InteractionResponseUpdateMessage:
		checkMessageBody(data, &wm, []string{"data"}, errs)
	case discordgo.InteractionResponseDeferredChannelMessageWithSource:
		if wm.Flags&^flagEphemeral != 0 {
			errs.add([]string{"data", "flags"}, "MESSAGE_FLAGS_INVALID", "Only the ephemeral flag may be set on a deferred response.")
		}
	case discordgo.InteractionApplicationCommandAutocompleteResult:
		validateChoices(&wm, []string{"data"}, errs)
	case discordgo.InteractionResponseModal:
		validateModal(&wm, []string{"data"}, errs)
	}
	if !errs.empty() {
		return reject(invalidForm(errs))
	}
	if empty {
		return reject(&apiFailure{http.StatusBadRequest, 50006, "Cannot send an empty message", nil})
	}

	ix.callback = &Response{Type: resp.Type, Data: decodeResponseData(resp.Data), At: arrived.Sub(ix.dispatched)}
	ix.ackedAt = arrived
	msgType := msgChatInput
	if ix.ix.Type != discordgo.InteractionApplicationCommand {
		msgType = msgDefault
	}
	switch resp.Type {
	case discordgo.InteractionResponseChannelMessageWithSource:
		ix.original = s.newMessageLocked(data, &wm, files, ix.ix.ChannelID, ix.ix.GuildID, ix, msgType)
		ix.completed = ix.original.json()
	case discordgo.InteractionResponseDeferredChannelMessageWithSource:
		m := s.newMessageLocked([]byte("{}"), &wireMessage{}, nil, ix.ix.ChannelID, ix.ix.GuildID, ix, msgType)
		m.ephemeral = wm.Flags&flagEphemeral != 0
		m.loading = true
		m.fields["flags"] = mustJSON(flagLoading | wm.Flags&flagEphemeral)
		ix.original = m
	case discordgo.InteractionResponseUpdateMessage:
		s.editLocked(ix.original, data, &wm, files)
		ix.completed = ix.original.json()
	}
	if resp.Type == discordgo.InteractionResponseChannelMessageWithSource || resp.Type == discordgo.InteractionResponseUpdateMessage {
		if v := mentionsViolation(&wm); v != "" {
			s.violationLocked("%s: %s", where, v)
		}
	}
	s.broadcastLocked()
	return nil
}

// isEmpty says whether a message body has nothing to show.
func (m *wireMessage) isEmpty(files int) bool {
	return deref(m.Content) == "" && len(m.Embeds) == 0 && len(m.Components) == 0 && files == 0 &&
		len(m.Poll) == 0 && len(m.StickerIDs) == 0
}

// decodeResponseData decodes callback data as discordgo's type, components included (discordgo can
// only decode components inside a Message).
func decodeResponseData(raw json.RawMessage) *discordgo.InteractionResponseData {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	type plain discordgo.InteractionResponseData
	var v struct {
		plain
		Components json.RawMessage `json:"components"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil // validated before; an odd field type only loses the typed copy
	}
	out := discordgo.InteractionResponseData(v.plain)
	if len(v.Components) > 0 && string(v.Components) != "null" {
		var m discordgo.Message
		if err := json.Unmarshal(mustJSON(map[string]json.RawMessage{"components": v.Components}), &m); err == nil {
			out.Components = m.Components
		}
	}
	return &out
}

// editLocked applies an edit to a message and marks it edited; a deferred message stops loading.
func (s *Server) editLocked(m *storedMessage, body []byte, wm *wireMessage, files []uploadedFile) {
	s.applyBodyLocked(m, body, wm, files)
	m.loading = false
	m.fields["edited_timestamp"] = mustJSON(time.Now().UTC().Format(time.RFC3339Nano))
}

// webhookInteraction finds the interaction behind /webhooks/{app}/{token} and checks the token may be
// used: the interaction was acknowledged and the token has not expired.
func (s *Server) webhookInteraction(w http.ResponseWriter, r *http.Request, app, token string) (*Interaction, bool) {
	s.mu.Lock()
	ix := s.byToken[token]
	var acked bool
	var ackedAt time.Time
	if ix != nil {
		acked, ackedAt = ix.callback != nil, ix.ackedAt
	}
	s.mu.Unlock()
	switch {
	case ix == nil || app != s.opts.AppID:
		s.fail(w, r, http.StatusNotFound, 10015, "Unknown Webhook", nil)
		return nil, false
	case !acked && r.Method == http.MethodGet:
		// Reading is harmless: a client asking whether its callback landed (after a lost answer) is
		// told the webhook does not exist yet, and breaks no rule.
		s.writeJSON(w, http.StatusNotFound, (&apiFailure{http.StatusNotFound, 10015, "Unknown Webhook", nil}).body())
		return nil, false
	case !acked:
		// The interaction's webhook exists only once the interaction is acknowledged.
		s.mu.Lock()
		ix.rejectLocked("%s before the interaction was acknowledged: 10015 Unknown Webhook", r.Method)
		s.mu.Unlock()
		s.fail(w, r, http.StatusNotFound, 10015, "Unknown Webhook", nil)
		return nil, false
	case time.Since(ackedAt) > s.opts.TokenLifetime:
		s.fail(w, r, http.StatusUnauthorized, 50027, "Invalid Webhook Token", nil)
		return nil, false
	}
	return ix, true
}

// POST /webhooks/{app}/{token}[?wait=true]: a followup message.
func (s *Server) followupCreate(w http.ResponseWriter, r *http.Request, app, token string) {
	ix, ok := s.webhookInteraction(w, r, app, token)
	if !ok {
		return
	}
	body, files, ok := s.readBody(w, r)
	if !ok {
		return
	}
	wm, ok := s.decodeMessageBody(w, r, body, nil)
	if !ok {
		return
	}
	if wm.isEmpty(len(files)) {
		s.fail(w, r, http.StatusBadRequest, 50006, "Cannot send an empty message", nil)
		return
	}
	s.noteMentions(r, wm)
	s.mu.Lock()
	key := nonceKey(wm)
	if prev := ix.nonces[key]; key != "" && prev != nil {
		out := prev.json()
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(out)
		return
	}
	var m *storedMessage
	if ix.original != nil && ix.original.loading && !ix.original.deleted {
		// After a deferred response, the first followup fills in the "thinking…" message.
		m = ix.original
		s.editLocked(m, body, wm, files)
		ix.completed = m.json()
	} else {
		m = s.newMessageLocked(body, wm, files, ix.ix.ChannelID, ix.ix.GuildID, ix, msgDefault)
		if ix.completed == nil && ix.original != nil && ix.original.deleted {
			ix.completed = m.json() // the deferred message was deleted: this is what the user sees
		}
	}
	ix.followups = append(ix.followups, m)
	if key != "" {
		if ix.nonces == nil {
			ix.nonces = map[string]*storedMessage{}
		}
		ix.nonces[key] = m
	}
	out := m.json()
	s.broadcastLocked()
	s.mu.Unlock()
	if r.URL.Query().Get("wait") != "true" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(out)
}

// GET, PATCH, DELETE /webhooks/{app}/{token}/messages/{@original|id}
func (s *Server) webhookMessage(w http.ResponseWriter, r *http.Request, app, token, messageID string) {
	ix, ok := s.webhookInteraction(w, r, app, token)
	if !ok {
		return
	}
	s.mu.Lock()
	m := ix.messageLocked(messageID)
	again := m == nil && r.Method == http.MethodDelete && ix.deletedLocked(messageID)
	s.mu.Unlock()
	if again {
		// A retried delete whose first attempt landed (its answer was lost): Discord says 10008, and
		// the client did nothing wrong.
		s.writeJSON(w, http.StatusNotFound, (&apiFailure{http.StatusNotFound, 10008, "Unknown Message", nil}).body())
		return
	}
	if m == nil {
		s.fail(w, r, http.StatusNotFound, 10008, "Unknown Message", nil)
		return
	}
	switch r.Method {
	case "GET":
		s.mu.Lock()
		out := m.json()
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(out)
	case "DELETE":
		s.mu.Lock()
		m.deleted = true
		s.broadcastLocked()
		s.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	case "PATCH":
		s.patchMessage(w, r, ix, m)
	}
}

// deletedLocked says whether @original or the followup messageID was deleted.
func (ix *Interaction) deletedLocked(messageID string) bool {
	for _, m := range append([]*storedMessage{ix.original}, ix.followups...) {
		if m != nil && m.deleted && (m.id == messageID || messageID == "@original" && m == ix.original) {
			return true
		}
	}
	return false
}

// messageLocked resolves @original or a followup ID to a live message of this interaction.
func (ix *Interaction) messageLocked(messageID string) *storedMessage {
	var m *storedMessage
	if messageID == "@original" {
		t := ix.callback.Type
		if t != discordgo.InteractionApplicationCommandAutocompleteResult && t != discordgo.InteractionResponseModal {
			m = ix.original
		}
	} else {
		for _, f := range append([]*storedMessage{ix.original}, ix.followups...) {
			if f != nil && f.id == messageID {
				m = f
			}
		}
	}
	if m == nil || m.deleted {
		return nil
	}
	return m
}

func (s *Server) patchMessage(w http.ResponseWriter, r *http.Request, ix *Interaction, m *storedMessage) {
	body, files, ok := s.readBody(w, r)
	if !ok {
		return
	}
	wm, ok := s.decodeMessageBody(w, r, body, nil)
	if !ok {
		return
	}
	s.mu.Lock()
	trial := &storedMessage{id: m.id, channelID: m.channelID, fields: maps.Clone(m.fields), ephemeral: m.ephemeral, loading: m.loading}
	s.editLocked(trial, body, wm, files)
	if trial.isEmpty() {
		s.mu.Unlock()
		s.fail(w, r, http.StatusBadRequest, 50006, "Cannot send an empty message", nil)
		return
	}
	m.fields, m.loading = trial.fields, false
	if m == ix.original && ix.completed == nil {
		ix.completed = m.json()
	}
	out := m.json()
	s.broadcastLocked()
	s.mu.Unlock()
	s.noteMentions(r, wm)
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(out)
}
