package redflag

import (
	"strconv"
	"strings"

	"github.com/feedingfriend/skill/internal/lazyre"
)

// Facts are qualifiers read from an utterance. Zero or negative values mean
// "not said".
type Facts struct {
	// AgeDays is the baby's age in days, -1 when not said.
	AgeDays int
	// TempC is the highest body temperature said, in degrees Celsius (0 when none).
	TempC float64
	// Hours is the longest time span said ("for 10 hours", "since 6am and
	// it's 5pm", "all day"), in hours (0 when none).
	Hours float64
}

// Unknown is Facts with nothing said.
var Unknown = Facts{AgeDays: -1}

var (
	// 38, 38.5, 38,5, "38 point 5", 101f, 39°c; a temperature needs a context
	// word or a decimal or a unit so "38 weeks" is not a fever.
	tempRE = lazyre.New(`(?i)\b(\d{2,3})(?:\s*(?:\.|,|point)\s*(\d))?\s*(°|º|degrees?|deg|c\b|f\b|celsius|centigrade|fahrenheit)?`)
	// a temperature context within a few words
	tempCtxRE = lazyre.New(`(?i)\b(temp|temps|temperature|temperatures|fever|feverish|thermometer|degrees|reading|read|burning|hot)\b`)
	hoursRE   = lazyre.New(`(?i)\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|twenty|twenty four)\s*(?:\+\s*)?(hours?|hrs?|h)\b`)
	clockRE   = lazyre.New(`(?i)\b(?:(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|this morning|in the morning|at night|tonight|this evening|in the evening|this afternoon|in the afternoon)|(midday|noon|midnight)|(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*o'?\s?clock)`)
	dayLongRE = lazyre.New(`(?i)\b(since [a-z0-9 ]{0,24}(?:yesterday|this morning|last night|lunchtime|lunch|breakfast)|since (?:lunch|lunchtime|breakfast|teatime|dinner|tea)\b|all day|whole day|since yesterday|since last night|since this morning|since breakfast|since lunch|overnight|all night|all morning|all afternoon|since the morning|since early morning|a whole day|a full day|the entire day|a day and a half|over a day|more than a day)\b`)
)

// tempWords turns temperatures said in words into digits ("thirty eight point
// five" is "38 point 5").
var tempWords = strings.NewReplacer(
	"thirty five", "35", "thirty six", "36", "thirty seven", "37", "thirty eight", "38", "thirty nine", "39",
	"forty one", "41", "forty two", "42", "forty", "40",
	"a hundred and one", "101", "a hundred and two", "102", "a hundred and three", "103", "a hundred and four", "104",
	"one hundred and one", "101", "one hundred and two", "102", "one hundred and three", "103", "one hundred and four", "104",
	"point one", "point 1", "point two", "point 2", "point three", "point 3", "point four", "point 4",
	"point five", "point 5", "point six", "point 6", "point seven", "point 7", "point eight", "point 8", "point nine", "point 9")

var hourWords = map[string]float64{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18, "twenty": 20, "twenty four": 24}

// ReadFacts reads the temperature and time span said in text. The baby's age
// is the caller's (it is found with the rest of the language understanding);
// pass -1 when unknown.
func ReadFacts(text string, ageDays int) Facts {
	f := Facts{AgeDays: ageDays, TempC: Temperature(text), Hours: Hours(text)}
	return f
}

