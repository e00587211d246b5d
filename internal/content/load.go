package content

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/feedingfriend/skill/internal/lazyre"
	"github.com/feedingfriend/skill/internal/skill"
	"go.yaml.in/yaml/v3"
)

// Required ids: the conversation cannot run without these answers.
const (
	UrgentHelpID = "urgent-help"
	HelplinesID  = "helplines"
)

// Keys of the urgent-help variants: the levels of urgent help.
const (
	EmergencyKey = skill.LevelEmergency
	UrgentKey    = skill.LevelUrgent
)

// MaxAnswerWords is the hard limit on a first answer; style checks warn earlier.
const MaxAnswerWords = 60

// Problem is one thing wrong in one file.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// LoadError lists every problem found while loading.
type LoadError struct {
	Problems []Problem
}

func (e *LoadError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return "content: invalid answers:\n" + strings.Join(lines, "\n")
}

// Store holds the loaded answers with their placeholders filled in.
type Store struct {
	topics  map[string]*Topic
	raw     map[string]*Topic
	ids     []string
	version string
	signs   Signposts
	// prompts are the skill's own words, filled; promptsT is how the
	// lifecycle sees them (prompts.yaml as written).
	prompts  *Prompts
	promptsT *Topic
}

// Prompts returns the skill's own words with the signposting filled in.
func (s *Store) Prompts() *Prompts { return s.prompts }

// PromptsTopic returns prompts.yaml as the lifecycle sees it: its status,
// approval and hash (Topic.IsPrompts).
func (s *Store) PromptsTopic() *Topic { return s.promptsT }

// Approvables returns everything under approval that the content directory
// holds, as written: every answer, then the prompts.
func (s *Store) Approvables() []*Topic {
	return append(s.Written(), s.promptsT)
}

// Approvable returns the answer or prompts with id, as written.
func (s *Store) Approvable(id string) (*Topic, bool) {
	if id == PromptsID {
		return s.promptsT, true
	}
	return s.Raw(id)
}

// Topic returns the answer with id, placeholders filled.
func (s *Store) Topic(id string) (*Topic, bool) {
	t, ok := s.topics[id]
	return t, ok
}

// Raw returns the answer with id as written in its file (placeholders unfilled).
func (s *Store) Raw(id string) (*Topic, bool) {
	t, ok := s.raw[id]
	return t, ok
}

// Written returns every answer as written in its file (placeholders
// unfilled), sorted by id.
func (s *Store) Written() []*Topic {
	out := make([]*Topic, len(s.ids))
	for i, id := range s.ids {
		out[i] = s.raw[id]
	}
	return out
}

// IDs returns every topic id, sorted.
func (s *Store) IDs() []string { return append([]string(nil), s.ids...) }

// Version is a short hash of the whole spoken surface, for logs and
// /healthz: every answer and the prompts as written, what the placeholders
// stand for in every nation, and the rules folded in with Include.
func (s *Store) Version() string { return s.version }

// Include folds the approved meaning of rules outside the content directory
// (RulesTopic: the red-flag rules) into the version.
func (s *Store) Include(rules ...*Topic) {
	sum := sha256.New()
	sum.Write([]byte(s.version))
	for _, r := range rules {
		fmt.Fprintf(sum, "\x00%s\x00%s", r.ID, r.Hash)
	}
	s.version = hex.EncodeToString(sum.Sum(nil))[:12]
}

// Signposts returns the signposting the placeholders were filled with.
func (s *Store) Signposts() Signposts { return s.signs }

