package alexa

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// referenceDecode is the decoder decodeEnvelope replaced: JSON v2's reflecting
// Unmarshal, as lenient as Alexa's envelope needs. The differential tests hold
// the two to the same fields.
func referenceDecode(payload []byte, env *RequestEnvelope) error {
	return jsonv2.Unmarshal(payload, env,
		jsonv2.MatchCaseInsensitiveNames(true),
		jsontext.AllowInvalidUTF8(true),
		jsontext.AllowDuplicateNames(true),
	)
}

// used is what the adapter reads of an envelope: env without the fields
// decodeEnvelope skips, with empty maps and slices as nil (the adapter treats
// them alike) and only the APL interface.
func used(env RequestEnvelope) RequestEnvelope {
	env.Version = ""
	if s := env.Session; s != nil {
		c := *s
		c.SessionID, c.User = "", User{}
		if len(c.Attributes) == 0 {
			c.Attributes = nil
		}
		env.Session = &c
	}
	sys := &env.Context.System
	sys.User, sys.APIEndpoint, sys.APIAccessToken, sys.Device.DeviceID = User{}, "", "", ""
	if si, ok := sys.Device.SupportedInterfaces[APLInterface]; ok {
		sys.Device.SupportedInterfaces = map[string]SupportedInterface{APLInterface: si}
	} else {
		sys.Device.SupportedInterfaces = nil
	}
	r := &env.Request
	r.RequestID, r.Timestamp, r.DialogState, r.Cause = "", "", "", nil
	if r.Error != nil {
		r.Error = &Error{Type: r.Error.Type}
	}
	if in := r.Intent; in != nil {
		c := Intent{Name: in.Name}
		for name, s := range in.Slots {
			if c.Slots == nil {
				c.Slots = map[string]Slot{}
			}
			c.Slots[name] = usedSlot(s)
		}
		r.Intent = &c
	}
	return env
}

func usedSlot(s Slot) Slot {
	out := Slot{Value: s.Value}
	if s.Resolutions == nil {
		return out
	}
	out.Resolutions = &Resolutions{}
	for _, r := range s.Resolutions.ResolutionsPerAuthority {
		u := Resolution{Status: r.Status}
		for _, v := range r.Values {
			u.Values = append(u.Values, ResolutionValue{Value: ResolvedValue{ID: v.Value.ID}})
		}
		out.Resolutions.ResolutionsPerAuthority = append(out.Resolutions.ResolutionsPerAuthority, u)
	}
	return out
}

// compareDecoders decodes payload with both decoders. Whatever the reference
// accepts, decodeEnvelope must accept with the same fields out, and whatever
// is not JSON it must refuse; it may accept more (a member it skips may hold
// a value of any kind).
func compareDecoders(t *testing.T, payload []byte) (accepted bool) {
	t.Helper()
	var want, got RequestEnvelope
	wantErr := referenceDecode(payload, &want)
	gotErr := decodeEnvelope(payload, &got, "amzn1.ask.skill.6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f", map[string]string{"LatchIntent": "LatchIntent", "AMAZON.YesIntent": "AMAZON.YesIntent"}, new(turn)) // as Invoke calls it
	if wantErr != nil {
		var syntax *jsontext.SyntacticError
		if errors.As(wantErr, &syntax) {
			require.Error(t, gotErr, "the reference decoder finds a syntax error in %q: %v", payload, wantErr)
		}
		return gotErr == nil
	}
	require.NoError(t, gotErr, "the reference decoder accepts %q", payload)
	assert.Equal(t, used(want), used(got), "decoding %q", payload)
	return true
}

