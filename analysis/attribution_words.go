package analysis

import "github.com/dateline-bot/dateline/english"

// Word lists for attribution. Keys are lower case. They are read-only after
// package initialisation. The lists English text shares with the date
// tagger and the sentence splitter (speech verbs, determiners, month and
// weekday names) are in package english.

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// sayOrTell are the speech verbs that are never a participle after a comma
// ("X, said in an interview" is speech; "X, revealed at the fair" is not).
var sayOrTell = setOf("said", "says", "told", "tells")

// complementStarts are words that may open the complement of a speech verb.
var complementStarts = setOf(
	"that", "the", "a", "an", "it", "he", "she", "they", "we", "there", "this", "these", "those",
	"its", "his", "her", "their", "our", "no", "some",
)

// premodifiers stand between a determiner and a participle used as an
// adjective ("the last confirmed attack", "the only reported case").
var premodifiers = setOf("last", "first", "latest", "only", "newly", "previously", "most", "least", "earliest")

// indefiniteStarts open a noun phrase that names no one in particular.
var indefiniteStarts = setOf(
	"a", "an", "one", "two", "three", "four", "five", "several", "some", "many", "few", "other",
	"another",
)

// passiveAux before a participle makes it passive ("it was reported").
var passiveAux = setOf(
	"is", "are", "was", "were", "be", "been", "being", "get", "got", "gets",
)

// skipBeforeVerb are words that may stand between a subject and its speech
// verb ("the ministry also said", "officials have repeatedly said").
var skipBeforeVerb = setOf(
	"also", "later", "earlier", "previously", "again", "then", "had", "has", "have", "once",
	"further", "publicly", "recently", "reportedly", "repeatedly", "separately", "subsequently",
	"initially", "first", "now", "still", "only", "just", "already", "had", "would", "will",
	"could", "can", "may", "might", "did", "does", "do", "not", "never", "reportedly",
)

// clauseBoundaries end a subject when reading backwards from its verb:
// what comes before them is another clause ("The visit comes as Moscow…").
var clauseBoundaries = setOf(
	"that", "as", "after", "because", "while", "when", "whereas", "since", "although", "though",
	"if", "so", "where", "before", "until", "once", "than", "whether", "but", "yet", "unless",
	"whilst", "whom",
)

// leadingDrop are words dropped from the front of a subject.
var leadingDrop = setOf(
	"and", "but", "so", "yet", "then", "also", "meanwhile", "however", "now", "still", "or",
	"moreover", "furthermore", "indeed", "instead", "thus",
)

// prepositions cannot start a subject ("On Monday the ministry said").
var prepositions = setOf(
	"on", "in", "at", "during", "to", "of", "for", "with", "by", "from", "into", "about", "over",
	"under", "than", "after", "before", "since", "until", "like", "despite", "amid", "within",
	"without", "through", "via", "per", "against", "toward", "towards", "across", "between",
)

// relativeWords begin a clause that is cut from a credited phrase.
var relativeWords = setOf("who", "which", "whose", "whom", "that", "where", "when")

// finiteVerbs inside a candidate subject show it is a clause, not a name.
var finiteVerbs = setOf(
	"is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can",
	"could", "should", "may", "might", "must", "do", "does", "did", "shall", "am", "isn't",
	"wasn't", "won't", "can't", "don't", "didn't",
)

// statementNouns follow "in a …" in "In a statement, the ministry…".
var statementNouns = setOf(
	"statement", "interview", "communique", "communiqué", "release", "post", "tweet",
	"letter", "briefing", "speech", "message", "video", "broadcast", "report", "note",
)

// nounPhraseVerbs end the subject after "In a statement," when no speech
// verb follows ("In a statement, the ministry condemned the attack").
var nounPhraseVerbs = setOf(
	"calls", "called", "urges", "urged", "accuses", "accused", "condemns", "condemned",
	"rejects", "rejected", "welcomes", "welcomed", "demands", "demanded", "expresses",
	"expressed", "vows", "vowed", "described", "describes", "blamed", "blames", "praised",
	"praises", "criticised", "criticized", "thanked", "promised", "promises", "pledged",
	"pledges", "insisted", "stressed", "reiterated", "reaffirmed", "offered", "appealed",
	"asked", "asks", "threatened", "threatens",
)

// participleAdjectives end in -ed or -ing but describe rather than start a
// clause ("a retired general", "the ruling party", "an unnamed official").
var participleAdjectives = setOf(
	"retired", "armed", "alleged", "elected", "appointed", "unidentified", "unnamed", "named",
	"exiled", "ousted", "deposed", "detained", "jailed", "indicted", "accused", "united",
	"advanced", "concerned", "interested", "trained", "qualified", "experienced", "informed",
	"embattled", "disputed", "besieged", "wounded", "displaced", "reported", "beleaguered",
	"selected", "unified", "related", "leading", "ruling", "governing", "acting", "outgoing",
	"incoming", "ranking", "morning", "evening", "building", "meeting", "briefing", "funding",
	"landing", "spring", "thing", "king", "wing", "string", "hearing", "ceiling", "feeling",
	// Trades and industries named by an -ing noun ("Gulf shipping sources",
	// "banking officials").
	"shipping", "banking", "trading", "lending", "mining", "farming", "marketing", "publishing",
	"broadcasting", "engineering", "accounting", "manufacturing", "clearing",
)

