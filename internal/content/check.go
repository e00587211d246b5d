package content

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/feedingfriend/skill/internal/lazyre"
)

// Severity says whether a finding stops a release.
type Severity string

// Severities: an error fails `skill content check`; a warning is advice.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Kinds of finding.
const (
	KindLoad           = "load"            // the file does not load (see Load)
	KindSentenceLength = "sentence-length" // a sentence over MaxSentenceWords
	KindParagraph      = "paragraph"       // a spoken part over 3 sentences
	KindReadingAge     = "reading-age"     // reading age over MaxReadingAge
	KindSpeakingTime   = "speaking-time"   // a first answer over MaxFirstAnswerSeconds
	KindPlatformLimit  = "platform-limit"  // speech or card over PlatformMaxChars
	KindMarkup         = "markup"          // < > & in spoken text
	KindNumbers        = "numbers"         // dashes in ranges, number words, percentages
	KindStyle          = "style"           // "should"
	KindCardNumbers    = "card-numbers"    // a spoken number missing from the card
	KindSources        = "sources"         // missing, not https, or not checked for a year
	KindReview         = "review-due"      // approval overdue or due soon
	KindRedFlag        = "red-flag-link"   // mentions 999 or 111 without relating urgent-help
	KindPlaceholders   = "placeholders"    // a placeholder with no value for a nation
	KindRelease        = "release"         // not approved, or changed since approval
)

// Limits the checks apply (NHS content style and the voice platforms).
const (
	MaxSentenceWords      = 20
	MaxSentencesPerPart   = 3
	MaxReadingAge         = 11
	MaxFirstAnswerSeconds = 20
	SpeakingWordsPerMin   = 150
	PlatformMaxChars      = 8000
	SourceRecheckMonths   = 12
	ReviewSoonDays        = 30
)

// Finding is one thing a style, safety or release check found.
type Finding struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Severity Severity `json:"severity"`
	Kind     string   `json:"kind"`
	// Field is where in the topic: "answer", "more[1]", "variants[0].card"...
	Field string `json:"field,omitempty"`
	Msg   string `json:"message"`
}

// String formats the finding as "file:line: severity: field: message [kind]".
func (f Finding) String() string {
	where := f.File
	if f.Line > 0 {
		where = fmt.Sprintf("%s:%d", f.File, f.Line)
	}
	field := ""
	if f.Field != "" {
		field = f.Field + ": "
	}
	return fmt.Sprintf("%s: %s: %s%s [%s]", where, f.Severity, field, f.Msg, f.Kind)
}

// CheckOptions configure a check.
type CheckOptions struct {
	// Now is the date review and source dates are judged at (time.Now when zero).
	Now time.Time
	// Release also makes anything unapproved or changed since approval an error.
	Release bool
	// Signposts are filled in to check placeholders and speaking time; every
	// built-in nation when empty.
	Signposts []Signposts
}

func (o CheckOptions) signposts() []Signposts {
	if len(o.Signposts) > 0 {
		return o.Signposts
	}
	var out []Signposts
	for _, n := range Nations {
		sp, err := NationSignposts(n)
		if err == nil {
			out = append(out, sp)
		}
	}
	return out
}

// Errors counts the findings of severity error.
func Errors(findings []Finding) int {
	n := 0
	for _, f := range findings {
		if f.Severity == SeverityError {
			n++
		}
	}
	return n
}

// Check runs the style, voice, safety and (with Release) release checks on one
// answer as written (placeholders unfilled). Findings carry the field but no
// line; CheckFile adds lines. It never changes t.
func Check(t *Topic, opt CheckOptions) []Finding {
	return check(t, nil, opt)
}

// CheckFile loads one answer file on its own and checks it, with the line of
// every finding. Load problems are reported as errors of kind "load".
// Problems that need the other files (related topics) are found by CheckAll.
func CheckFile(name string, data []byte, opt CheckOptions) []Finding {
	t, root, probs := parseFile(name, data, opt.signposts()[0])
	var out []Finding
	for _, p := range probs {
		out = append(out, Finding{File: p.File, Line: p.Line, Severity: SeverityError, Kind: KindLoad, Msg: p.Msg})
	}
	if t == nil {
		return out
	}
	out = append(out, check(t, newLocator(root, data), opt)...)
	return sortFindings(dedupeFindings(out))
}

