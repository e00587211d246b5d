package nlu

import (
	"strconv"
)

// Age is a baby's age as heard: a number and a unit (day, week or month).
type Age struct {
	Number int
	Unit   string
}

// Days converts the age to days (a month counts as 30 days).
func (a Age) Days() int {
	switch a.Unit {
	case "week":
		return a.Number * 7
	case "month":
		return a.Number * 30
	}
	return a.Number
}

var units = map[string]string{"day": "day", "days": "day", "week": "week", "weeks": "week", "wk": "week", "wks": "week",
	"month": "month", "months": "month", "fortnight": "fortnight", "fortnights": "fortnight"}

// ageSofteners may stand between the word that leads a quantity and the
// quantity itself without changing what it is ("she is about 6 weeks", "for
// nearly 3 days").
var ageSofteners = map[string]bool{"about": true, "around": true, "nearly": true, "almost": true, "just": true, "only": true,
	"roughly": true, "exactly": true, "approximately": true, "barely": true, "over": true, "under": true, "like": true,
	"maybe": true, "probably": true, "now": true, "still": true, "already": true}

// durationLeads are the words that make the quantity after them a length of
// time or a moment ("for 3 days", "in 2 weeks", "every 3 days", "the last 3
// days", "it has been 3 days", "up to 6 months"), never the baby's age.
var durationLeads = map[string]bool{"for": true, "in": true, "within": true, "every": true, "each": true, "per": true,
	"last": true, "past": true, "next": true, "first": true, "since": true, "after": true, "before": true, "until": true,
	"till": true, "til": true, "by": true, "from": true, "during": true, "been": true, "took": true, "take": true, "takes": true,
	"taken": true, "taking": true, "lasted": true, "lasts": true, "spent": true, "wait": true, "waited": true,
	"another": true, "extra": true, "once": true, "twice": true, "times": true, "to": true, "between": true, "than": true,
	"whole": true, "all": true, "the": true, "those": true, "these": true, "this": true, "that": true}

// durationTails are the words that make the quantity before them a length of
// time or a moment ("3 days without a poo", "2 weeks early", "6 weeks
// pregnant"); "ago" is a moment unless "born" comes before it.
var durationTails = map[string]bool{"without": true, "since": true, "straight": true, "running": true, "later": true,
	"after": true, "before": true, "early": true, "earlier": true, "premature": true, "prem": true, "preemie": true,
	"late": true, "overdue": true, "pregnant": true, "gestation": true, "until": true, "till": true, "left": true,
	"long": true, "back": true, "away": true, "off": true, "apart": true, "solid": true, "each": true, "every": true}

// ageLeads make an article quantity ("a week", "a month") an age: "she is a
// week", "he turned a month". A number needs no lead.
var ageLeads = map[string]bool{"is": true, "are": true, "was": true, "am": true, "turned": true, "turns": true, "turning": true,
	"be": true, "at": true, "aged": true}

// findAge finds a baby's age in canonical words ("3 day old", "six weeks",
// "she is a month old", "born 3 days ago"). A length of time or a moment is
// not an age: "for 3 days", "in 2 weeks", "every 3 days", "the last 3 days",
// "3 days ago", "3 times a day", "born 3 weeks early" are passed over. It
// returns the first age and the word span [start, end) it came from.
func findAge(ws []string) (Age, int, int, bool) {
	for i, w := range ws {
		u, ok := units[w]
		if !ok {
			continue
		}
		age, start, article, ok := quantity(ws, i, u)
		if !ok {
			continue
		}
		end := i + 1
		if end < len(ws) && ws[end] == "old" {
			end++
			return age, start, end, true // "3 days old", "a week old": always an age
		}
		if isDuration(ws, start, end, article) {
			continue
		}
		if end < len(ws) && ws[end] == "ago" {
			end++ // "born 3 days ago"
		}
		return age, start, end, true
	}
	return Age{}, 0, 0, false
}

// quantity reads the number before the unit at i: "3 days", "2 and a half
// weeks" (the whole number counts), "a week", "a fortnight" or a bare
// "fortnight". article is true when it was "a", "an" or nothing.
func quantity(ws []string, i int, u string) (age Age, start int, article bool, ok bool) {
	n := 1
	switch {
	case i >= 4 && ws[i-1] == "half" && ws[i-2] == "a" && ws[i-3] == "and":
		v, err := strconv.Atoi(ws[i-4])
		if err != nil {
			return Age{}, 0, false, false
		}
		n, start = v, i-4
	case i > 0 && isNumber(ws[i-1]):
		n, _ = strconv.Atoi(ws[i-1])
		start = i - 1
	case i > 0 && (ws[i-1] == "a" || ws[i-1] == "an" || ws[i-1] == "one"):
		start, article = i-1, true
	case u == "fortnight":
		start, article = i, true
	default:
		return Age{}, 0, false, false
	}
	if u == "fortnight" {
		return Age{Number: 2 * n, Unit: "week"}, start, article, true
	}
	return Age{Number: n, Unit: u}, start, article, true
}

func isNumber(w string) bool {
	_, err := strconv.Atoi(w)
	return err == nil
}

// isDuration reports whether the quantity ws[start:end] is a length of time or a
// moment rather than the baby's age.
func isDuration(ws []string, start, end int, article bool) bool {
	if end < len(ws) {
		switch next, after := ws[end], ws[end+1:]; {
		case next == "ago":
			// "born 3 days ago" is an age; "3 days ago" is a moment.
			return !bornBefore(ws, start)
		case durationTails[next]:
			return true
		case next == "of":
			// "6 weeks of age" is an age; "3 days of no poo" is not.
			return len(after) == 0 || after[0] != "age"
		case next == "in" && len(after) >= 2 && after[0] == "a" && after[1] == "row":
			return true // "3 days in a row"
		}
	}
	lead, at := leadWord(ws, start)
	switch {
	case lead == "":
		return false // "6 weeks", "a fortnight": the whole answer
	case lead == "to" && at > 0 && ws[at-1] == "close":
		return false // "close to 6 weeks" is an age; "up to 6 weeks" is not
	case durationLeads[lead]:
		return true
	case article:
		// "a day" after anything but a verb of being ("3 times a day",
		// "how many nappies a day"): not an age.
		return !ageLeads[lead] && !bornBefore(ws, start)
	}
	return false
}

// leadWord returns the word before the quantity at start, softeners skipped,
// and its index ("", -1 at the start of the words).
func leadWord(ws []string, start int) (string, int) {
	for j := start - 1; j >= 0; j-- {
		if !ageSofteners[ws[j]] {
			return ws[j], j
		}
	}
	return "", -1
}

// bornBefore reports whether "born" comes shortly before start ("she was born
// 3 days ago", "born about a week ago").
func bornBefore(ws []string, start int) bool {
	for j := start - 1; j >= 0 && j >= start-3; j-- {
		if ws[j] == "born" {
			return true
		}
	}
	return false
}