// agentParticiples keep the phrase they start when a name follows "by":
// "a security source cited by Shafaq News", "analysts polled by Reuters".
var agentParticiples = setOf(
	"cited", "quoted", "polled", "interviewed", "contacted", "surveyed", "reached", "asked",
	"employed", "hired", "commissioned", "appointed", "backed",
)

// timeNouns follow "last", "this", "on" … in trailing time expressions,
// besides month and weekday names (isTimeNoun).
var timeNouns = setOf(
	"week", "weeks", "month", "months", "year", "years", "weekend", "morning", "afternoon",
	"evening", "night", "day", "days", "spring", "summer", "autumn", "fall", "winter",
	"quarter", "decade", "time", "hours", "minutes",
)

// isTimeNoun says whether a lower-case word names a time: a time noun, a
// month or a weekday.
func isTimeNoun(w string) bool {
	_, month := english.Month(w)
	_, weekday := english.Weekday(w)
	return timeNouns[w] || month || weekday
}

// timeAdverbs alone begin a trailing time expression, as weekday names do
// (isTimeAdverb).
var timeAdverbs = setOf(
	"today", "yesterday", "tonight", "tomorrow", "earlier", "later", "recently", "previously",
	"overnight",
)

// isTimeAdverb says whether a lower-case word alone begins a time expression.
func isTimeAdverb(w string) bool {
	_, weekday := english.Weekday(w)
	return timeAdverbs[w] || weekday
}

// timeModifiers begin a time expression when a time noun follows.
var timeModifiers = setOf("last", "this", "next", "late", "early", "earlier", "that", "the")

// timePrepositions begin a time expression when a time noun or number follows.
var timePrepositions = setOf("on", "in", "at", "during", "over", "since", "from", "by", "until", "late", "early")

// pronoun subjects are resolved against earlier credits.
var personPronouns = setOf("he", "she", "him", "her")
var groupPronouns = setOf("they", "them")
var thingPronouns = setOf("it")
var speakerPronouns = setOf("i", "we", "you", "me", "us") // never a credit of their own

// anaphoricDeterminers make a lower-case noun phrase a reference back
// ("the source", "the same account").
var anaphoricDeterminers = setOf("the", "this", "that", "these", "those")

// documentHeads refer back to whatever was last credited ("according to the
// same account", "the report said"); alone they credit no one.
var documentHeads = setOf(
	"account", "accounts", "report", "reports", "statement", "statements", "article", "story",
	"document", "documents", "study", "letter", "survey", "paper", "communique", "memo",
)

// companyHeads refer back to a company named by its legal form.
var companyHeads = setOf(
	"company", "firm", "corporation", "maker", "insurer", "bank", "utility", "airline", "retailer",
	"manufacturer",
)

// companyForms are the words (stemmed as headStem does) that name a company
// by its legal form.
var companyForms = setOf(
	"inc", "corp", "co", "ltd", "plc", "llc", "ag", "sa", "nv", "spa", "bv", "gmbh", "corporation",
	"holding", "industrie", "group", "bancorp",
)

// personNouns make a credit person-like, a target for "he" and "she".
var personNouns = setOf(
	"source", "sources", "official", "officials", "spokesman", "spokeswoman", "spokesperson",
	"minister", "president", "fighter", "fighters", "journalist", "journalists", "reporter",
	"reporters", "correspondent", "columnist", "analyst", "analysts", "expert", "experts",
	"witness", "witnesses", "resident", "residents", "commander", "officer", "general",
	"diplomat", "diplomats", "envoy", "ambassador", "lawyer", "doctor", "activist", "activists",
	"chief", "director", "secretary", "senator", "governor", "mayor", "leader", "member",
	"professor", "researcher", "economist", "economists", "trader", "traders", "dealer",
	"dealers", "banker", "bankers", "executive", "chairman", "chairwoman", "man", "woman",
	"father", "mother", "son", "daughter", "soldier", "soldiers", "officer", "colonel",
	"king", "prince", "premier", "chancellor", "deputy", "aide", "adviser", "advisor",
	"negotiator", "mediator", "candidate", "lawmaker", "legislator", "mp", "founder", "ceo",
	"owner", "farmer", "worker", "student", "teacher", "cleric", "imam", "priest", "sheikh",
	"delegate", "representative", "investor", "broker", "people", "local", "villager",
	"protester", "rebel", "troop", "nurse", "employee", "staff", "delegation", "senator",
	"observer", "monitor", "insider", "critic", "supporter", "eyewitness", "survivor",
	"relative", "family", "militant", "medic", "official", "manager", "engineer", "pilot",
	"citizen", "voter", "consumer", "customer", "user", "judge", "prosecutor", "attorney",
)

// organisationWords make a name an organisation rather than a person.
var organisationWords = setOf(
	"inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "llc", "plc", "ministry",
	"department", "agency", "news", "group", "bank", "council", "government", "army", "forces",
	"party", "committee", "union", "kremlin", "pentagon", "commission", "office", "company",
	"organisation", "organization", "association", "institute", "university", "court",
	"police", "times", "post", "journal", "press", "reuters", "associated", "tass", "ria",
	"sana", "network", "television", "tv", "radio", "house", "service", "authority",
	"authorities", "administration", "federation", "board", "bureau", "fund", "exchange",
	"embassy", "mission", "coalition", "alliance", "front", "movement", "brigade", "command",
	"centre", "center", "observatory", "corporation", "industries", "airlines", "motors",
)
