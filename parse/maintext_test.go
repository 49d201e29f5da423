package parse

import (
	"errors"
	"strings"
	"testing"
)

func TestMainText(t *testing.T) {
	page := `<html><head><title>T</title></head><body><nav>Home | World</nav><article><h1>Pumps repaired</h1>
<p>` + strings.Repeat("The two pumps of the water plant were repaired ahead of time, officials said on Tuesday. ", 5) + `</p>
<p>` + strings.Repeat("Residents will be reconnected within a week of the reopening, the engineer said. ", 5) + `</p></article>
<footer>© Courier</footer></body></html>`
	text, err := MainText([]byte(page), "https://courier.example/pumps")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "The two pumps") || !strings.Contains(text, "\n\nResidents") || strings.Contains(text, "Home | World") {
		t.Errorf("text = %q", text)
	}
	if _, err := MainText([]byte("\x00\x01\x02binary"), ""); !errors.Is(err, ErrBinary) {
		t.Errorf("binary: %v", err)
	}
}
