package content

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// fillByPattern is Fill as placeholderRE says it: the definition that
// filler.fill scans for instead of running the pattern.
func fillByPattern(sp Signposts, text string) string {
	v := sp.values()
	return placeholderRE().ReplaceAllStringFunc(text, func(m string) string {
		if r, ok := v[placeholderRE().FindStringSubmatch(m)[1]]; ok {
			return r
		}
		return m
	})
}

func TestFillIsThePattern(t *testing.T) {
	sp, err := NationSignposts("scotland")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, text, want string }{
		{"none", "Call your GP.", "Call your GP."},
		{"one", "Call {{urgent}}.", "Call NHS 24 on 111."},
		{"spaces", "Call {{ urgent_number }} or {{\turgent\n}}.", "Call 111 or NHS 24 on 111."},
		{"unknown", "{{nope}} and {{urgent}}", "{{nope}} and NHS 24 on 111"},
		{"three braces", "{{{urgent}}}", "{NHS 24 on 111}"},
		{"unclosed", "{{urgent} then {{urgent}}", "{{urgent} then NHS 24 on 111"},
		{"capital", "{{Urgent}}", "{{Urgent}}"},
		{"empty", "{{}} {{ }}", "{{}} {{ }}"},
		{"at the end", "call {{", "call {{"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, sp.Fill(tc.text))
			assert.Equal(t, fillByPattern(sp, tc.text), sp.Fill(tc.text))
		})
	}
	// Texts made of the pieces the pattern cares about, at random.
	pieces := []string{"{", "}", "{{", "}}", " ", "\t", "\n", "a", "_", "urgent", "helpline_number", "Z", "9", "é"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		text := b.String()
		if got, want := sp.Fill(text), fillByPattern(sp, text); got != want {
			t.Fatalf("Fill(%q) = %q, the pattern gives %q", text, got, want)
		}
	}
}
