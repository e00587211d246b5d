package skilltest

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/feedingfriend/skill/internal/channel"
	"github.com/feedingfriend/skill/internal/skill"
	"go.yaml.in/yaml/v3"
)

// Expectation is one check on a step's reply, from one key of the test file.
type Expectation struct {
	// Key is the file's key: topic, speech_contains, session.ageDays...
	Key  string
	Line int
	// Want describes what is expected, for messages.
	Want string
	// check returns what the reply holds and whether that meets the expectation.
	check func(r channel.Reply) (got string, ok bool)
}

// Check tests the reply and returns what was got and whether it passed.
func (e Expectation) Check(r channel.Reply) (string, bool) { return e.check(r) }

// builder turns one key of a step into its expectations.
type builder func(p *parser, k, v *yaml.Node) []Expectation

// expectations maps the step keys that state expectations to their builders.
// intent is handled by the step itself: it is the request unless the user speaks.
var expectations = map[string]builder{
	"topic": func(p *parser, k, v *yaml.Node) []Expectation {
		want, ok := p.scalar(k, nullAsEmpty(v))
		if !ok {
			return nil
		}
		return []Expectation{{Key: "topic", Line: k.Line, Want: quoteOrNone(want), check: func(r channel.Reply) (string, bool) {
			return quoteOrNone(r.Topic), r.Topic == want
		}}}
	},
	"transfer": func(p *parser, k, v *yaml.Node) []Expectation {
		want, ok := p.scalar(k, nullAsEmpty(v))
		if !ok {
			return nil
		}
		return []Expectation{{Key: "transfer", Line: k.Line, Want: quoteOrNone(want), check: func(r channel.Reply) (string, bool) {
			return quoteOrNone(r.Transfer), r.Transfer == want
		}}}
	},
	"speech_contains": func(p *parser, k, v *yaml.Node) []Expectation {
		return containsEach(p, k, v, true, speech)
	},
	"speech_not_contains": func(p *parser, k, v *yaml.Node) []Expectation {
		return containsEach(p, k, v, false, speech)
	},
	"card_contains": func(p *parser, k, v *yaml.Node) []Expectation {
		return containsEach(p, k, v, true, card)
	},
	"speech_matches": func(p *parser, k, v *yaml.Node) []Expectation {
		var out []Expectation
		for _, n := range p.list(k, v) {
			re, err := regexp.Compile(n.Value)
			if err != nil {
				p.errf(n, "speech_matches: %v", err)
				continue
			}
			out = append(out, Expectation{Key: k.Value, Line: n.Line, Want: "matches /" + n.Value + "/", check: func(r channel.Reply) (string, bool) {
				return speech(r), re.MatchString(r.Speech)
			}})
		}
		return out
	},
	"end_session": func(p *parser, k, v *yaml.Node) []Expectation {
		want := p.boolean(k, v)
		return []Expectation{{Key: k.Value, Line: k.Line, Want: strconv.FormatBool(want), check: func(r channel.Reply) (string, bool) {
			return strconv.FormatBool(r.EndSession), r.EndSession == want
		}}}
	},
	"reprompt": func(p *parser, k, v *yaml.Node) []Expectation {
		want := p.boolean(k, v)
		desc := map[bool]string{true: "present", false: "absent"}
		return []Expectation{{Key: k.Value, Line: k.Line, Want: desc[want], check: func(r channel.Reply) (string, bool) {
			has := strings.TrimSpace(r.Reprompt) != ""
			got := desc[has]
			if has {
				got = fmt.Sprintf("present (%q)", clip(r.Reprompt))
			}
			return got, has == want
		}}}
	},
	"age_days": func(p *parser, k, v *yaml.Node) []Expectation {
		s, ok := p.scalar(k, v)
		if !ok {
			return nil
		}
		if _, err := strconv.Atoi(s); err != nil {
			p.errf(v, "age_days: want a whole number of days, got %q", s)
			return nil
		}
		return []Expectation{sessionValue(k.Value, k.Line, skill.SessionAgeDays, v)}
	},
	"session": func(p *parser, k, v *yaml.Node) []Expectation {
		if v.Kind != yaml.MappingNode {
			p.errf(v, "session: want a mapping of attribute to value, e.g. {ageDays: 42}")
			return nil
		}
		var out []Expectation
		for i := 0; i+1 < len(v.Content); i += 2 {
			ak := v.Content[i]
			out = append(out, sessionValue("session."+ak.Value, ak.Line, ak.Value, resolve(v.Content[i+1])))
		}
		return out
	},
}

