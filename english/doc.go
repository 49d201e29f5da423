// Package english holds the facts about English text that the date tagger,
// the sentence splitter and the attribution rules share: how text is cut
// into tokens, where sentences end (one table of abbreviations), and the
// closed word lists (month and weekday names, determiners, speech verbs).
//
// It uses the standard library only. Everything here is read-only after
// package initialisation; word lists are reached through functions so that
// no caller can change them.
package english
