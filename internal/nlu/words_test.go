package nlu

import (
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
)

// regexpWords is the earlier, regular-expression normaliser, with the texting
// short forms read after it: words must say the same as it did.
func regexpWords(text string) []string {
	contractions := []struct {
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
		{regexp.MustCompile(`\b(\d+)(wks?|weeks?|days?|mos?|months?|hrs?|hours?)\b`), "$1 $2"},
		{regexp.MustCompile(`\b(have|has|is|are|was|were|do|does|did|could|would|should|had|must|need)nt\b`), "$1 not"},
		{regexp.MustCompile(`\bcant\b`), "can not"},
		{regexp.MustCompile(`\bwont\b`), "will not"},
		{regexp.MustCompile(`\bim\b`), "i am"},
		{regexp.MustCompile(`\bive\b`), "i have"},
	}
	t := strings.ToLower(strings.ToValidUTF8(text, " "))
	t = strings.NewReplacer("’", "'", "‘", "'", "`", "'").Replace(t)
	for _, c := range contractions {
		t = c.re.ReplaceAllString(t, c.to)
	}
	var out []string
	for _, f := range strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if ws, ok := texting[f]; ok {
			out = append(out, ws...)
			continue
		}
		out = append(out, f)
	}
	return out
}

func TestWordsAsBefore(t *testing.T) {
	var lines []string
	for _, f := range []string{"../../intents/testdata/redflag-dev.yaml", "../../intents/testdata/redflag-dev2.yaml", "../../intents/testdata/heldout.yaml"} {
		for _, it := range loadCorpus(t, f) {
			lines = append(lines, it.Text)
		}
	}
	lines = append(lines, "I can't, won't; she's 6wk old & he's 3days", "my baby's nappy", "mums' group", "o'clock",
		"isnt it, dont, im ok, ive got", "WON’T wake", "\xff bad", "it'll be fine, they'd go, we're here", "'quoted'")
	for _, l := range lines {
		assert.Equal(t, regexpWords(l), words(l), "%q", l)
	}
}
