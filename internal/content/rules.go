package content

import (
	"encoding/json"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// RedFlagsID names the red-flag rules (intents/red-flags.yaml) in the
// lifecycle: they decide when the skill says 999 or 111, so they are
// approved like an answer.
const RedFlagsID = "red-flags"

// Rules is a file outside the content directory that is under the same
// approval: the red-flag rules. Nothing in the file records its status or
// approval; the audit log does (submit, approve), with the approved snapshot
// in approved/<id>.json. What is approved is the file's meaning: its YAML
// read as data, so comments and layout can change without a new approval.
type Rules struct {
	ID string
	// File is where people find it: "intents/red-flags.yaml".
	File string
	Data []byte
}

// RulesTopic returns rules as the lifecycle sees them: a Topic (IsRules)
// whose status and approval are what the audit log a says of them, and whose
// hash is over their meaning.
func RulesTopic(rules Rules, a *Audit) (*Topic, error) {
	var v any
	if err := yaml.Unmarshal(rules.Data, &v); err != nil {
		return nil, fmt.Errorf("content: %s: %v", rules.File, yamlMsg(err))
	}
	t := &Topic{ID: rules.ID, Title: "The red-flag rules", Status: Draft, File: rules.File}
	if v != nil {
		b, err := json.Marshal(jsonable(v))
		if err != nil {
			return nil, fmt.Errorf("content: %s: %w", rules.File, err)
		}
		t.rules = b
	}
	for _, e := range a.Entries {
		if e.ID != rules.ID {
			continue
		}
		switch e.Action {
		case ActionSubmit:
			t.Status = InReview
		case ActionApprove:
			ap := approvalOf(e)
			t.Status, t.Approval = Approved, &ap
		case ActionRetire:
			t.Status = Retired
		}
	}
	t.Hash = Hash(t)
	return t, nil
}

// IsRules reports whether t stands for rules outside the content directory
// (RulesTopic) rather than an answer.
func (t *Topic) IsRules() bool { return t.rules != nil }

// canonicalRules is the rules' approved meaning.
func canonicalRules(t *Topic) []byte {
	b, _ := json.MarshalIndent(canonical{ID: t.ID, Rules: t.rules}, "", "  ")
	return b
}

// jsonable turns what YAML decoded (maps with any keys) into what JSON
// encodes (maps with string keys).
func jsonable(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonable(e)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[fmt.Sprint(k)] = jsonable(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonable(e)
		}
		return out
	}
	return v
}
