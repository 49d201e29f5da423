package corpus

// Item is one article read from an input file, or the error that kept it out.
type Item struct {
	Article  Article
	Line     int      // 1-based line (.jsonl) or element (.json array); 0 when not applicable
	Err      error    // non-nil: this item failed; the others go on
	Warnings []string // e.g. "replaced 3 invalid UTF-8 bytes"
}

// MaxFileSize is the largest input file dateline reads.
const MaxFileSize = 10 << 20

// Parse reads the articles in one file's bytes; name's extension chooses the
// format (.txt, .md, .html/.htm, .json, .jsonl). An error that concerns the
// whole file comes back as a single failed Item.
func Parse(name string, data []byte) []Item {
	return nil
}
