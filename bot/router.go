package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/app"
)

// Outcomes counted in the metrics.
const (
	outcomeOK        = "ok"
	outcomeUserError = "user_error"
	outcomeRefused   = "refused"
	outcomeUnknown   = "unknown"
	outcomeError     = "error"
	outcomePanic     = "panic"
	outcomeTimeout   = "timeout"
	outcomeClosing   = "closing"
	outcomeSendError = "send_failed"
	outcomeThrottled = "throttled"
	outcomeBusy      = "busy"
	outcomeRebuild   = "unavailable"
)

// handlerTimeout bounds one command's work (a deferred answer may come up to
// 15 minutes later, but nobody waits that long for a timeline).
const handlerTimeout = 2 * time.Minute

// Messages the router itself sends.
const (
	msgApology  = "Sorry, something went wrong while answering. It has been logged; please try again."
	msgTimeout  = "Sorry, that took too long to answer. Please try a narrower question."
	msgClosing  = "dateline is restarting; please try again in a minute."
	msgTooLarge = "Sorry, that answer came out too large for Discord. It has been logged."
	msgBusy     = "dateline is busy right now; please try again in a moment."
	msgRebuild  = "The index is damaged and is being rebuilt; please try again in a minute."
)

// router is the one dispatcher every interaction goes through, whether it
// arrived over the gateway or the HTTP endpoint. It checks the interaction
// type before reading its data, recovers panics, acknowledges within 3 s,
// applies the admin check, and counts outcomes.
type router struct {
	rest       *restClient
	commands   map[string]command
	order      []command
	pagers     map[string]pager
	pages      *pageStore
	adminRoles map[string]bool
	owners     map[string]bool // servers whose admins may change the shared archive
	log        *slog.Logger
	metrics    *Metrics
	now        func() time.Time
	deferAfter time.Duration
	// sched bounds how many commands run engine work at once, and per
	// server: beyond that, interactions wait their turn (deferred at once)
	// instead of starving the acknowledgements of CPU, in a bounded queue.
	sched *scheduler
	// users holds each user's token bucket; suggest caches and caps
	// autocomplete (see fairness.go).
	users   *userLimiter
	suggest *suggestCache

	// work is the context of handlers; it outlives the bot's context by
	// the shutdown grace so that answers in flight are finished.
	work       context.Context
	cancelWork context.CancelFunc
	// restCtx bounds every REST call of an interaction; it ends when
	// shutdown is over, so that no call outlives Run.
	restCtx    context.Context
	cancelREST context.CancelFunc

	mu       sync.Mutex
	closing  bool
	inflight sync.WaitGroup
}

type routerConfig struct {
	rest       *restClient
	commands   []command
	pages      *pageStore
	adminRoles []string
	owners     []string
	log        *slog.Logger
	metrics    *Metrics
	now        func() time.Time
	deferAfter time.Duration
	userBurst  int              // 0: defaultUserBurst
	userRefill time.Duration    // 0: defaultUserRefill
	clock      func() time.Time // the fairness clock; nil: time.Now
}

func newRouter(c routerConfig) *router {
	slots := max(2, 2*runtime.GOMAXPROCS(0))
	work, cancel := context.WithCancel(context.Background())
	restCtx, cancelREST := context.WithCancel(context.Background())
	r := &router{
		restCtx:    restCtx,
		cancelREST: cancelREST,
		rest:       c.rest,
		commands:   map[string]command{},
		order:      c.commands,
		pagers:     map[string]pager{},
		pages:      c.pages,
		adminRoles: map[string]bool{},
		owners:     map[string]bool{},
		log:        c.log,
		metrics:    c.metrics,
		now:        c.now,
		deferAfter: c.deferAfter,
		work:       work,
		cancelWork: cancel,
		sched:      newScheduler(slots),
		users:      newUserLimiter(c.userBurst, c.userRefill, c.clock),
		suggest:    newSuggestCache(max(1, slots/2), c.clock),
	}
	for _, cmd := range c.commands {
		name := cmd.definition().Name
		r.commands[name] = cmd
		if p, ok := cmd.(pager); ok {
			r.pagers[name] = p
		}
	}
	for _, id := range c.owners {
		r.owners[id] = true
	}
	for _, id := range c.adminRoles {
		r.adminRoles[id] = true
	}
	return r
}

// definitions are the command definitions to register with Discord.
func (r *router) definitions() []*discordgo.ApplicationCommand {
	defs := make([]*discordgo.ApplicationCommand, 0, len(r.order))
	for _, cmd := range r.order {
		defs = append(defs, cmd.definition())
	}
	return defs
}

