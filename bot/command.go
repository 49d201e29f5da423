package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/dateline-bot/dateline/app"
)

// command is one slash command: its definition, its help line, its handler
// and its rendering live together in one cmd_<name>.go file. The router
// owns acknowledgement, recovery, permissions and validation of option
// types, so a command cannot forget them. Registration with Discord,
// dispatch, autocomplete, paging and /help all derive from commandSet:
// adding a command is adding one file and one line there.
type command interface {
	// definition is what Discord shows: name, description, options, who
	// may use it (DefaultMemberPermissions set makes it an admin command,
	// which the router re-checks on every call) and where (Contexts).
	definition() *discordgo.ApplicationCommand
	// help is the command's line in /help, after its name and options
	// ("a timeline, oldest first…"); "" leaves it out of /help.
	help() string
	// run answers one call. An error made with userErrorf is shown to the
	// user as is (ephemeral); any other error is logged and the user gets a
	// generic apology.
	run(ctx context.Context, c *call) (reply, error)
}

// autocompleter is a command that offers choices while the user types.
// It must answer fast: autocomplete cannot be deferred.
type autocompleter interface {
	autocomplete(ctx context.Context, c *call, option, value string) ([]string, error)
}

// slowCommand is a command whose work is known to take a while: the router
// defers before running it (ephemerally when private says so), instead of
// waiting for the fallback timer.
type slowCommand interface {
	private() bool
}

// commandSet is the one list of the commands the bot offers, in
// registration and help order; extra commands (tests) come last. /help is
// made from the list it is part of.
func commandSet(d deps, extra ...command) []command {
	help := &helpCommand{}
	cmds := append([]command{
		whenCommand{d},
		searchCommand{d},
		articleCommand{d},
		digestCommand{d},
		help,
		addCommand{d},
		removeCommand{d},
		restoreCommand{d},
		auditCommand{d},
		settingsCommand{d},
		trackCommand{d},
		feedCommand{d},
	}, extra...)
	help.text = helpText(cmds)
	return cmds
}

// call is one invocation of a command, with its options already checked for
// type, size and valid UTF-8.
type call struct {
	interaction *discordgo.Interaction
	subcommand  string // the subcommand typed ("add" in /track add), "" for a command without
	options     map[string]string
	userID      string
	now         time.Time
	who         app.Caller // the server, channel and user, for the engine
	// attachments are the files attachment options name, by attachment id.
	attachments map[string]*discordgo.MessageAttachment
}

// attachment returns the file an attachment option names (nil when absent).
func (c *call) attachment(name string) *discordgo.MessageAttachment {
	id := c.options[name]
	if id == "" {
		return nil
	}
	return c.attachments[id]
}

// formOpener is a command that may answer with a form (a modal) instead of
// working on its answer: the router does not defer those calls, since a
// form cannot follow a defer.
type formOpener interface {
	opensForm(c *call) bool
}

// formHandler is a command that reads the form it opened: Discord sends the
// form back as a modal submit whose custom_id is the command's name. Its
// fields are checked for size and valid UTF-8.
type formHandler interface {
	submit(ctx context.Context, c *call, fields map[string]string) (reply, error)
}

// guildID is the server the command was typed in, "" in a DM.
func (c *call) guildID() string { return c.interaction.GuildID }

// option returns a string option ("" when absent).
func (c *call) option(name string) string { return c.options[name] }

// userError is an error meant for the person who typed the command.
type userError struct{ msg string }

func (e userError) Error() string { return e.msg }

// userErrorf makes an error shown to the user as is.
func userErrorf(format string, args ...any) error {
	return userError{msg: fmt.Sprintf(format, args...)}
}

