package timex

import (
	"strings"
	"testing"
	"time"
)

// seedDCT is the publication date of the seed article (a Tuesday, in ISO
// week 5 of 2026).
var seedDCT = time.Date(2026, 1, 27, 0, 0, 0, 0, time.UTC)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// findCase is one expression in a sentence that gives it its tense.
type findCase struct {
	text  string    // the sentence
	dct   time.Time // publication date (seedDCT when zero)
	expr  string    // the expected mention text
	typ   Type
	value string
	mod   string
}

// findCases are written for this package: expression, publication date,
// the tense context (the sentence around it) and the expected value.
var findCases = []findCase{
	// The seed article (published 27 Jan 2026).
	{text: "the Kremlin announced on 27 January.", expr: "27 January", typ: Date, value: "2026-01-27"},
	{text: "Putin is set to host al-Sharaa in Moscow this week to discuss", expr: "this week", typ: Date, value: "2026-W05"},
	{text: "The source said the evacuation began on 23 January under a decision", expr: "23 January", typ: Date, value: "2026-01-23"},
	{text: "according to a security source cited by Shafaq News last week.", expr: "last week", typ: Date, value: "2026-W04"},
	{text: "the ousting of Bashar al-Assad in December 2024, despite", expr: "December 2024", typ: Date, value: "2024-12"},
	{text: "Cradle report from late 2025 of plans to re-establish", expr: "late 2025", typ: Date, value: "2025", mod: "END"},
	{text: "despite Russia's decade-long military intervention", expr: "decade-long", typ: Duration, value: "P10Y"},
	{text: "Days before the scheduled meeting, Russian forces began a phased withdrawal.", expr: "Days before", typ: Date, value: "PAST_REF"},
	{text: "JAN 27, 2026", expr: "JAN 27, 2026", typ: Date, value: "2026-01-27"},

	// Absolute dates.
	{text: "It happened on 23 January.", expr: "23 January", typ: Date, value: "2026-01-23"},
	{text: "It happened on Jan. 23.", expr: "Jan. 23", typ: Date, value: "2026-01-23"},
	{text: "It happened on January 23, 2026.", expr: "January 23, 2026", typ: Date, value: "2026-01-23"},
	{text: "Filed 2026-01-23 by the clerk.", expr: "2026-01-23", typ: Date, value: "2026-01-23"},
	{text: "Prices rose in 2024.", expr: "2024", typ: Date, value: "2024"},
	{text: "In 1987 Ford cut jobs.", expr: "1987", typ: Date, value: "1987"},
	{text: "the 1987 Ford strike", expr: "1987", typ: Date, value: "1987"},
	{text: "the 1990s were calmer", expr: "the 1990s", typ: Date, value: "199"},
	{text: "in the late 1980's prices rose", expr: "the late 1980's", typ: Date, value: "198", mod: "END"},
	{text: "the 1800's were long", expr: "the 1800's", typ: Date, value: "18"},
	{text: "in the '80s and", expr: "the '80s", typ: Date, value: "198"},
	{text: "since the nineties", expr: "the nineties", typ: Date, value: "199", mod: "ON_OR_AFTER"},
	{text: "the late 1970s", expr: "the late 1970s", typ: Date, value: "197", mod: "END"},
	{text: "prices fell in mid-2025.", expr: "mid-2025", typ: Date, value: "2025", mod: "MID"},
	{text: "It opens in early January.", expr: "early January", typ: Date, value: "2026-01", mod: "START"},
	{text: "Revenue grew in Q3 2025.", expr: "Q3 2025", typ: Date, value: "2025-Q3"},
	{text: "Profit fell in the third quarter.", expr: "the third quarter", typ: Date, value: "2025-Q3"},
	{text: "its third-quarter results were weak", expr: "third-quarter", typ: Date, value: "2025-Q3"},
	{text: "in the fourth quarter of 2024", expr: "the fourth quarter of 2024", typ: Date, value: "2024-Q4"},
	{text: "net income in the first quarter rose", dct: day(1989, 10, 26), expr: "the first quarter", typ: Date, value: "1989-Q1"},
	{text: "They met in summer 2025.", expr: "summer 2025", typ: Date, value: "2025-SU"},
	{text: "built in the 19th century", expr: "the 19th century", typ: Date, value: "18"},
	{text: "the twentieth century ended", expr: "the twentieth century", typ: Date, value: "19"},
	{text: "They met on Friday, March 22, 2024.", expr: "Friday, March 22, 2024", typ: Date, value: "2024-03-22"},
	{text: "They met on Friday, March 22.", dct: day(2024, 3, 25), expr: "Friday, March 22", typ: Date, value: "2024-03-22"},
	{text: "The deal closed Sept. 30.", dct: day(1989, 10, 26), expr: "Sept. 30", typ: Date, value: "1989-09-30"},
	{text: "Trading resumes Nov. 16.", dct: day(1989, 10, 30), expr: "Nov. 16", typ: Date, value: "1989-11-16"},
	{text: "It was signed on the 23rd of January.", expr: "the 23rd of January", typ: Date, value: "2026-01-23"},
	{text: "the ceremony on March 22nd", dct: day(2026, 3, 1), expr: "March 22nd", typ: Date, value: "2026-03-22"},
	{text: "In July 1997 the currency fell.", expr: "July 1997", typ: Date, value: "1997-07"},
	{text: "posted on january 5, 2026 by a reader", expr: "january 5, 2026", typ: Date, value: "2026-01-05"},
	{text: "in July of 1997", expr: "July of 1997", typ: Date, value: "1997-07"},
	{text: "sales in June last year", expr: "June last year", typ: Date, value: "2025-06"},
	{text: "results for fiscal 1989", expr: "fiscal 1989", typ: Date, value: "1989"},
	{text: "by the year 2000", expr: "the year 2000", typ: Date, value: "2000", mod: "ON_OR_BEFORE"},
	{text: "In nineteen ninety-six a bomb exploded.", expr: "nineteen ninety-six", typ: Date, value: "1996"},
	{text: "by the year two thousand", expr: "the year two thousand", typ: Date, value: "2000", mod: "ON_OR_BEFORE"},
	{text: "in late November", dct: day(2000, 4, 5), expr: "late November", typ: Date, value: "1999-11", mod: "END"},
	{text: "until mid-November", dct: day(1989, 10, 30), expr: "mid-November", typ: Date, value: "1989-11", mod: "MID"},
	{text: "at the end of 1990", expr: "the end of 1990", typ: Date, value: "1990", mod: "END"},
	{text: "the beginning of October", dct: day(1997, 11, 1), expr: "the beginning of October", typ: Date, value: "1997-10", mod: "START"},
	{text: "the middle of October", dct: day(1997, 11, 1), expr: "the middle of October", typ: Date, value: "1997-10", mod: "MID"},
	{text: "She arrived in May.", dct: day(2026, 6, 10), expr: "May", typ: Date, value: "2026-05"},
	// A month name modifying a noun after "the" (issue 11).
	{text: "The March vote will decide who joins.", dct: day(2031, 2, 10), expr: "March", typ: Date, value: "2031-03"},
	{text: "Officials say the May elections will be held on time.", dct: day(2031, 2, 10), expr: "May", typ: Date, value: "2031-05"},
	{text: "The August heat wave killed crops.", dct: day(2031, 10, 2), expr: "August", typ: Date, value: "2031-08"},
	{text: "She will arrive in March.", expr: "March", typ: Date, value: "2026-03"},
	{text: "Last spring the river flooded.", dct: day(2026, 8, 1), expr: "Last spring", typ: Date, value: "2026-SP"},
	{text: "It will open this summer.", dct: day(1998, 3, 22), expr: "this summer", typ: Date, value: "1998-SU"},
	{text: "the winter of 1994", expr: "the winter of 1994", typ: Date, value: "1994-WI"},
	{text: "Elian was found on Thanksgiving Day clinging to a tube.", dct: day(2000, 1, 7), expr: "Thanksgiving Day", typ: Date, value: "1999-11-25"},
	{text: "the shops close on Christmas Eve", dct: day(2025, 12, 1), expr: "Christmas Eve", typ: Date, value: "2025-12-24"},
	{text: "from now to Election Day", dct: day(1998, 10, 26), expr: "Election Day", typ: Date, value: "1998-11-03"},
	{text: "the 2009-2010 season", expr: "2009", typ: Date, value: "2009"},

	// Relative to the publication date; the tense picks the direction.
	{text: "He left yesterday.", expr: "yesterday", typ: Date, value: "2026-01-26"},
	{text: "She speaks today.", expr: "today", typ: Date, value: "2026-01-27"},
	{text: "He leaves tomorrow.", expr: "tomorrow", typ: Date, value: "2026-01-28"},
	{text: "The vote is tonight.", expr: "tonight", typ: Time, value: "2026-01-27TNI"},
	{text: "They met last week.", expr: "last week", typ: Date, value: "2026-W04"},
	{text: "They meet next week.", expr: "next week", typ: Date, value: "2026-W06"},
	{text: "They meet next month.", expr: "next month", typ: Date, value: "2026-02"},
	{text: "They met last month.", expr: "last month", typ: Date, value: "2025-12"},
	{text: "Sales rose this year.", expr: "this year", typ: Date, value: "2026"},
	{text: "Sales rose last year.", expr: "last year", typ: Date, value: "2025"},
	{text: "Sales will rise next year.", expr: "next year", typ: Date, value: "2027"},
	{text: "It opened two days ago.", expr: "two days ago", typ: Date, value: "2026-01-25"},
	{text: "It opened a year ago.", expr: "a year ago", typ: Date, value: "2025"},
	{text: "It closed three years earlier.", expr: "three years earlier", typ: Date, value: "2023"},
	{text: "The war began in 2010. Three years later it ended.", expr: "Three years later", typ: Date, value: "2013"},
	{text: "It opened three weeks ago.", expr: "three weeks ago", typ: Date, value: "2026-W02"},
	{text: "It opened six months ago.", expr: "six months ago", typ: Date, value: "2025-07"},
	{text: "It opened a decade ago.", expr: "a decade ago", typ: Date, value: "2016"},
	{text: "The talks began on Monday.", expr: "Monday", typ: Date, value: "2026-01-26"},
	{text: "The talks will begin on Monday.", expr: "Monday", typ: Date, value: "2026-02-02"},
	{text: "They met on Friday.", expr: "Friday", typ: Date, value: "2026-01-23"},
	{text: "They will meet on Friday.", expr: "Friday", typ: Date, value: "2026-01-30"},
	{text: "The team planned to leave on Thursday.", expr: "Thursday", typ: Date, value: "2026-01-29"},
	{text: "On Friday, when she set aside vacation plans for the trip, the ban was lifted.", dct: day(1998, 8, 17), expr: "Friday", typ: Date, value: "1998-08-14"},
	{text: "On Friday, for the hastily planned trip, officials lifted the ban.", dct: day(1998, 8, 17), expr: "Friday", typ: Date, value: "1998-08-14"},
	{text: "Qantas plans daily flights from Friday.", dct: day(1998, 2, 10), expr: "Friday", typ: Date, value: "1998-02-13"},
	{text: "The offensive began as previously planned Saturday night.", dct: day(1991, 2, 25), expr: "Saturday night", typ: Time, value: "1991-02-23TNI"},
	{text: "Qantas will double its flights by August in the search for markets untouched by the crisis.", dct: day(1998, 2, 13), expr: "August", typ: Date, value: "1998-08", mod: "ON_OR_BEFORE"},
	{text: "Police have been searching for him since shortly after the Oct. 23 slaying.", dct: day(1999, 5, 6), expr: "Oct. 23", typ: Date, value: "1998-10-23"},
	{text: "Hearings are set for the week of March 6.", dct: day(2000, 2, 24), expr: "the week of March 6", typ: Date, value: "2000-W10"},
	{text: "Crowds filled the churches during Easter week.", dct: day(2000, 4, 17), expr: "Easter week", typ: Date, value: "2000-W16"},
	{text: "Voters go to the polls this coming Sunday, March eighth.", dct: day(1998, 3, 5), expr: "this coming Sunday, March eighth", typ: Date, value: "1998-03-08"},
	{text: "Voters went to the polls this coming Sunday.", expr: "this coming Sunday", typ: Date, value: "2026-02-01"},
	{text: "The ceremony is on July twenty-first.", dct: day(2026, 6, 1), expr: "July twenty-first", typ: Date, value: "2026-07-21"},
	{text: "The day before last Tuesday's hearing, he went to the house.", dct: day(2000, 2, 24), expr: "The day before last Tuesday", typ: Date, value: "2000-02-21"},
	{text: "Shops reopen the day after Christmas.", dct: day(2025, 12, 1), expr: "the day after Christmas", typ: Date, value: "2025-12-26"},
	{text: "Stocks fell on Friday, Oct. 27, down 4.5% from the previous Friday.", dct: day(1989, 10, 30), expr: "the previous Friday", typ: Date, value: "1989-10-20"},
	{text: "He arrived on Jan. 6 and left the following Monday.", expr: "the following Monday", typ: Date, value: "2026-01-12"},
	{text: "The summit is on April 24 and 25.", dct: day(1999, 2, 10), expr: "25", typ: Date, value: "1999-04-25"},
	{text: "The summit is on April 24-25.", dct: day(1999, 2, 10), expr: "25", typ: Date, value: "1999-04-25"},
	{text: "Talks stalled early this week.", expr: "early this week", typ: Date, value: "2026-W05", mod: "START"},
	{text: "Protesters planned a rally on Saturday and were planning to drive around the airport.", dct: day(2000, 1, 7), expr: "Saturday", typ: Date, value: "2000-01-08"},
	{text: "The plant had been scheduled to close Friday.", dct: day(1989, 10, 30), expr: "Friday", typ: Date, value: "1989-10-27"},
	{text: "He spoke on Tuesday.", expr: "Tuesday", typ: Date, value: "2026-01-27"},
	{text: "They met last Friday.", expr: "last Friday", typ: Date, value: "2026-01-23"},
	{text: "They meet next Friday.", expr: "next Friday", typ: Date, value: "2026-01-30"},
	{text: "They met last Tuesday.", expr: "last Tuesday", typ: Date, value: "2026-01-20"},
	{text: "It closed last November.", expr: "last November", typ: Date, value: "2025-11"},
	{text: "It closes next March.", expr: "next March", typ: Date, value: "2026-03"},
	{text: "Officials said over the weekend that", expr: "the weekend", typ: Date, value: "2026-W04-WE"},
	{text: "They will rest this weekend.", expr: "this weekend", typ: Date, value: "2026-W05-WE"},
	{text: "Sales rose earlier this year.", expr: "earlier this year", typ: Date, value: "2026", mod: "START"},
	{text: "Sales rose earlier this month.", expr: "earlier this month", typ: Date, value: "2026-01", mod: "START"},
	{text: "It will open early next year.", expr: "early next year", typ: Date, value: "2027", mod: "START"},
	{text: "It fell late yesterday.", expr: "late yesterday", typ: Date, value: "2026-01-26", mod: "END"},
	{text: "the year-end figures", expr: "year-end", typ: Date, value: "2026", mod: "END"},
	{text: "The war began in 2010. The following year it spread.", expr: "The following year", typ: Date, value: "2011"},
	{text: "The war began in 2010. That year was hard.", expr: "That year", typ: Date, value: "2010"},
	{text: "They are now in talks.", expr: "now", typ: Date, value: "PRESENT_REF"},
	{text: "They currently hold 15%.", expr: "currently", typ: Date, value: "PRESENT_REF"},
	{text: "It stopped building because of current market conditions.", expr: "current", typ: Date, value: "PRESENT_REF"},
	{text: "He entered his current position in April.", expr: "current", typ: Date, value: "PRESENT_REF"},
	{text: "Kellogg's current share is believed to be higher.", expr: "current", typ: Date, value: "PRESENT_REF"},
	{text: "holders buy shares at half the then current market price", expr: "then current", typ: Date, value: "PAST_REF"},
	{text: "holders buy shares at half the then-current market price", expr: "then-current", typ: Date, value: "PAST_REF"},
	{text: "It recently opened.", expr: "recently", typ: Date, value: "PAST_REF"},
	{text: "He was formerly an envoy.", expr: "formerly", typ: Date, value: "PAST_REF"},
	{text: "It will soon close.", expr: "soon", typ: Date, value: "FUTURE_REF"},
	{text: "plans for the future", expr: "the future", typ: Date, value: "FUTURE_REF"},
	{text: "in the near future", expr: "the near future", typ: Date, value: "FUTURE_REF"},
	{text: "It has failed in the past.", expr: "the past", typ: Date, value: "PAST_REF"},
	{text: "growth in recent years", expr: "recent years", typ: Date, value: "PAST_REF"},
	{text: "It left several years ago.", expr: "several years ago", typ: Date, value: "PAST_REF"},
	{text: "these days it is quiet", expr: "these days", typ: Date, value: "PRESENT_REF"},
	{text: "He resigned days before the vote.", expr: "days before", typ: Date, value: "PAST_REF"},
	{text: "The talks will end weeks after the vote.", expr: "weeks after", typ: Date, value: "FUTURE_REF"},
	{text: "It closed years ago.", expr: "years ago", typ: Date, value: "PAST_REF"},
	{text: "Islam will one day be the second largest religion.", expr: "one day", typ: Date, value: "FUTURE_REF"},
	{text: "The strike lasted one day.", expr: "one day", typ: Duration, value: "P1D"},
	{text: "Talks collapsed a week or so ago.", dct: day(1991, 2, 25), expr: "a week or so ago", typ: Date, value: "1991-W08", mod: "APPROX"},

	// Financial reports: quarters by their place in the text.
	{text: "Profit rose in the third quarter. A year earlier it fell.", dct: day(1989, 10, 26), expr: "A year earlier", typ: Date, value: "1988-Q3"},
	{text: "Profit rose in the third quarter, up from $10 million a year ago.", dct: day(1989, 10, 26), expr: "a year ago", typ: Date, value: "1988-Q3"},
	{text: "Profit rose in the third quarter. Sales in the quarter fell.", dct: day(1989, 10, 26), expr: "the quarter", typ: Date, value: "1989-Q3"},
	{text: "Sales in the latest quarter fell.", dct: day(1989, 10, 26), expr: "the latest quarter", typ: Date, value: "1989-Q3"},
	{text: "The quake will mean a fourth-quarter charge. Profit fell in the latest quarter.", dct: day(1989, 11, 2), expr: "the latest quarter", typ: Date, value: "1989-Q3"},
	{text: "Ralston reported a decline in fourth-quarter earnings. Sales in the latest period rose.", dct: day(1989, 11, 2), expr: "the latest period", typ: Date, value: "1989-Q4"},
	{text: "It posted net for the fiscal second quarter. The latest period includes gains.", dct: day(1989, 10, 26), expr: "The latest period", typ: Date, value: "1989-Q2"},
	{text: "It earned C$4.7 million for the fiscal first quarter ended Sept. 30, against a loss a year earlier.", dct: day(1989, 10, 26), expr: "a year earlier", typ: Date, value: "1988-Q1"},
	{text: "For the six months ended Aug. 12, net fell from C$18.1 million a year earlier.", dct: day(1989, 10, 26), expr: "a year earlier", typ: Date, value: "1988-08-12"},
	{text: "The offer had been scheduled to expire at midnight Friday.", dct: day(1989, 10, 30), expr: "midnight Friday", typ: Time, value: "1989-10-27T24:00"},
	{text: "It had been due to expire Friday evening.", dct: day(1989, 10, 30), expr: "Friday evening", typ: Time, value: "1989-10-27TEV"},
	{text: "The offer is due to expire Friday.", dct: day(1989, 10, 30), expr: "Friday", typ: Date, value: "1989-11-03"},
	{text: "It lost $8.1 million for the third quarter, against net income for the corresponding period last year.", dct: day(1989, 11, 1), expr: "the corresponding period last year", typ: Date, value: "1988-Q3"},
	{text: "Sales fell in the third quarter. Sales for last year's quarter were $3 million.", dct: day(1989, 11, 1), expr: "last year's quarter", typ: Date, value: "1988-Q3"},
	{text: "Net rose in the second quarter from the same period a year earlier.", dct: day(1989, 11, 1), expr: "the same period a year earlier", typ: Date, value: "1988-Q2"},
	{text: "Sales for last year's period were lower.", dct: day(1989, 11, 1), expr: "last year", typ: Date, value: "1988"},
	{text: "compared with the year-earlier quarter", dct: day(1989, 10, 26), expr: "the year-earlier quarter", typ: Date, value: "1988-Q3"},
	{text: "in the third quarter, compared with a year-earlier loss", dct: day(1989, 10, 26), expr: "year-earlier", typ: Date, value: "1988-Q3"},
	{text: "Net rose this year's third quarter.", dct: day(1989, 10, 26), expr: "this year's third quarter", typ: Date, value: "1989-Q3"},
	{text: "the current quarter looks weak", dct: day(1989, 10, 26), expr: "the current quarter", typ: Date, value: "1989-Q4"},
	{text: "For the year ended Sept. 30, it earned", dct: day(1989, 10, 26), expr: "the year", typ: Duration, value: "P1Y"},
	{text: "Sales for the full year rose.", dct: day(1989, 10, 26), expr: "the full year", typ: Date, value: "1989"},

	// Durations.
	{text: "It lasted three years.", expr: "three years", typ: Duration, value: "P3Y"},
	{text: "It lasted a decade.", expr: "a decade", typ: Duration, value: "P10Y"},
	{text: "within 48 hours of the attack", expr: "48 hours", typ: Duration, value: "PT48H"},
	{text: "a two-year contract", expr: "two-year", typ: Duration, value: "P2Y"},
	{text: "a 30-year bond", expr: "30-year", typ: Duration, value: "P30Y"},
	{text: "the past two months were hard", expr: "the past two months", typ: Duration, value: "P2M"},
	{text: "in the next few days", expr: "the next few days", typ: Duration, value: "PXD"},
	{text: "for the first nine months", expr: "the first nine months", typ: Duration, value: "P9M"},
	{text: "for several years he ran", expr: "several years", typ: Duration, value: "PXY"},
	{text: "for twenty-four hours", expr: "twenty-four hours", typ: Duration, value: "PT24H"},
	{text: "it took more than four hours", expr: "more than four hours", typ: Duration, value: "PT4H", mod: "MORE_THAN"},
	{text: "it took nearly two years", expr: "nearly two years", typ: Duration, value: "P2Y", mod: "APPROX"},
	{text: "it took about a week", expr: "about a week", typ: Duration, value: "P1W", mod: "APPROX"},
	{text: "it took at least 30 days", expr: "at least 30 days", typ: Duration, value: "P30D", mod: "EQUAL_OR_MORE"},
	{text: "for up to 180 days", expr: "up to 180 days", typ: Duration, value: "P180D", mod: "EQUAL_OR_LESS"},
	{text: "for a couple of years", expr: "a couple of years", typ: Duration, value: "P2Y", mod: "APPROX"},
	{text: "five minutes", expr: "five minutes", typ: Duration, value: "PT5M"},
	{text: "over an hour", expr: "over an hour", typ: Duration, value: "PT1H", mod: "MORE_THAN"},
	{text: "He waited for years.", expr: "years", typ: Duration, value: "PXY"},
	{text: "in the coming weeks", expr: "the coming weeks", typ: Duration, value: "PXW"},
	{text: "over several days", expr: "over several days", typ: Duration, value: "PXD", mod: "MORE_THAN"},
	{text: "funds will sell in the weeks ahead", expr: "the weeks ahead", typ: Duration, value: "PXW"},
	{text: "two more weeks of talks", expr: "two more weeks", typ: Duration, value: "P2W"},
	{text: "for two decades", expr: "two decades", typ: Duration, value: "P20Y"},
	{text: "refugees lived in camps for 2 1/2 years.", expr: "2 1/2 years", typ: Duration, value: "P2Y6M"},
	{text: "a stop of 5 1/2 hours in Nairobi", expr: "5 1/2 hours", typ: Duration, value: "PT5H30M"},
	{text: "The clip runs a minute and a half.", expr: "a minute and a half", typ: Duration, value: "PT1M30S"},
	{text: "He served two and a half years.", expr: "two and a half years", typ: Duration, value: "P2Y6M"},
	{text: "The talks lasted an hour and a half.", expr: "an hour and a half", typ: Duration, value: "PT1H30M"},
	{text: "The strike lasted a day and a half.", expr: "a day and a half", typ: Duration, value: "P1DT12H"},
	{text: "for three and a half weeks", expr: "three and a half weeks", typ: Duration, value: "P3W"},

	// Sets.
	{text: "The paper is published daily.", expr: "daily", typ: Set, value: "P1D"},
	{text: "They meet every week.", expr: "every week", typ: Set, value: "P1W"},
	{text: "Revenue grows annually.", expr: "annually", typ: Set, value: "P1Y"},
	{text: "They meet each Thursday.", expr: "each Thursday", typ: Set, value: "XXXX-WXX-4"},
	{text: "They meet every other month.", expr: "every other month", typ: Set, value: "P2M"},
	{text: "They meet every three years.", expr: "every three years", typ: Set, value: "P3Y"},
	{text: "Shops close on Sundays.", expr: "Sundays", typ: Set, value: "XXXX-WXX-7"},
	{text: "They meet weekly.", expr: "weekly", typ: Set, value: "P1W"},
	{text: "Flights leave on Tuesday nights.", expr: "Tuesday nights", typ: Set, value: "XXXX-WXX-2TNI"},

	// Times.
	{text: "The vote is at 3 p.m.", expr: "3 p.m.", typ: Time, value: "2026-01-27T15:00"},
	{text: "It began at 10:35 a.m. EST.", expr: "10:35 a.m. EST", typ: Time, value: "2026-01-27T10:35-05"},
	{text: "The curfew starts at midnight.", expr: "midnight", typ: Time, value: "2026-01-27T24:00"},
	{text: "They met at noon yesterday.", expr: "noon yesterday", typ: Time, value: "2026-01-26T12:00"},
	{text: "They met Monday morning.", expr: "Monday morning", typ: Time, value: "2026-01-26TMO"},
	{text: "It rained this morning.", expr: "this morning", typ: Time, value: "2026-01-27TMO"},
	{text: "It rained last night.", expr: "last night", typ: Time, value: "2026-01-26TNI"},
	{text: "until 5 p.m. EST Nov. 9", dct: day(1989, 11, 2), expr: "5 p.m. EST Nov. 9", typ: Time, value: "1989-11-09T17:00-05"},
	{text: "at 9 a.m. Tuesday", expr: "9 a.m. Tuesday", typ: Time, value: "2026-01-27T09:00"},
	{text: "the meeting at 14:30 ended", expr: "14:30", typ: Time, value: "2026-01-27T14:30"},
	{text: "He left at 7 o'clock.", expr: "7 o'clock", typ: Time, value: "2026-01-27T07:00"},
	{text: "Buyers placed orders in the morning.", expr: "the morning", typ: Time, value: "2026-01-27TMO"},
	{text: "Shares fell on Jan. 20. In the afternoon they recovered.", expr: "the afternoon", typ: Time, value: "2026-01-20TAF"},
	{text: "He will leave at 4 in the morning.", expr: "4 in the morning", typ: Time, value: "2026-01-27T04:00"},
	{text: "The bombs went off on Friday, Aug. 7. The blast occurred at 10:35 a.m. near the embassy.", dct: day(1998, 8, 8), expr: "10:35 a.m.", typ: Time, value: "1998-08-07T10:35"},
	{text: "The blast occurred at 10:35 a.m. (0735 GMT) Friday.", dct: day(1998, 8, 8), expr: "10:35 a.m.", typ: Time, value: "1998-08-07T10:35"},
	{text: "He will travel Thursday. ''He will leave at 4 in the morning,'' Castro said.", dct: day(2000, 4, 5), expr: "4 in the morning", typ: Time, value: "2000-04-06T04:00"},
	{text: "Shares fell by mid-afternoon yesterday.", expr: "mid-afternoon yesterday", typ: Time, value: "2026-01-26TAF", mod: "MID"},
}

