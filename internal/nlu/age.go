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

// findAge finds a baby's age in canonical words ("3 day old", "six weeks",
// "a month", "a fortnight", "newborn" is not an age). It returns the age and the
// word span [start, end) it came from.
func findAge(ws []string) (Age, int, int, bool) {
	for i, w := range ws {
		u, ok := units[w]
		if !ok {
			continue
		}
		start, n := i, 1
		// "2 and a half weeks": the whole number counts, the half is kept below.
		if i >= 4 && ws[i-1] == "half" && ws[i-2] == "a" && ws[i-3] == "and" {
			if v, err := strconv.Atoi(ws[i-4]); err == nil {
				end := i + 1
				if end < len(ws) && ws[end] == "old" {
					end++
				}
				if u == "fortnight" {
					return Age{Number: 2 * v, Unit: "week"}, i - 4, end, true
				}
				return Age{Number: v, Unit: u}, i - 4, end, true
			}
		}
		if i > 0 {
			if v, err := strconv.Atoi(ws[i-1]); err == nil {
				start, n = i-1, v
			} else if ws[i-1] == "a" || ws[i-1] == "an" || ws[i-1] == "one" {
				start = i - 1
			} else if u != "fortnight" {
				continue
			}
		} else if u != "fortnight" {
			continue
		}
		end := i + 1
		if end < len(ws) && ws[end] == "old" {
			end++
		}
		if u == "fortnight" {
			return Age{Number: 2 * n, Unit: "week"}, start, end, true
		}
		return Age{Number: n, Unit: u}, start, end, true
	}
	return Age{}, 0, 0, false
}
