package dialogflow

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/feedingfriend/skill/internal/skill"
	"google.golang.org/protobuf/types/known/structpb"
)

// StatePrefix starts every key of the conversation state kept in Dialogflow context
// or session parameters, so that the intent parameters Dialogflow merges into the
// same place cannot overwrite it.
const StatePrefix = "ff_"

// Limits on what is read from a request.
const (
	maxSlotLen      = 200  // runes in one slot value
	maxUtteranceLen = 1000 // runes in the user's words
	maxStateKeys    = 32   // state keys read back
)

// SessionState returns the conversation state held in Dialogflow parameters: the
// keys with StatePrefix, without it. Null values and other keys are ignored.
func SessionState(fields map[string]*structpb.Value) map[string]any {
	out := map[string]any{}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		name, ok := strings.CutPrefix(k, StatePrefix)
		if !ok || name == "" || len(out) == maxStateKeys {
			continue
		}
		v := fields[k]
		if v == nil {
			continue
		}
		if _, null := v.GetKind().(*structpb.Value_NullValue); null {
			continue
		}
		out[name] = v.AsInterface()
	}
	return out
}

// isMemory reports whether the state holds conversation memory, not only the
// description of the last turn.
func isMemory(state map[string]any) bool {
	for k := range state {
		if !slices.Contains(skill.TurnKeys, k) {
			return true
		}
	}
	return false
}

// stateFields converts the conversation's session attributes to prefixed protobuf
// values. Values that cannot be represented are left out.
func stateFields(session map[string]any) map[string]*structpb.Value {
	out := make(map[string]*structpb.Value, len(session))
	for k, v := range session {
		pv, err := structpb.NewValue(v)
		if err != nil {
			continue
		}
		out[StatePrefix+k] = pv
	}
	return out
}

// turnOnly keeps the keys that describe the turn just answered.
func turnOnly(session map[string]any) map[string]any {
	out := map[string]any{}
	for _, k := range skill.TurnKeys {
		if v, ok := session[k]; ok {
			out[k] = v
		}
	}
	return out
}

// slotFromValue converts a Dialogflow parameter value to a slot. Strings are taken
// as entity reference values (the neutral ids); numbers arrive as floats and are
// written without a fraction when whole. Lists give their first element; empty
// values, structs and booleans give no slot.
func slotFromValue(v *structpb.Value) (skill.Slot, bool) {
	switch k := v.GetKind().(type) {
	case *structpb.Value_StringValue:
		s := truncate(strings.TrimSpace(k.StringValue), maxSlotLen)
		if s == "" {
			return skill.Slot{}, false
		}
		return skill.Slot{Value: s, ID: s}, true
	case *structpb.Value_NumberValue:
		n := k.NumberValue
		if math.IsNaN(n) || math.IsInf(n, 0) {
			return skill.Slot{}, false
		}
		if n == math.Trunc(n) && math.Abs(n) < 1e9 {
			return skill.Slot{Value: strconv.FormatInt(int64(n), 10)}, true
		}
		return skill.Slot{Value: strconv.FormatFloat(n, 'f', -1, 64)}, true
	case *structpb.Value_ListValue:
		if vs := k.ListValue.GetValues(); len(vs) > 0 {
			return slotFromValue(vs[0])
		}
	}
	return skill.Slot{}, false
}

// validSlotName accepts the parameter names a model can declare; it skips the
// ".original" copies ES adds and anything odd.
func validSlotName(name string) bool {
	if name == "" || len(name) > 64 {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// truncate cuts s to at most n runes.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// richContent renders the card and the suggestions as Dialogflow Messenger rich
// content, or nil when there is neither. Chips are left out when the conversation
// ends: there is nobody left to answer them.
func richContent(resp *skill.Response, ended bool) *structpb.Struct {
	var items []any
	if c := resp.Card; c != nil && (c.Title != "" || c.Text != "") {
		items = append(items, map[string]any{"type": "info", "title": c.Title, "subtitle": c.Text})
	}
	if !ended && len(resp.Suggestions) > 0 {
		var opts []any
		for _, s := range resp.Suggestions {
			if s != "" {
				opts = append(opts, map[string]any{"text": s})
			}
		}
		if len(opts) > 0 {
			items = append(items, map[string]any{"type": "chips", "options": opts})
		}
	}
	if len(items) == 0 {
		return nil
	}
	s, err := structpb.NewStruct(map[string]any{"richContent": []any{items}})
	if err != nil {
		return nil
	}
	return s
}

// repromptPayload is the webhook's top-level payload, which Dialogflow passes to
// the integration or API caller (ES queryResult.webhookPayload, CX
// webhookPayloads) and never shows in Messenger: {"reprompt": "..."} for a caller
// that handles silence, such as a telephony bridge. Nil when there is none.
func repromptPayload(resp *skill.Response, ended bool) *structpb.Struct {
	text := resp.Reprompt.Text()
	if ended || text == "" {
		return nil
	}
	return &structpb.Struct{Fields: map[string]*structpb.Value{"reprompt": structpb.NewStringValue(text)}}
}

// ended reports whether a response closes the conversation. Urgent help always
// does, so the parent can call at once.
func ended(resp *skill.Response) bool {
	return resp.EndSession || resp.Outcome == skill.OutcomeUrgent
}
