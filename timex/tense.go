package timex

import (
	"strings"

	"github.com/dateline-bot/dateline/english"
)

// tense is the direction a sentence points in time. It decides whether a
// bare "Friday" or "March" is the one before or after the publication date,
// as HeidelTime's news mode does with part-of-speech tags; here a few word
// lists stand in for the tagger.
type tense int8

const (
	tenseNone tense = iota
	tensePast
	tensePresent
	tenseFuture
)

// futureMarkers point forward: modal "will", "shall", "'ll", "going to".
var futureMarkers = map[string]bool{
	"will": true, "shall": true, "ll": true, "wo": true,
}

// pastMarkers are common irregular past forms; regular ones end in "-ed".
var pastMarkers = map[string]bool{
	"was": true, "were": true, "had": true, "did": true, "said": true, "told": true, "went": true,
	"came": true, "took": true, "made": true, "gave": true, "saw": true, "began": true, "met": true,
	"left": true, "sent": true, "held": true, "rose": true, "fell": true, "won": true, "lost": true,
	"paid": true, "sold": true, "bought": true, "got": true, "found": true, "became": true,
	"brought": true, "thought": true, "knew": true, "spent": true, "led": true, "ran": true,
	"wrote": true, "struck": true, "spoke": true, "kept": true, "built": true, "fought": true,
	"ago": true, "yesterday": true, "felt": true, "heard": true, "shot": true,
	"swept": true, "flew": true, "drew": true, "grew": true, "threw": true, "broke": true, "chose": true,
	"stood": true, "sat": true, "wore": true, "fled": true,
}

// edExceptions end in "-ed" but are not past verbs.
var edExceptions = map[string]bool{
	"need": true, "speed": true, "indeed": true, "hundred": true, "red": true, "bed": true, "seed": true,
	"feed": true, "proceed": true, "exceed": true, "succeed": true, "united": true, "limited": true,
	"weed": true, "breed": true, "creed": true, "greed": true, "shed": true, "sled": true,
	"bred": true, "unprecedented": true, "proposed": true, "planned": true, "expected": true,
	"scheduled": true, "alleged": true, "detailed": true, "advanced": true,
}

// planNounBefore are words after which "plans" is the noun.
var planNounBefore = map[string]bool{
	"the": true, "his": true, "her": true, "its": true, "their": true, "our": true, "my": true,
	"your": true, "any": true, "no": true, "of": true, "with": true, "new": true, "such": true,
	"these": true, "those": true, "vacation": true, "travel": true, "expansion": true, "future": true,
	"business": true, "s": true, "and": true, "holiday": true, "war": true, "battle": true,
}

// presentMarkers are present-tense forms that keep a sentence anchored at
// the publication date.
var presentMarkers = map[string]bool{
	"is": true, "are": true, "am": true, "says": true, "has": true, "have": true,
}

// wordTense classifies one lower-case word token.
func wordTense(w string) tense {
	switch {
	case futureMarkers[w]:
		return tenseFuture
	case pastMarkers[w]:
		return tensePast
	case presentMarkers[w]:
		return tensePresent
	case len(w) > 4 && strings.HasSuffix(w, "ed") && !edExceptions[w]:
		return tensePast
	}
	return tenseNone
}

// sentenceStarts marks, for every token, the first token of its sentence
// (english.Sentences: a blank line or a sentence-final period, question or
// exclamation mark, not the period of an abbreviation).
func sentenceStarts(text string, toks []token) []int32 {
	starts := make([]int32, len(toks))
	spans := english.Sentences(text)
	cur, first := 0, int32(0)
	for i, t := range toks {
		for cur < len(spans) && t.Start >= spans[cur].End {
			cur++
			first = int32(i)
		}
		starts[i] = first
	}
	return starts
}

// tenseAt is the tense of the verb group token i attaches to (clause.go).
func (s *scanner) tenseAt(i int) tense {
	t, _ := s.clauseTense(i)
	return t
}

// modalFuture says the sentence of token i has a future modal ("will",
// "shall", "'ll"): the strict test for "days before", where an adjective
// such as "scheduled" must not turn a past narrative into the future.
func (s *scanner) modalFuture(i int) bool {
	start := s.sent[i]
	for j := int(start); j < len(s.toks) && s.sent[j] == start; j++ {
		if s.toks[j].Kind == tokWord && futureMarkers[s.toks[j].Lower] {
			return true
		}
	}
	return false
}