var idRE = lazyre.New(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Load reads every *.yaml file at the top of fsys, validates them together and
// fills placeholders from sp. All problems are reported at once in a *LoadError.
func Load(fsys fs.FS, sp Signposts) (*Store, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("content: list files: %w", err)
	}
	sort.Strings(names)
	var probs []Problem
	sum := sha256.New()
	s := &Store{topics: map[string]*Topic{}, raw: map[string]*Topic{}, signs: sp}
	lines := map[string]*yaml.Node{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			probs = append(probs, Problem{File: name, Msg: err.Error()})
			continue
		}
		fmt.Fprintf(sum, "%s\x00%d\x00", name, len(data))
		sum.Write(data)
		t, node, ps := parseFile(name, data, sp)
		probs = append(probs, ps...)
		if t == nil {
			continue
		}
		if t.IsPrompts() {
			s.promptsT = t
			continue
		}
		if other, dup := s.raw[t.ID]; dup {
			probs = append(probs, Problem{File: name, Line: line(node, "id"), Msg: fmt.Sprintf("id %q is also used by %s", t.ID, other.File)})
			continue
		}
		s.raw[t.ID] = t
		lines[t.ID] = node
	}
	if len(names) == 0 {
		probs = append(probs, Problem{File: ".", Msg: "no answer files (*.yaml) found"})
	}
	for id, t := range s.raw {
		for i, r := range t.Related {
			if _, ok := s.raw[r]; !ok {
				probs = append(probs, Problem{File: t.File, Line: lineIndex(lines[id], "related", i), Msg: fmt.Sprintf("related topic %q does not exist", r)})
			}
			if r == id {
				probs = append(probs, Problem{File: t.File, Line: lineIndex(lines[id], "related", i), Msg: "a topic cannot be related to itself"})
			}
		}
	}
	for _, req := range []string{UrgentHelpID, HelplinesID} {
		if _, ok := s.raw[req]; !ok && len(names) > 0 {
			probs = append(probs, Problem{File: req + ".yaml", Msg: "this answer is required: the conversation signposts to it"})
		}
	}
	if s.promptsT == nil && len(names) > 0 && !slices.Contains(names, PromptsFile) {
		probs = append(probs, Problem{File: PromptsFile, Msg: "the skill's own words are required: the welcome, help, fallback and every other reply that is not an answer"})
	}
	if u, ok := s.raw[UrgentHelpID]; ok {
		for _, k := range []string{EmergencyKey, UrgentKey} {
			if _, ok := u.ForKey(k); !ok {
				probs = append(probs, Problem{File: u.File, Line: line(lines[UrgentHelpID], "variants"), Msg: fmt.Sprintf("urgent-help needs a variant with key %q", k)})
			}
		}
	}
	if len(probs) > 0 {
		sort.SliceStable(probs, func(i, j int) bool {
			if probs[i].File != probs[j].File {
				return probs[i].File < probs[j].File
			}
			return probs[i].Line < probs[j].Line
		})
		return nil, &LoadError{Problems: probs}
	}
	s.fill(sp)
	// What the placeholders stand for, in every nation, is spoken too.
	table, _ := json.Marshal(sp.Nations())
	fmt.Fprintf(sum, "signposting\x00%d\x00", len(table))
	sum.Write(table)
	s.version = hex.EncodeToString(sum.Sum(nil))[:12]
	return s, nil
}

// ParseFile decodes and validates one answer file on its own (no related
// topics, no other files): the topic as written, or nil when it does not
// decode, and its problems.
func ParseFile(name string, data []byte, sp Signposts) (*Topic, []Problem) {
	t, _, probs := parseFile(name, data, sp)
	return t, probs
}

// parseFile decodes and validates one file on its own, binding its
// placeholders to sp's values (BindSignposts).
// decodeFile parses a content file once into v, a pointer to Topic or
// Prompts: the node tree gives line numbers, is checked for fields v's type
// does not have, and is decoded into v. fields says what the mapping should
// hold. On a problem the root is nil.
func decodeFile(name string, data []byte, v any, fields string) (*yaml.Node, []Problem) {
	var probs []Problem
	add := func(l int, format string, args ...any) {
		probs = append(probs, Problem{File: name, Line: l, Msg: fmt.Sprintf(format, args...)})
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		add(yamlLine(err), "%s", yamlMsg(err))
		return nil, probs
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		add(1, "want a mapping of fields (%s)", fields)
		return nil, probs
	}
	root := doc.Content[0]
	typ := reflect.TypeOf(v).Elem()
	if unknown := unknownFields(root, typ); len(unknown) > 0 {
		for _, u := range unknown {
			add(u.Line, "field %s not found in type %s", u.Value, typ)
		}
		return nil, probs
	}
	if err := root.Decode(v); err != nil {
		add(yamlLine(err), "%s", yamlMsg(err))
		return nil, probs
	}
	return root, nil
}

