package redflag

// minRepairLen is the shortest word a typo repair may change: shorter words
// are too often a different real word one letter away.
const minRepairLen = 6

// vocabulary collects every stem the patterns use, by length.
func (s *Set) vocabulary() {
	s.vocab = map[string]bool{}
	add := func(p pattern) {
		for _, e := range p.elems {
			for _, a := range e.alts {
				for _, w := range a {
					s.vocab[w] = true
				}
			}
		}
	}
	for _, c := range s.sits {
		for _, p := range c.any {
			add(p)
		}
		for _, g := range c.all {
			for _, p := range g {
				add(p)
			}
		}
	}
	s.byLen = map[int][]string{}
	for w := range s.vocab {
		if len(w) >= minRepairLen {
			s.byLen[len(w)] = append(s.byLen[len(w)], w)
		}
	}
}

// Knows reports whether stem is a word of the red-flag patterns.
func (s *Set) Knows(stem string) bool { return s != nil && s.vocab[stem] }

// Repair returns st with misspelt words put right: a word of at least 6
// letters (as a stem; "crust" is not "crush") that neither the red-flag patterns nor known (the rest of the
// language understanding's vocabulary) know is replaced by the one pattern
// word within one edit (a letter added, dropped, changed or two swapped) with
// the same first letter. "strugling" becomes "struggl", "siezure" "seizur".
// Words with no single such neighbour are left as they are.
func (s *Set) Repair(st []string, known func(string) bool) []string {
	var out []string
	for i, w := range st {
		if len(w) < minRepairLen || s.vocab[w] || (known != nil && known(w)) {
			continue
		}
		fix := ""
		for l := max(len(w)-1, minRepairLen); l <= len(w)+1; l++ {
			for _, v := range s.byLen[l] {
				if v[0] == w[0] && OneEdit(w, v) {
					if fix != "" && fix != v {
						fix = "\x00" // ambiguous
						break
					}
					fix = v
				}
			}
		}
		if fix == "" || fix == "\x00" {
			continue
		}
		if out == nil {
			out = append([]string(nil), st...)
		}
		out[i] = fix
	}
	if out == nil {
		return st
	}
	return out
}

// OneEdit reports whether a and b differ by one insertion, deletion,
// substitution or swap of neighbouring letters.
func OneEdit(a, b string) bool {
	la, lb := len(a), len(b)
	switch {
	case la == lb:
		diff := -1
		for i := 0; i < la; i++ {
			if a[i] != b[i] {
				if diff >= 0 {
					// a swap of neighbours: ab / ba
					return i == diff+1 && a[diff] == b[i] && a[i] == b[diff] && a[i+1:] == b[i+1:]
				}
				diff = i
			}
		}
		return diff >= 0
	case la == lb+1:
		return dropOne(a, b)
	case lb == la+1:
		return dropOne(b, a)
	}
	return false
}

// dropOne reports whether removing one letter of long gives short.
func dropOne(long, short string) bool {
	i := 0
	for i < len(short) && long[i] == short[i] {
		i++
	}
	return long[i+1:] == short[i:]
}
