package nlu

import (
	"unicode"

	"github.com/feedingfriend/skill/internal/redflag"
)

// speller puts a misspelt or misheard word right when the model knows a word
// one edit away (a letter added, dropped, changed or two swapped): "mastitus"
// is "mastitis", "engorgment" "engorgement". It looks candidates up by their
// one-letter deletions (the SymSpell method), so a word costs a few map
// lookups, not a scan of the vocabulary. It is safe for concurrent use.
type speller struct {
	known   map[string]int      // word -> how often the training data uses it
	deletes map[string][]string // a word with one letter deleted -> the words it came from
}

// minSpellLen is the shortest word the speller changes: shorter words are too
// often another real word one letter away.
const minSpellLen = 5

func newSpeller(counts map[string]int) *speller {
	sp := &speller{known: counts, deletes: map[string][]string{}}
	for w := range counts {
		if len(w) < minSpellLen-1 || !isWord(w) {
			continue
		}
		for i := range len(w) {
			d := w[:i] + w[i+1:]
			sp.deletes[d] = append(sp.deletes[d], w)
		}
	}
	return sp
}

func isWord(w string) bool {
	for _, r := range w {
		if r > unicode.MaxASCII || !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// fix returns the known word w stands for, or w.
func (sp *speller) fix(w string) string {
	if len(w) < minSpellLen || sp.known[w] > 0 || !isWord(w) {
		return w
	}
	best, bestN := "", 0
	consider := func(c string) {
		if c != w && c[0] == w[0] && redflag.OneEdit(w, c) && sp.known[c] > bestN {
			best, bestN = c, sp.known[c]
		}
	}
	// w with a letter dropped is a known word (w has one letter too many)...
	for i := range len(w) {
		d := w[:i] + w[i+1:]
		if sp.known[d] > 0 {
			consider(d)
		}
		// ...or shares a deletion with one (a letter changed or two swapped).
		for _, c := range sp.deletes[d] {
			consider(c)
		}
	}
	// A known word with a letter dropped is w (w has one letter too few).
	for _, c := range sp.deletes[w] {
		consider(c)
	}
	if best == "" {
		return w
	}
	return best
}

// fixAll returns ws with each word put right; ws itself when nothing changed.
func (sp *speller) fixAll(ws []string) []string {
	var out []string
	for i, w := range ws {
		if f := sp.fix(w); f != w {
			if out == nil {
				out = append([]string(nil), ws...)
			}
			out[i] = f
		}
	}
	if out == nil {
		return ws
	}
	return out
}
