package alexa_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/feedingfriend/skill/internal/alexa"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func speech(texts ...string) string {
	var s skill.Speech
	for _, t := range texts {
		if t == "|" {
			s.Pause(300 * time.Millisecond)
			continue
		}
		s.Say(t)
	}
	return s.SSML()
}

func TestTruncateSSML(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"fits", speech("Hold your baby close."), 100, "<speak>Hold your baby close.</speak>"},
		{"cut at the last sentence that fits", speech("One two. Three four. Five six seven eight."), 40,
			"<speak>One two. Three four.</speak>"},
		{"question and exclamation marks end sentences", speech("Is it sore? Yes! Then call your midwife today please."), 40,
			"<speak>Is it sore? Yes!</speak>"},
		{"a pause is a boundary", speech("one two three", "|", "four five six seven eight nine"), 50,
			`<speak>one two three<break time="300ms"/></speak>`},
		{"no sentence end: cut at a word", speech("one two three four five six seven"), 30, "<speak>one two three</speak>"},
		{"never inside a say-as", speech("Call 0300 100 0212 now or later please."), 60, "<speak>Call</speak>"},
		{"after a whole say-as", speech("Call 999. Then wait for the ambulance to arrive."), 70,
			`<speak>Call <say-as interpret-as="telephone">999</say-as>.</speak>`},
		{"never inside an entity", speech("Mum & baby & dad & gran"), 36, "<speak>Mum &amp; baby &amp;</speak>"},
		{"nothing fits", speech("Supercalifragilistic"), 20, "<speak></speak>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := alexa.TruncateSSML(tc.in, tc.max)
			assert.Equal(t, tc.want, got)
			assert.LessOrEqual(t, len(got), tc.max)
			assertWellFormed(t, got)
		})
	}
}

func TestTruncateText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"fits", "Latch", 10, "Latch"},
		{"sentence", "One two. Three four. Five six.", 22, "One two. Three four."},
		{"line", "One two\nThree four five", 12, "One two"},
		{"word", "one two three four", 12, "one two"},
		{"rune", "ééééé", 5, "éé"},
		{"zero", "abc", 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := alexa.TruncateText(tc.in, tc.max)
			assert.Equal(t, tc.want, got)
			assert.LessOrEqual(t, len(got), max(tc.max, 0))
			assert.True(t, utf8.ValidString(got))
		})
	}
}

// say answers every request with the given speech, reprompt, card and session.
func say(sp, reprompt skill.Speech, card *skill.Card, session map[string]any) skill.Handler {
	return skill.HandlerFunc(func(context.Context, *skill.Request) (*skill.Response, error) {
		return &skill.Response{Speech: sp, Reprompt: reprompt, Card: card, Session: session}, nil
	})
}

func TestLongAnswersStayWithinLimits(t *testing.T) {
	body, err := os.ReadFile("testdata/apl-device.json")
	require.NoError(t, err)
	sentence := "Mum & baby <b> call 999 or 0300 100 0212 if worried. "
	long := skill.Say(strings.Repeat(sentence, 400))
	card := &skill.Card{Title: strings.Repeat("Title ", 100), Text: strings.Repeat("Line & <tag> \"quoted\".\n", 2000)}
	session := map[string]any{"big": strings.Repeat("<&>", 30000)}
	a := newAdapter(say(long, long, card, session), nil)
	out, err := a.Invoke(context.Background(), body)
	require.NoError(t, err)
	checkResponse(t, out)
	var env alexa.ResponseEnvelope
	require.NoError(t, json.Unmarshal(out, &env))
	ssml := env.Response.OutputSpeech.SSML
	assert.True(t, strings.HasSuffix(ssml, "if worried.</speak>"), "cut at a sentence: %q", ssml[len(ssml)-40:])
	if env.Response.Card != nil {
		assert.LessOrEqual(t, len(env.Response.Card.Title)+len(env.Response.Card.Content), alexa.MaxCard)
	}
}

func TestShouldEndSessionIsAlwaysSent(t *testing.T) {
	body, err := os.ReadFile("testdata/intent-er-match.json")
	require.NoError(t, err)
	for _, end := range []bool{true, false} {
		h := skill.HandlerFunc(func(context.Context, *skill.Request) (*skill.Response, error) {
			return &skill.Response{Speech: skill.Say("Hello."), EndSession: end}, nil
		})
		out, err := newAdapter(h, nil).Invoke(context.Background(), body)
		require.NoError(t, err)
		var raw struct {
			Response map[string]any `json:"response"`
		}
		require.NoError(t, json.Unmarshal(out, &raw))
		assert.Equal(t, end, raw.Response["shouldEndSession"], "shouldEndSession must be sent as %v", end)
		_, hasReprompt := raw.Response["reprompt"]
		assert.False(t, hasReprompt, "no reprompt without one to say")
	}
}

// FuzzInvoke feeds arbitrary bytes as the envelope and arbitrary text as the
// answer: the adapter must never panic, and whatever it says must be
// well-formed SSML within the limits.
func FuzzInvoke(f *testing.F) {
	for _, name := range []string{"launch", "intent-er-match", "apl-device", "unknown-type", "can-fulfill"} {
		b, err := os.ReadFile("testdata/" + name + ".json")
		require.NoError(f, err)
		f.Add(b, "Hold your baby close & call 999.")
	}
	f.Add([]byte(`{"request":{"type":"IntentRequest","intent":{"name":"AMAZON.X","slots":{"a":{}}}}}`), "<speak>")
	f.Fuzz(func(t *testing.T, body []byte, text string) {
		sp := skill.Say(strings.Repeat(text+" ", 1+9000/(len(text)+1)))
		a := alexa.Handler(say(sp, sp, &skill.Card{Title: text, Text: text}, map[string]any{"t": text}), alexa.Config{Catalog: catalog{}})
		out, err := a.Invoke(context.Background(), body)
		if err != nil {
			return
		}
		checkResponse(t, out)
	})
}
