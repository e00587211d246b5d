package skilltest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/feedingfriend/skill/internal/lazyre"
	"github.com/feedingfriend/skill/internal/skill"
	"go.yaml.in/yaml/v3"
)

// File is one conversation test file.
type File struct {
	Path string
	// Platforms limits the file to these platforms (nil: every platform).
	Platforms     []string
	PlatformsLine int
	Tags          []string
	Conversations []*Conversation
}

// Conversation is one session to run from a fresh start on each platform.
type Conversation struct {
	File *File
	Name string
	Line int
	// Tags are the conversation's own tags; Tags() adds the file's.
	OwnTags []string
	// Platforms, when set, overrides the file's platforms.
	Platforms     []string
	PlatformsLine int
	Only, Skip    bool
	// PhoneCall runs the conversation as a telephone call, on platforms that
	// can take one (channel.Caller).
	PhoneCall     bool
	PhoneCallLine int
	Steps         []*Step
}

// Tags returns the file's tags followed by the conversation's own.
func (c *Conversation) Tags() []string {
	return append(append([]string(nil), c.File.Tags...), c.OwnTags...)
}

// Where is the conversation's file:line.
func (c *Conversation) Where() string { return fmt.Sprintf("%s:%d", c.File.Path, c.Line) }

// Step is one turn with the expectations on its reply.
type Step struct {
	// Index is the step's number in its conversation, from 1.
	Index  int
	Line   int
	Launch bool
	// User is said through the offline NLU.
	User string
	// Intent, with Slots, is sent as is (bypassing the NLU) when User is empty.
	Intent string
	Slots  map[string]skill.Slot
	Expect []Expectation
}

// Describe names the step for messages: step 2 (user "tell me more").
func (s *Step) Describe() string {
	switch {
	case s.Launch:
		return fmt.Sprintf("step %d (launch)", s.Index)
	case s.User != "":
		return fmt.Sprintf("step %d (user %q)", s.Index, s.User)
	}
	return fmt.Sprintf("step %d (intent %s)", s.Index, s.Intent)
}

// Problem is one mistake in a test file.
type Problem struct {
	Path string
	Line int
	Msg  string
}

func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Msg) }

// FileError lists every problem found in test files.
type FileError struct{ Problems []Problem }

func (e *FileError) Error() string {
	s := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		s[i] = p.String()
	}
	return strings.Join(s, "\n")
}

// Load reads the test files named by paths: files, or directories searched
// recursively for *.yaml and *.yml. Every problem in every file is reported,
// with its file and line, in one *FileError.
func Load(paths ...string) ([]*File, error) {
	var names []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("skilltest: %w", err)
		}
		if !info.IsDir() {
			names = append(names, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
				names = append(names, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("skilltest: %w", err)
		}
	}
	sort.Strings(names)
	var files []*File
	var probs []Problem
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("skilltest: %w", err)
		}
		f, err := Parse(name, data)
		var fe *FileError
		if errors.As(err, &fe) {
			probs = append(probs, fe.Problems...)
			continue
		} else if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	if len(probs) > 0 {
		return nil, &FileError{probs}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("skilltest: no test files (*.yaml) in %s", strings.Join(paths, ", "))
	}
	return files, nil
}

// parser collects problems while walking one file's YAML nodes.
type parser struct {
	path  string
	probs []Problem
}

func (p *parser) errf(n *yaml.Node, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	p.probs = append(p.probs, Problem{p.path, line, fmt.Sprintf(format, args...)})
}