func TestFind(t *testing.T) {
	for _, tc := range findCases {
		t.Run(tc.text, func(t *testing.T) {
			dct := tc.dct
			if dct.IsZero() {
				dct = seedDCT
			}
			ms := Find(tc.text, dct)
			m, ok := mentionWithText(ms, tc.expr)
			if !ok {
				t.Fatalf("Find(%q) = %v, want a mention %q", tc.text, summary(ms), tc.expr)
			}
			if m.Type != tc.typ || m.Value != tc.value || m.Mod != tc.mod {
				t.Errorf("%q: got %s %s mod=%q, want %s %s mod=%q", tc.expr, m.Type, m.Value, m.Mod, tc.typ, tc.value, tc.mod)
			}
			if m.Precision != PrecisionOf(m.Value) {
				t.Errorf("%q: precision %q, value %s has %q", tc.expr, m.Precision, m.Value, PrecisionOf(m.Value))
			}
		})
	}
}

// falsePositives hold no temporal expression at all.
var falsePositives = []string{
	"You may go now if you like.",                      // "may" as a verb (and "now" is checked below)
	"Troops march on the capital.",                     // "march" as a verb
	"the may 5 deadline, they may say",                 // lower-case "may" is the verb, even before a number
	"Protesters March on the capital.",                 // capitalised verb in a headline
	"The March of Dimes raised funds.",                 // a name, not "the March vote"
	"Rain may fall the next day, they say.",            // no day named before: not guessed
	"Police found her 1994 Buick Regal.",               // a model year
	"He drove a 1995 Toyota pickup.",                   // a model year
	"The march on the capital began.",                  // the noun, lower case
	"The Sun reported the story first.",                // the newspaper
	"Mon Dieu, said the Sun.",                          // weekday abbreviations are never read
	"The Sunday Times ran the story.",                  // a newspaper named after a weekday
	"The order covers 2,500 guilds across the region.", // a number with a comma
	"He walked into No. 10 and shut the door.",         // an address
	"Boeing delivered the 787 to the airline.",         // a model number
	"The count stood at 4004 by noon-ish.",             // a four-digit number out of the year range
	"She came second in the race.",                     // an ordinal
	"He took a second look at it.",                     // "a second" is not an amount of time
	"The company paid $1,990 for the permit.",          // money
	"It cost $2025 in fees.",                           // money that looks like a year
	"Output rose 12% to 2019 percent levels.",          // percentages
	"The ruling affected 1500 troops.",                 // a count of things
	"Quarterly dividends were cut.",                    // an adjective of finance
	"Mark Spring led the team to victory.",             // a name
	"She read three-quarters of the report.",           // a fraction
	"It was a fall from grace.",                        // "fall" as a noun
	"The 52 years old chairman retired.",               // an age
	"said the Communist Party daily Granma.",           // "daily" the newspaper
	"The current account deficit widened.",             // "current" in accounting
	"The current of the river was strong.",             // "current" the noun
	"Swimmers fought a strong current and tides.",      // "current" the noun
}