// begin counts an interaction in flight, or says no once shutdown started.
func (r *router) begin() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closing {
		return false
	}
	r.inflight.Add(1)
	return true
}

// dispatch handles one interaction and returns when it has been answered.
func (r *router) dispatch(i *discordgo.Interaction) {
	if !r.begin() {
		r.refuseClosing(i)
		return
	}
	defer r.inflight.Done()
	r.serve(i)
}

// dispatchAsync handles one interaction in the background; shutdown waits
// for it (the HTTP endpoint answers 202 at once).
func (r *router) dispatchAsync(i *discordgo.Interaction) {
	if !r.begin() {
		go r.refuseClosing(i)
		return
	}
	go func() {
		defer r.inflight.Done()
		r.serve(i)
	}()
}

// cancelWait bounds how long shutdown waits, after cancelling the work left
// at the end of the grace period, for handlers to let go of the engine
// (which the caller closes next) and send their apology.
const cancelWait = 2 * time.Second

// shutdown stops taking interactions and waits up to grace for those in
// flight; then it cancels their work and waits a little more for them to
// return. It reports whether all finished within the grace period.
func (r *router) shutdown(grace time.Duration) bool {
	r.mu.Lock()
	r.closing = true
	r.mu.Unlock()
	done := make(chan struct{})
	go func() {
		r.inflight.Wait()
		close(done)
	}()
	defer r.cancelREST()
	defer r.cancelWork()
	select {
	case <-done:
		return true
	case <-time.After(grace):
	}
	r.cancelWork()
	select {
	case <-done:
	case <-time.After(cancelWait):
	}
	return false
}

func (r *router) refuseClosing(i *discordgo.Interaction) {
	x := r.newExchange(i)
	defer x.close()
	if err := x.send(privateText(msgClosing)); err != nil {
		r.log.Warn("could not answer an interaction during shutdown", "error", err)
	}
	r.metrics.observe(r.metricName(i, ""), outcomeClosing, 0)
}

// serve answers one interaction; a panic anywhere in it is recovered, logged
// with its stack, and answered with an apology.
func (r *router) serve(i *discordgo.Interaction) {
	start := time.Now()
	x := r.newExchange(i)
	defer x.close()
	name := r.metricName(i, "")
	outcome := outcomeOK
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("interaction handler panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()), "interaction", i.ID)
			outcome = outcomePanic
			if err := x.send(privateText(msgApology)); err != nil {
				r.log.Warn("could not send the apology", "error", err)
			}
		}
		r.metrics.observe(name, outcome, time.Since(start))
		if ack := x.ackAfter(start); ack > 0 {
			r.metrics.observeAck(ack)
		}
	}()
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
		if !ok {
			outcome = r.answer(x, privateText("That command arrived without its data."), outcomeUserError)
			return
		}
		name = r.metricName(i, data.Name)
		outcome = r.runCommand(x, data)
	case discordgo.InteractionApplicationCommandAutocomplete:
		data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
		if !ok {
			outcome = r.answerChoices(x, nil, outcomeUserError)
			return
		}
		name = r.metricName(i, data.Name)
		outcome = r.runAutocomplete(x, data)
	case discordgo.InteractionMessageComponent:
		data, ok := i.Data.(discordgo.MessageComponentInteractionData)
		if !ok {
			outcome = r.answer(x, privateText("That button arrived without its data."), outcomeUserError)
			return
		}
		outcome = r.runComponent(x, data)
	case discordgo.InteractionModalSubmit:
		data, ok := i.Data.(discordgo.ModalSubmitInteractionData)
		if !ok {
			outcome = r.answer(x, privateText("That form arrived without its data."), outcomeUserError)
			return
		}
		outcome = r.runForm(x, data)
	default:
		r.log.Warn("interaction of unknown type ignored", "type", int(i.Type), "interaction", i.ID)
		outcome = outcomeUnknown
	}
}

// metricName keeps the metric's label set small and fixed: registered
// command names ("when", "when.autocomplete"), "button", "form", "unknown".
func (r *router) metricName(i *discordgo.Interaction, command string) string {
	switch i.Type {
	case discordgo.InteractionMessageComponent:
		return "button"
	case discordgo.InteractionModalSubmit:
		return "form"
	}
	if _, known := r.commands[command]; !known {
		return "unknown"
	}
	if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		return command + ".autocomplete"
	}
	return command
}

