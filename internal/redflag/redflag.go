package redflag

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Levels of a situation.
const (
	Emergency = "emergency" // 999 or A&E
	Urgent    = "urgent"    // NHS 111 (or the nation's equivalent) or the GP urgently
)

// Who a situation is about.
const (
	Baby         = "baby"
	Mother       = "mother"
	MentalHealth = "mental-health"
)

// Situation is one red-flag situation as written in intents/red-flags.yaml.
type Situation struct {
	ID     string
	Who    string
	Level  string
	Source string
	// Any: one matching pattern is enough.
	Any []string
	// All: every group needs one matching pattern.
	All [][]string
	// Near, when above 0, is the most words the matches of the All groups may
	// lie apart.
	Near int
	// Not: a matching pattern cancels the situation ("blue nipple").
	Not []string
	// Needs are qualifiers the facts must meet.
	Needs Needs
	// InGeneral: the situation matches in a question about signs in general
	// too ("what do you do when a baby stops breathing" deserves 999).
	InGeneral bool
}

// Scope holds the rules that say an utterance's signs are not about this
// baby or this mother, now.
type Scope struct {
	// Cancel phrases cancel the signs near them in every situation, as each
	// situation's Not does ("years ago", "cleared up").
	Cancel []string
	// Over phrases say that what was told before them is over ("but she is
	// home now and doing well", "the GP said it was nothing"): they cancel
	// the signs in the overReach words before them, never a sign after.
	Over []string
	// General phrases make a question about signs in general ("what are the
	// signs of", "in a newborn"). With one said and no Personal phrase, only
	// situations marked InGeneral can match.
	General []string
	// Personal phrases say the signs are someone's here and now ("my", "he",
	// "i have"; not "i" alone: "how can i tell if a baby is ill" is general).
	Personal []string
	// Others name someone else: each cancels the situations about the people
	// in its About, unless an Anchor for that person is said.
	Others []Other
	// Anchors map a who (baby, mother, mental-health) to phrases naming them.
	Anchors map[string][]string
}

// Other is someone a sign may belong to who is neither the baby nor the
// mother: "our dog is panting", "my husband has a fever".
type Other struct {
	Name  string
	Words []string
	About []string
}

// Needs are a situation's qualifiers. Zero values ask nothing.
type Needs struct {
	AgeUnderDays int     // the baby's age was said and is under this many days
	AgeAtLeast   int     // the baby's age was said and is at least this many days
	AgeUnknown   bool    // no age was said
	FeverIfSaid  float64 // when a temperature was said, it is at least this
	TempAtLeast  float64 // a temperature of at least this was said (Celsius)
	HoursAtLeast float64 // a time span of at least this many hours was said
}

// Hit is a situation found in an utterance.
type Hit struct {
	ID, Who, Level string
	// Phrases are the patterns (as written) that matched.
	Phrases []string
}

// Set is a compiled set of situations. It is safe for concurrent use.
type Set struct {
	sits      []compiled
	cancel    []pattern // cancel phrases shared by every situation
	over      []pattern // phrases that say what was told before them is over
	general   []pattern
	personal  []pattern
	others    []other
	anchors   map[string][]pattern
	refs      []ref            // every pattern
	byNeed    map[string][]ref // a needed stem (the rarest) -> the patterns needing it
	first     map[string][]ref // first stem -> patterns that need no stem, starting with it
	needsOnly []int            // situations with needs and no patterns
	vocab     map[string]bool  // every stem of the patterns
	byLen     map[int][]string // the same, by length, for typo repair
}

type other struct {
	name  string
	words []pattern
	about []string
}

type ref struct {
	sit   int
	group int // -1 any, -2 not, >=0 all group
	pat   int
}

type compiled struct {
	Situation
	any, not []pattern
	all      [][]pattern
}

// pattern is a sequence of elements.
type pattern struct {
	text  string
	elems []elem
	// need are stems every match contains (its plain words), checked before
	// the pattern is tried.
	need []string
	// starts are the stems a match can start with: the pattern is tried only
	// where one of them stands.
	starts map[string]bool
}

type elem struct {
	alts [][]string // alternatives, each a stem sequence
	gap  int        // >0: skip 0..gap words; -1: exactly one word
	// byFirst indexes a concept's alternatives by their first stem.
	byFirst map[string][][]string
}

