package bot

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// FuzzReadForm: whatever a submitted form holds, readForm never panics,
// and what it returns is valid UTF-8 within Discord's limit.
func FuzzReadForm(f *testing.F) {
	f.Add("title", "Bridge reopens", "text", "The bridge reopened.")
	f.Add("title", "\xff\xfe", "title", "twice")
	f.Add("", "", "x", strings.Repeat("é", maxFormField+1))
	f.Fuzz(func(t *testing.T, id1, v1, id2, v2 string) {
		rows := []discordgo.MessageComponent{
			&discordgo.ActionsRow{Components: []discordgo.MessageComponent{&discordgo.TextInput{CustomID: id1, Value: v1}}},
			&discordgo.ActionsRow{Components: []discordgo.MessageComponent{&discordgo.TextInput{CustomID: id2, Value: v2}, &discordgo.Button{CustomID: "b"}}},
			&discordgo.Button{CustomID: "stray"},
		}
		fields, err := readForm(rows)
		if err != nil {
			if _, ok := err.(userError); !ok {
				t.Fatalf("error %T is not a userError", err)
			}
			return
		}
		for k, v := range fields {
			if !utf8.ValidString(v) || utf8.RuneCountInString(v) > maxFormField || len(k) > 100 {
				t.Fatalf("field %q = %q passed the checks", k, v)
			}
		}
	})
}