// readCommandOptions is readOptions for a command that may have
// subcommands: exactly one declared subcommand must be given, and its own
// options are checked against its definition.
func readCommandOptions(def *discordgo.ApplicationCommand, given []*discordgo.ApplicationCommandInteractionDataOption) (string, map[string]string, error) {
	subs := map[string]*discordgo.ApplicationCommandOption{}
	for _, o := range def.Options {
		if o.Type == discordgo.ApplicationCommandOptionSubCommand {
			subs[o.Name] = o
		}
	}
	if len(subs) == 0 {
		values, err := readOptions(def, given)
		return "", values, err
	}
	if len(given) != 1 || given[0] == nil || given[0].Type != discordgo.ApplicationCommandOptionSubCommand {
		return "", nil, userErrorf("`/%s` needs one of its subcommands.", def.Name)
	}
	sub, ok := subs[given[0].Name]
	if !ok {
		return "", nil, userErrorf("`/%s` has no subcommand %q.", def.Name, truncate(given[0].Name, 40))
	}
	values, err := readOptions(&discordgo.ApplicationCommand{Name: def.Name + " " + sub.Name, Options: sub.Options}, given[0].Options)
	return sub.Name, values, err
}

// maxOptionLen bounds every string option whatever the definition says:
// options arrive unvalidated, from anyone.
const maxOptionLen = 200

// readOptions checks the options of a command call against its definition:
// only declared names, string type, valid UTF-8, within the length limits,
// required ones present. It never panics on malformed data.
func readOptions(def *discordgo.ApplicationCommand, given []*discordgo.ApplicationCommandInteractionDataOption) (map[string]string, error) {
	declared := map[string]*discordgo.ApplicationCommandOption{}
	for _, o := range def.Options {
		declared[o.Name] = o
	}
	values := map[string]string{}
	for _, o := range given {
		if o == nil {
			return nil, userErrorf("That command came with an empty option.")
		}
		d, ok := declared[o.Name]
		if !ok {
			return nil, userErrorf("`/%s` has no option %q.", def.Name, truncate(o.Name, 40))
		}
		if d.Type == discordgo.ApplicationCommandOptionAttachment {
			// An attachment option's value is the attachment's id; the file
			// itself is in the command's resolved data.
			id, ok := o.Value.(string)
			if o.Type != d.Type || !ok || !isDigits(id) || len(id) > 20 {
				return nil, userErrorf("The option `%s` should be a file.", d.Name)
			}
			values[o.Name] = id
			continue
		}
		if o.Type != discordgo.ApplicationCommandOptionString || d.Type != discordgo.ApplicationCommandOptionString {
			return nil, userErrorf("The option `%s` should be text.", d.Name)
		}
		s, ok := o.Value.(string)
		if !ok {
			return nil, userErrorf("The option `%s` should be text.", d.Name)
		}
		if !utf8.ValidString(s) {
			return nil, userErrorf("The option `%s` is not valid text.", d.Name)
		}
		limit := maxOptionLen
		if d.MaxLength > 0 && d.MaxLength < limit {
			limit = d.MaxLength
		}
		if n := utf8.RuneCountInString(s); n > limit {
			return nil, userErrorf("The option `%s` is too long (%d characters; at most %d).", d.Name, n, limit)
		}
		if _, dup := values[o.Name]; dup {
			return nil, userErrorf("The option `%s` was given twice.", d.Name)
		}
		values[o.Name] = strings.TrimSpace(s)
	}
	for _, d := range def.Options {
		if d.Required && values[d.Name] == "" {
			return nil, userErrorf("The option `%s` is required.", d.Name)
		}
	}
	return values, nil
}

// errNotText marks an autocomplete value that is not a string.
var errNotText = errors.New("option value is not text")

// focusedOption returns the option being typed in an autocomplete call.
func focusedOption(given []*discordgo.ApplicationCommandInteractionDataOption) (name, value string, err error) {
	for _, o := range given {
		if o == nil || !o.Focused {
			continue
		}
		s, ok := o.Value.(string)
		if !ok || !utf8.ValidString(s) {
			return o.Name, "", errNotText
		}
		return o.Name, s, nil
	}
	return "", "", errors.New("no focused option")
}

// invoker names who made an interaction: the member in a server, the user in
// a DM.
func invoker(i *discordgo.Interaction) (id, name string) {
	switch {
	case i.Member != nil && i.Member.User != nil:
		return i.Member.User.ID, i.Member.User.Username
	case i.User != nil:
		return i.User.ID, i.User.Username
	}
	return "", ""
}

// stringOption declares a string option.
func stringOption(name, description string, required, autocomplete bool, maxLen int) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type:         discordgo.ApplicationCommandOptionString,
		Name:         name,
		Description:  description,
		Required:     required,
		Autocomplete: autocomplete,
		MaxLength:    maxLen,
	}
}