// Stemmer turns a phrase into the stems the utterance is compared in.
type Stemmer func(string) []string

// Compile builds a Set. Concepts map a name to its phrases; patterns refer to
// them as {name}. scope's phrases may use concepts too. stem must be the same
// function applied to utterances.
func Compile(concepts map[string][]string, sits []Situation, scope Scope, stem Stemmer) (*Set, error) {
	cs := map[string][][]string{}
	for name, phrases := range concepts {
		for _, p := range phrases {
			if st := stem(p); len(st) > 0 {
				cs[name] = append(cs[name], st)
			}
		}
	}
	s := &Set{first: map[string][]ref{}}
	var errs []string
	comp := func(sit int, group int, idx int, text string) pattern {
		p, err := compilePattern(text, cs, stem)
		if err != nil {
			errs = append(errs, fmt.Sprintf("%s: %q: %v", sits[sit].ID, text, err))
			return p
		}
		s.refs = append(s.refs, ref{sit: sit, group: group, pat: idx})
		return p
	}
	for i, st := range sits {
		c := compiled{Situation: st}
		for j, t := range st.Any {
			c.any = append(c.any, comp(i, -1, j, t))
		}
		for j, t := range st.Not {
			c.not = append(c.not, comp(i, -2, j, t))
		}
		for g, group := range st.All {
			var ps []pattern
			for j, t := range group {
				ps = append(ps, comp(i, g, j, t))
			}
			c.all = append(c.all, ps)
		}
		if len(st.Any) == 0 && len(st.All) == 0 {
			s.needsOnly = append(s.needsOnly, i)
		}
		s.sits = append(s.sits, c)
	}
	s.index()
	errs = append(errs, s.compileScope(scope, cs, stem)...)
	errs = append(errs, s.selfCancels()...)
	if len(errs) > 0 {
		return nil, fmt.Errorf("redflag: %s", strings.Join(errs, "; "))
	}
	s.vocabulary()
	return s, nil
}

func compilePattern(text string, concepts map[string][][]string, stem Stemmer) (pattern, error) {
	p := pattern{text: text}
	var lit []string
	flush := func() {
		if len(lit) == 0 {
			return
		}
		for _, st := range stem(strings.Join(lit, " ")) {
			p.elems = append(p.elems, elem{alts: [][]string{{st}}})
		}
		lit = nil
	}
	for _, tok := range strings.Fields(text) {
		switch {
		case tok == "~":
			flush()
			p.elems = append(p.elems, elem{gap: 3})
		case tok == "*":
			flush()
			p.elems = append(p.elems, elem{gap: -1})
		case strings.HasPrefix(tok, "{") && strings.HasSuffix(tok, "}"):
			flush()
			name := tok[1 : len(tok)-1]
			alts, ok := concepts[name]
			if !ok {
				return p, fmt.Errorf("unknown concept {%s}", name)
			}
			e := elem{alts: alts, byFirst: map[string][][]string{}}
			for _, a := range alts {
				e.byFirst[a[0]] = append(e.byFirst[a[0]], a)
			}
			p.elems = append(p.elems, e)
		default:
			lit = append(lit, tok)
		}
	}
	flush()
	if len(p.elems) == 0 {
		return p, fmt.Errorf("no words")
	}
	for _, e := range p.elems {
		if e.gap == 0 && len(e.alts) == 1 && len(e.alts[0]) == 1 && !slices.Contains(p.need, e.alts[0][0]) {
			p.need = append(p.need, e.alts[0][0])
		}
	}
	if p.elems[0].gap != 0 || p.elems[len(p.elems)-1].gap != 0 {
		return p, fmt.Errorf("a pattern must start and end with words")
	}
	firsts, _ := p.firsts()
	p.starts = make(map[string]bool, len(firsts))
	for _, f := range firsts {
		p.starts[f] = true
	}
	return p, nil
}

// index files each pattern under the rarest stem it needs, or, when it needs
// none (it is all {concepts}), under each stem it can start with; a scan then
// tries only the patterns whose words are there.
func (s *Set) index() {
	count := map[string]int{}
	for _, r := range s.refs {
		for _, w := range s.pattern(r).need {
			count[w]++
		}
	}
	s.byNeed = map[string][]ref{}
	for _, r := range s.refs {
		p := s.pattern(r)
		if len(p.need) == 0 {
			firsts, _ := p.firsts()
			for _, f := range firsts {
				s.first[f] = append(s.first[f], r)
			}
			continue
		}
		key := p.need[0]
		for _, w := range p.need[1:] {
			if count[w] < count[key] {
				key = w
			}
		}
		s.byNeed[key] = append(s.byNeed[key], r)
	}
}