func TestFalsePositives(t *testing.T) {
	for _, text := range falsePositives {
		ms := Find(text, seedDCT)
		for _, m := range ms {
			if m.Text == "now" || m.Text == "noon" {
				continue // genuine expressions inside the sentence
			}
			t.Errorf("Find(%q) found %q (%s %s), want nothing", text, m.Text, m.Type, m.Value)
		}
	}
}

// TestSeedArticle reads the seed article and checks the expressions the
// issue names.
func TestSeedArticle(t *testing.T) {
	text := readSeed(t)
	ms := Find(text, seedDCT)
	want := []struct{ expr, value string }{
		{"27 January", "2026-01-27"}, {"this week", "2026-W05"}, {"23 January", "2026-01-23"},
		{"last week", "2026-W04"}, {"December 2024", "2024-12"}, {"late 2025", "2025"},
		{"decade-long", "P10Y"}, {"Days before", "PAST_REF"},
	}
	for _, w := range want {
		m, ok := mentionWithText(ms, w.expr)
		if !ok || m.Value != w.value {
			t.Errorf("seed: %q = %+v (found %v), want value %s", w.expr, m, ok, w.value)
		}
	}
	for _, m := range ms {
		if text[m.Start:m.End] != m.Text {
			t.Errorf("offsets %d:%d do not give %q", m.Start, m.End, m.Text)
		}
	}
}

