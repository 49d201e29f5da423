package corpus

// Paragraphs returns the passages of a body: its paragraphs, with those over
// about 700 bytes cut at sentence boundaries.
func Paragraphs(body string) []Span {
	return nil
}

// Sentences returns the sentences of text, as spans that cover the text
// without its surrounding white space.
func Sentences(text string) []Span {
	return nil
}
