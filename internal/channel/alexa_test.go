package channel_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/channel"
	"github.com/feedingfriend/skill/internal/nlu"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var alexaApp = sync.OnceValues(func() (*app.App, error) { return app.New(app.Config{NLU: true}) })

func alexaPlatform(t testing.TB, name string) channel.Platform {
	t.Helper()
	a, err := alexaApp()
	require.NoError(t, err)
	p, err := channel.New(name, a)
	require.NoError(t, err)
	return p
}

// alexaHeldOutFloor is the share of intents/testdata/heldout.yaml on which the
// honest Alexa driver (a stand-in for Amazon's NLU trained on the generated
// Alexa model alone, sending no words) reaches the same topic as text, which
// has the red-flag layer and the lexicon. Measured 2026-12-02; the test holds it.
const alexaHeldOutFloor = 0.75

// TestAlexaHeldOutAgreement measures how often `skill ask --platform alexa`
// gives the same topic as `--platform text` on intents/testdata/heldout.yaml,
// each as the first turn of a new session. Alexa sees less than text does, so
// they differ; the figure is logged and held to its floor.
func TestAlexaHeldOutAgreement(t *testing.T) {
	raw, err := os.ReadFile("../../intents/testdata/heldout.yaml")
	require.NoError(t, err)
	set, err := nlu.ParseLabelled(raw)
	require.NoError(t, err)
	require.NotEmpty(t, set)
	text, al := alexaPlatform(t, "text"), alexaPlatform(t, "alexa")
	agree, sameEnd := 0, 0
	for _, u := range set {
		want, err := text.Start().Send(context.Background(), channel.Turn{Utterance: u.Text})
		require.NoError(t, err)
		got, err := al.Start().Send(context.Background(), channel.Turn{Utterance: u.Text})
		require.NoError(t, err, "line %d: %q", u.Line, u.Text)
		if want.Topic == got.Topic {
			agree++
		}
		if want.EndSession == got.EndSession {
			sameEnd++
		}
	}
	t.Logf("alexa: %d/%d agree with text on topic, %d/%d on ending the session", agree, len(set), sameEnd, len(set))
	assert.GreaterOrEqual(t, float64(agree)/float64(len(set)), alexaHeldOutFloor)
}

// TestAlexaDriverSendsNoWords: what the skill receives from the Alexa driver
// holds no utterance, and no slot holds words beyond what a phrase slot
// carries after its carrier.
func TestAlexaDriverSendsNoWords(t *testing.T) {
	a, err := app.New(app.Config{NLU: true})
	require.NoError(t, err)
	var seen []*skill.Request
	inner := a.Handler
	a.Handler = skill.HandlerFunc(func(ctx context.Context, r *skill.Request) (*skill.Response, error) {
		c := *r
		seen = append(seen, &c)
		return inner.Handle(ctx, r)
	})
	p, err := channel.New("alexa", a)
	require.NoError(t, err)
	// Words Amazon cannot place go to a Describe intent: only those after the
	// carrier travel, in the phrase slot.
	_, err = p.Start().Send(context.Background(), channel.Turn{Utterance: "i think the zorbled frimble wibbles"})
	require.NoError(t, err)
	require.NotEmpty(t, seen)
	last := seen[len(seen)-1]
	assert.Empty(t, last.Utterance)
	assert.Equal(t, "the zorbled frimble wibbles", last.Slot(skill.DescriptionSlot), "the phrase slot holds the words after the carrier")
	for _, u := range []string{"my baby has gone blue around the lips", "how do I get a good latch",
		"I'm worried she hasn't had a wet nappy since this morning", "what's the weather"} {
		_, err := p.Start().Send(context.Background(), channel.Turn{Utterance: u})
		require.NoError(t, err)
		require.NotEmpty(t, seen)
		r := seen[len(seen)-1]
		assert.Empty(t, r.Utterance, "%q", u)
		for name, s := range r.Slots {
			if name == skill.DescriptionSlot {
				assert.NotEqual(t, u, s.Value, "a phrase slot holds the words after the carrier, not the whole utterance")
				continue
			}
			assert.NotContains(t, u, s.Value+" ", "slot %s of %q", name, u)
		}
	}
}

