package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// Application command limits from Discord's documentation.
const (
	maxCommandName      = 32
	maxCommandDesc      = 100
	maxCommandOptions   = 25
	maxCommandChars     = 4000 // name, description, option names/descriptions and choices together
	maxChatCommands     = 100
	maxContextCommands  = 5
	maxStringOptionSize = 6000
)

// commandName is Discord's CHAT_INPUT name rule.
var commandName = regexp.MustCompile(`^[-_\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

type storedCommand = discordgo.ApplicationCommand

func (s *Server) commandsRoute(w http.ResponseWriter, r *http.Request, app, guildID string) {
	if app != s.opts.AppID || (guildID != "" && !slices.Contains(s.opts.GuildIDs, guildID)) {
		s.fail(w, r, http.StatusForbidden, 50001, "Missing Access", nil)
		return
	}
	switch r.Method {
	case "GET":
		s.mu.Lock()
		out := mustJSON(nonNil(s.commands[guildID]))
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(out)
	case "PUT":
		s.commandsOverwrite(w, r, guildID)
	default:
		s.fail(w, r, http.StatusMethodNotAllowed, 0, "405: Method Not Allowed", nil)
	}
}

func nonNil(cs []*storedCommand) []*storedCommand {
	if cs == nil {
		return []*storedCommand{}
	}
	return cs
}

func (s *Server) commandsOverwrite(w http.ResponseWriter, r *http.Request, guildID string) {
	s.mu.Lock()
	s.puts++
	s.broadcastLocked()
	s.mu.Unlock()
	body, _, ok := s.readBody(w, r)
	if !ok {
		return
	}
	var cmds []*discordgo.ApplicationCommand
	errs := &formErrors{}
	if err := json.Unmarshal(body, &cmds); err != nil {
		errs.add(nil, "BASE_TYPE_ARRAY", "Must be an array of application commands: "+err.Error())
		s.fail(w, r, http.StatusBadRequest, 50035, "Invalid Form Body", errs)
		return
	}
	validateCommands(cmds, errs)
	if !errs.empty() {
		s.fail(w, r, http.StatusBadRequest, 50035, "Invalid Form Body", errs)
		return
	}
	s.mu.Lock()
	old := s.commands[guildID]
	stored := make([]*storedCommand, 0, len(cmds))
	for _, c := range cmds {
		c := *c
		if c.Type == 0 {
			c.Type = discordgo.ChatApplicationCommand
		}
		c.ID = ""
		for _, o := range old {
			if o.Name == c.Name && o.Type == c.Type {
				c.ID = o.ID // Discord keeps a command's ID across overwrites
			}
		}
		if c.ID == "" {
			c.ID = s.ids.next()
		}
		c.ApplicationID = s.opts.AppID
		c.GuildID = guildID
		c.Version = s.ids.next()
		stored = append(stored, &c)
	}
	s.commands[guildID] = stored
	out := mustJSON(stored)
	s.broadcastLocked()
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(out)
}

// validateCommands checks a bulk overwrite the way Discord does.
func validateCommands(cmds []*discordgo.ApplicationCommand, errs *formErrors) {
	counts := map[discordgo.ApplicationCommandType]int{}
	names := map[string]bool{}
	for i, c := range cmds {
		p := []string{strconv.Itoa(i)}
		if c == nil {
			errs.add(p, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")
			continue
		}
		t := c.Type
		if t == 0 {
			t = discordgo.ChatApplicationCommand
		}
		counts[t]++
		key := fmt.Sprintf("%d/%s", t, c.Name)
		if names[key] {
			errs.add(join(p, "name"), "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique")
		}
		names[key] = true
		switch t {
		case discordgo.ChatApplicationCommand:
			checkName(join(p, "name"), c.Name, errs)
			errs.between(join(p, "description"), c.Description, 1, maxCommandDesc)
			validateOptions(c.Options, join(p, "options"), 0, errs)
			if n := commandChars(c); n > maxCommandChars {
				errs.add(p, "APPLICATION_COMMAND_TOO_LARGE", fmt.Sprintf("Command exceeds maximum size (%d > %d)", n, maxCommandChars))
			}
		case discordgo.UserApplicationCommand, discordgo.MessageApplicationCommand:
			errs.between(join(p, "name"), c.Name, 1, maxCommandName)
			if c.Description != "" {
				errs.add(join(p, "description"), "APPLICATION_COMMAND_INVALID_DESCRIPTION", "Context menu commands cannot have a description")
			}
			if len(c.Options) > 0 {
				errs.add(join(p, "options"), "APPLICATION_COMMAND_OPTIONS_INVALID", "Context menu commands cannot have options")
			}
		default:
			errs.add(join(p, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4}.")
		}
	}
	if counts[discordgo.ChatApplicationCommand] > maxChatCommands {
		errs.add(nil, "APPLICATION_COMMANDS_TOO_MANY", fmt.Sprintf("Maximum number of chat input commands reached (%d)", maxChatCommands))
	}
	if counts[discordgo.UserApplicationCommand] > maxContextCommands || counts[discordgo.MessageApplicationCommand] > maxContextCommands {
		errs.add(nil, "APPLICATION_COMMANDS_TOO_MANY", fmt.Sprintf("Maximum number of context menu commands reached (%d)", maxContextCommands))
	}
}

func checkName(p []string, name string, errs *formErrors) {
	if !commandName.MatchString(name) || strings.ToLower(name) != name {
		errs.add(p, "APPLICATION_COMMAND_INVALID_NAME", fmt.Sprintf("Command name is invalid: %q (1–32 lowercase letters, digits, - or _)", name))
	}
}

func validateOptions(opts []*discordgo.ApplicationCommandOption, p []string, depth int, errs *formErrors) {
	errs.maxItems(p, len(opts), maxCommandOptions)
	names := map[string]bool{}
	optionalSeen, subs, plain := false, 0, 0
	for i, o := range opts {
		op := join(p, strconv.Itoa(i))
		if o == nil {
			errs.add(op, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")
			continue
		}
		checkName(join(op, "name"), o.Name, errs)
		errs.between(join(op, "description"), o.Description, 1, maxCommandDesc)
		if names[o.Name] {
			errs.add(join(op, "name"), "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option names must be unique")
		}
		names[o.Name] = true
		switch o.Type {
		case discordgo.ApplicationCommandOptionSubCommand, discordgo.ApplicationCommandOptionSubCommandGroup:
			subs++
			if o.Required {
				errs.add(join(op, "required"), "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Subcommands cannot be required")
			}
			if o.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
				if depth > 0 {
					errs.add(join(op, "type"), "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Subcommand groups cannot be nested")
				}
				for j, sub := range o.Options {
					if sub != nil && sub.Type != discordgo.ApplicationCommandOptionSubCommand {
						errs.add(join(op, "options", strconv.Itoa(j), "type"), "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "A subcommand group may only hold subcommands")
					}
				}
			} else if depth > 1 {
				errs.add(join(op, "type"), "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Subcommands nest at most two levels")
			}
			validateOptions(o.Options, join(op, "options"), depth+1, errs)
			continue
		case 0:
			errs.add(join(op, "type"), "BASE_TYPE_REQUIRED", "This field is required")
		default:
			if o.Type > discordgo.ApplicationCommandOptionAttachment {
				errs.add(join(op, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, …, 11}.")
			}
		}
		plain++
		if len(o.Options) > 0 {
			errs.add(join(op, "options"), "APPLICATION_COMMAND_OPTIONS_INVALID", "Only subcommands and groups have options")
		}
		if o.Required && optionalSeen {
			errs.add(join(op, "required"), "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options")
		}
		if !o.Required {
			optionalSeen = true
		}
		validateChoiceDefs(o, op, errs)
	}
	if subs > 0 && plain > 0 {
		errs.add(p, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Subcommands cannot be mixed with other options")
	}
}

func validateChoiceDefs(o *discordgo.ApplicationCommandOption, op []string, errs *formErrors) {
	choosable := o.Type == discordgo.ApplicationCommandOptionString || o.Type == discordgo.ApplicationCommandOptionInteger || o.Type == discordgo.ApplicationCommandOptionNumber
	if o.Autocomplete && !choosable {
		errs.add(join(op, "autocomplete"), "APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_INVALID", "Autocomplete is only for string, integer and number options")
	}
	if o.Autocomplete && len(o.Choices) > 0 {
		errs.add(join(op, "autocomplete"), "APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE", "Autocomplete and choices are mutually exclusive")
	}
	if len(o.Choices) > 0 && !choosable {
		errs.add(join(op, "choices"), "APPLICATION_COMMAND_OPTION_CHOICES_INVALID", "Only string, integer and number options have choices")
	}
	errs.maxItems(join(op, "choices"), len(o.Choices), maxChoices)
	for k, ch := range o.Choices {
		cp := join(op, "choices", strconv.Itoa(k))
		if ch == nil {
			errs.add(cp, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")
			continue
		}
		errs.between(join(cp, "name"), ch.Name, 1, maxChoiceName)
		if v, ok := ch.Value.(string); ok {
			errs.between(join(cp, "value"), v, 1, maxChoiceValue)
		}
	}
	if o.MinLength != nil && (*o.MinLength < 0 || *o.MinLength > maxStringOptionSize) {
		errs.add(join(op, "min_length"), "NUMBER_TYPE_MAX", "Must be between 0 and 6000.")
	}
	if o.MaxLength != 0 && (o.MaxLength < 1 || o.MaxLength > maxStringOptionSize) {
		errs.add(join(op, "max_length"), "NUMBER_TYPE_MAX", "Must be between 1 and 6000.")
	}
}

// commandChars is the size Discord limits to 4000: every name, description and choice of a command.
func commandChars(c *discordgo.ApplicationCommand) int {
	n := runes(c.Name) + runes(c.Description)
	var walk func([]*discordgo.ApplicationCommandOption)
	walk = func(opts []*discordgo.ApplicationCommandOption) {
		for _, o := range opts {
			if o == nil {
				continue
			}
			n += runes(o.Name) + runes(o.Description)
			for _, ch := range o.Choices {
				if ch != nil {
					n += runes(ch.Name) + runes(fmt.Sprint(ch.Value))
				}
			}
			walk(o.Options)
		}
	}
	walk(c.Options)
	return n
}

// Commands are the commands registered in a guild ("" = global) by the last bulk overwrite.
func (s *Server) Commands(guildID string) []*discordgo.ApplicationCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*discordgo.ApplicationCommand
	_ = json.Unmarshal(mustJSON(nonNil(s.commands[guildID])), &out)
	return out
}

// BulkOverwrites counts PUTs of command lists (global and guild, accepted or not).
func (s *Server) BulkOverwrites() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.puts
}