func parseFile(name string, data []byte, sp Signposts) (*Topic, *yaml.Node, []Problem) {
	if path.Base(name) == PromptsFile {
		return parsePrompts(name, data, sp)
	}
	var t Topic
	root, probs := decodeFile(name, data, &t, "id, title, answer, ...")
	if root == nil {
		return nil, nil, probs
	}
	add := func(l int, format string, args ...any) {
		probs = append(probs, Problem{File: name, Line: l, Msg: fmt.Sprintf(format, args...)})
	}
	t.File = name
	l := func(key string) int { return line(root, key) }
	t.StatusLine, t.ApprovalLine = l("status"), l("approval")

	want := strings.TrimSuffix(path.Base(name), ".yaml")
	switch {
	case t.ID == "":
		add(1, "id is missing")
	case !idRE().MatchString(t.ID):
		add(l("id"), "id %q: use lower-case words joined by hyphens", t.ID)
	case t.ID != want:
		add(l("id"), "id %q does not match the file name (want %q)", t.ID, want)
	}
	if strings.TrimSpace(t.Title) == "" {
		add(l("title"), "title is missing")
	}
	if !validGroup(t.Group) {
		add(l("group"), "group %q is not one of %s", t.Group, groupIDs())
	}
	switch t.Status {
	case Draft, InReview, Retired:
	case Approved:
		if t.Approval == nil {
			add(l("status"), "status is approved but there is no approval record: only `skill content approve` marks an answer approved")
		}
	default:
		add(l("status"), "status %q is not one of draft, in-review, approved, retired", t.Status)
	}
	checkSpoken(add, l("answer"), "answer", t.Answer, true)
	for i, m := range t.More {
		checkSpoken(add, lineIndex(root, "more", i), fmt.Sprintf("more[%d]", i), m, false)
	}
	if strings.TrimSpace(t.Card) == "" {
		add(l("card"), "card is missing: screens and the Alexa app show it")
	}
	checkText(add, l("card"), "card", t.Card)
	checkCardNumbers(add, l("card"), t.Card, t.Spoken())
	if len(t.Sources) == 0 {
		add(l("sources"), "at least one source is needed")
	}
	for i, src := range t.Sources {
		sl := lineIndex(root, "sources", i)
		if u, err := url.Parse(src.URL); err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			add(sl, "source %q is not a web address", src.URL)
		}
		if _, err := time.Parse(DateLayout, src.Checked); err != nil {
			add(sl, "source checked date %q: want YYYY-MM-DD", src.Checked)
		}
	}
	seenKey := map[string]bool{}
	var ranges []AgeRange
	for i := range t.Variants {
		v := &t.Variants[i]
		vl := lineIndex(root, "variants", i)
		switch {
		case v.Age != "" && v.Key != "":
			add(vl, "variant has both age and key; use one")
		case v.Age != "":
			r, err := ParseAge(v.Age)
			if err != nil {
				add(vl, "%v", err)
			} else {
				for _, o := range ranges {
					if r.Min <= maxOr(o.Max) && o.Min <= maxOr(r.Max) {
						add(vl, "age %q overlaps another variant", v.Age)
					}
				}
				ranges = append(ranges, r)
				v.Range = r
			}
		case v.Key != "":
			if seenKey[v.Key] {
				add(vl, "variant key %q is used twice", v.Key)
			}
			seenKey[v.Key] = true
		default:
			add(vl, "variant needs an age (\"0 to 2 days\") or a key")
		}
		checkSpoken(add, vl, fmt.Sprintf("variants[%d].answer", i), v.Answer, true)
		for j, m := range v.More {
			checkSpoken(add, vl, fmt.Sprintf("variants[%d].more[%d]", i, j), m, false)
		}
		checkText(add, vl, fmt.Sprintf("variants[%d].card", i), v.Card)
		if v.Card != "" {
			checkCardNumbers(add, vl, v.Card, append([]string{v.Answer}, v.More...))
		}
	}
	if a := t.Approval; a != nil {
		al := l("approval")
		if a.By == "" || a.Role == "" || a.Hash == "" {
			add(al, "approval needs by, role and hash")
		}
		for _, d := range []string{a.On, a.ReviewDue} {
			if _, err := time.Parse(DateLayout, d); err != nil {
				add(al, "approval date %q: want YYYY-MM-DD", d)
			}
		}
	}
	t.BindSignposts(sp)
	return &t, root, probs
}

