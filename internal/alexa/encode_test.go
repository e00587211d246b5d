package alexa

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tricky is text with every kind of character encoding/json treats apart.
const tricky = "Mum & baby <3 \"quoted\" back\\slash\n\t\r\b\f\x01\x1f\x7f é ✓ \u2028\u2029 \xff\xfe end"

func ptr[T any](v T) *T { return &v }

// TestEncodeLikeEncodingJSON holds the hand-written encoder to
// encoding/json's bytes (HTML escaping off) for responses of every shape.
func TestEncodeLikeEncodingJSON(t *testing.T) {
	deep := map[string]any{}
	for i, m := 0, deep; i < 600; i++ {
		next := map[string]any{}
		m["d"] = next
		m = next
	}
	tests := []struct {
		name string
		env  *ResponseEnvelope
	}{
		{"empty", empty()},
		{"spoken, ends", say("Goodbye. In an emergency, call 999.", true)},
		{"reprompt, card and session", &ResponseEnvelope{Version: Version,
			SessionAttributes: map[string]any{"topic": "latch", "part": 0, "approved": false, "answered": "latch", "last": "topic", "pending": "more", "ageDays": 10},
			Response: Response{
				OutputSpeech:     &OutputSpeech{Type: SpeechSSML, SSML: `<speak>Call <say-as interpret-as="telephone">999</say-as> & wait.</speak>`},
				Reprompt:         &Reprompt{OutputSpeech: &OutputSpeech{Type: SpeechSSML, SSML: "<speak>More?</speak>"}},
				Card:             &Card{Type: CardSimple, Title: "Latch", Content: "- Hold baby close.\n- Nose to nipple."},
				ShouldEndSession: ptr(false),
			}}},
		{"APL directive", func() *ResponseEnvelope {
			out := say("Hello.", false)
			out.Response.Card = &Card{Type: CardSimple, Title: "A <b>", Content: "x & y\nz"}
			out.Response.Directives = []Directive{renderCard(cardDocument("1.4"), "A <b>", "x & y\nz"), {Type: "Other"}}
			return out
		}()},
		{"can fulfill", &ResponseEnvelope{Version: Version, Response: Response{CanFulfillIntent: &CanFulfillIntent{CanFulfill: Yes,
			Slots: map[string]CanFulfillSlot{"topic": {Yes, Yes}, "ageUnit": {No, No}, "a\"b": {Maybe, No}}}}}},
		{"can fulfill, no slots", &ResponseEnvelope{Version: Version, Response: Response{CanFulfillIntent: &CanFulfillIntent{CanFulfill: No}}}},
		{"attributes of every kind", &ResponseEnvelope{Version: Version, SessionAttributes: map[string]any{
			"nil": nil, "t": true, "f": false, "i": -42, "i64": int64(1 << 40), "zero": 0.0, "negzero": math.Copysign(0, -1),
			"floats": []any{1.5, 1e20, 1e21, 1.5e-6, 1e-7, 123456789.125, -2.5e-10, 3e300},
			"nested": map[string]any{"b": []any{}, "a": map[string]any{}, "c": []any{nil, "x", map[string]any{"z": 1.0, "y": []any{true}}}},
			"nilmap": map[string]any(nil), "nilslice": []any(nil),
			tricky: tricky, "": "", "é": "ü", "\u2028": "k",
		}}},
		{"tricky text everywhere", &ResponseEnvelope{Version: tricky, SessionAttributes: map[string]any{tricky: tricky}, Response: Response{
			OutputSpeech: &OutputSpeech{Type: tricky, SSML: tricky, Text: tricky},
			Reprompt:     &Reprompt{OutputSpeech: &OutputSpeech{Type: SpeechPlainText, Text: tricky}},
			Card:         &Card{Type: CardStandard, Title: tricky, Text: tricky},
			Directives:   []Directive{{Type: tricky, Token: tricky, Datasources: map[string]any{tricky: tricky}}},
		}}},
		{"reprompt without speech", &ResponseEnvelope{Version: Version, Response: Response{Reprompt: &Reprompt{}}}},
		{"a type the encoder does not know", &ResponseEnvelope{Version: Version, SessionAttributes: map[string]any{
			"n": json.Number("12"), "s": []string{"a"}, "f32": float32(0.1), "u": uint8(7)}}},
		{"deeper than the encoder goes", &ResponseEnvelope{Version: Version, SessionAttributes: deep}},
		{"long SSML", say(strings.Repeat("Hold your baby close & call 0300 100 0212. ", 150), false)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want, err := marshalReflect(tc.env)
			require.NoError(t, err)
			got, err := marshal(tc.env)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got))
		})
	}
}

