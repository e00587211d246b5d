package nlu

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"
)

// normaliser turns text into comparable tokens.
type normaliser struct {
	single map[string]string   // one-word lexicon entries
	multi  map[string][]string // first word -> phrases (space-joined) starting with it
	lex    map[string]string
}

func newNormaliser(lexicon map[string]string) *normaliser {
	n := &normaliser{single: map[string]string{}, multi: map[string][]string{}, lex: map[string]string{}}
	for k, v := range lexicon {
		k = strings.Join(words(strings.ToLower(k)), " ")
		v = strings.ToLower(v)
		n.lex[k] = v
		if f := strings.Fields(k); len(f) == 1 {
			n.single[k] = v
		} else if len(f) > 1 {
			n.multi[f[0]] = append(n.multi[f[0]], k)
		}
	}
	return n
}

var contractions = []struct {
	re *regexp.Regexp
	to string
}{
	{regexp.MustCompile(`\bwon't\b`), "will not"},
	{regexp.MustCompile(`\bcan't\b`), "can not"},
	{regexp.MustCompile(`\bcannot\b`), "can not"},
	{regexp.MustCompile(`\bshan't\b`), "shall not"},
	{regexp.MustCompile(`\bain't\b`), "is not"},
	{regexp.MustCompile(`n't\b`), " not"},
	{regexp.MustCompile(`'re\b`), " are"},
	{regexp.MustCompile(`'m\b`), " am"},
	{regexp.MustCompile(`'ll\b`), " will"},
	{regexp.MustCompile(`'ve\b`), " have"},
	{regexp.MustCompile(`'d\b`), " would"},
	{regexp.MustCompile(`\b(he|she|it|that|there|what|who|where|how|here)'s\b`), "$1 is"},
	{regexp.MustCompile(`'s\b`), ""},
	// "6wk old", "3days": the number and its unit apart
	{regexp.MustCompile(`\b(\d+)(wks?|weeks?|days?|mos?|months?|hrs?|hours?)\b`), "$1 $2"},
	// typed without the apostrophe
	{regexp.MustCompile(`\b(have|has|is|are|was|were|do|does|did|could|would|should|had|must|need)nt\b`), "$1 not"},
	{regexp.MustCompile(`\bcant\b`), "can not"},
	{regexp.MustCompile(`\bwont\b`), "will not"},
	{regexp.MustCompile(`\bim\b`), "i am"},
	{regexp.MustCompile(`\bive\b`), "i have"},
}

// words lower-cases text, expands contractions and splits it into words of
// letters and digits.
func words(text string) []string {
	t := strings.ToLower(strings.ToValidUTF8(text, " "))
	t = strings.NewReplacer("’", "'", "‘", "'", "`", "'").Replace(t)
	for _, c := range contractions {
		t = c.re.ReplaceAllString(t, c.to)
	}
	return strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// numberWords maps number words to digits.
var numberWords = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
	"sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
	"forty": 40, "fifty": 50, "sixty": 60,
}

// canon returns the words of text after contractions, the lexicon and number
// words ("six" becomes "6"; "twenty one" becomes "21").
func (n *normaliser) canon(text string) []string { return n.canonWith(text, true) }

// plain returns the words of text after contractions and number words only: the
// red-flag rules are written in parents' own words and must not be rewritten by
// the lexicon ("newborn" must stay "newborn").
func (n *normaliser) plain(text string) []string { return n.canonWith(text, false) }

func (n *normaliser) canonWith(text string, useLexicon bool) []string {
	in := words(text)
	var out []string
	for i := 0; i < len(in); i++ {
		w := in[i]
		if phrases := n.multi[w]; useLexicon && len(phrases) > 0 {
			matched := false
			for _, p := range phrases {
				pf := strings.Fields(p)
				if i+len(pf) <= len(in) && strings.Join(in[i:i+len(pf)], " ") == p {
					out = append(out, strings.Fields(n.lex[p])...)
					i += len(pf) - 1
					matched = true
					break
				}
			}
			if matched {
				continue
			}
		}
		if v, ok := n.single[w]; ok && useLexicon {
			out = append(out, strings.Fields(v)...)
			continue
		}
		if v, ok := numberWords[w]; ok {
			if v >= 20 && i+1 < len(in) {
				if u, ok := numberWords[in[i+1]]; ok && u < 10 {
					v += u
					i++
				}
			}
			out = append(out, strconv.Itoa(v))
			continue
		}
		out = append(out, w)
	}
	return out
}

// stem reduces a word to its stem; digits become the token "num" so "3" and
// "three" and "12" all look alike to the scorer.
func stem(w string) string {
	if _, err := strconv.Atoi(w); err == nil {
		return "num"
	}
	return english.Stem(w, false)
}

// exactStems stems words but keeps numbers as they are ("6 weeks" is not "12 weeks").
func exactStems(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = english.Stem(w, false)
	}
	return out
}

func stems(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = stem(w)
	}
	return out
}