func TestDecodeEnvelope(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		accept bool // by decodeEnvelope (the reference may refuse it)
		check  func(t *testing.T, env RequestEnvelope)
	}{
		{"every field", `{"version":"1.0","session":{"new":true,"application":{"applicationId":"s"},"attributes":{"a":[1,"x",{"b":null}],"c":true}},
			"context":{"System":{"application":{"applicationId":"app"},"device":{"supportedInterfaces":{"AudioPlayer":{},"Alexa.Presentation.APL":{"runtime":{"maxVersion":"1.4"}}}}}},
			"request":{"type":"IntentRequest","locale":"en-GB","reason":"ERROR","error":{"type":"INVALID_RESPONSE","message":"m"},
			"intent":{"name":"TopicIntent","slots":{"topic":{"name":"topic","value":"latching","resolutions":{"resolutionsPerAuthority":[
			{"authority":"x","status":{"code":"ER_SUCCESS_NO_MATCH"}},{"status":{"code":"ER_SUCCESS_MATCH"},"values":[{"value":{"name":"latch","id":"latch"}}]}]}}}}}}`, true,
			func(t *testing.T, env RequestEnvelope) {
				assert.Equal(t, "app", env.Context.System.Application.ApplicationID)
				assert.Equal(t, "1.4", env.Context.System.Device.SupportedInterfaces[APLInterface].Runtime.MaxVersion)
				assert.Len(t, env.Context.System.Device.SupportedInterfaces, 1, "only APL is kept")
				assert.Equal(t, "latch", matchID(env.Request.Intent.Slots["topic"]))
				assert.Equal(t, map[string]any{"a": []any{1.0, "x", map[string]any{"b": nil}}, "c": true}, env.Session.Attributes)
			}},
		{"names match regardless of case, dashes and underscores", `{"REQUEST":{"Type":"LaunchRequest","lo_cale":"en-US"},"Context":{"system":{"APPLICATION":{"application-id":"a"}}}}`, true,
			func(t *testing.T, env RequestEnvelope) {
				assert.Equal(t, LaunchRequest, env.Request.Type)
				assert.Equal(t, "en-US", env.Request.Locale)
				assert.Equal(t, "a", env.Context.System.Application.ApplicationID)
			}},
		{"a repeated member merges", `{"request":{"type":"IntentRequest"},"request":{"locale":"en-GB","intent":{"name":"A"}},"request":{"intent":{"slots":{"topic":{"value":"x"}}}}}`, true,
			func(t *testing.T, env RequestEnvelope) {
				assert.Equal(t, IntentRequest, env.Request.Type)
				assert.Equal(t, "A", env.Request.Intent.Name)
				assert.Equal(t, "x", env.Request.Intent.Slots["topic"].Value)
			}},
		{"repeated attributes merge", `{"session":{"attributes":{"a":{"x":1}},"attributes":{"a":{"y":2},"b":"s"}}}`, true,
			func(t *testing.T, env RequestEnvelope) {
				assert.Equal(t, map[string]any{"a": map[string]any{"x": 1.0, "y": 2.0}, "b": "s"}, env.Session.Attributes)
			}},
		{"a repeated attribute of another kind", `{"session":{"attributes":{"a":"x","a":1}}}`, false, nil},
		{"null is the zero value", `{"session":null,"request":{"type":null,"intent":null},"context":null}`, true,
			func(t *testing.T, env RequestEnvelope) { assert.Equal(t, RequestEnvelope{}, env) }},
		{"a null slot is kept", `{"request":{"intent":{"slots":{"topic":null}}}}`, true,
			func(t *testing.T, env RequestEnvelope) { assert.Contains(t, env.Request.Intent.Slots, "topic") }},
		{"escapes and invalid UTF-8", "{\"request\":{\"type\":\"Launch\\u0052equest\",\"locale\":\"en-\xff\"}}", true,
			func(t *testing.T, env RequestEnvelope) {
				assert.Equal(t, LaunchRequest, env.Request.Type)
				assert.Equal(t, "en-\uFFFD", env.Request.Locale)
			}},
		{"unknown members of any kind are skipped", `{"x":[1,{"y":null}],"request":{"type":"LaunchRequest","shouldLinkResultBeReturned":false,"requestId":42}}`, true,
			func(t *testing.T, env RequestEnvelope) { assert.Equal(t, LaunchRequest, env.Request.Type) }},
		{"top-level null", `null`, true, func(t *testing.T, env RequestEnvelope) { assert.Equal(t, RequestEnvelope{}, env) }},
		{"a read field of the wrong kind", `{"request":{"type":42}}`, false, nil},
		{"an object of the wrong kind", `{"request":[]}`, false, nil},
		{"a bool of the wrong kind", `{"session":{"new":"true"}}`, false, nil},
		{"a number out of range", `{"session":{"attributes":{"n":1e400}}}`, false, nil},
		{"not an object", `[1,2,3]`, false, nil},
		{"trailing data", `{} {}`, false, nil},
		{"trailing garbage", `{}x`, false, nil},
		{"truncated", `{"request":{"type":`, false, nil},
		{"empty", ``, false, nil},
		{"a control character in a string", "{\"x\":\"a\tb\"}", false, nil},
		{"a bad escape", `{"x":"a\qb"}`, false, nil},
		{"a short unicode escape", `{"x":"\u12"}`, false, nil},
		{"a number with a leading zero", `{"x":01}`, false, nil},
		{"a number without digits after the point", `{"x":1.}`, false, nil},
		{"a bare minus", `{"x":-}`, false, nil},
		{"a misspelt literal", `{"x":tru}`, false, nil},
		{"a trailing comma in an object", `{"x":1,}`, false, nil},
		{"a trailing comma in an array", `{"x":[1,]}`, false, nil},
		{"a missing colon", `{"x" 1}`, false, nil},
		{"a missing comma", `{"x":1 "y":2}`, false, nil},
		{"nested 10000 deep", `{"x":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}`, true,
			func(t *testing.T, env RequestEnvelope) {}},
		{"nested 10001 deep", `{"x":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`, false, nil},
		{"white space everywhere", " {\n\t\"request\" :\r {\"type\" : \"LaunchRequest\" } } ", true,
			func(t *testing.T, env RequestEnvelope) { assert.Equal(t, LaunchRequest, env.Request.Type) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var env RequestEnvelope
			err := decodeEnvelope([]byte(tc.body), &env, "", nil, nil)
			if !tc.accept {
				require.Error(t, err)
			} else {
				require.NoError(t, err)
				tc.check(t, env)
			}
			compareDecoders(t, []byte(tc.body))
		})
	}
}

