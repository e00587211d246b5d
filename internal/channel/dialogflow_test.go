package channel

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

var (
	appOnce sync.Once
	theApp  *app.App
	appErr  error
)

func testApp(t testing.TB) *app.App {
	t.Helper()
	appOnce.Do(func() { theApp, appErr = app.New(app.Config{NLU: true}) })
	require.NoError(t, appErr)
	return theApp
}

func platform(t testing.TB, name string) Platform {
	t.Helper()
	p, err := New(name, testApp(t))
	require.NoError(t, err)
	return p
}

// TestDialogflowConversation walks one session on each Dialogflow edition: the
// state must travel the way the platform carries it (ES contexts, CX session
// parameters) for "more" and the baby's age to work, and the end must clear it.
func TestDialogflowConversation(t *testing.T) {
	steps := []struct {
		turn     Turn
		topic    string
		end      bool
		card     bool
		inSpeech string
	}{
		{Turn{Launch: true}, "", false, true, "Welcome"},
		{Turn{Utterance: "how many wet nappies should my baby have"}, "nappies", false, true, ""},
		{Turn{Utterance: "she's 3 weeks old"}, "nappies", false, true, "1 to 4 weeks"},
		{Turn{Utterance: "tell me more"}, "nappies", false, true, ""},
		{Turn{Utterance: "tell me about mastitis"}, "mastitis", false, true, ""},
		{Turn{Utterance: "stop"}, "", true, true, "Goodbye"},
		{Turn{Utterance: "yes"}, "", false, false, ""}, // a new session: nothing pending
		{Turn{Utterance: "my baby is floppy and not breathing"}, "urgent-help", true, true, "999"},
	}
	for _, name := range []string{"dialogflow-es", "dialogflow-cx"} {
		t.Run(name, func(t *testing.T) {
			conv := platform(t, name).Start()
			for i, s := range steps {
				r, err := conv.Send(context.Background(), s.turn)
				require.NoError(t, err, "step %d", i)
				desc := fmt.Sprintf("step %d %q: %s", i, s.turn.Utterance, r.Speech)
				assert.Equal(t, s.topic, r.Topic, desc)
				assert.Equal(t, s.end, r.EndSession, desc)
				assert.NotEmpty(t, r.Speech, desc)
				assert.NotEmpty(t, r.Raw, desc)
				if s.card {
					assert.NotEmpty(t, r.Card.Title, desc)
				}
				if s.inSpeech != "" {
					assert.Contains(t, r.Speech, s.inSpeech, desc)
				}
				if !r.EndSession {
					assert.NotEmpty(t, r.Reprompt, "%s: the reprompt travels in the webhook payload", desc)
				}
			}
		})
	}
}

// TestDialogflowMatchesText compares whole replies with the text platform on a
// few conversations: the adapters must not change what is said.
func TestDialogflowMatchesText(t *testing.T) {
	turns := []Turn{{Launch: true}, {Utterance: "latch"}, {Utterance: "yes"}, {Utterance: "repeat that"},
		{Utterance: "what's the weather"}, {Utterance: "help"}, {Utterance: "no thanks"}, {Utterance: "cancel"}}
	text := platform(t, "text").Start()
	es := platform(t, "dialogflow-es").Start()
	cx := platform(t, "dialogflow-cx").Start()
	for _, turn := range turns {
		want, err := text.Send(context.Background(), turn)
		require.NoError(t, err)
		for name, conv := range map[string]Conversation{"es": es, "cx": cx} {
			got, err := conv.Send(context.Background(), turn)
			require.NoError(t, err)
			assert.Equal(t, want.Speech, got.Speech, "%s %+v", name, turn)
			assert.Equal(t, want.Card, got.Card, "%s %+v", name, turn)
			assert.Equal(t, want.Reprompt, got.Reprompt, "%s %+v", name, turn)
			assert.Equal(t, want.Topic, got.Topic, "%s %+v", name, turn)
			assert.Equal(t, want.Approved, got.Approved, "%s %+v", name, turn)
			assert.Equal(t, want.EndSession, got.EndSession, "%s %+v", name, turn)
			assert.Equal(t, want.Intent, got.Intent, "%s %+v", name, turn)
		}
	}
}

// TestHeldOutAgreement is the done-means check for the Dialogflow platforms: for
// every utterance of intents/testdata/heldout.yaml, `skill ask --platform
// dialogflow-es` (and -cx) gives the same topic as `--platform text`, each as the
// first turn of a new session.
func TestHeldOutAgreement(t *testing.T) {
	raw, err := os.ReadFile("../../intents/testdata/heldout.yaml")
	require.NoError(t, err)
	var set struct {
		Utterances []struct {
			Text string `yaml:"text"`
		} `yaml:"utterances"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &set))
	require.NotEmpty(t, set.Utterances)
	text := platform(t, "text")
	for _, name := range []string{"dialogflow-es", "dialogflow-cx"} {
		t.Run(name, func(t *testing.T) {
			p := platform(t, name)
			agree := 0
			for _, u := range set.Utterances {
				want, err := text.Start().Send(context.Background(), Turn{Utterance: u.Text})
				require.NoError(t, err)
				got, err := p.Start().Send(context.Background(), Turn{Utterance: u.Text})
				require.NoError(t, err, u.Text)
				if assert.Equal(t, want.Topic, got.Topic, "%q", u.Text) &&
					assert.Equal(t, want.EndSession, got.EndSession, "%q", u.Text) {
					agree++
				}
			}
			t.Logf("%s: %d/%d agree with text on topic", name, agree, len(set.Utterances))
			assert.Equal(t, len(set.Utterances), agree)
		})
	}
}

// TestDialogflowRaw checks the raw body is the real webhook JSON.
func TestDialogflowRaw(t *testing.T) {
	r, err := platform(t, "dialogflow-es").Start().Send(context.Background(), Turn{Utterance: "colostrum"})
	require.NoError(t, err)
	var body map[string]any
	require.NoError(t, json.Unmarshal(r.Raw, &body))
	assert.Contains(t, body, "fulfillmentText")
	assert.Contains(t, body, "outputContexts")
	assert.True(t, strings.HasPrefix(r.Topic, "colostrum"))
}

func TestDialogflowNames(t *testing.T) {
	names := Names()
	assert.Contains(t, names, "dialogflow-es")
	assert.Contains(t, names, "dialogflow-cx")
}
