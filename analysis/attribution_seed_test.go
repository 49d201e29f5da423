package analysis

// The seed article's body (../shared/docs/seed-article.txt, the project's own
// fixture), as the normaliser leaves it: paragraphs separated by "\n\n", the
// lines of a paragraph joined with a space, NBSP folded to spaces.
var seedParagraphs = []string{
	"Russian forces have carried out a limited redeployment from Qamishli Airport in northeast Syria, transferring equipment and personnel to Hmeimim Air Base on the coast",
	"Russian President Vladimir Putin is set to host Syria\u2019s self-appointed President Ahmad al-Sharaa in Moscow this week to discuss the post-Assad \u201ctransitional period\u201d and regional developments, the Kremlin announced on 27 January.",
	"The Kremlin said the talks will focus on \u201cthe state and prospects for developing bilateral ties\u201d and \u201cthe current situation in the Middle East,\u201d with the meeting taking place during Sharaa\u2019s working visit to Russia.",
	"The visit comes as Moscow recalibrates relations with Damascus following the ousting of former Syrian president Bashar al-Assad in December 2024, despite Russia\u2019s decade-long military intervention that once kept him in power.",
	"Days before the scheduled meeting, Russian forces began a phased withdrawal from Qamishli Airport in northeast Syria, relocating personnel and equipment to the Hmeimim Air Base in Latakia, according to a security source cited by Shafaq News last week.",
	"The source said the evacuation began on 23 January under a decision to clear the site of Russian presence, starting with two Ilyushin cargo aircraft transporting heavy equipment, followed by vehicles and individual soldiers.",
	"The final stage involved the relocation of what the source described as an \u201celite team,\u201d marking the departure of the last Russian contingent stationed at the airport. The redeployment was carried out in coordination with both Syrian and US sides, according to the same account.",
	"AP journalists who visited the base next to Qamishli airport reported it was guarded by Syrian Democratic Forces (SDF) fighters, who said Russian troops had been \u201cevacuating bit by bit\u201d over several days.",
	"Read also: The tripartite Jerusalem meeting on Iran and Syria",
	"Ahmed Ali, an SDF fighter deployed at the facility, said the Russians withdrew equipment by cargo plane, adding, \u201cWe don\u2019t know if its destination was Russia or the Hmeimim Air Base.\u201d",
	"Russia has issued no official statement confirming the withdrawal from Qamishli, even as it retains air and naval bases along Syria\u2019s coast.",
	"Cradle report from late 2025 of plans to re-establish nine military positions in southern Syria to act as a buffer near the Israeli border. Those efforts appear to have stalled due to regional objections.",
	"The Cradle columnist Aghiad Hegazi argues that \u201cMoscow plans to reactivate the nine posts across Quneitra and Deraa and has already established a permanent logistics hub in Quneitra to assess engineering, infrastructure, and supply-line needs ahead of potential redeployment.\u201d . We remind our readers that publication of articles on our site does not mean that we agree with what is written. Our policy is to publish anything which we consider of interest, so as to assist our readers in forming their opinions. Sometimes we even publish articles with which we totally disagree, since we believe it is important for our readers to be informed on as wide a spectrum of views as possible.",
}

func seedBody() string {
	body := ""
	for i, p := range seedParagraphs {
		if i > 0 {
			body += "\n\n"
		}
		body += p
	}
	return body
}