// unknownFields returns the mapping keys under n that typ (a struct, or a
// slice or pointer of one) has no yaml field for, as yaml's KnownFields would.
func unknownFields(n *yaml.Node, typ reflect.Type) []*yaml.Node {
	for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
		if typ.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode {
			var out []*yaml.Node
			for _, item := range n.Content {
				out = append(out, unknownFields(item, typ.Elem())...)
			}
			return out
		}
		typ = typ.Elem()
	}
	if typ.Kind() != reflect.Struct || n.Kind != yaml.MappingNode {
		return nil
	}
	fields := map[string]reflect.Type{}
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			fields[name] = f.Type
		}
	}
	var out []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		ft, ok := fields[n.Content[i].Value]
		if !ok {
			out = append(out, n.Content[i])
			continue
		}
		out = append(out, unknownFields(n.Content[i+1], ft)...)
	}
	return out
}

func maxOr(m int) int {
	if m < 0 {
		return int(^uint(0) >> 1)
	}
	return m
}

func checkSpoken(add func(int, string, ...any), l int, field, text string, first bool) {
	if strings.TrimSpace(text) == "" {
		add(l, "%s is empty", field)
		return
	}
	if first && WordCount(text) > MaxAnswerWords {
		add(l, "%s has %d words: a first answer must fit in one or two breaths (at most %d)", field, WordCount(text), MaxAnswerWords)
	}
	checkText(add, l, field, text)
}

func checkText(add func(int, string, ...any), l int, field, text string) {
	if bad := unknownPlaceholders(text); len(bad) > 0 {
		add(l, "%s: unknown placeholder %s (known: %s)", field, strings.Join(bad, ", "), strings.Join(Placeholders(), ", "))
	}
}

// numberPlaceholderRE and phoneRE find the numbers a parent has to dial: number
// placeholders, and UK phone numbers written out.
var (
	numberPlaceholderRE = lazyre.New(`\{\{\s*(helpline_number|urgent_number|emergency_number)\s*\}\}`)
	phoneRE             = lazyre.New(`\b0\d{2,4}(?: \d{3,4}){1,2}\b|\b116 ?\d{3}\b`)
)

// numbersIn returns the dialled numbers and number placeholders in text. The
// cheap checks first: most text has neither braces nor digits.
func numbersIn(text string) []string {
	var out []string
	if strings.Contains(text, "{{") {
		out = numberPlaceholderRE().FindAllString(text, -1)
	}
	if strings.ContainsAny(text, "0123456789") {
		out = append(out, phoneRE().FindAllString(text, -1)...)
	}
	return out
}

// checkCardNumbers makes sure every number spoken is also written on the card,
// so a parent can read it instead of remembering it.
func checkCardNumbers(add func(int, string, ...any), l int, card string, spoken []string) {
	onCard := map[string]bool{}
	for _, m := range numbersIn(card) {
		onCard[strings.ReplaceAll(m, " ", "")] = true
	}
	missing := map[string]bool{}
	for _, s := range spoken {
		for _, m := range numbersIn(s) {
			if !onCard[strings.ReplaceAll(m, " ", "")] {
				missing[m] = true
			}
		}
	}
	if len(missing) > 0 {
		var ms []string
		for m := range missing {
			ms = append(ms, m)
		}
		sort.Strings(ms)
		add(l, "card must also show the number(s) spoken: %s", strings.Join(ms, ", "))
	}
}