// Temperature returns the highest plausible body temperature said in text, in
// Celsius, or 0. Fahrenheit (96 to 108) is converted.
func Temperature(text string) float64 {
	text = strings.ToLower(text)
	if !strings.ContainsAny(text, "0123456789") && !strings.Contains(text, "thirty") && !strings.Contains(text, "forty") && !strings.Contains(text, "hundred") {
		return 0
	}
	text = tempWords.Replace(text)
	best := 0.0
	for _, m := range tempRE().FindAllStringSubmatchIndex(text, -1) {
		whole, _ := strconv.Atoi(text[m[2]:m[3]])
		v := float64(whole)
		hasDec := m[4] >= 0
		if hasDec {
			d, _ := strconv.Atoi(text[m[4]:m[5]])
			v += float64(d) / 10
		}
		unit := ""
		if m[6] >= 0 {
			unit = strings.ToLower(text[m[6]:m[7]])
		}
		if unit == "" && countsSomethingElse(text[m[1]:]) {
			continue // "36 ml", "37 weeks", "38 minutes"
		}
		// context: a temperature word within 40 characters either side
		lo, hi := max(0, m[0]-40), min(len(text), m[1]+40)
		ctx := tempCtxRE().MatchString(text[lo:hi])
		isF := strings.HasPrefix(unit, "f")
		switch {
		case isF || (v >= 96 && v <= 108 && (ctx || unit != "")):
			if v < 96 || v > 108 {
				continue
			}
			v = (v - 32) * 5 / 9
		case v >= 35 && v <= 43:
			if !(ctx || hasDec || unit != "") {
				continue
			}
			if unit == "c" || unit == "" || strings.HasPrefix(unit, "c") || strings.HasPrefix(unit, "deg") || unit == "°" || unit == "º" {
				break
			}
		default:
			continue
		}
		if v > best {
			best = v
		}
	}
	return best
}

// Hours returns the longest time span said in text, in hours, or 0.
func Hours(text string) float64 {
	if !mayHaveHours(text) {
		return 0
	}
	best := 0.0
	for _, m := range hoursRE().FindAllStringSubmatch(text, -1) {
		n, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			n = hourWords[strings.ToLower(m[1])]
		}
		best = max(best, n)
	}
	if dayLongRE().MatchString(text) {
		best = max(best, 12)
	}
	// "since 6am ... it's 5pm": the span between the first and last clock times.
	if cs := clockRE().FindAllStringSubmatch(text, -1); len(cs) >= 2 {
		first, last := clock(cs[0]), clock(cs[len(cs)-1])
		d := last - first
		if cs[len(cs)-1][5] != "" { // "four o'clock": morning or afternoon, whichever comes next
			for d < 0 {
				d += 12
			}
		} else if d < 0 {
			d += 24
		}
		best = max(best, d)
	}
	return best
}

func clock(m []string) float64 {
	switch strings.ToLower(m[4]) {
	case "midday", "noon":
		return 12
	case "midnight":
		return 0
	}
	hour := m[1]
	if m[5] != "" {
		hour = m[5]
	}
	h, err := strconv.Atoi(hour)
	if err != nil {
		h = int(hourWords[strings.ToLower(hour)])
	}
	mins, _ := strconv.Atoi(m[2])
	h %= 12
	switch suffix := strings.ToLower(m[3]); {
	case strings.HasPrefix(suffix, "p"), strings.Contains(suffix, "night"), strings.Contains(suffix, "evening"),
		strings.Contains(suffix, "afternoon"):
		h += 12
	}
	return float64(h) + float64(mins)/60
}

// hourClues are words without which no time span can be read.
var hourClues = []string{"hour", "hr", "day", "night", "morning", "since", "noon", "clock", "evening", "lunch", "breakfast", "tea", "dinner", "yesterday"}

// mayHaveHours reports cheaply whether text could say a time span.
func mayHaveHours(text string) bool {
	if strings.ContainsAny(text, "0123456789") {
		return true
	}
	t := strings.ToLower(text)
	for _, c := range hourClues {
		if strings.Contains(t, c) {
			return true
		}
	}
	return false
}

// otherUnits follow numbers that are not temperatures.
var otherUnits = []string{"ml", "oz", "ounce", "week", "wk", "day", "hour", "hr", "kg", "lb", "pound", "g ", "gram",
	"minute", "min", "month", "percent", "%", "times", "feed", "nappies", "wet", "pm", "am", "o'clock", "year"}

// countsSomethingElse reports whether the words after a number say what it
// counts, other than degrees.
func countsSomethingElse(after string) bool {
	a := strings.TrimLeft(strings.ToLower(after), " ")
	for _, u := range otherUnits {
		if strings.HasPrefix(a, u) {
			return true
		}
	}
	return false
}