func TestFarPublicationDates(t *testing.T) {
	for _, dct := range []time.Time{day(30000, 1, 1), day(0, 1, 1), day(-5, 6, 1), {}} {
		for _, m := range Find("Yesterday, last week, in March, two years ago, 3 p.m. and in 1990.", dct) {
			if !ValidValue(m.Value) {
				t.Errorf("dct %v: %q has malformed value %q", dct, m.Text, m.Value)
			}
		}
	}
}

func TestOffsetsMultibyte(t *testing.T) {
	text := "Syria’s “transitional period” began on 23 January — a day after talks — and ended last week."
	ms := Find(text, seedDCT)
	if len(ms) < 2 {
		t.Fatalf("found %v", summary(ms))
	}
	for _, m := range ms {
		if text[m.Start:m.End] != m.Text {
			t.Errorf("text[%d:%d] = %q, want %q", m.Start, m.End, text[m.Start:m.End], m.Text)
		}
	}
}

func TestIntervalOrder(t *testing.T) {
	type iv struct{ value, mod string }
	// Each item starts no later than the next one.
	ordered := []iv{
		{"18", ""}, {"197", ""}, {"2025", ""}, {"2025-SU", ""}, {"2025", "END"}, {"2025-Q4", ""},
		{"2025-12", ""}, {"2026-W04", ""}, {"2026-01-23", ""}, {"2026-01-23T15:00", ""}, {"2026-W05", ""},
		{"2026-01-27", ""}, {"2026-01-27TNI", ""},
	}
	var prev time.Time
	for _, x := range ordered {
		start, end, ok := Interval(x.value, x.mod)
		if !ok {
			t.Fatalf("Interval(%q, %q) not ok", x.value, x.mod)
		}
		if !end.After(start) {
			t.Errorf("Interval(%q) = [%v, %v): empty", x.value, start, end)
		}
		if start.Before(prev) {
			t.Errorf("Interval(%q, %q) starts %v, before the previous item's %v", x.value, x.mod, start, prev)
		}
		prev = start
	}
}

