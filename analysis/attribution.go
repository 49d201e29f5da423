package analysis

import (
	"strings"

	"github.com/dateline-bot/dateline/corpus"
)

// Credits finds, for every sentence of body that credits someone, who that
// is ("a security source cited by Shafaq News"). Sentences that refer back to
// an earlier credit ("The source said", "according to the same account",
// "he said") inherit it. Each Credit's Start/End is the sentence's span in
// body and Who is text of the body, never invented.
//
// The patterns (a sentence is read left to right and the first match that
// names someone wins, so "AP journalists … reported …, who said" credits
// the journalists):
//   - "according to X";
//   - "X said/says/told/reported/announced/confirmed/denied/claimed/argues/…",
//     including "X, an appositive, said", "X's spokesman said" and "X told Y"
//     ("a source told Reuters" keeps the outlet an indefinite source spoke to);
//   - post-posed "…, X said." and inverted "…,” said X.";
//   - "X, quoted by Y, said" and "cited by X" keep the agent; "X was quoted
//     by Y as saying" credits X;
//   - "In a statement, X …" when no speech verb names X.
//
// Speech verbs inside quotation marks are someone else's words and are not
// read; "the said agreement", "it was reported" and plural nouns like
// "member states" are not speech. A line without final punctuation (a
// headline, a caption, "Read also") of at most 15 words credits no one.
func Credits(body string) []corpus.Credit {
	var out []corpus.Credit
	var history []antecedent
	var s sentence
	para, seen := 0, 0 // paragraph of the sentence; body offset counted up to
	for _, span := range Sentences(body) {
		para += strings.Count(body[seen:span.Start], "\n\n")
		seen = span.Start
		s.tokenize(body, span)
		s.para = para
		a, ok := s.credit(history)
		if !ok {
			continue
		}
		a.para = para
		history = append(history, a)
		out = append(out, corpus.Credit{Start: span.Start, End: span.End, Who: a.who})
	}
	return out
}

// recent is the part of history a pronoun may reach from paragraph para:
// credits of this paragraph and the one before. Further back, "he said"
// would credit someone the reader has lost sight of; a name is needed. (A
// description that names its head, "the company", still finds the company
// named further up: it says whom it means.)
func recent(history []antecedent, para int) []antecedent {
	i := len(history)
	for i > 0 && history[i-1].para >= para-1 {
		i--
	}
	return history[i:]
}

// maxHeadlineWords is the longest line without final punctuation that is
// taken for a headline or caption rather than a sentence.
const maxHeadlineWords = 15

// credit returns who the sentence credits, resolved against history.
func (s *sentence) credit(history []antecedent) (antecedent, bool) {
	if len(s.toks) == 0 || !s.endsLikeSentence() && s.words(0, len(s.toks)-1) <= maxHeadlineWords {
		return antecedent{}, false
	}
	statement, tried := -1, 0
	for i := 0; i < len(s.toks) && tried < maxCandidates; i++ {
		if s.toks[i].kind != tokWord || s.toks[i].quoted {
			continue
		}
		var ph phrase
		var ok bool
		switch {
		case s.wordIs(i, "according") && s.wordIs(i+1, "to"):
			tried++
			ph, ok = s.according(i)
		case s.isSpeechVerb(i):
			tried++
			ph, ok = s.verbSubject(i)
		case s.isPassiveQuote(i):
			tried++
			ph, ok = s.subjectBefore(i - 2)
		case statement < 0 && s.statementOpening(i):
			statement = i
		}
		if ok {
			if a, ok := s.resolve(ph, history); ok {
				return a, true
			}
		}
	}
	if statement >= 0 {
		if ph, ok := s.afterStatement(statement); ok {
			return s.resolve(ph, history)
		}
	}
	return antecedent{}, false
}