// CheckAll checks every answer file in fsys: the whole set loads for every
// nation (as the skill does at start-up), then each file is checked.
func CheckAll(fsys fs.FS, opt CheckOptions) ([]Finding, error) {
	var out []Finding
	for _, sp := range opt.signposts() {
		if _, err := Load(fsys, sp); err != nil {
			var le *LoadError
			if !errors.As(err, &le) {
				return nil, err
			}
			for _, p := range le.Problems {
				out = append(out, Finding{File: p.File, Line: p.Line, Severity: SeverityError, Kind: KindLoad, Msg: p.Msg})
			}
		}
	}
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("content: list files: %w", err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("content: %w", err)
		}
		out = append(out, CheckFile(name, data, opt)...)
	}
	return sortFindings(dedupeFindings(out)), nil
}

// dedupeFindings drops repeats (the loader runs once per nation) and load
// problems a named check also reports.
func dedupeFindings(in []Finding) []Finding {
	type key struct {
		file string
		line int
		msg  string
	}
	named := map[[2]string]bool{}
	for _, f := range in {
		if f.Kind != KindLoad {
			named[[2]string{f.File, f.Msg}] = true
		}
	}
	seen := map[key]bool{}
	var out []Finding
	for _, f := range in {
		k := key{f.File, f.Line, f.Msg}
		if seen[k] || (f.Kind == KindLoad && named[[2]string{f.File, f.Msg}]) {
			continue
		}
		seen[k] = true
		out = append(out, f)
	}
	return out
}

func sortFindings(findings []Finding) []Finding {
	sort.SliceStable(findings, func(i, j int) bool {
		if findings[i].File != findings[j].File {
			return findings[i].File < findings[j].File
		}
		return findings[i].Line < findings[j].Line
	})
	return findings
}

// part is one piece of text with where it is.
type part struct {
	field string
	text  string
	first bool // a first answer (what is spoken before "would you like more?")
}

func spokenParts(t *Topic) []part {
	ps := []part{{"answer", t.Answer, true}}
	for i, m := range t.More {
		ps = append(ps, part{fmt.Sprintf("more[%d]", i), m, false})
	}
	for i, v := range t.Variants {
		ps = append(ps, part{fmt.Sprintf("variants[%d].answer", i), v.Answer, true})
		for j, m := range v.More {
			ps = append(ps, part{fmt.Sprintf("variants[%d].more[%d]", i, j), m, false})
		}
	}
	return ps
}

func cardParts(t *Topic) []part {
	ps := []part{{"card", t.Card, false}}
	for i, v := range t.Variants {
		if v.Card != "" {
			ps = append(ps, part{fmt.Sprintf("variants[%d].card", i), v.Card, false})
		}
	}
	return ps
}

var (
	rangeDashRE  = lazyre.New(`\b\d+(?:\.\d+)?\s*[-–—]\s*\d+`)
	numberWordRE = lazyre.New(`(?i)\b(two|three|four|five|six|seven|eight|nine|ten)\b`)
	percentRE    = lazyre.New(`(?i)\d\s*%|\bper ?cent\b`)
	shouldRE     = lazyre.New(`(?i)\bshould(n't)?\b`)
	redFlagRE    = lazyre.New(`\b999\b|\b111\b|\{\{\s*(emergency_number|urgent|urgent_number)\s*\}\}|\bA&E\b|\bA and E\b`)
)

