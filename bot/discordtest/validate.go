package discordtest

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Discord's message limits (see docs/DISCORD.md).
const (
	maxContent        = 2000
	maxEmbeds         = 10
	maxEmbedTitle     = 256
	maxEmbedDesc      = 4096
	maxEmbedFields    = 25
	maxFieldName      = 256
	maxFieldValue     = 1024
	maxFooter         = 2048
	maxAuthor         = 256
	maxEmbedTotal     = 6000
	maxRows           = 5
	maxRowButtons     = 5
	maxCustomID       = 100
	maxButtonLabel    = 80
	maxSelectOptions  = 25
	maxSelectText     = 100
	maxPlaceholder    = 150
	maxModalTitle     = 45
	maxTextInputLabel = 45
	maxTextInput      = 4000
	maxChoices        = 25
	maxChoiceName     = 100
	maxChoiceValue    = 100
	maxNonce          = 25
)

// Message flags a bot may set when sending.
const (
	flagSuppressEmbeds   = 1 << 2
	flagEphemeral        = 1 << 6
	flagLoading          = 1 << 7
	flagSuppressNotifies = 1 << 12
)

// formErrors collects 50035 field errors and renders them in Discord's nested shape:
// {"embeds":{"0":{"title":{"_errors":[{"code":…,"message":…}]}}}}.
type formErrors struct {
	list []fieldError
}

type fieldError struct {
	path          []string
	code, message string
}

func (e *formErrors) add(path []string, code, message string) {
	e.list = append(e.list, fieldError{path: append([]string(nil), path...), code: code, message: message})
}

func (e *formErrors) empty() bool { return len(e.list) == 0 }

func (e *formErrors) tree() map[string]any {
	root := map[string]any{}
	for _, fe := range e.list {
		node := root
		for _, p := range fe.path {
			next, ok := node[p].(map[string]any)
			if !ok {
				next = map[string]any{}
				node[p] = next
			}
			node = next
		}
		errs, _ := node["_errors"].([]any)
		node["_errors"] = append(errs, map[string]any{"code": fe.code, "message": fe.message})
	}
	return root
}

// String names every failing field, e.g. "data.embeds.0.title: Must be 256 or fewer in length.".
func (e *formErrors) String() string {
	parts := make([]string, 0, len(e.list))
	for _, fe := range e.list {
		parts = append(parts, strings.Join(fe.path, ".")+": "+fe.message)
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}

func join(prefix []string, more ...string) []string {
	return append(append([]string(nil), prefix...), more...)
}

func runes(s string) int { return utf8.RuneCountInString(s) }

func (e *formErrors) maxLen(path []string, s string, max int) {
	if runes(s) > max {
		e.add(path, "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", max))
	}
}

func (e *formErrors) between(path []string, s string, min, max int) {
	if n := runes(s); n < min || n > max {
		if n == 0 {
			e.add(path, "BASE_TYPE_REQUIRED", "This field is required")
			return
		}
		e.add(path, "BASE_TYPE_BAD_LENGTH", fmt.Sprintf("Must be between %d and %d in length.", min, max))
	}
}

func (e *formErrors) maxItems(path []string, n, max int) {
	if n > max {
		e.add(path, "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", max))
	}
}

func (e *formErrors) url(path []string, raw string, allowAttachment bool) {
	if raw == "" {
		return
	}
	u, err := url.Parse(raw)
	ok := err == nil && u.Host != "" && (u.Scheme == "http" || u.Scheme == "https")
	if allowAttachment && err == nil && u.Scheme == "attachment" {
		ok = true
	}
	if !ok {
		e.add(path, "URL_TYPE_INVALID_URL", "Not a well formed URL.")
	}
}