func TestInterval(t *testing.T) {
	cases := []struct {
		value, mod string
		start, end time.Time
	}{
		{"2026-W04", "", day(2026, 1, 19), day(2026, 1, 26)},
		{"2026-W01", "", day(2025, 12, 29), day(2026, 1, 5)},
		{"2025-Q4", "", day(2025, 10, 1), day(2026, 1, 1)},
		{"2025", "", day(2025, 1, 1), day(2026, 1, 1)},
		{"2026-SU", "", day(2026, 6, 1), day(2026, 9, 1)},
		{"2026-WI", "", day(2025, 12, 1), day(2026, 3, 1)},
		{"199", "", day(1990, 1, 1), day(2000, 1, 1)},
		{"19", "", day(1900, 1, 1), day(2000, 1, 1)},
		{"2026-01-23", "", day(2026, 1, 23), day(2026, 1, 24)},
		{"2024-02", "", day(2024, 2, 1), day(2024, 3, 1)},
		{"2026-W04-WE", "", day(2026, 1, 24), day(2026, 1, 26)},
	}
	for _, c := range cases {
		start, end, ok := Interval(c.value, c.mod)
		if !ok || !start.Equal(c.start) || !end.Equal(c.end) {
			t.Errorf("Interval(%q, %q) = %v, %v, %v; want %v, %v", c.value, c.mod, start, end, ok, c.start, c.end)
		}
	}
	// "late 2025" is the last third of the year and lies inside it.
	start, end, ok := Interval("2025", "END")
	if !ok || start.Before(day(2025, 8, 1)) || start.After(day(2025, 10, 1)) || !end.Equal(day(2026, 1, 1)) {
		t.Errorf("Interval(2025, END) = %v, %v, %v", start, end, ok)
	}
	for _, v := range []string{"P3D", "PRESENT_REF", "1989-WXX", "XXXX-WXX-4", "", "2026-13", "2026-02-30", "2026-W54"} {
		if _, _, ok := Interval(v, ""); ok {
			t.Errorf("Interval(%q) ok, want not on the calendar", v)
		}
	}
}