func (s *scanner) tokenTense(j int) tense {
	t := s.toks[j]
	if t.Kind != tokWord {
		return tenseNone
	}
	next := s.w(j + 1)
	switch t.Lower {
	case "plans":
		// "plans to", "Qantas plans daily flights"; but a noun after a
		// determiner or another noun ("vacation plans", "its plans")
		// says nothing of the tense.
		if next != "to" && planNounBefore[s.w(j-1)] {
			return tenseNone
		}
		return tenseFuture
	case "planned", "scheduled":
		// "the hastily planned trip", "as previously planned": an
		// adjective, which says nothing of when.
		if prev := s.w(j - 1); prev == "the" || prev == "a" || prev == "an" || prev == "as" || strings.HasSuffix(prev, "ly") {
			return tenseNone
		}
		if s.w(j-1) == "been" && s.w(j-2) == "had" {
			return tensePast // "had been scheduled to expire at midnight Friday"
		}
		return tenseFuture
	case "planning":
		// "planned a demonstration on Saturday", "has scheduled a news
		// conference Thursday": a plan points forward even in the past tense.
		return tenseFuture
	case "due", "set":
		// "had been due to expire Friday": a plan already overtaken, told
		// in the past perfect.
		if next == "to" && s.w(j-1) == "been" && s.w(j-2) == "had" {
			return tensePast
		}
		if next == "to" {
			return tenseFuture
		}
	case "going", "plan", "expected", "expects", "expect", "poised", "likely", "is", "are":
		// "going to", "is set to resume", "is to resume trading"
		if next == "to" {
			return tenseFuture
		}
	case "soon":
		if s.w(j-1) == "as" && next == "as" {
			return tenseFuture // "as soon as Tuesday"
		}
	}
	switch t.Lower {
	case "was", "were", "is", "are", "be", "been":
		switch next {
		case "planning", "going", "scheduled", "expected", "due", "set", "poised", "slated":
			// "were planning to drive", "is expected to": the plan points
			// forward; the auxiliary only says when it was held.
			// (Not after "had": "had been due to expire" is the past.)
			if (s.w(j+2) == "to" || next == "planning" || next == "scheduled") && s.w(j-1) != "had" {
				return tenseFuture
			}
		}
	}
	if next == "by" && strings.HasSuffix(t.Lower, "ed") {
		// "markets untouched by the crisis", "killed by a sniper": a
		// participle; the clause's auxiliary, if any, carries the tense.
		return tenseNone
	}
	if t.Lower == "would" {
		return tenseFuture // future in the past: "said it would close Friday"
	}
	return wordTense(t.Lower)
}

// Tense names the tense of a sentence by its first tense marker: "past",
// "present" ("is", "has", "says"), "future" ("will"), or "" when it has
// none. A statement in the present describes things as they stand when the
// article is published; one in the future is not yet an event.
func Tense(sentence string) string {
	for _, t := range english.Tokenize(sentence) {
		if t.Kind != tokWord {
			continue
		}
		switch wordTense(t.Lower) {
		case tensePast:
			return "past"
		case tensePresent:
			return "present"
		case tenseFuture:
			return "future"
		}
	}
	return ""
}

// Background says a sentence tells background rather than an event of the
// news: a past perfect ("had approved", "had been"), which recaps what
// came before, or a state told with "was"/"were" and no other verb ("The
// company was the largest in the region"). Such a sentence does not
// happen on the day the news does.
func Background(sentence string) bool {
	toks := english.Tokenize(sentence)
	verbs, copula := 0, false
	for i, t := range toks {
		if t.Kind != tokWord {
			continue
		}
		if t.Lower == "had" {
			for j := i + 1; j < len(toks) && j <= i+3; j++ {
				if toks[j].Kind == tokWord && (toks[j].Lower == "been" || wordTense(toks[j].Lower) == tensePast) {
					return true // "had approved", "had already been"
				}
			}
		}
		switch wordTense(t.Lower) {
		case tensePast, tensePresent, tenseFuture:
			verbs++
			if t.Lower == "was" || t.Lower == "were" {
				copula = true
			}
		}
	}
	return copula && verbs == 1
}