// wireMessage is a message body as the bot sends it (callback data, webhook, channel message).
// Pointers tell "absent" from "empty" where Discord cares.
type wireMessage struct {
	Content         *string              `json:"content"`
	Embeds          []*wireEmbed         `json:"embeds"`
	Components      []*wireComponent     `json:"components"`
	AllowedMentions *wireAllowedMentions `json:"allowed_mentions"`
	Flags           int64                `json:"flags"`
	StickerIDs      []string             `json:"sticker_ids"`
	Poll            map[string]any       `json:"poll"`
	Attachments     []map[string]any     `json:"attachments"`
	// Nonce with EnforceNonce makes a repeated create return the message the first one made.
	Nonce        *string `json:"nonce"`
	EnforceNonce bool    `json:"enforce_nonce"`

	// interaction callback data only
	Choices  []*wireChoice `json:"choices"`
	CustomID *string       `json:"custom_id"`
	Title    *string       `json:"title"`
}

type wireAllowedMentions struct {
	Parse *[]string `json:"parse"`
	Users []string  `json:"users"`
	Roles []string  `json:"roles"`
}

type wireEmbed struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	URL         string `json:"url"`
	Timestamp   string `json:"timestamp"`
	Color       int64  `json:"color"`
	Footer      *struct {
		Text    string `json:"text"`
		IconURL string `json:"icon_url"`
	} `json:"footer"`
	Author *struct {
		Name    string `json:"name"`
		URL     string `json:"url"`
		IconURL string `json:"icon_url"`
	} `json:"author"`
	Image     *struct{ URL string } `json:"image"`
	Thumbnail *struct{ URL string } `json:"thumbnail"`
	Fields    []*struct {
		Name  *string `json:"name"`
		Value *string `json:"value"`
	} `json:"fields"`
}

type wireComponent struct {
	Type        int              `json:"type"`
	CustomID    *string          `json:"custom_id"`
	Style       int              `json:"style"`
	Label       string           `json:"label"`
	URL         string           `json:"url"`
	SKUID       string           `json:"sku_id"`
	Placeholder string           `json:"placeholder"`
	Value       string           `json:"value"`
	MinLength   *int             `json:"min_length"`
	MaxLength   *int             `json:"max_length"`
	MinValues   *int             `json:"min_values"`
	MaxValues   *int             `json:"max_values"`
	Options     []*wireSelectOpt `json:"options"`
	Components  []*wireComponent `json:"components"`
}

type wireSelectOpt struct {
	Label       string `json:"label"`
	Value       string `json:"value"`
	Description string `json:"description"`
}

type wireChoice struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

// Component types.
const (
	compActionRow  = 1
	compButton     = 2
	compStringSel  = 3
	compTextInput  = 4
	compUserSel    = 5
	compRoleSel    = 6
	compMentionSel = 7
	compChannelSel = 8
)

// validateMessage checks every limit of a message body. Emptiness (50006) is checked by the callers,
// since an edit may leave out what the message already has.
func validateMessage(m *wireMessage, prefix []string, errs *formErrors) {
	if m.Content != nil {
		errs.maxLen(join(prefix, "content"), *m.Content, maxContent)
	}
	validateEmbeds(m.Embeds, join(prefix, "embeds"), errs)
	validateComponents(m.Components, join(prefix, "components"), errs)
	allowed := int64(flagSuppressEmbeds | flagEphemeral | flagSuppressNotifies)
	if m.Flags&^allowed != 0 {
		errs.add(join(prefix, "flags"), "MESSAGE_FLAGS_INVALID", fmt.Sprintf("Flags %#x cannot be set by a bot.", m.Flags&^allowed))
	}
	errs.maxItems(join(prefix, "sticker_ids"), len(m.StickerIDs), 3)
	if m.Nonce != nil {
		errs.between(join(prefix, "nonce"), *m.Nonce, 1, maxNonce)
	}
	if am := m.AllowedMentions; am != nil {
		validateAllowedMentions(am, join(prefix, "allowed_mentions"), errs)
	}
}

