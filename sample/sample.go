// Package sample holds the built-in sample corpus: the article the project
// was started from, so a fresh clone answers questions with no setup.
package sample

import _ "embed"

// SeedName is the seed article's file name; its extension selects the parser.
const SeedName = "seed-article.txt"

//go:embed seed-article.txt
var seed []byte

// Seed returns a copy of the seed article's bytes.
func Seed() []byte { return append([]byte(nil), seed...) }
