package channel

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/skill"
)

// TestWebSendsOnlyWhatABrowserSends: each turn becomes the words, a button
// or a topic, with the state; a platform's intent cannot be sent.
func TestWebSendsOnlyWhatABrowserSends(t *testing.T) {
	c := &webConv{state: "v1.state.mac"}
	tests := []struct {
		name string
		turn Turn
		want string
	}{
		{"launch", Turn{Launch: true}, `{"action":"start","state":"v1.state.mac"}`},
		{"words", Turn{Utterance: "how do I get a good latch"}, `{"text":"how do I get a good latch","state":"v1.state.mac"}`},
		{"more is a button", Turn{Intent: skill.MoreIntent}, `{"action":"more","state":"v1.state.mac"}`},
		{"repeat is a button", Turn{Intent: skill.RepeatIntent}, `{"action":"repeat","state":"v1.state.mac"}`},
		{"start again is a button", Turn{Intent: skill.StartOverIntent}, `{"action":"restart","state":"v1.state.mac"}`},
		{"a topic is a suggestion's button", Turn{Intent: skill.TopicIntent, Slots: map[string]skill.Slot{skill.TopicSlot: {Value: "mastitis", ID: "mastitis"}}},
			`{"topic":"mastitis","state":"v1.state.mac"}`},
		{"an age is typed", Turn{Intent: skill.BabyAgeIntent, Slots: map[string]skill.Slot{skill.AgeNumberSlot: {Value: "4"}, skill.AgeUnitSlot: {Value: "days old", ID: "day"}}},
			`{"text":"4 days old","state":"v1.state.mac"}`},
		{"no is typed", Turn{Intent: skill.NoIntent}, `{"text":"no","state":"v1.state.mac"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in, err := c.input(tc.turn)
			require.NoError(t, err)
			b, err := json.Marshal(in)
			require.NoError(t, err)
			assert.JSONEq(t, tc.want, string(b))
		})
	}
	for _, intent := range []string{skill.FallbackIntent, skill.UrgentHelpIntent, "PizzaIntent"} {
		_, err := c.input(Turn{Intent: intent})
		assert.ErrorContains(t, err, "never the intent", intent)
	}
}

// TestWebCarriesTheSignedState: the age said in one turn reaches the next
// only through the state the reply carried.
func TestWebCarriesTheSignedState(t *testing.T) {
	a, err := app.New(app.Config{NLU: true})
	require.NoError(t, err)
	p, err := New("web", a)
	require.NoError(t, err)
	conv := p.Start()
	ctx := context.Background()
	r, err := conv.Send(ctx, Turn{Utterance: "my baby is 5 days old"})
	require.NoError(t, err)
	assert.EqualValues(t, 5, r.Session["ageDays"])
	r, err = conv.Send(ctx, Turn{Utterance: "how many wet nappies should there be"})
	require.NoError(t, err)
	assert.Equal(t, "nappies", r.Topic)
	assert.Contains(t, r.Speech, "5 to 6")
	assert.Contains(t, string(r.Raw), `"state":"v1.`)

	r, err = conv.Send(ctx, Turn{Utterance: "she is floppy and will not wake up"})
	require.NoError(t, err)
	assert.Equal(t, "urgent-help", r.Topic)
	assert.True(t, r.EndSession)
	assert.Equal(t, "emergency", r.UrgentLevel)
	fresh := p.Start()
	r, err = fresh.Send(ctx, Turn{Intent: skill.MoreIntent})
	require.NoError(t, err)
	assert.Empty(t, r.Topic, "a new conversation carries nothing")
}
