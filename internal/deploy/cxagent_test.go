package deploy

import (
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/feedingfriend/skill/intents"
	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/dialogflow"
	"github.com/feedingfriend/skill/internal/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCXAgentTalksToTheWebhook restores nothing and calls no Google service: it
// takes every route of the generated CX agent and sends the webhook request
// Dialogflow would send for it (the route's tag, the Conversation page) to the
// real webhook, which must understand each tag and end the session the CX way.
func TestCXAgentTalksToTheWebhook(t *testing.T) {
	assert.Equal(t, dialogflow.WelcomeTag, model.CXWelcomeTag)
	assert.Equal(t, dialogflow.FallbackTag, model.CXFallbackTag)

	m, err := model.Load(intents.FS)
	require.NoError(t, err)
	files, err := m.DialogflowCXFiles("Feeding Friend")
	require.NoError(t, err)
	var flow struct {
		Name             string
		TransitionRoutes []struct {
			Intent             string
			TriggerFulfillment struct{ Webhook, Tag string }
		}
		EventHandlers []struct {
			Event              string
			TriggerFulfillment struct{ Webhook, Tag string }
		}
	}
	require.NoError(t, json.Unmarshal(files["flows/"+model.CXStartFlow+"/"+model.CXStartFlow+".json"], &flow))
	var page struct{ Name string }
	require.NoError(t, json.Unmarshal(files["flows/"+model.CXStartFlow+"/pages/"+model.CXPage+".json"], &page))

	a, err := app.New(app.Config{NLU: true, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	cx, err := dialogflow.NewCX(a.Handler, dialogflow.Config{Insecure: true, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	const agent = "projects/p/locations/europe-west2/agents/a"
	flowName := agent + "/flows/" + flow.Name
	call := func(tag, text string) map[string]any {
		body, _ := json.Marshal(map[string]any{
			"detectIntentResponseId": "r", "languageCode": "en", "text": text,
			"fulfillmentInfo": map[string]any{"tag": tag},
			"pageInfo":        map[string]any{"currentPage": flowName + "/pages/" + page.Name},
			"sessionInfo":     map[string]any{"session": agent + "/sessions/s1"},
		})
		r := httptest.NewRequest("POST", "/", strings.NewReader(string(body)))
		r.Header.Set("Content-Type", "application/json")
		rr := httptest.NewRecorder()
		cx.ServeHTTP(rr, r)
		require.Equal(t, 200, rr.Code, "%s: %s", tag, rr.Body)
		var out map[string]any
		require.NoError(t, json.Unmarshal(rr.Body.Bytes(), &out))
		return out
	}
	tags := 0
	for _, r := range flow.TransitionRoutes {
		tag := r.TriggerFulfillment.Tag
		if tag != model.CXWelcomeTag {
			assert.True(t, a.Known(tag), "route %s sends tag %q, which the skill does not know", r.Intent, tag)
		}
		out := call(tag, "")
		assert.NotEmpty(t, out["fulfillmentResponse"], tag)
		tags++
	}
	assert.Greater(t, tags, 20)
	welcome := call(model.CXWelcomeTag, "")
	b, _ := json.Marshal(welcome)
	assert.Contains(t, string(b), "Welcome to Feeding Friend")

	// An urgent red flag in the words ends the session: to END_SESSION of the
	// flow the request came from, with no output-only endInteraction.
	urgent := call(model.CXFallbackTag, "my baby is floppy and blue and not breathing")
	assert.Equal(t, flowName+"/pages/"+dialogflow.EndSessionPage, urgent["targetPage"])
	b, _ = json.Marshal(urgent)
	assert.Contains(t, string(b), "999")
	assert.NotContains(t, string(b), "endInteraction")
}
