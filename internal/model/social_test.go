package model

import (
	"encoding/json"
	"testing"

	"github.com/feedingfriend/skill/intents"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGreetingAndThanksIntents: GreetingIntent and ThanksIntent are custom
// intents of the neutral model with a dozen samples or more, generated as
// custom intents for Alexa (not AMAZON built-ins) and as intents of the
// Dialogflow agent, whose Default Welcome Intent keeps the WELCOME event and
// leaves the greetings to GreetingIntent: no phrase trains two intents.
func TestGreetingAndThanksIntents(t *testing.T) {
	m, err := Load(intents.FS)
	require.NoError(t, err)
	for _, name := range []string{skill.GreetingIntent, skill.ThanksIntent} {
		in, ok := m.Intent(name)
		require.True(t, ok, name)
		assert.False(t, in.Builtin, "%s is a custom intent", name)
		assert.False(t, IsBuiltin(name))
		assert.GreaterOrEqual(t, len(in.Samples), 12, "%s has at least 12 samples", name)
	}

	t.Run("alexa", func(t *testing.T) {
		files, err := m.Alexa(AlexaPackage{})
		require.NoError(t, err)
		var im alexaInteractionModel
		require.NoError(t, json.Unmarshal(files["skill-package/interactionModels/custom/en-GB.json"], &im))
		got := map[string]alexaIntent{}
		for _, in := range im.InteractionModel.LanguageModel.Intents {
			got[in.Name] = in
		}
		for _, name := range []string{skill.GreetingIntent, skill.ThanksIntent} {
			ai, ok := got[name]
			require.True(t, ok, "%s is in the Alexa model", name)
			assert.NotEmpty(t, ai.Samples)
			_, builtin := got["AMAZON."+name]
			assert.False(t, builtin, "no AMAZON.%s", name)
		}
	})

	t.Run("dialogflow", func(t *testing.T) {
		files, err := m.DialogflowFiles("Feeding Friend")
		require.NoError(t, err)
		phrases := map[string]string{} // training phrase -> intent
		for _, name := range []string{DialogflowWelcomeIntent, skill.GreetingIntent, skill.ThanksIntent, skill.StopIntent, skill.NoIntent} {
			var says []dfUserSays
			decodeJSON(t, files, "intents/"+name+"_usersays_en.json", &says)
			require.NotEmpty(t, says, name)
			for _, u := range says {
				text := ""
				for _, c := range u.Data {
					text += c.Text
				}
				if prev, dup := phrases[alexaKey(text)]; dup {
					t.Errorf("%q trains both %s and %s", text, prev, name)
				}
				phrases[alexaKey(text)] = name
			}
		}
		assert.Equal(t, skill.GreetingIntent, phrases["hello"], "hello is GreetingIntent's")
		assert.Equal(t, DialogflowWelcomeIntent, phrases["open "+m.Invocation], "opening by name is the welcome's")
		var welcome dfIntent
		decodeJSON(t, files, "intents/"+DialogflowWelcomeIntent+".json", &welcome)
		assert.Equal(t, []dfEvent{{Name: "WELCOME"}}, welcome.Events)
		var greeting dfIntent
		decodeJSON(t, files, "intents/"+skill.GreetingIntent+".json", &greeting)
		assert.True(t, greeting.WebhookUsed, "the webhook answers greetings")
	})
}