// expectIntent checks the intent the platform reports for the turn. Alexa's
// built-in names are compared without their AMAZON. prefix.
func expectIntent(k *yaml.Node, want string) Expectation {
	return Expectation{Key: "intent", Line: k.Line, Want: want, check: func(r channel.Reply) (string, bool) {
		return quoteOrNone(r.Intent), skill.NeutralIntentName(r.Intent) == skill.NeutralIntentName(want)
	}}
}

func nullAsEmpty(v *yaml.Node) *yaml.Node {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Line: v.Line}
	}
	return v
}

func quoteOrNone(s string) string {
	if s == "" {
		return `"" (none)`
	}
	return strconv.Quote(s)
}

func speech(r channel.Reply) string { return r.Speech }

func card(r channel.Reply) string { return strings.TrimSpace(r.Card.Title + "\n" + r.Card.Text) }

// fold makes text comparable: lower case, one space between words.
func fold(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// containsEach makes one expectation per listed phrase, each with its own line.
// Matching ignores case and spacing.
func containsEach(p *parser, k, v *yaml.Node, want bool, field func(channel.Reply) string) []Expectation {
	var out []Expectation
	for _, n := range p.list(k, v) {
		phrase := n.Value
		desc := "contains " + strconv.Quote(phrase)
		if !want {
			desc = "does not contain " + strconv.Quote(phrase)
		}
		out = append(out, Expectation{Key: k.Value, Line: n.Line, Want: desc, check: func(r channel.Reply) (string, bool) {
			text := field(r)
			return strconv.Quote(clip(text)), strings.Contains(fold(text), fold(phrase)) == want
		}})
	}
	return out
}

// sessionValue checks one session attribute. Values are compared as JSON would
// carry them, so 42 equals 42.0; null means the attribute is absent or null.
func sessionValue(key string, line int, attr string, v *yaml.Node) Expectation {
	var want any
	_ = v.Decode(&want)
	want = jsonValue(want)
	wantText := jsonText(want)
	return Expectation{Key: key, Line: line, Want: wantText, check: func(r channel.Reply) (string, bool) {
		got, ok := r.Session[attr]
		if !ok {
			return "absent", want == nil
		}
		g := jsonValue(got)
		return jsonText(g), reflect.DeepEqual(g, want)
	}}
}

// jsonValue round-trips v through JSON so numbers, maps and lists compare alike.
func jsonValue(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return fmt.Sprint(v)
	}
	return out
}

func jsonText(v any) string {
	if v == nil {
		return "null"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// clip shortens long text for messages.
func clip(s string) string {
	const max = 240
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "..."
	}
	return s
}

// invariants are checked on every reply, whatever the file says: the product
// rules every turn must keep on every platform.
var invariants = []struct {
	name  string
	check func(r channel.Reply) (got string, ok bool)
	want  string
}{
	{"every reply speaks", func(r channel.Reply) (string, bool) {
		return strconv.Quote(r.Speech), strings.TrimSpace(r.Speech) != ""
	}, "speech"},
	{"every open turn has a reprompt", func(r channel.Reply) (string, bool) {
		return "no reprompt with the session open", r.EndSession || strings.TrimSpace(r.Reprompt) != ""
	}, "a reprompt"},
	{"SSML is well-formed", func(r channel.Reply) (string, bool) {
		if err := wellFormed(r.SSML); err != nil {
			return err.Error(), false
		}
		return "", true
	}, "well-formed SSML"},
}

// wellFormed reports whether ssml parses as XML (empty SSML is allowed: some
// platforms answer in plain text).
func wellFormed(ssml string) error {
	if strings.TrimSpace(ssml) == "" {
		return nil
	}
	d := xml.NewDecoder(strings.NewReader(ssml))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