// runCommand is the middleware chain of a slash command: known command →
// admin check → option validation → (defer if slow) → run with the ack timer.
func (r *router) runCommand(x *exchange, data discordgo.ApplicationCommandInteractionData) string {
	cmd, ok := r.commands[data.Name]
	if !ok {
		return r.answer(x, privateText("I don't know the command `/%s`. Try `/help`.", truncate(oneLine(cleanText(data.Name)), 40)), outcomeUnknown)
	}
	def := cmd.definition()
	if refused, ok := r.throttle(x); !ok {
		return refused
	}
	if def.DefaultMemberPermissions != nil {
		if allowed, why := r.isAdmin(x.i); !allowed {
			return r.answer(x, privateText("%s", why), outcomeRefused)
		}
	}
	sub, opts, err := readCommandOptions(def, data.Options)
	if err != nil {
		return r.answer(x, errorReply(err), outcomeUserError)
	}
	id, _ := invoker(x.i)
	c := &call{interaction: x.i, subcommand: sub, options: opts, userID: id, now: r.now(), who: r.caller(x.i, id)}
	if data.Resolved != nil {
		c.attachments = data.Resolved.Attachments
	}
	if fo, ok := cmd.(formOpener); ok && fo.opensForm(c) {
		rep, outcome := r.runWithAck(x, def.Name, func(ctx context.Context) (reply, error) { return cmd.run(ctx, c) })
		return r.answer(x, rep, outcome)
	}
	if slow, ok := cmd.(slowCommand); ok {
		if err := x.deferNow(slow.private()); err != nil {
			r.log.Warn("could not defer", "command", def.Name, "error", err)
		}
	}
	rep, outcome := r.runWithAck(x, def.Name, func(ctx context.Context) (reply, error) { return cmd.run(ctx, c) })
	return r.answer(x, rep, outcome)
}

// runForm handles a submitted form: the command named by its custom_id
// reads it, behind the same checks as the command itself (throttle, admin
// permission re-checked, fields checked).
func (r *router) runForm(x *exchange, data discordgo.ModalSubmitInteractionData) string {
	cmd, ok := r.commands[data.CustomID]
	fh, can := cmd.(formHandler)
	if !ok || !can {
		return r.answer(x, privateText("That form is not one of mine."), outcomeUnknown)
	}
	def := cmd.definition()
	if refused, ok := r.throttle(x); !ok {
		return refused
	}
	if def.DefaultMemberPermissions != nil {
		if allowed, why := r.isAdmin(x.i); !allowed {
			return r.answer(x, privateText("%s", why), outcomeRefused)
		}
	}
	fields, err := readForm(data.Components)
	if err != nil {
		return r.answer(x, errorReply(err), outcomeUserError)
	}
	id, _ := invoker(x.i)
	c := &call{interaction: x.i, userID: id, now: r.now(), who: r.caller(x.i, id)}
	if err := x.deferNow(true); err != nil {
		r.log.Warn("could not defer", "form", def.Name, "error", err)
	}
	rep, outcome := r.runWithAck(x, def.Name, func(ctx context.Context) (reply, error) { return fh.submit(ctx, c, fields) })
	return r.answer(x, rep, outcome)
}

// maxFormField is Discord's limit on a text input.
const maxFormField = 4000

// readForm collects a form's text inputs by custom_id, checked: valid
// UTF-8, at most maxFormField characters, each named once.
func readForm(rows []discordgo.MessageComponent) (map[string]string, error) {
	fields := map[string]string{}
	for _, row := range rows {
		ar, ok := row.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, comp := range ar.Components {
			in, ok := comp.(*discordgo.TextInput)
			if !ok {
				continue
			}
			if !utf8.ValidString(in.Value) || utf8.RuneCountInString(in.Value) > maxFormField || len(in.CustomID) > 100 {
				return nil, userErrorf("A field of the form is not valid text of at most %d characters.", maxFormField)
			}
			if _, dup := fields[in.CustomID]; dup {
				return nil, userErrorf("The form sent a field twice.")
			}
			fields[in.CustomID] = strings.TrimSpace(in.Value)
		}
	}
	return fields, nil
}

// throttle spends one of the invoker's tokens; when they have none left it
// answers with how long to wait, and ok is false.
func (r *router) throttle(x *exchange) (outcome string, ok bool) {
	id, _ := invoker(x.i)
	allowed, wait := r.users.take(id)
	if allowed {
		return "", true
	}
	secs := int((wait + time.Second - 1) / time.Second)
	unit := "seconds"
	if secs == 1 {
		unit = "second"
	}
	return r.answer(x, privateText("You are asking faster than I can answer. Please try again in %d %s.", secs, unit), outcomeThrottled), false
}