// selfCancels finds cancel phrases that would cancel their own situation's
// signs: "confusing" has the stem of "confused", so as a cancel phrase it
// would silence every "confused". Only signs written in plain words are
// checked (a {concept} stands for too many phrasings).
func (s *Set) selfCancels() []string {
	var errs []string
	for _, c := range s.sits {
		signs := append([]pattern(nil), c.any...)
		for _, g := range c.all {
			signs = append(signs, g...)
		}
		for _, sign := range signs {
			words, ok := sign.literal()
			if !ok {
				continue
			}
			for _, n := range append(append([]pattern(nil), c.not...), s.cancel...) {
				for i := range words {
					if n.matchAt(words, i) >= 0 && !denied(words, i, n, true) {
						errs = append(errs, fmt.Sprintf("%s: cancel phrase %q would cancel the sign %q", c.ID, n.text, sign.text))
						break
					}
				}
			}
		}
	}
	return errs
}

// literal returns the stems of a pattern of plain words only.
func (p pattern) literal() ([]string, bool) {
	var out []string
	for _, e := range p.elems {
		if e.gap != 0 || len(e.alts) != 1 || len(e.alts[0]) != 1 {
			return nil, false
		}
		out = append(out, e.alts[0][0])
	}
	return out, true
}

// firsts lists the stems a match can start with.
func (p pattern) firsts() ([]string, bool) {
	e := p.elems[0]
	if e.gap != 0 {
		return nil, false
	}
	var out []string
	for _, a := range e.alts {
		out = append(out, a[0])
	}
	return out, true
}

// negators are words that, just before a sign, deny it ("she is not blue").
var negators = map[string]bool{"dosnt": true, "doesent": true, "not": true, "no": true, "never": true, "without": true, "nor": true, "neither": true, "isnt": true, "dont": true, "didnt": true, "doesnt": true, "wasnt": true, "hasnt": true, "havent": true}

// denied reports whether the words just before position i deny what follows:
// the two words before a sign, the one word before a cancel phrase ("does not
// fade" is no fading; "can not breathe through my nose" is still about the
// nose). "not sure if" and "can't tell whether" are doubt, not denial.
func denied(st []string, i int, pat pattern, cancel bool) bool {
	if first := pat.elems[0]; len(first.alts) == 1 && negators[first.alts[0][0]] {
		return false // the pattern is itself a negation ("not breathing")
	}
	if i > 0 && negators[st[i-1]] {
		return true
	}
	// "she is not really blue", "not at all floppy": a negation two words
	// back counts only across a linking word, so "not feeding limp" (two
	// things said) keeps its sign.
	if !cancel && i > 1 && negators[st[i-2]] && linking[st[i-1]] {
		return true
	}
	return false
}

// linking words may stand between a negation and what it denies.
var linking = map[string]bool{"is": true, "was": true, "are": true, "were": true, "be": true, "been": true,
	"got": true, "very": true, "realli": true, "really": true, "a": true, "ani": true, "any": true, "at": true,
	"all": true, "look": true, "seem": true, "too": true, "that": true, "so": true, "as": true, "quit": true}

// matchAt returns the end of a match of p starting at i, or -1.
func (p pattern) matchAt(st []string, i int) int {
	return matchElems(p.elems, st, i)
}