func TestPrecisionOf(t *testing.T) {
	cases := map[string]Precision{
		"2026-01-23": PrecisionDay, "2026-W04": PrecisionWeek, "2026-W4": PrecisionWeek, "2026-01": PrecisionMonth,
		"2026-SU": PrecisionSeason, "2025-Q4": PrecisionQuarter, "2025": PrecisionYear, "199": PrecisionDecade,
		"19": PrecisionCentury, "2026-01-23T15:00": PrecisionTime, "2026-01-23TMO": PrecisionTime,
		"P3D": PrecisionNone, "PRESENT_REF": PrecisionNone, "1989-WXX": PrecisionNone, "XXXX-WXX-4": PrecisionNone,
	}
	for v, want := range cases {
		if got := PrecisionOf(v); got != want {
			t.Errorf("PrecisionOf(%q) = %q, want %q", v, got, want)
		}
	}
}

func TestDisplay(t *testing.T) {
	cases := []struct{ value, mod, want string }{
		{"2026-01-23", "", "23 Jan 2026"},
		{"2026-W04", "", "week of 19 Jan 2026"},
		{"2026-W01", "", "week of 29 Dec 2025"},
		{"2024-12", "", "Dec 2024"},
		{"2025", "END", "late 2025"},
		{"2025-Q4", "", "Q4 2025"},
		{"2026-SU", "", "summer 2026"},
		{"199", "", "the 1990s"},
		{"18", "", "the 19th century"},
		{"2026-01-23T15:00", "", "23 Jan 2026 15:00"},
		{"PRESENT_REF", "", "now"},
		{"P3D", "", "P3D"},
	}
	for _, c := range cases {
		if got := Display(c.value, c.mod); got != c.want {
			t.Errorf("Display(%q, %q) = %q, want %q", c.value, c.mod, got, c.want)
		}
	}
}

