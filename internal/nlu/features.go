package nlu

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// The logistic-regression classifier (logreg.go) reads the same features as
// the TF-IDF scorer (word stems, word pairs, topic synonyms: see features) and
// adds the character n-grams of each word stem, which make it robust to typos
// and mishearings ("nipples", "nippels" and "nipple" share most of theirs).
// Each group of features is scaled to unit length and weighted, so a long
// utterance is not read as more certain than a short one and the many
// character n-grams do not drown the words.

// Feature groups.
const (
	groupWord = iota
	groupPair
	groupTopic
	groupChar
	numGroups
)

// charGramMin and charGramMax are the character n-gram lengths, counted with
// the word-boundary markers ("<lat", "tch>").
const (
	charGramMin = 3
	charGramMax = 5
)

// groupOf says which group a feature string belongs to.
func groupOf(f string) int {
	switch {
	case strings.HasPrefix(f, "#"):
		return groupChar
	case strings.HasPrefix(f, "@"):
		return groupTopic
	case strings.Contains(f, "_"):
		return groupPair
	}
	return groupWord
}

// withCharGrams returns feats followed by the character n-grams ("#<la",
// "#lat"...) of its word stems. Numbers ("num") have none.
func withCharGrams(feats []string) []string {
	out := make([]string, 0, len(feats)*8)
	out = append(out, feats...)
	for _, f := range feats {
		if groupOf(f) != groupWord || f == "num" {
			continue
		}
		out = appendCharGrams(out, f)
	}
	return out
}

func appendCharGrams(out []string, w string) []string {
	b := make([]byte, 0, len(w)+3)
	b = append(b, '#', '<')
	b = append(b, w...)
	b = append(b, '>')
	// b[1:] is the padded word; grams are taken from it.
	p := b[1:]
	for n := charGramMin; n <= charGramMax; n++ {
		for i := 0; i+n <= len(p); i++ {
			g := make([]byte, 0, n+1)
			g = append(g, '#')
			g = append(g, p[i:i+n]...)
			out = append(out, string(g))
		}
	}
	return out
}

// fingerprint is the 64-bit FNV-1a hash of a feature string: the logistic
// regression model keeps fingerprints, not strings, so that loading it needs no
// map (a collision is refused when the model is built).
func fingerprint(f string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(f); i++ {
		h ^= uint64(f[i])
		h *= 1099511628211
	}
	return h
}

// featValue is one feature of an utterance with its value.
type featValue struct {
	name  string
	group int
	key   uint64
	value float64
}

// lrVector turns feature strings (with character n-grams) into values: counts,
// each group scaled to unit length and then by its weight.
func lrVector(feats []string, weights [numGroups]float64) []featValue {
	out := make([]featValue, 0, len(feats))
	pos := make(map[string]int, len(feats))
	for _, f := range feats {
		if i, ok := pos[f]; ok {
			out[i].value++
			continue
		}
		pos[f] = len(out)
		out = append(out, featValue{name: f, group: groupOf(f), key: fingerprint(f), value: 1})
	}
	var norm [numGroups]float64
	for _, v := range out {
		norm[v.group] += v.value * v.value
	}
	for g := range norm {
		norm[g] = math.Sqrt(norm[g])
	}
	for i := range out {
		out[i].value *= weights[out[i].group] / norm[out[i].group]
	}
	return out
}

// lrQuery is lrVector(withCharGrams(feats), weights) without names and
// without building the n-gram strings (the scorer's path: no map, one
// allocation), sorted by key.
func lrQuery(feats []string, weights [numGroups]float64) []featValue {
	out := make([]featValue, 0, len(feats)*12)
	for _, f := range feats {
		out = append(out, featValue{group: groupOf(f), key: fingerprint(f), value: 1})
	}
	var buf [64]byte
	for _, f := range feats {
		if weights[groupChar] == 0 || groupOf(f) != groupWord || f == "num" {
			continue
		}
		p := append(append(append(buf[:0], '<'), f...), '>')
		for n := charGramMin; n <= charGramMax; n++ {
			for i := 0; i+n <= len(p); i++ {
				h := uint64(14695981039346656037)
				h ^= '#'
				h *= 1099511628211
				for _, c := range p[i : i+n] {
					h ^= uint64(c)
					h *= 1099511628211
				}
				out = append(out, featValue{group: groupChar, key: h, value: 1})
			}
		}
	}
	slices.SortFunc(out, func(a, b featValue) int { return cmp.Compare(a.key, b.key) })
	// Merge repeats into counts.
	w := 0
	for i := range out {
		if w > 0 && out[w-1].key == out[i].key {
			out[w-1].value++
			continue
		}
		out[w] = out[i]
		w++
	}
	out = out[:w]
	var norm [numGroups]float64
	for _, v := range out {
		norm[v.group] += v.value * v.value
	}
	for g := range norm {
		norm[g] = math.Sqrt(norm[g])
	}
	for i := range out {
		out[i].value *= weights[out[i].group] / norm[out[i].group]
	}
	return out
}