// Parse reads one test file; path is used in messages.
func Parse(path string, data []byte) (*File, error) {
	p := &parser{path: path}
	f := &File{Path: path}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &FileError{[]Problem{{path, yamlErrLine(err), "not valid YAML: " + err.Error()}}}
	}
	if len(doc.Content) == 0 {
		return nil, &FileError{[]Problem{{path, 1, "file is empty; want conversations: [...]"}}}
	}
	root := resolve(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		p.errf(root, "want a mapping with conversations: [...]")
		return nil, &FileError{p.probs}
	}
	var convs *yaml.Node
	p.fields(root, "file", map[string]func(k, v *yaml.Node){
		"platforms":     func(k, v *yaml.Node) { f.Platforms, f.PlatformsLine = p.strings(k, v), k.Line },
		"tags":          func(k, v *yaml.Node) { f.Tags = p.strings(k, v) },
		"conversations": func(k, v *yaml.Node) { convs = v },
	})
	switch {
	case convs == nil:
		p.errf(root, "no conversations: want conversations: [...]")
	case convs.Kind != yaml.SequenceNode:
		p.errf(convs, "conversations: want a list")
	default:
		for _, n := range convs.Content {
			if c := p.conversation(f, resolve(n)); c != nil {
				f.Conversations = append(f.Conversations, c)
			}
		}
		if len(convs.Content) == 0 {
			p.errf(convs, "conversations: the list is empty")
		}
	}
	if len(p.probs) > 0 {
		return nil, &FileError{p.probs}
	}
	return f, nil
}

var yamlLineRE = lazyre.New(`line (\d+)`)

func yamlErrLine(err error) int {
	if m := yamlLineRE().FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 1
}

// resolve follows aliases so anchors (&a / *a) can share steps or lists.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// fields calls the handler for each key of mapping m, reporting unknown and
// repeated keys; what names the mapping in messages.
func (p *parser) fields(m *yaml.Node, what string, handlers map[string]func(k, v *yaml.Node)) {
	seen := map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], resolve(m.Content[i+1])
		h, ok := handlers[k.Value]
		if !ok {
			known := make([]string, 0, len(handlers))
			for name := range handlers {
				known = append(known, name)
			}
			sort.Strings(known)
			p.errf(k, "unknown key %q in a %s (want one of %s)", k.Value, what, strings.Join(known, ", "))
			continue
		}
		if prev, dup := seen[k.Value]; dup {
			p.errf(k, "key %q is repeated (first at line %d)", k.Value, prev)
			continue
		}
		seen[k.Value] = k.Line
		h(k, v)
	}
}

func (p *parser) scalar(k, v *yaml.Node) (string, bool) {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		p.errf(v, "%s: want a single value", k.Value)
		return "", false
	}
	return v.Value, true
}

func (p *parser) boolean(k, v *yaml.Node) bool {
	s, ok := p.scalar(k, v)
	if !ok {
		return false
	}
	b, err := strconv.ParseBool(s)
	if err != nil || v.Tag != "!!bool" {
		p.errf(v, "%s: want true or false, got %q", k.Value, s)
	}
	return b
}

// strings reads a string or a list of strings.
func (p *parser) strings(k, v *yaml.Node) []string {
	var out []string
	for _, n := range p.list(k, v) {
		out = append(out, n.Value)
	}
	return out
}

// list reads a scalar or a list of scalars, keeping each item's node for its line.
func (p *parser) list(k, v *yaml.Node) []*yaml.Node {
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Tag == "!!null" {
			p.errf(v, "%s: want a value or a list", k.Value)
			return nil
		}
		return []*yaml.Node{v}
	case yaml.SequenceNode:
		var out []*yaml.Node
		for _, n := range v.Content {
			n = resolve(n)
			if n.Kind != yaml.ScalarNode {
				p.errf(n, "%s: want a list of values", k.Value)
				continue
			}
			out = append(out, n)
		}
		if len(out) == 0 && len(v.Content) == 0 {
			p.errf(v, "%s: the list is empty", k.Value)
		}
		return out
	}
	p.errf(v, "%s: want a value or a list", k.Value)
	return nil
}