// check runs every check; at locates findings (nil: no lines).
func check(t *Topic, at *locator, opt CheckOptions) []Finding {
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	var out []Finding
	add := func(sev Severity, kind, field string, word int, format string, args ...any) {
		out = append(out, Finding{File: t.File, Line: at.line(field, word), Severity: sev, Kind: kind, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	if t.IsPrompts() || t.IsRules() {
		// The loader checks every prompt and placeholder, and internal/model
		// the rules; what is left is the lifecycle: review dates and release.
		lifecycleChecks(t, add, opt, now)
		return out
	}
	spoken := spokenParts(t)
	cards := cardParts(t)
	signs := opt.signposts()

	for _, p := range spoken {
		word := 0
		sentences := Sentences(p.text)
		for _, s := range sentences {
			if n := WordCount(onePerPlaceholder(s)); n > MaxSentenceWords {
				add(SeverityWarning, KindSentenceLength, p.field, word, "sentence has %d words (NHS style: up to %d): %q", n, MaxSentenceWords, firstWords(s, 8))
			}
			word += WordCount(s)
		}
		if len(sentences) > MaxSentencesPerPart {
			add(SeverityWarning, KindParagraph, p.field, -1, "%d sentences in one part (NHS style: up to %d); split it or move detail to more", len(sentences), MaxSentencesPerPart)
		}
		if strings.ContainsAny(p.text, "<>&") {
			add(SeverityWarning, KindMarkup, p.field, -1, "spoken text contains < > or &: they are escaped in SSML, but say the words instead (\"and\")")
		}
		if p.first {
			longest, nation := 0.0, ""
			for _, sp := range signs {
				if s := SpeakingSeconds(sp.Fill(p.text)); s > longest {
					longest, nation = s, sp.Nation
				}
			}
			if longest > MaxFirstAnswerSeconds {
				add(SeverityWarning, KindSpeakingTime, p.field, -1, "first answer takes about %.0f seconds to say (%s signposting, %d words a minute); keep it under %d: one or two breaths", longest, nation, SpeakingWordsPerMin, MaxFirstAnswerSeconds)
			}
		}
		for _, m := range shouldRE().FindAllStringIndex(p.text, -1) {
			add(SeverityWarning, KindStyle, p.field, wordIndex(p.text, m[0]), "avoid %q (NHS voice): say what to do or who to talk to", p.text[m[0]:m[1]])
		}
	}
	for _, p := range append(append([]part(nil), spoken...), cards...) {
		for _, m := range rangeDashRE().FindAllStringIndex(p.text, -1) {
			add(SeverityWarning, KindNumbers, p.field, wordIndex(p.text, m[0]), "range %q: write ranges with \"to\" (\"2 to 3\"), not a dash", p.text[m[0]:m[1]])
		}
		for _, m := range numberWordRE().FindAllStringIndex(p.text, -1) {
			add(SeverityWarning, KindNumbers, p.field, wordIndex(p.text, m[0]), "%q: use numerals (NHS style: \"2\", not \"two\")", p.text[m[0]:m[1]])
		}
		if m := percentRE().FindStringIndex(p.text); m != nil {
			add(SeverityWarning, KindNumbers, p.field, wordIndex(p.text, m[0]), "percentage: say \"1 in 10\" rather than a percentage")
		}
		for _, sp := range signs {
			filled := sp.Fill(p.text)
			if len(filled) >= PlatformMaxChars {
				add(SeverityError, KindPlatformLimit, p.field, -1, "%d characters with %s signposting: speech and cards must stay under %d", len(filled), sp.Nation, PlatformMaxChars)
				break
			}
		}
		checkPlaceholders(add, p, signs)
	}
	checkReadingAge(add, spoken)

	for _, c := range cards {
		cf := c
		checkCardNumbers(func(_ int, format string, args ...any) {
			add(SeverityError, KindCardNumbers, cf.field, -1, format, args...)
		}, 0, c.text, cardSpoken(t, c.field))
	}

	if len(t.Sources) == 0 {
		add(SeverityError, KindSources, "sources", -1, "at least one source is needed")
	}
	for i, s := range t.Sources {
		f := fmt.Sprintf("sources[%d]", i)
		u, err := url.Parse(s.URL)
		switch {
		case err != nil || u.Host == "":
			add(SeverityError, KindSources, f, -1, "source %q is not a web address", s.URL)
		case u.Scheme == "http":
			add(SeverityWarning, KindSources, f, -1, "source %q: use the https address", s.URL)
		case u.Scheme != "https":
			add(SeverityError, KindSources, f, -1, "source %q: want an https address", s.URL)
		}
		if c, err := time.Parse(DateLayout, s.Checked); err == nil && c.AddDate(0, SourceRecheckMonths, 0).Before(now) {
			add(SeverityWarning, KindSources, f, -1, "source last checked %s, over %d months ago: check the page again", s.Checked, SourceRecheckMonths)
		}
	}

	if t.ID != UrgentHelpID && !slices.Contains(t.Related, UrgentHelpID) {
		for _, p := range append(append([]part(nil), spoken...), cards...) {
			if m := redFlagRE().FindStringIndex(p.text); m != nil {
				add(SeverityWarning, KindRedFlag, p.field, wordIndex(p.text, m[0]), "mentions %q (urgent signposting) but related does not include %s: add it so the skill offers the urgent-help answer next", p.text[m[0]:m[1]], UrgentHelpID)
				break
			}
		}
	}

	lifecycleChecks(t, add, opt, now)
	return out
}

// lifecycleChecks finds overdue reviews, changes since approval and (with
// Release) anything not approved.
func lifecycleChecks(t *Topic, add func(Severity, string, string, int, string, ...any), opt CheckOptions, now time.Time) {
	if a := t.Approval; a != nil {
		switch due, err := time.Parse(DateLayout, a.ReviewDue); {
		case err != nil || t.ReviewOverdue(now):
			add(SeverityError, KindReview, "approval", -1, "clinical review was due %s: the answer is not served as approved until it is reviewed and approved again", a.ReviewDue)
		case due.Sub(now) < ReviewSoonDays*24*time.Hour:
			add(SeverityWarning, KindReview, "approval", -1, "clinical review due %s, within %d days", a.ReviewDue, ReviewSoonDays)
		}
		if t.ChangedSinceApproval() {
			sev := SeverityWarning
			if opt.Release {
				sev = SeverityError
			}
			add(sev, KindRelease, "approval", 0, "changed since approval on %s by %s: not served as approved until approved again (see `skill content diff %s`)", a.On, a.By, t.ID)
		}
	}
	if opt.Release && t.Status != Approved && t.Status != Retired {
		what := "answers"
		switch {
		case t.IsPrompts():
			what = "words: approved-only serving does not start without them"
		case t.IsRules():
			what = "rules: approved-only serving does not start without them"
		}
		add(SeverityError, KindRelease, "status", -1, "status %s: a release serves only approved %s", t.Status, what)
	}
}

// cardSpoken returns the spoken parts a card goes with.
func cardSpoken(t *Topic, field string) []string {
	for i, v := range t.Variants {
		if field == fmt.Sprintf("variants[%d].card", i) {
			return append([]string{v.Answer}, v.More...)
		}
	}
	return t.Spoken()
}

// checkPlaceholders makes sure every placeholder has a value for every nation.
func checkPlaceholders(add func(Severity, string, string, int, string, ...any), p part, signs []Signposts) {
	if bad := unknownPlaceholders(p.text); len(bad) > 0 {
		add(SeverityError, KindPlaceholders, p.field, -1, "unknown placeholder %s (known: %s)", strings.Join(bad, ", "), strings.Join(Placeholders(), ", "))
		return
	}
	for _, sp := range signs {
		vals := sp.values()
		for _, m := range placeholderRE().FindAllStringSubmatchIndex(p.text, -1) {
			name := p.text[m[2]:m[3]]
			if strings.TrimSpace(vals[name]) == "" {
				add(SeverityError, KindPlaceholders, p.field, wordIndex(p.text, m[0]), "{{%s}} has no value for %s", name, sp.Nation)
			}
		}
		if strings.Contains(sp.Fill(p.text), "{{") {
			add(SeverityError, KindPlaceholders, p.field, -1, "a placeholder is left unfilled for %s", sp.Nation)
		}
	}
}

// checkReadingAge estimates the reading age of all the spoken text together
// (Flesch-Kincaid grade + 5) and names the hardest part.
func checkReadingAge(add func(Severity, string, string, int, string, ...any), spoken []part) {
	var all []string
	hardest, hardestAge := "", 0.0
	for _, p := range spoken {
		all = append(all, p.text)
		if WordCount(p.text) >= 15 {
			if a := ReadingAge(p.text); a > hardestAge {
				hardest, hardestAge = p.field, a
			}
		}
	}
	if age := ReadingAge(strings.Join(all, " ")); age > MaxReadingAge {
		add(SeverityWarning, KindReadingAge, "answer", -1, "reading age about %.1f (Flesch-Kincaid grade + 5; NHS aims for 9 to %d); hardest part: %s (about %.1f)", age, MaxReadingAge, hardest, hardestAge)
	}
}

// ReadingAge estimates the age a reader needs to follow text: the
// Flesch-Kincaid grade plus 5. Placeholders count as one two-syllable word.
func ReadingAge(text string) float64 {
	text = placeholderRE().ReplaceAllString(text, "service")
	sentences := max(len(Sentences(text)), 1)
	words, syllables := 0, 0
	for _, w := range strings.Fields(text) {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if w == "" {
			continue
		}
		words++
		syllables += Syllables(w)
	}
	if words == 0 {
		return 0
	}
	grade := 0.39*float64(words)/float64(sentences) + 11.8*float64(syllables)/float64(words) - 15.59
	return math.Max(grade, 0) + 5
}

// Syllables estimates the syllables in an English word by counting vowel
// groups, less a silent final "e". Numerals count as one syllable per digit
// pair, roughly as they are said.
func Syllables(word string) int {
	w := strings.ToLower(word)
	digits := 0
	for _, r := range w {
		if unicode.IsDigit(r) {
			digits++
		}
	}
	if digits > 0 {
		return max(1, (digits+1)/2)
	}
	n, prevVowel := 0, false
	for _, r := range w {
		v := strings.ContainsRune("aeiouy", r)
		if v && !prevVowel {
			n++
		}
		prevVowel = v
	}
	if strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "le") && n > 1 {
		n--
	}
	return max(n, 1)
}

// SpeakingSeconds estimates how long text takes to say. A long numeral (a
// phone number group) is said as about one word per 2 digits.
func SpeakingSeconds(text string) float64 {
	words := 0
	for _, w := range strings.Fields(text) {
		digits := 0
		for _, r := range w {
			if unicode.IsDigit(r) {
				digits++
			}
		}
		if digits >= 3 {
			words += (digits + 1) / 2
		} else {
			words++
		}
	}
	return float64(words) * 60 / SpeakingWordsPerMin
}

// onePerPlaceholder replaces each placeholder by one word, for counting.
func onePerPlaceholder(s string) string { return placeholderRE().ReplaceAllString(s, "X") }

// firstWords returns up to n words of s, with an ellipsis when cut.
func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) <= n {
		return s
	}
	return strings.Join(f[:n], " ") + "..."
}