// TestEncodeRefusesWhatEncodingJSONRefuses: numbers JSON cannot hold and
// cycles are errors, as they are for encoding/json (encode then sheds).
func TestEncodeRefusesWhatEncodingJSONRefuses(t *testing.T) {
	cycle := map[string]any{}
	cycle["self"] = cycle
	for name, attrs := range map[string]map[string]any{
		"NaN": {"x": math.NaN()}, "+Inf": {"x": []any{math.Inf(1)}}, "cycle": cycle,
	} {
		t.Run(name, func(t *testing.T) {
			env := &ResponseEnvelope{Version: Version, SessionAttributes: attrs}
			_, wantErr := marshalReflect(env)
			require.Error(t, wantErr)
			_, err := marshal(env)
			assert.Error(t, err)
		})
	}
}

// FuzzEncode puts arbitrary text and numbers everywhere a response carries
// them and compares the bytes with encoding/json's.
func FuzzEncode(f *testing.F) {
	f.Add(tricky, 1.5, 3, true)
	f.Add("<speak>Call 999.</speak>", 1e21, -1, false)
	f.Fuzz(func(t *testing.T, text string, num float64, n int, end bool) {
		env := &ResponseEnvelope{Version: Version,
			SessionAttributes: map[string]any{text: text, "n": n, "f": num, "b": end, "l": []any{text, num, map[string]any{text: n}}},
			Response: Response{
				OutputSpeech:     &OutputSpeech{Type: SpeechSSML, SSML: text},
				Reprompt:         &Reprompt{OutputSpeech: &OutputSpeech{Type: SpeechPlainText, Text: text}},
				Card:             &Card{Type: CardSimple, Title: text, Content: text},
				Directives:       []Directive{renderCard(cardDocument(text), text, text)},
				ShouldEndSession: &end,
			}}
		want, wantErr := marshalReflect(env)
		got, err := marshal(env)
		if wantErr != nil {
			require.Error(t, err)
			return
		}
		require.NoError(t, err)
		require.Equal(t, string(want), string(got))
	})
}

func BenchmarkEncode(b *testing.B) {
	out := say(strings.Repeat("Hold your baby close, with their head and body in a straight line. ", 4), false)
	out.Response.Reprompt = &Reprompt{OutputSpeech: &OutputSpeech{Type: SpeechSSML, SSML: "<speak>Would you like to hear more about getting a good latch? You can say yes or no.</speak>"}}
	out.Response.Card = &Card{Type: CardSimple, Title: "Getting a good latch", Content: strings.Repeat("- Hold baby close, head and body in a straight line.\n", 6)}
	out.SessionAttributes = map[string]any{"answered": "latch", "approved": false, "last": "topic", "part": 0, "pending": "more", "topic": "latch"}
	for _, enc := range []struct {
		name string
		f    func(*ResponseEnvelope) ([]byte, error)
	}{{"append", marshal}, {"encoding-json", func(e *ResponseEnvelope) ([]byte, error) { return marshalReflect(e) }}} {
		b.Run(enc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := enc.f(out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestCardDocuments: the APL documents made once are those the devices'
// versions need, each what cardDocument makes for it.
func TestCardDocuments(t *testing.T) {
	docs := cardDocuments()
	assert.Len(t, docs, 9, "1.0 to 1.8")
	for _, v := range []string{"1.0", "1.4", "1.7", aplVersion} {
		require.Contains(t, docs, v)
		assert.Equal(t, cardDocument(v), docs[v])
	}
	assert.NotContains(t, docs, "1.9")
}

// TestQuotedOnceIsTheSameBytes: speech and a card quoted when they were made
// (skill.Speech.Rendered, skill.NewCard) encode to the bytes the encoder
// writes when it quotes them itself, and a field changed after render is
// quoted again, not copied from what it held before.
func TestQuotedOnceIsTheSameBytes(t *testing.T) {
	for _, text := range []string{tricky, "Hold your baby close.", strings.Repeat("- A line of a card.\n", 30)} {
		sp := skill.Say(text).Rendered()
		card := skill.NewCard("Title: "+text, text)
		var a Adapter
		var p rendered
		out := a.render(&RequestEnvelope{}, &skill.Response{Speech: sp, Reprompt: sp, Card: card}, &p)
		require.NotEmpty(t, p.speech.ssml.json, "the speech's quoting is used")
		require.NotEmpty(t, p.card.content.json, "the card's quoting is used")
		got, err := marshal(out)
		require.NoError(t, err)
		want, err := marshalReflect(out)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got))

		p.speech.SSML = "<speak>changed</speak>"
		p.card.Title, p.card.Content = "changed", "changed too"
		got, err = marshal(out)
		require.NoError(t, err)
		want, err = marshalReflect(out)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got))
		assert.Contains(t, string(got), "changed too")
	}
}