func TestValidValue(t *testing.T) {
	good := []string{"2026-01-23", "2026-W04", "2025-Q4", "2026-SU", "199", "19", "2026-01-23T15:00",
		"2026-01-23TNI", "PRESENT_REF", "P3D", "PT48H", "PXY", "P10Y", "XXXX-WXX-4", "XXXX-07", "XXXX-SU", "P2WE", "XXXX-WXX-2TNI",
		"P2Y6M", "PT5H30M", "PT1M30S", "P2DT12H"}
	bad := []string{"", "2026-1-23", "2026-W60", "P", "PT", "P0D", "P3Z", "XXXX-WXX-9", "2026-13", "20260123", "Q4",
		"P6M2Y", "PT30M5H", "P2Y2Y", "P2DT", "PT5H0M", "P2Y6", "PY6M"}
	for _, v := range good {
		if !ValidValue(v) {
			t.Errorf("ValidValue(%q) = false", v)
		}
	}
	for _, v := range bad {
		if ValidValue(v) {
			t.Errorf("ValidValue(%q) = true", v)
		}
	}
}

func mentionWithText(ms []Mention, text string) (Mention, bool) {
	for _, m := range ms {
		if m.Text == text {
			return m, true
		}
	}
	return Mention{}, false
}

func summary(ms []Mention) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(m.Text + "=" + m.Value + " ")
	}
	return b.String()
}

func TestTense(t *testing.T) {
	tests := []struct {
		sentence, want string
	}{
		{"It has a new screen and two cameras.", "present"},
		{"The phone is only 9.3 millimetres thick.", "present"},
		{"Jobs said the phones can be returned.", "past"},
		{"The company unveiled the phone.", "past"},
		{"The phone will ship in June.", "future"},
		{"A new phone, at last.", ""},
	}
	for _, tt := range tests {
		if got := Tense(tt.sentence); got != tt.want {
			t.Errorf("Tense(%q) = %q, want %q", tt.sentence, got, tt.want)
		}
	}
}