func (p *parser) conversation(f *File, n *yaml.Node) *Conversation {
	if n.Kind != yaml.MappingNode {
		p.errf(n, "a conversation: want a mapping with name and steps")
		return nil
	}
	c := &Conversation{File: f, Line: n.Line}
	var steps *yaml.Node
	p.fields(n, "conversation", map[string]func(k, v *yaml.Node){
		"name":       func(k, v *yaml.Node) { c.Name, _ = p.scalar(k, v) },
		"tags":       func(k, v *yaml.Node) { c.OwnTags = p.strings(k, v) },
		"platforms":  func(k, v *yaml.Node) { c.Platforms, c.PlatformsLine = p.strings(k, v), k.Line },
		"only":       func(k, v *yaml.Node) { c.Only = p.boolean(k, v) },
		"skip":       func(k, v *yaml.Node) { c.Skip = p.boolean(k, v) },
		"phone_call": func(k, v *yaml.Node) { c.PhoneCall, c.PhoneCallLine = p.boolean(k, v), k.Line },
		"steps":      func(k, v *yaml.Node) { steps = v },
	})
	if strings.TrimSpace(c.Name) == "" {
		p.errf(n, "a conversation needs a name")
	}
	switch {
	case steps == nil:
		p.errf(n, "conversation %q has no steps", c.Name)
	case steps.Kind != yaml.SequenceNode || len(steps.Content) == 0:
		p.errf(steps, "steps: want a list of steps")
	default:
		for _, sn := range steps.Content {
			if s := p.step(resolve(sn)); s != nil {
				s.Index = len(c.Steps) + 1
				c.Steps = append(c.Steps, s)
			}
		}
	}
	return c
}

func (p *parser) step(n *yaml.Node) *Step {
	if n.Kind != yaml.MappingNode {
		p.errf(n, "a step: want a mapping (launch, user or intent, and expectations)")
		return nil
	}
	s := &Step{Line: n.Line}
	var intentKey, intentVal, slots *yaml.Node
	handlers := map[string]func(k, v *yaml.Node){
		"launch": func(k, v *yaml.Node) { s.Launch = p.boolean(k, v) },
		"user":   func(k, v *yaml.Node) { s.User, _ = p.scalar(k, v) },
		"intent": func(k, v *yaml.Node) { intentKey, intentVal = k, v },
		"slots":  func(k, v *yaml.Node) { slots = v },
	}
	for key, build := range expectations {
		handlers[key] = func(k, v *yaml.Node) { s.Expect = append(s.Expect, build(p, k, v)...) }
	}
	p.fields(n, "step", handlers)
	// intent is the request unless the user speaks; then it is what the NLU must reach.
	if intentKey != nil {
		name, ok := p.scalar(intentKey, intentVal)
		switch {
		case !ok:
		case s.User != "":
			s.Expect = append(s.Expect, expectIntent(intentKey, name))
		default:
			s.Intent = name
		}
	}
	acts := 0
	for _, on := range []bool{s.Launch, s.User != "", s.Intent != ""} {
		if on {
			acts++
		}
	}
	if acts != 1 {
		p.errf(n, "a step needs exactly one of launch: true, user: \"...\" or intent: Name")
	}
	if slots != nil {
		if s.Intent == "" {
			p.errf(slots, "slots: only a step with intent (and no user) sends slots")
		} else {
			s.Slots = p.slots(slots)
		}
	}
	sort.SliceStable(s.Expect, func(i, j int) bool { return s.Expect[i].Line < s.Expect[j].Line })
	return s
}

// slots reads {name: value} or {name: {value: heard, id: resolved}}.
func (p *parser) slots(v *yaml.Node) map[string]skill.Slot {
	if v.Kind != yaml.MappingNode {
		p.errf(v, "slots: want a mapping of slot name to value")
		return nil
	}
	out := map[string]skill.Slot{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], resolve(v.Content[i+1])
		switch val.Kind {
		case yaml.ScalarNode:
			out[k.Value] = skill.Slot{Value: val.Value}
		case yaml.MappingNode:
			var sl skill.Slot
			p.fields(val, "slot", map[string]func(k, v *yaml.Node){
				"value": func(k, v *yaml.Node) { sl.Value, _ = p.scalar(k, v) },
				"id":    func(k, v *yaml.Node) { sl.ID, _ = p.scalar(k, v) },
			})
			out[k.Value] = sl
		default:
			p.errf(val, "slot %s: want a value, or {value, id}", k.Value)
		}
	}
	return out
}
