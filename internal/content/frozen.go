package content

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
)

// Frozen is a Topic as Load or RulesTopic made it, with the state they give
// it that has no exported field spelt out, so that a build-time generator can
// write it as Go source (internal/prebuilt) and Thaw can make the same Topic
// again without reading a file.
type Frozen struct {
	// Topic holds the exported fields, Hash included.
	Topic Topic
	// Values are what the placeholders stand for in every nation
	// (BindSignposts): part of the approved text.
	Values map[string]map[string]string
	// Prompts are set for the skill's own words (Topic.IsPrompts).
	Prompts *Prompts
	// Rules are the rules' meaning in JSON, set for rules outside the content
	// directory (Topic.IsRules).
	Rules string
}

// Freeze returns t with its whole state in exported fields.
func Freeze(t *Topic) Frozen {
	f := Frozen{Topic: *t, Values: t.values, Prompts: t.prompts, Rules: string(t.rules)}
	f.Topic.values, f.Topic.prompts, f.Topic.rules = nil, nil, nil
	return f
}

// Thaw returns the Topic f was frozen from.
func (f Frozen) Thaw() *Topic {
	t := f.Topic
	t.values, t.prompts = f.Values, f.Prompts
	if f.Rules != "" {
		t.rules = json.RawMessage(f.Rules)
	}
	return &t
}

// FrozenStore is a Store as Load made it, before its placeholders are filled
// for one nation: every answer and the prompts as written, checked, bound to
// the signposting of every nation, hashed, and the content version. The
// Alexa Lambda and the tools start from one made at build time
// (internal/prebuilt) instead of parsing and checking the files again.
type FrozenStore struct {
	// Topics are the answers as written, sorted by id.
	Topics []Frozen
	// Prompts is prompts.yaml as the lifecycle sees it.
	Prompts Frozen
	// Version is Store.Version before Include.
	Version string
	// Nations is the signposting the hashes, the placeholders' values and the
	// version were bound to (Signposts.Nations).
	Nations []Signposts
}

// Freeze returns s before its placeholders were filled. Call it before
// Include: the rules are frozen on their own.
func (s *Store) Freeze() FrozenStore {
	f := FrozenStore{Prompts: Freeze(s.promptsT), Version: s.version, Nations: s.signs.Nations()}
	for _, id := range s.ids {
		f.Topics = append(f.Topics, Freeze(s.raw[id]))
	}
	return f
}

// Thaw returns the Store that Load would return for sp: the answers and the
// prompts filled with sp's values. The hashes and the version hold for one
// signposting of every nation; an sp whose Nations differ (another skill
// name, number or service in skill.yaml) is refused, as an approval of the
// old values would not cover the new ones: Load the files with it instead.
func (f FrozenStore) Thaw(sp Signposts) (*Store, error) {
	if !f.Holds(sp) {
		return nil, fmt.Errorf("content: this store was checked with other signposting (skill name, numbers or services) than %s's: load the files with it", sp.Nation)
	}
	s := &Store{raw: make(map[string]*Topic, len(f.Topics)), version: f.Version, promptsT: f.Prompts.Thaw()}
	for _, t := range f.Topics {
		s.raw[t.Topic.ID] = t.Thaw()
	}
	s.fill(sp)
	return s, nil
}

// Holds reports whether f's hashes, placeholder values and version hold for
// sp: whether sp is the signposting, in every nation, that f was checked
// with.
func (f FrozenStore) Holds(sp Signposts) bool {
	return reflect.DeepEqual(sp.Nations(), f.Nations)
}

// fill fills the placeholders of every answer and the prompts as written with
// sp's values, for the conversation.
func (s *Store) fill(sp Signposts) {
	s.signs = sp
	f := filler(sp.values())
	s.topics = make(map[string]*Topic, len(s.raw))
	s.ids = make([]string, 0, len(s.raw))
	for id, t := range s.raw {
		s.ids = append(s.ids, id)
		s.topics[id] = t.filled(f)
	}
	slices.Sort(s.ids)
	if s.promptsT != nil {
		s.prompts = s.promptsT.prompts.filled(f)
	}
}