func validGroup(g string) bool {
	for _, x := range Groups {
		if x.ID == g {
			return true
		}
	}
	return false
}

func groupIDs() string {
	ids := make([]string, len(Groups))
	for i, g := range Groups {
		ids[i] = g.ID
	}
	return strings.Join(ids, ", ")
}

// line returns the line of key in a mapping node (0 when absent).
func line(m *yaml.Node, key string) int {
	if m == nil {
		return 0
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i].Line
		}
	}
	return 0
}

// lineIndex returns the line of item i of the sequence under key.
func lineIndex(m *yaml.Node, key string, i int) int {
	if m == nil {
		return 0
	}
	for j := 0; j+1 < len(m.Content); j += 2 {
		if m.Content[j].Value == key {
			seq := m.Content[j+1]
			if seq.Kind == yaml.SequenceNode && i < len(seq.Content) {
				return seq.Content[i].Line
			}
			return m.Content[j].Line
		}
	}
	return 0
}

var yamlLineRE = lazyre.New(`line (\d+):? ?`)

func yamlLine(err error) int {
	if m := yamlLineRE().FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

func yamlMsg(err error) string {
	var te *yaml.TypeError
	msg := err.Error()
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = strings.Join(te.Errors, "; ")
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	return yamlLineRE().ReplaceAllString(msg, "")
}

// filled returns a copy of t with placeholders replaced by f's values.
func (t *Topic) filled(f filler) *Topic {
	c := *t
	c.Answer = f.fill(t.Answer)
	c.Card = f.fill(t.Card)
	c.More = f.fillAll(t.More)
	c.Variants = make([]Variant, len(t.Variants))
	for i, v := range t.Variants {
		v.Answer = f.fill(v.Answer)
		v.Card = f.fill(v.Card)
		v.More = f.fillAll(v.More)
		c.Variants[i] = v
	}
	return &c
}

// canonical is the clinical text an approval covers: every spoken part, every
// variant, the card and the sources, and what each placeholder they use
// stands for in every nation. Status, related topics and review notes are not
// clinical text, so changing them does not void an approval.
type canonical struct {
	ID       string    `json:"id"`
	Title    string    `json:"title,omitempty"`
	Answer   string    `json:"answer,omitempty"`
	More     []string  `json:"more,omitempty"`
	Card     string    `json:"card,omitempty"`
	Variants []Variant `json:"variants,omitempty"`
	Sources  []Source  `json:"sources,omitempty"`
	// Texts are the prompts' (prompts.yaml), by key.
	Texts map[string]string `json:"texts,omitempty"`
	// Rules are the red-flag rules' meaning (RulesTopic).
	Rules       any                          `json:"rules,omitempty"`
	Signposting map[string]map[string]string `json:"signposting,omitempty"`
}

// Canonical returns the canonical clinical text of t as JSON.
func Canonical(t *Topic) []byte {
	if t.prompts != nil {
		return canonicalPrompts(t)
	}
	if t.rules != nil {
		return canonicalRules(t)
	}
	c := canonical{ID: t.ID, Title: norm(t.Title), Answer: norm(t.Answer), Card: strings.TrimSpace(t.Card), Sources: t.Sources, Signposting: t.values}
	for _, m := range t.More {
		c.More = append(c.More, norm(m))
	}
	for _, v := range t.Variants {
		v.Answer = norm(v.Answer)
		v.Card = strings.TrimSpace(v.Card)
		more := make([]string, len(v.More))
		for i, m := range v.More {
			more[i] = norm(m)
		}
		v.More = more
		v.Range = AgeRange{}
		c.Variants = append(c.Variants, v)
	}
	b, _ := json.MarshalIndent(c, "", "  ")
	return b
}

func norm(s string) string { return strings.Join(strings.Fields(s), " ") }

// Hash returns the sha256 of t's canonical clinical text, as hex (with the
// placeholder values BindSignposts recorded).
func Hash(t *Topic) string {
	h := sha256.Sum256(Canonical(t))
	return hex.EncodeToString(h[:])
}