// TestAlexaConversation walks one session: the state must travel in
// sessionAttributes for more, repeat and the baby's age to work, and the end of a
// session must start the next one afresh.
func TestAlexaConversation(t *testing.T) {
	steps := []struct {
		turn     channel.Turn
		topic    string
		end      bool
		inSpeech string
	}{
		{channel.Turn{Launch: true}, "", false, "Welcome"},
		{channel.Turn{Utterance: "how many wet nappies should my baby have"}, "nappies", false, "how old your baby is"},
		{channel.Turn{Utterance: "she's 3 weeks old"}, "nappies", false, "1 to 4 weeks"},
		{channel.Turn{Utterance: "tell me more"}, "nappies", false, ""},
		{channel.Turn{Utterance: "repeat that"}, "nappies", false, ""},
		{channel.Turn{Intent: skill.TopicIntent, Slots: map[string]skill.Slot{skill.TopicSlot: {Value: "mastitis", ID: "mastitis"}}}, "mastitis", false, ""},
		{channel.Turn{Intent: skill.TopicIntent, Slots: map[string]skill.Slot{skill.TopicSlot: {Value: "the weather"}}}, "", false, "Sorry"},
		{channel.Turn{Utterance: "stop"}, "", true, "Goodbye"},
		{channel.Turn{Utterance: "yes"}, "", false, ""}, // a new session: nothing pending
		{channel.Turn{Utterance: "my baby is floppy and not breathing"}, "urgent-help", true, "999"},
	}
	conv := alexaPlatform(t, "alexa").Start()
	for i, s := range steps {
		r, err := conv.Send(context.Background(), s.turn)
		require.NoError(t, err, "step %d", i)
		desc := fmt.Sprintf("step %d %+v: %s", i, s.turn, r.Speech)
		assert.Equal(t, s.topic, r.Topic, desc)
		assert.Equal(t, s.end, r.EndSession, desc)
		assert.NotEmpty(t, r.Speech, desc)
		if s.inSpeech != "" {
			assert.Contains(t, r.Speech, s.inSpeech, desc)
		}
		if !r.EndSession {
			assert.NotEmpty(t, r.Reprompt, "%s: an open session has a reprompt", desc)
		}
		var raw struct {
			Version  string         `json:"version"`
			Response map[string]any `json:"response"`
		}
		require.NoError(t, json.Unmarshal(r.Raw, &raw), desc)
		assert.Equal(t, "1.0", raw.Version)
		assert.Equal(t, r.EndSession, raw.Response["shouldEndSession"], "%s: read back from the real response", desc)
	}
}

// TestAlexaMatchesText compares whole replies with the text platform where Alexa
// hears the same thing: the adapter must not change what is said, and speech read
// back from the SSML must be the plain text.
func TestAlexaMatchesText(t *testing.T) {
	turns := []channel.Turn{{Launch: true}, {Utterance: "latch"}, {Utterance: "yes"}, {Utterance: "repeat that"},
		{Utterance: "what about mum's diet & caffeine"}, {Utterance: "help"}, {Utterance: "no thanks"}, {Utterance: "cancel"}}
	text, al := alexaPlatform(t, "text").Start(), alexaPlatform(t, "alexa").Start()
	for _, turn := range turns {
		want, err := text.Send(context.Background(), turn)
		require.NoError(t, err)
		got, err := al.Send(context.Background(), turn)
		require.NoError(t, err)
		assert.Equal(t, want.Speech, got.Speech, "%+v", turn)
		assert.Equal(t, want.SSML, got.SSML, "%+v", turn)
		assert.Equal(t, want.Card, got.Card, "%+v", turn)
		assert.Equal(t, want.Reprompt, got.Reprompt, "%+v", turn)
		assert.Equal(t, want.Topic, got.Topic, "%+v", turn)
		assert.Equal(t, want.Approved, got.Approved, "%+v", turn)
		assert.Equal(t, want.EndSession, got.EndSession, "%+v", turn)
		assert.Equal(t, want.Intent, got.Intent, "%+v", turn)
	}
}

func TestAlexaIsAPlatform(t *testing.T) {
	assert.Contains(t, channel.Names(), "alexa")
	assert.Equal(t, "alexa", alexaPlatform(t, "alexa").Name())
}

// TestAlexaStandInRunsNoRedFlagLayer: the stand-in for Amazon's NLU has
// neither the red-flag rules nor the red-flag detector, which Amazon never
// runs; the skill runs both on the phrase slot's words.
func TestAlexaStandInRunsNoRedFlagLayer(t *testing.T) {
	a, err := app.New(app.Config{NLU: true})
	require.NoError(t, err)
	p, err := channel.New("alexa", a)
	require.NoError(t, err)
	for _, u := range []string{"my baby has gone blue around the lips", "the bit under his ribcage is pulling in with each breath",
		"I feel like I'm watching myself from outside my body all the time"} {
		_, skillSide := a.NLU.RedFlag(u)
		assert.True(t, skillSide, "%q: the skill finds it", u)
		assert.False(t, channel.StandInRedFlag(p, u), "%q: the stand-in must not", u)
	}
}