// seeds are the request envelopes kept in testdata and bench/requests.
func seeds(t testing.TB) [][]byte {
	names, err := filepath.Glob("testdata/*.json")
	require.NoError(t, err)
	bench, err := filepath.Glob("../../bench/requests/*.json")
	require.NoError(t, err)
	var out [][]byte
	for _, n := range append(names, bench...) {
		if strings.HasSuffix(n, ".golden.json") {
			continue
		}
		b, err := os.ReadFile(n)
		require.NoError(t, err)
		out = append(out, b)
	}
	return out
}

// FuzzDecode is differential: for any input the reference decoder accepts,
// decodeEnvelope must accept it and read the same fields.
func FuzzDecode(f *testing.F) {
	for _, b := range seeds(f) {
		f.Add(b)
	}
	f.Add([]byte(`{"Session":{"attributes":{"a":{"x":1}},"ATTRIBUTES":{"a":{"y":[2]}}},"request":{"intent":{"slots":{"a":null,"a":{"value":"v"}}}}}`))
	f.Add([]byte(`{"context":{"System":{"device":{"supportedInterfaces":{"Alexa.Presentation.APL":null,"Alexa.Presentation.APL":{"runtime":{}}}}}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		compareDecoders(t, body)
	})
}

func BenchmarkDecodeEnvelope(b *testing.B) {
	body, err := os.ReadFile("../../bench/requests/intent.json")
	require.NoError(b, err)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		var env RequestEnvelope
		if err := decodeEnvelope(body, &env, "", nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReferenceDecode(b *testing.B) {
	body, err := os.ReadFile("../../bench/requests/intent.json")
	require.NoError(b, err)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		var env RequestEnvelope
		if err := referenceDecode(body, &env); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMembersAreDistinct holds field's assumption: no two names of an object
// match regardless of case, or a skipped one would hide a read one.
func TestMembersAreDistinct(t *testing.T) {
	all := []*members{envelopeMembers, sessionMembers, applicationMembers, contextMembers, systemMembers, deviceMembers,
		interfaceMembers, runtimeMembers, requestMembers, errorMembers, intentMembers, slotMembers, resolutionsMembers,
		resolutionMembers, statusMembers, valueMembers, resolvedMembers}
	for _, m := range all {
		names := append(append([]string(nil), m.read...), m.skipped...)
		assert.LessOrEqual(t, len(names), 32, "byFirst has 32 bits: %v", names)
		for i, a := range names {
			for _, b := range names[i+1:] {
				assert.False(t, foldEqual([]byte(a), b) || foldEqual([]byte(b), a), "%s and %s fold alike", a, b)
			}
		}
	}
}