// wordIndex returns how many words of text come before byte offset i.
func wordIndex(text string, i int) int { return len(strings.Fields(text[:i])) }

// locator finds the line of a field, and of a word within a field, in a file.
type locator struct {
	fields map[string]*yaml.Node
	lines  []string
}

func newLocator(root *yaml.Node, data []byte) *locator {
	l := &locator{fields: map[string]*yaml.Node{}, lines: strings.Split(string(data), "\n")}
	var walk func(prefix string, n *yaml.Node)
	walk = func(prefix string, n *yaml.Node) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				name := k.Value
				if prefix != "" {
					name = prefix + "." + k.Value
				}
				// Point at the key, unless the value is text worth locating within.
				if v.Kind == yaml.ScalarNode {
					l.fields[name] = v
				} else {
					l.fields[name] = k
				}
				walk(name, v)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				name := fmt.Sprintf("%s[%d]", prefix, i)
				l.fields[name] = c
				walk(name, c)
			}
		}
	}
	walk("", root)
	return l
}

// line returns the line of field (word < 0), or of the line holding word
// number word of its text (0 when unknown).
func (l *locator) line(field string, word int) int {
	if l == nil {
		return 0
	}
	n, ok := l.fields[field]
	if !ok {
		return 0
	}
	if n.Kind != yaml.ScalarNode || word < 0 {
		return n.Line
	}
	ln, col := n.Line, n.Column-1
	if n.Style&(yaml.FoldedStyle|yaml.LiteralStyle) != 0 {
		ln, col = n.Line+1, 0
	}
	for ; ln-1 < len(l.lines); ln++ {
		src := l.lines[ln-1]
		if col > 0 && col <= len(src) {
			src = src[col:]
		}
		col = 0
		c := len(strings.Fields(src))
		if word < c {
			return ln
		}
		word -= c
	}
	return n.Line
}
