package nlu

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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

// words lower-cases text, expands contractions ("won't" is "will not",
// "she's" is "she is", "baby's" is "baby"; typed without the apostrophe too:
// "cant", "dont", "im"), parts a number from its unit ("6wk" is "6 wk") and
// splits it into words of letters and digits. It works word by word, without
// regular expressions: it runs on every utterance, twice as often as anything
// else in a parse.
func words(text string) []string {
	out := make([]string, 0, 16)
	start := -1
	t := strings.ToLower(strings.ToValidUTF8(text, " "))
	flush := func(end int) {
		if start >= 0 {
			out = expand(out, t[start:end])
			start = -1
		}
	}
	for i, r := range t {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '‘' || r == '`' {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(t))
	return out
}

// whole-word contractions.
var contracted = map[string][]string{
	"won't": {"will", "not"}, "can't": {"can", "not"}, "cannot": {"can", "not"}, "shan't": {"shall", "not"},
	"ain't": {"is", "not"}, "cant": {"can", "not"}, "wont": {"will", "not"}, "im": {"i", "am"}, "ive": {"i", "have"},
}

// texting are the short forms of text messages, so that "ma baby cnt
// breathe n shes gone blue" reads as it is meant ("ma" is "my", "da" "the",
// "n" "and"). Only forms with one everyday reading are listed.
var texting = map[string][]string{
	"cnt": {"can", "not"}, "carnt": {"can", "not"}, "dnt": {"do", "not"},
	"n": {"and"}, "u": {"you"}, "ur": {"your"}, "r": {"are"}, "ma": {"my"}, "mi": {"my"}, "da": {"the"}, "dat": {"that"},
	"dis": {"this"}, "dem": {"them"}, "wen": {"when"}, "wat": {"what"}, "wot": {"what"}, "cos": {"because"},
	"coz": {"because"}, "cuz": {"because"}, "bc": {"because"}, "bout": {"about"}, "abt": {"about"}, "rly": {"really"},
	"realy": {"really"}, "v": {"very"}, "hav": {"have"}, "av": {"have"}, "sum1": {"someone"}, "some1": {"someone"},
	"no1": {"no", "one"}, "any1": {"anyone"}, "every1": {"everyone"}, "fr": {"for"}, "gna": {"going", "to"},
	"gonna": {"going", "to"}, "gunna": {"going", "to"}, "wanna": {"want", "to"}, "thru": {"through"}, "tho": {"though"},
	"b4": {"before"}, "2day": {"today"}, "2nite": {"tonight"}, "tonite": {"tonight"}, "nite": {"night"}, "wiv": {"with"},
	"wid": {"with"}, "jus": {"just"}, "sumtimes": {"sometimes"}, "sumthin": {"something"}, "sumthing": {"something"},
	"nothin": {"nothing"}, "evrythin": {"everything"}, "evrything": {"everything"}, "ppl": {"people"}, "pls": {"please"},
	"plz": {"please"}, "sez": {"says"}, "sed": {"said"}, "shud": {"should"}, "wud": {"would"}, "cud": {"could"},
	"hes": {"he", "is"}, "shes": {"she", "is"}, "thats": {"that", "is"}, "whats": {"what", "is"}, "youre": {"you", "are"},
	"idk": {"i", "do", "not", "know"}, "lil": {"little"}, "bby": {"baby"}, "bbys": {"baby"},
}

// "...nt" without the apostrophe is "... not" after these words only ("want" is not "wa not").
var ntStems = map[string]bool{"have": true, "has": true, "is": true, "are": true, "was": true, "were": true, "do": true,
	"does": true, "did": true, "could": true, "would": true, "should": true, "had": true, "must": true, "need": true}

// subjects whose 's is "is" ("she's" is "she is"); any other 's is dropped.
var isSubjects = map[string]bool{"he": true, "she": true, "it": true, "that": true, "there": true, "what": true,
	"who": true, "where": true, "how": true, "here": true}

// unitSuffixes may be written on to a number ("6wk", "3days").
var unitSuffixes = map[string]bool{"wk": true, "wks": true, "week": true, "weeks": true, "day": true, "days": true,
	"mo": true, "mos": true, "month": true, "months": true, "hr": true, "hrs": true, "hour": true, "hours": true}

var suffixes = []struct{ end, word string }{{"n't", "not"}, {"'re", "are"}, {"'m", "am"}, {"'ll", "will"}, {"'ve", "have"}, {"'d", "would"}}

// expand appends the words of one token (letters, digits and apostrophes).
func expand(out []string, tok string) []string {
	if strings.ContainsAny(tok, "’‘`") {
		tok = strings.NewReplacer("’", "'", "‘", "'", "`", "'").Replace(tok)
	}
	if ws, ok := contracted[tok]; ok {
		return append(out, ws...)
	}
	if ws, ok := texting[tok]; ok {
		return append(out, ws...)
	}
	for _, s := range suffixes {
		if head, ok := strings.CutSuffix(tok, s.end); ok && head != "" && !strings.HasSuffix(head, "'") {
			return append(split(out, head), s.word)
		}
	}
	if head, ok := strings.CutSuffix(tok, "'s"); ok && head != "" {
		out = split(out, head)
		if isSubjects[head] {
			out = append(out, "is")
		}
		return out
	}
	if head, ok := strings.CutSuffix(tok, "nt"); ok && ntStems[head] {
		return append(out, head, "not")
	}
	if i := strings.IndexFunc(tok, func(r rune) bool { return !unicode.IsDigit(r) }); i > 0 && unitSuffixes[tok[i:]] {
		return append(out, tok[:i], tok[i:])
	}
	return split(out, tok)
}

// split appends the parts of tok between apostrophes.
func split(out []string, tok string) []string {
	if !strings.Contains(tok, "'") {
		return append(out, tok)
	}
	for _, p := range strings.Split(tok, "'") {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
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
	return n.from(words(text), useLexicon)
}

// both returns canon and plain words of text, reading it once.
func (n *normaliser) both(text string) (canon, plain []string) {
	in := words(text)
	return n.from(in, true), n.from(in, false)
}

// from turns the words of an utterance into canonical words: number words as
// digits and, when useLexicon, the lexicon applied.
func (n *normaliser) from(in []string, useLexicon bool) []string {
	out := make([]string, 0, len(in))
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
	return snowball(w)
}

// stemCache remembers stems: the Snowball stemmer is a large share of a
// parse, and parents use the same few thousand words. It stops growing at
// maxStemCache words, so odd input cannot fill the memory.
var (
	stemCache  sync.Map
	stemCached atomic.Int64
)

const maxStemCache = 50_000

// snowball returns the English Snowball stem of w, from the cache when it can.
func snowball(w string) string {
	if v, ok := stemCache.Load(w); ok {
		return v.(string)
	}
	s := english.Stem(w, false)
	if stemCached.Load() < maxStemCache {
		if _, loaded := stemCache.LoadOrStore(w, s); !loaded {
			stemCached.Add(1)
		}
	}
	return s
}

// exactStems stems words but keeps numbers as they are ("6 weeks" is not "12 weeks").
func exactStems(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = snowball(w)
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