// runComponent handles Previous/Next clicks.
func (r *router) runComponent(x *exchange, data discordgo.MessageComponentInteractionData) string {
	ref, err := parsePageButton(data.CustomID)
	if err != nil {
		return r.answer(x, privateText("That button is not one of mine."), outcomeUnknown)
	}
	if refused, ok := r.throttle(x); !ok {
		return refused
	}
	id, _ := invoker(x.i)
	who := r.caller(x.i, id)
	// The state is read from the store inside the acknowledged work: a
	// store slow to answer (SQLite busy with an ingest, a far PostgreSQL)
	// gets the interaction deferred like a slow answer, not dropped.
	rep, outcome := r.runWithAck(x, "button", func(ctx context.Context) (reply, error) {
		state, err := r.pages.get(ctx, ref.state)
		if errors.Is(err, errPageExpired) {
			return reply{}, userErrorf("This page has expired (pages are kept for %s after their last use). Please run the command again.", formatTTL(r.pages.ttl))
		}
		if err != nil {
			return reply{}, err
		}
		p, ok := r.pagers[state.command]
		if !ok {
			return reply{}, userErrorf("That button is not one of mine.")
		}
		if state.owner != who.User || state.guild != who.Guild {
			// Pages are computed from the asker's archives, and turning
			// them edits the message everyone sees: it is the asker's to do.
			return reply{}, userErrorf("Only the person who asked can turn these pages. Run `/%s` yourself to page through it.", state.command)
		}
		return p.page(ctx, who, state.query, ref.page, ref.state)
	})
	if !rep.ephemeral {
		rep.update = true
	}
	return r.answer(x, rep, outcome)
}

// runAutocomplete answers at once (autocomplete cannot be deferred), with
// at most 25 valid choices; errors give an empty list, never a failure.
func (r *router) runAutocomplete(x *exchange, data discordgo.ApplicationCommandInteractionData) string {
	cmd, ok := r.commands[data.Name]
	ac, can := cmd.(autocompleter)
	if !ok || !can {
		return r.answerChoices(x, nil, outcomeUnknown)
	}
	option, value, err := focusedOption(data.Options)
	if err != nil || len(value) > maxOptionLen*4 {
		return r.answerChoices(x, nil, outcomeUserError)
	}
	id, _ := invoker(x.i)
	c := &call{interaction: x.i, userID: id, now: r.now(), who: r.caller(x.i, id)}
	ctx, cancel := context.WithTimeout(r.work, 2*time.Second)
	defer cancel()
	key := x.i.GuildID + "\x00" + data.Name + "\x00" + option + "\x00" + value
	suggestions, err := r.suggest.get(ctx, key, func(ctx context.Context) ([]string, error) {
		return ac.autocomplete(ctx, c, option, value)
	})
	if errors.Is(err, errSuggestBusy) {
		return r.answerChoices(x, nil, outcomeBusy)
	}
	if err != nil {
		r.log.Warn("autocomplete failed", "command", data.Name, "error", err)
		return r.answerChoices(x, nil, outcomeError)
	}
	return r.answerChoices(x, choices(suggestions), outcomeOK)
}

// choices turns suggestions into at most 25 distinct choices whose names and
// values are 1–100 characters of valid text.
func choices(suggestions []string) []*discordgo.ApplicationCommandOptionChoice {
	var out []*discordgo.ApplicationCommandOptionChoice
	seen := map[string]bool{}
	for _, s := range suggestions {
		s = oneLine(cleanText(s))
		if s == "" || textLen(s) > maxChoiceName || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: s, Value: s})
		if len(out) == maxChoices {
			break
		}
	}
	return out
}

func (r *router) answerChoices(x *exchange, cs []*discordgo.ApplicationCommandOptionChoice, outcome string) string {
	if err := x.respond(autocompleteResponse(cs)); err != nil {
		r.log.Warn("could not answer autocomplete", "error", err)
		return outcomeSendError
	}
	return outcome
}

// result is what a handler goroutine hands back.
type result struct {
	rep      reply
	err      error
	panicked bool
}