func matchElems(es []elem, st []string, i int) int {
	if len(es) == 0 {
		return i
	}
	e := es[0]
	switch {
	case e.gap == -1:
		if i >= len(st) {
			return -1
		}
		return matchElems(es[1:], st, i+1)
	case e.gap > 0:
		for k := 0; k <= e.gap && i+k <= len(st); k++ {
			if k > 0 && (negators[st[i+k-1]] || st[i+k-1] == "but") {
				return -1
			}
			if end := matchElems(es[1:], st, i+k); end >= 0 {
				return end
			}
		}
		return -1
	}
	if i >= len(st) {
		return -1
	}
	alts := e.alts
	if e.byFirst != nil {
		alts = e.byFirst[st[i]]
	}
	for _, a := range alts {
		if i+len(a) > len(st) {
			continue
		}
		ok := true
		for j, w := range a {
			if st[i+j] != w {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		if end := matchElems(es[1:], st, i+len(a)); end >= 0 {
			return end
		}
	}
	return -1
}

// found holds the pattern matches of one utterance.
type found struct {
	pos  map[ref][]int // start positions of undenied matches
	sits []int         // situations with at least one match, in file order
}

func (s *Set) scan(st []string) found {
	f := found{pos: map[ref][]int{}}
	present := make(map[string]bool, len(st))
	for _, w := range st {
		present[w] = true
	}
	try := func(r ref, i int) {
		p := s.pattern(r)
		if p.matchAt(st, i) >= 0 && !denied(st, i, p, r.group == -2) {
			if len(f.pos[r]) == 0 && !slices.Contains(f.sits, r.sit) {
				f.sits = append(f.sits, r.sit)
			}
			f.pos[r] = append(f.pos[r], i)
		}
	}
	for w := range present {
	next:
		for _, r := range s.byNeed[w] {
			for _, n := range s.pattern(r).need {
				if !present[n] {
					continue next
				}
			}
			starts := s.pattern(r).starts
			for i, w := range st {
				if starts[w] {
					try(r, i)
				}
			}
		}
	}
	for i, w := range st {
		for _, r := range s.first[w] {
			try(r, i)
		}
	}
	return f
}

func (s *Set) pattern(r ref) pattern {
	c := &s.sits[r.sit]
	switch r.group {
	case -1:
		return c.any[r.pat]
	case -2:
		return c.not[r.pat]
	}
	return c.all[r.group][r.pat]
}

// Match returns the most serious situation found in the stems st with facts f:
// emergencies before urgent ones, then in file order.
func (s *Set) Match(st []string, f Facts) (Hit, bool) {
	hits := s.MatchAll(st, f)
	if len(hits) == 0 {
		return Hit{}, false
	}
	return hits[0], true
}

// MatchAll returns every situation found, most serious first.
func (s *Set) MatchAll(st []string, f Facts) []Hit {
	if s == nil || len(st) == 0 {
		return nil
	}
	fd := s.scan(st)
	// Only situations with a matching pattern, and those that need no pattern
	// (their qualifiers alone decide), can match.
	cands := append(fd.sits, s.needsOnly...)
	slices.Sort(cands)
	var out []Hit
	shared := s.cancels(st)
	over := s.overs(st)
	walls, theirs := barriers(st), s.theirs(st)
	scoped := false // the scope rules are read once, and only when a situation matched
	var general bool
	var elsewhere []string
	for k, i := range cands {
		if k > 0 && cands[k-1] == i {
			continue
		}
		h, ok := s.sits[i].check(i, fd, f, scope{shared, over, walls, theirs})
		if !ok {
			continue
		}
		if !scoped {
			general, elsewhere, scoped = s.isGeneral(st), s.elsewhere(st), true
		}
		if c := &s.sits[i]; (general && !c.InGeneral) || slices.Contains(elsewhere, c.Who) {
			continue
		}
		out = append(out, h)
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Level == Emergency && out[b].Level != Emergency })
	return out
}

// scope is what the scope rules found in an utterance, for check: where the
// shared cancel and over phrases and the turns stand, and whose each sign is.
type scope struct {
	cancels, over, walls []int
	theirs               []bool
}

func (c *compiled) check(i int, fd found, f Facts, sc scope) (Hit, bool) {
	cancels := append([]int(nil), sc.cancels...)
	for j := range c.not {
		cancels = append(cancels, fd.pos[ref{i, -2, j}]...)
	}
	if !c.Needs.met(f) {
		return Hit{}, false
	}
	h := Hit{ID: c.ID, Who: c.Who, Level: c.Level}
	if len(c.any) == 0 && len(c.all) == 0 {
		// Needs alone decide ("under 3 months and 38C"): a cancel phrase
		// anywhere ("after her jabs") cancels.
		return h, len(cancels) == 0 && len(sc.over) == 0
	}
	// A cancel phrase cancels only the signs near it ("blue nipple"), not a
	// sign elsewhere in a long story ("... and she has gone blue"), nor one
	// told after a turn ("the GP said he was fine but now he is blue").
	live := func(pos []int) []int {
		var out []int
		for _, p := range pos {
			if (c.Who == Baby || c.Who == Mother) && sc.theirs[p] {
				continue // "the dog has been sick and it is green": the dog's
			}
			if !nearAny(p, cancels, sc.walls) && !overAfter(p, sc.over) {
				out = append(out, p)
			}
		}
		return out
	}
	for j, p := range c.any {
		if len(live(fd.pos[ref{i, -1, j}])) > 0 {
			h.Phrases = []string{p.text}
			return h, true
		}
	}
	if len(c.all) == 0 {
		return Hit{}, false
	}
	var groups [][]int
	for g, ps := range c.all {
		var at []int
		var phrase string
		for j, p := range ps {
			if pos := live(fd.pos[ref{i, g, j}]); len(pos) > 0 {
				at = append(at, pos...)
				if phrase == "" {
					phrase = p.text
				}
			}
		}
		if len(at) == 0 {
			return Hit{}, false
		}
		groups = append(groups, at)
		h.Phrases = append(h.Phrases, phrase)
	}
	if c.Near > 0 && !within(groups, c.Near) {
		return Hit{}, false
	}
	return h, true
}

// cancelReach is how many words from a sign a cancel phrase reaches.
const cancelReach = 8

// nearAny reports whether p is within cancelReach words of any of ps, and no
// wall stands between a cancel phrase and a sign told after it: a story's
// later words count over its earlier ones, so "she had a wound infection but
// it cleared up" is over, and "the GP said he was fine but now he is blue"
// is not.
func nearAny(p int, ps, walls []int) bool {
	for _, q := range ps {
		if p-q <= cancelReach && q-p <= cancelReach && !walled(q, p, walls) {
			return true
		}
	}
	return false
}

// overReach is how many words before an over phrase it reaches.
const overReach = 16

// overAfter reports whether an over phrase stands in the overReach words
// after a sign at p.
func overAfter(p int, over []int) bool {
	for _, q := range over {
		if q > p && q-p <= overReach {
			return true
		}
	}
	return false
}

// walled reports whether a wall stands between a cancel phrase at q and a
// sign at p told after it.
func walled(q, p int, walls []int) bool {
	for _, w := range walls {
		if q < w && w < p {
			return true
		}
	}
	return false
}

// turns are the stems that start a new turn in a story, so what is over
// before them does not reach what is told after them: "but", "however",
// "again", "suddenly".
var turns = map[string]bool{"but": true, "howev": true, "although": true, "though": true,
	"again": true, "sudden": true, "yet": true}

// nowSubjects: "now" followed by one of these starts a new turn too ("and
// now she is floppy"), unlike "she is home now and doing well".
var nowSubjects = map[string]bool{"she": true, "he": true, "i": true, "my": true, "his": true, "her": true,
	"it": true, "the": true, "babi": true, "our": true, "they": true, "we": true, "there": true}

// barriers returns where the turns of st stand.
func barriers(st []string) []int {
	var out []int
	for i, w := range st {
		if turns[w] || (w == "now" && i+1 < len(st) && nowSubjects[st[i+1]]) {
			out = append(out, i)
		}
	}
	return out
}

// within reports whether one position can be picked from each group with all
// of them at most near words apart.
func within(groups [][]int, near int) bool {
	for _, anchor := range groups[0] {
		ok := true
		for _, g := range groups[1:] {
			hit := false
			for _, p := range g {
				if p-anchor <= near && anchor-p <= near {
					hit = true
					break
				}
			}
			if !hit {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func (n Needs) met(f Facts) bool {
	if n.AgeUnderDays > 0 && (f.AgeDays < 0 || f.AgeDays >= n.AgeUnderDays) {
		return false
	}
	if n.AgeUnknown && f.AgeDays >= 0 {
		return false
	}
	if n.AgeAtLeast > 0 && f.AgeDays < n.AgeAtLeast {
		return false
	}
	if n.FeverIfSaid > 0 && f.TempC > 0 && f.TempC < n.FeverIfSaid {
		return false
	}
	if n.TempAtLeast > 0 && f.TempC < n.TempAtLeast {
		return false
	}
	if n.HoursAtLeast > 0 && f.Hours < n.HoursAtLeast {
		return false
	}
	return true
}

// IDs lists the situations in order.
func (s *Set) IDs() []string {
	var out []string
	for _, c := range s.sits {
		out = append(out, c.ID)
	}
	return out
}