// validateAllowedMentions applies Discord's rules: known parse types, and a type either parsed or
// listed, never both; at most 100 IDs a list.
func validateAllowedMentions(am *wireAllowedMentions, p []string, errs *formErrors) {
	var parse []string
	if am.Parse != nil {
		parse = *am.Parse
	}
	for i, kind := range parse {
		if kind != "everyone" && kind != "users" && kind != "roles" {
			errs.add(join(p, "parse", strconv.Itoa(i)), "BASE_TYPE_CHOICES", "Value must be one of ('everyone', 'roles', 'users').")
		}
	}
	if len(am.Users) > 0 && slices.Contains(parse, "users") {
		errs.add(join(p, "users"), "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE", `parse:["users"] and users: [ids...] are mutually exclusive.`)
	}
	if len(am.Roles) > 0 && slices.Contains(parse, "roles") {
		errs.add(join(p, "roles"), "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE", `parse:["roles"] and roles: [ids...] are mutually exclusive.`)
	}
	errs.maxItems(join(p, "users"), len(am.Users), 100)
	errs.maxItems(join(p, "roles"), len(am.Roles), 100)
}

func validateEmbeds(embeds []*wireEmbed, prefix []string, errs *formErrors) {
	errs.maxItems(prefix, len(embeds), maxEmbeds)
	total := 0
	for i, e := range embeds {
		p := join(prefix, strconv.Itoa(i))
		if e == nil {
			errs.add(p, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")
			continue
		}
		errs.maxLen(join(p, "title"), e.Title, maxEmbedTitle)
		errs.maxLen(join(p, "description"), e.Description, maxEmbedDesc)
		total += runes(e.Title) + runes(e.Description)
		errs.url(join(p, "url"), e.URL, false)
		if e.Timestamp != "" {
			if _, err := time.Parse(time.RFC3339, e.Timestamp); err != nil {
				errs.add(join(p, "timestamp"), "DATE_TYPE_PARSE", "Could not parse "+e.Timestamp+". Should be ISO8601.")
			}
		}
		if e.Color < 0 || e.Color > 0xFFFFFF {
			errs.add(join(p, "color"), "NUMBER_TYPE_MAX", "int value should be less than or equal to 16777215.")
		}
		if e.Footer != nil {
			errs.between(join(p, "footer", "text"), e.Footer.Text, 1, maxFooter)
			total += runes(e.Footer.Text)
			errs.url(join(p, "footer", "icon_url"), e.Footer.IconURL, true)
		}
		if e.Author != nil {
			errs.between(join(p, "author", "name"), e.Author.Name, 1, maxAuthor)
			total += runes(e.Author.Name)
			errs.url(join(p, "author", "url"), e.Author.URL, false)
			errs.url(join(p, "author", "icon_url"), e.Author.IconURL, true)
		}
		if e.Image != nil {
			errs.url(join(p, "image", "url"), e.Image.URL, true)
		}
		if e.Thumbnail != nil {
			errs.url(join(p, "thumbnail", "url"), e.Thumbnail.URL, true)
		}
		errs.maxItems(join(p, "fields"), len(e.Fields), maxEmbedFields)
		for j, f := range e.Fields {
			fp := join(p, "fields", strconv.Itoa(j))
			if f == nil {
				errs.add(fp, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")
				continue
			}
			name, value := deref(f.Name), deref(f.Value)
			errs.between(join(fp, "name"), name, 1, maxFieldName)
			errs.between(join(fp, "value"), value, 1, maxFieldValue)
			total += runes(name) + runes(value)
		}
	}
	if total > maxEmbedTotal {
		errs.add(prefix, "MAX_EMBED_SIZE_EXCEEDED", fmt.Sprintf("Embed size exceeds maximum size of %d", maxEmbedTotal))
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// validateComponents checks message components: action rows at the top, ≤ 5 of them, ≤ 5 buttons or
// one select per row, custom_id 1–100 and unique in the message, link buttons with a URL.
func validateComponents(rows []*wireComponent, prefix []string, errs *formErrors) {
	errs.maxItems(prefix, len(rows), maxRows)
	seen := map[string]bool{}
	for i, row := range rows {
		p := join(prefix, strconv.Itoa(i))
		if row == nil || row.Type != compActionRow {
			errs.add(join(p, "type"), "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "Top-level components must be action rows (type 1).")
			continue
		}
		if len(row.Components) == 0 {
			errs.add(join(p, "components"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
		}
		selects, buttons := 0, 0
		for j, c := range row.Components {
			cp := join(p, "components", strconv.Itoa(j))
			if c == nil {
				errs.add(cp, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")
				continue
			}
			switch c.Type {
			case compButton:
				buttons++
				validateButton(c, cp, errs, seen)
			case compStringSel, compUserSel, compRoleSel, compMentionSel, compChannelSel:
				selects++
				validateSelect(c, cp, errs, seen)
			case compTextInput:
				errs.add(join(cp, "type"), "COMPONENT_TYPE_INVALID", "Text inputs are only allowed in modals.")
			default:
				errs.add(join(cp, "type"), "COMPONENT_TYPE_INVALID", fmt.Sprintf("Component type %d is not allowed in an action row.", c.Type))
			}
		}
		if buttons > maxRowButtons || (selects > 0 && len(row.Components) > 1) {
			errs.add(join(p, "components"), "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "The specified component exceeds the maximum width")
		}
	}
}

func validateCustomID(c *wireComponent, p []string, errs *formErrors, seen map[string]bool) {
	if c.CustomID == nil {
		errs.add(join(p, "custom_id"), "BASE_TYPE_REQUIRED", "This field is required")
		return
	}
	errs.between(join(p, "custom_id"), *c.CustomID, 1, maxCustomID)
	if seen[*c.CustomID] {
		errs.add(join(p, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated")
	}
	seen[*c.CustomID] = true
}

func validateButton(c *wireComponent, p []string, errs *formErrors, seen map[string]bool) {
	errs.maxLen(join(p, "label"), c.Label, maxButtonLabel)
	switch c.Style {
	case 1, 2, 3, 4:
		validateCustomID(c, p, errs, seen)
		if c.URL != "" {
			errs.add(join(p, "url"), "BUTTON_COMPONENT_URL_NOT_ALLOWED", "A url cannot be specified for this button style")
		}
	case 5:
		if c.CustomID != nil {
			errs.add(join(p, "custom_id"), "BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED", "A custom id cannot be specified for this button style")
		}
		if c.URL == "" {
			errs.add(join(p, "url"), "BASE_TYPE_REQUIRED", "This field is required")
		}
		errs.url(join(p, "url"), c.URL, false)
	case 6:
		if c.SKUID == "" {
			errs.add(join(p, "sku_id"), "BASE_TYPE_REQUIRED", "This field is required")
		}
	default:
		errs.add(join(p, "style"), "BASE_TYPE_CHOICES", fmt.Sprintf("Value must be one of {1, 2, 3, 4, 5, 6}; got %d.", c.Style))
	}
}

func validateSelect(c *wireComponent, p []string, errs *formErrors, seen map[string]bool) {
	validateCustomID(c, p, errs, seen)
	errs.maxLen(join(p, "placeholder"), c.Placeholder, maxPlaceholder)
	if c.Type == compStringSel {
		if len(c.Options) == 0 || len(c.Options) > maxSelectOptions {
			errs.add(join(p, "options"), "BASE_TYPE_BAD_LENGTH", fmt.Sprintf("Must be between 1 and %d in length.", maxSelectOptions))
		}
		values := map[string]bool{}
		for k, o := range c.Options {
			op := join(p, "options", strconv.Itoa(k))
			errs.between(join(op, "label"), o.Label, 1, maxSelectText)
			errs.between(join(op, "value"), o.Value, 1, maxSelectText)
			errs.maxLen(join(op, "description"), o.Description, maxSelectText)
			if values[o.Value] {
				errs.add(join(op, "value"), "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED", "Select option values must be unique")
			}
			values[o.Value] = true
		}
	}
}

// validateModal checks a type 9 response: title 1–45, custom_id 1–100, 1–5 rows of exactly one text input.
func validateModal(m *wireMessage, prefix []string, errs *formErrors) {
	if m.Title == nil {
		errs.add(join(prefix, "title"), "BASE_TYPE_REQUIRED", "This field is required")
	} else {
		errs.between(join(prefix, "title"), *m.Title, 1, maxModalTitle)
	}
	if m.CustomID == nil {
		errs.add(join(prefix, "custom_id"), "BASE_TYPE_REQUIRED", "This field is required")
	} else {
		errs.between(join(prefix, "custom_id"), *m.CustomID, 1, maxCustomID)
	}
	rows := join(prefix, "components")
	if len(m.Components) == 0 || len(m.Components) > maxRows {
		errs.add(rows, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
	}
	seen := map[string]bool{}
	for i, row := range m.Components {
		p := join(rows, strconv.Itoa(i))
		if row == nil || row.Type != compActionRow || len(row.Components) != 1 || row.Components[0] == nil || row.Components[0].Type != compTextInput {
			errs.add(p, "COMPONENT_TYPE_INVALID", "Each modal row must be an action row holding one text input.")
			continue
		}
		in := row.Components[0]
		ip := join(p, "components", "0")
		validateCustomID(in, ip, errs, seen)
		errs.between(join(ip, "label"), in.Label, 1, maxTextInputLabel)
		if in.Style != 1 && in.Style != 2 {
			errs.add(join(ip, "style"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2}.")
		}
		errs.maxLen(join(ip, "value"), in.Value, maxTextInput)
		errs.maxLen(join(ip, "placeholder"), in.Placeholder, 100)
		if in.MinLength != nil && (*in.MinLength < 0 || *in.MinLength > maxTextInput) {
			errs.add(join(ip, "min_length"), "NUMBER_TYPE_MAX", "Must be between 0 and 4000.")
		}
		if in.MaxLength != nil && (*in.MaxLength < 1 || *in.MaxLength > maxTextInput) {
			errs.add(join(ip, "max_length"), "NUMBER_TYPE_MAX", "Must be between 1 and 4000.")
		}
	}
}

// validateChoices checks a type 8 response: ≤ 25 choices, names 1–100, string values ≤ 100.
func validateChoices(m *wireMessage, prefix []string, errs *formErrors) {
	p := join(prefix, "choices")
	errs.maxItems(p, len(m.Choices), maxChoices)
	for i, c := range m.Choices {
		cp := join(p, strconv.Itoa(i))
		if c == nil {
			errs.add(cp, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")
			continue
		}
		errs.between(join(cp, "name"), c.Name, 1, maxChoiceName)
		switch v := c.Value.(type) {
		case string:
			errs.maxLen(join(cp, "value"), v, maxChoiceValue)
		case float64:
		default:
			errs.add(join(cp, "value"), "BASE_TYPE_REQUIRED", "This field is required")
		}
	}
}

// mentionsViolation reports a message that could ping: dateline sends allowed_mentions with parse: [] always.
func mentionsViolation(m *wireMessage) string {
	switch {
	case m.AllowedMentions == nil:
		return "message has no allowed_mentions (dateline requires {\"parse\": []})"
	case m.AllowedMentions.Parse == nil:
		return "allowed_mentions.parse is missing or null (dateline requires [])"
	case len(*m.AllowedMentions.Parse) > 0:
		return fmt.Sprintf("allowed_mentions.parse is %q (dateline requires [])", *m.AllowedMentions.Parse)
	}
	return ""
}