// runWithAck runs fn and makes sure the interaction is acknowledged within
// Discord's 3 s: a fast answer is sent directly; when fn has not answered
// after deferAfter, the router defers and the answer edits the original
// later. A panic in fn is recovered here, logged with its stack.
func (r *router) runWithAck(x *exchange, name string, fn func(context.Context) (reply, error)) (reply, string) {
	ctx, cancel := context.WithTimeout(r.work, handlerTimeout)
	defer cancel()
	server := serverKey(x.i)
	if !r.sched.tryAcquire(server) {
		// Busy: this one will queue, so acknowledge it now.
		if err := x.deferNow(false); err != nil {
			r.log.Warn("could not defer", "command", name, "error", err)
		}
		if err := r.sched.acquire(ctx, server); err != nil {
			if errors.Is(err, errBusy) {
				return privateText(msgBusy), outcomeBusy
			}
			return privateText(msgTimeout), outcomeTimeout
		}
	}
	done := make(chan result, 1)
	// The work is in flight too, even after its answer gave up waiting
	// (timeout, shutdown): shutdown waits for it before the engine closes.
	// The interaction's own count is held, so this Add cannot race Wait.
	r.inflight.Add(1)
	go func() {
		defer r.inflight.Done()
		defer r.sched.release(server)
		defer func() {
			if p := recover(); p != nil {
				r.log.Error("command panicked", "command", name, "panic", fmt.Sprint(p), "stack", string(debug.Stack()), "interaction", x.i.ID)
				done <- result{panicked: true}
			}
		}()
		rep, err := fn(ctx)
		done <- result{rep: rep, err: err}
	}()
	timer := time.NewTimer(x.deferIn(r.deferAfter))
	defer timer.Stop()
	var res result
	select {
	case res = <-done:
	case <-timer.C:
		if err := x.deferNow(false); err != nil {
			r.log.Warn("could not defer", "command", name, "error", err)
		}
		select {
		case res = <-done:
		case <-ctx.Done():
			res = result{err: ctx.Err()}
		}
	}
	switch {
	case res.panicked:
		return privateText(msgApology), outcomePanic
	case res.err == nil:
		return res.rep, outcomeOK
	case errors.Is(res.err, context.DeadlineExceeded):
		r.log.Warn("command timed out", "command", name, "error", res.err)
		return privateText(msgTimeout), outcomeTimeout
	}
	var ue userError
	if errors.As(res.err, &ue) {
		return errorReply(res.err), outcomeUserError
	}
	if errors.Is(res.err, app.ErrIndexRebuilding) {
		// The engine rebuilds its index in the background and answers
		// again when done: say so rather than apologise.
		r.log.Warn("index being rebuilt", "command", name, "error", res.err)
		return privateText(msgRebuild), outcomeRebuild
	}
	r.log.Error("command failed", "command", name, "error", res.err, "interaction", x.i.ID)
	return privateText(msgApology), outcomeError
}

// serverKey names whose share of the engine an interaction uses: its
// server, or in a DM its user.
func serverKey(i *discordgo.Interaction) string {
	if i.GuildID != "" {
		return "guild:" + i.GuildID
	}
	id, _ := invoker(i)
	return "user:" + id
}

// errorReply shows a user error as is, anything else as an apology.
func errorReply(err error) reply {
	var ue userError
	if errors.As(err, &ue) {
		return privateText("%s", ue.msg)
	}
	return privateText(msgApology)
}

// answer sends rep and returns the outcome to count (send_failed when
// Discord refused it).
func (r *router) answer(x *exchange, rep reply, outcome string) string {
	if err := x.send(rep); err != nil {
		r.log.Error("could not answer an interaction", "error", err, "interaction", x.i.ID)
		return outcomeSendError
	}
	return outcome
}

// isAdmin re-checks, on every call, what default_member_permissions only
// suggests to Discord's client: the member has Manage Server or
// Administrator, or one of the configured admin roles. DMs are refused.
func (r *router) isAdmin(i *discordgo.Interaction) (bool, string) {
	if i.Member == nil {
		return false, "Admin commands work only in a server, not in direct messages."
	}
	if i.Member.Permissions&(discordgo.PermissionManageGuild|discordgo.PermissionAdministrator) != 0 {
		return true, ""
	}
	for _, role := range i.Member.Roles {
		if r.adminRoles[role] {
			return true, ""
		}
	}
	return false, "Only server admins can do that: you need the Manage Server permission or one of dateline's admin roles."
}

// caller is who an interaction comes from, for the engine: its server
// (whose archive, with the shared one, every answer draws on), channel and
// user. A DM has no server: it sees the shared archive alone.
func (r *router) caller(i *discordgo.Interaction, userID string) app.Caller {
	return app.Caller{
		Guild:    i.GuildID,
		Channel:  i.ChannelID,
		User:     "discord:" + userID,
		Operator: i.GuildID != "" && r.owners[i.GuildID],
		Origin:   "discord",
	}
}

func formatTTL(d time.Duration) string {
	if d >= time.Minute && d%time.Minute == 0 {
		return fmt.Sprintf("%d minutes", int(d/time.Minute))
	}
	return d.String()
}
