package model

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	cxpb "cloud.google.com/go/dialogflow/cx/apiv3/cxpb"
	"github.com/feedingfriend/skill/intents"
	"github.com/feedingfriend/skill/internal/config"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

const committedCXAgent = "../../dialogflow/cx-agent.zip"

var updateCXAgent = flag.Bool("update-cx-agent", false, "rewrite dialogflow/cx-agent.zip from intents/")

func cxFiles(t *testing.T) map[string][]byte {
	t.Helper()
	m, err := Load(intents.FS)
	require.NoError(t, err)
	files, err := m.DialogflowCXFiles("Feeding Friend")
	require.NoError(t, err)
	return files
}

// cxLayout is the layout of a real CX agent export, as the console writes it
// (read from public exported agents, such as a pizza-ordering agent and a
// banking agent on GitHub): each path pattern, and the keys every such file
// has. A file of the generated agent must match one pattern and carry its keys.
var cxLayout = []struct {
	pattern *regexp.Regexp
	keys    []string
}{
	{regexp.MustCompile(`^agent\.json$`), []string{"defaultLanguageCode", "timeZone", "startFlow"}},
	{regexp.MustCompile(`^flows/([^/]+)/([^/]+)\.json$`), []string{"name", "displayName", "transitionRoutes", "eventHandlers", "nluSettings"}},
	{regexp.MustCompile(`^flows/[^/]+/pages/[^/]+\.json$`), []string{"name", "displayName", "form", "entryFulfillment"}},
	{regexp.MustCompile(`^intents/([^/]+)/([^/]+)\.json$`), []string{"name", "displayName", "priority", "numTrainingPhrases"}},
	{regexp.MustCompile(`^intents/[^/]+/trainingPhrases/[a-z-]+\.json$`), []string{"trainingPhrases"}},
	{regexp.MustCompile(`^entityTypes/([^/]+)/([^/]+)\.json$`), []string{"name", "displayName", "kind"}},
	{regexp.MustCompile(`^entityTypes/[^/]+/entities/[a-z-]+\.json$`), []string{"entities"}},
	{regexp.MustCompile(`^webhooks/[^/]+\.json$`), []string{"name", "displayName", "genericWebService"}},
}

func TestCXAgentMatchesTheExportLayout(t *testing.T) {
	files := cxFiles(t)
	for name, b := range files {
		var v map[string]any
		require.NoError(t, json.Unmarshal(b, &v), name)
		matched := false
		for _, l := range cxLayout {
			m := l.pattern.FindStringSubmatch(name)
			if m == nil {
				continue
			}
			matched = true
			if len(m) == 3 {
				assert.Equal(t, m[1], m[2], "%s: a resource's file is named after its folder", name)
			}
			for _, k := range l.keys {
				assert.Contains(t, v, k, "%s", name)
			}
		}
		assert.True(t, matched, "%s is not a file of a CX export", name)
	}
	for _, want := range []string{"agent.json", "flows/Default Start Flow/Default Start Flow.json",
		"flows/Default Start Flow/pages/Conversation.json", "webhooks/Feeding Friend webhook.json",
		"intents/Default Welcome Intent/Default Welcome Intent.json", "intents/Default Negative Intent/Default Negative Intent.json",
		"intents/LatchIntent/LatchIntent.json", "intents/LatchIntent/trainingPhrases/en.json",
		"entityTypes/" + TopicTypeName + "/" + TopicTypeName + ".json", "entityTypes/" + TopicTypeName + "/entities/en.json"} {
		_, ok := files[want]
		assert.True(t, ok, "the export has %s", want)
	}
}

// exportOnly are keys the export writes that are not fields of the API's
// messages (the console adds them for people reading the files).
var exportOnly = map[string]bool{"numTrainingPhrases": true, "languageCode": true, "enableStackdriverLogging": true}

// TestCXAgentFieldsAreTheAPIs decodes every generated file strictly into the
// CX API message it exports (unknown fields fail), so no field is misspelt or
// invented: agent.json is an Agent, a flow a Flow, a page a Page...
func TestCXAgentFieldsAreTheAPIs(t *testing.T) {
	strict := protojson.UnmarshalOptions{}
	for name, b := range cxFiles(t) {
		var msg proto.Message
		switch {
		case name == "agent.json":
			msg = &cxpb.Agent{}
		case strings.HasPrefix(name, "webhooks/"):
			msg = &cxpb.Webhook{}
		case strings.Contains(name, "/pages/"):
			msg = &cxpb.Page{}
		case strings.HasPrefix(name, "flows/"):
			msg = &cxpb.Flow{}
		case strings.Contains(name, "/trainingPhrases/"):
			msg = &cxpb.Intent{}
		case strings.HasPrefix(name, "intents/"):
			msg = &cxpb.Intent{}
		case strings.Contains(name, "/entities/"), strings.HasPrefix(name, "entityTypes/"):
			msg = &cxpb.EntityType{}
		default:
			t.Fatalf("no message for %s", name)
		}
		var v any
		require.NoError(t, json.Unmarshal(b, &v))
		b, err := json.Marshal(dropKeys(v, name == "agent.json"))
		require.NoError(t, err)
		assert.NoError(t, strict.Unmarshal(b, msg), "%s is not a %T", name, msg)
	}
}

// dropKeys removes the export-only keys (in agent.json, only at its top).
func dropKeys(v any, topOnly bool) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if exportOnly[k] && (k != "enableStackdriverLogging" || topOnly) {
				continue
			}
			out[k] = dropKeys(e, false)
		}
		return out
	case []any:
		for i := range x {
			x[i] = dropKeys(x[i], false)
		}
	}
	return v
}

// TestCXAgentRoutesEveryIntentToTheWebhook: each intent but the negative one has
// a route on the start flow calling the webhook with the tag the adapter
// dispatches on, the no-match event goes to the webhook as a fallback, and
// urgent help has the highest priority.
func TestCXAgentRoutesEveryIntentToTheWebhook(t *testing.T) {
	files := cxFiles(t)
	var flow cxFlow
	decodeJSON(t, files, "flows/Default Start Flow/Default Start Flow.json", &flow)
	assert.Equal(t, cxStartFlowID, flow.Name)
	tags := map[string]string{}
	for _, r := range flow.TransitionRoutes {
		assert.Equal(t, CXWebhook, r.TriggerFulfillment.Webhook, r.Intent)
		assert.Equal(t, CXPage, r.TargetPage, r.Intent)
		tags[r.Intent] = r.TriggerFulfillment.Tag
	}
	var intentNames []string
	for name := range files {
		if m := regexp.MustCompile(`^intents/([^/]+)/[^/]+\.json$`).FindStringSubmatch(name); m != nil {
			intentNames = append(intentNames, m[1])
		}
	}
	sort.Strings(intentNames)
	for _, in := range intentNames {
		switch in {
		case CXNegative:
			assert.NotContains(t, tags, in, "the negative intent has no route")
		case DialogflowWelcomeIntent:
			assert.Equal(t, CXWelcomeTag, tags[in])
		default:
			assert.Equal(t, in, tags[in], "%s routes with its own name as the tag", in)
		}
	}
	require.Len(t, flow.EventHandlers, 2)
	assert.Equal(t, "sys.no-match-default", flow.EventHandlers[0].Event)
	assert.Equal(t, cxWebhookCall(CXFallbackTag), flow.EventHandlers[0].TriggerFulfillment)
	assert.Contains(t, flow.EventHandlers[1].TriggerFulfillment.Messages[0].Text.Text[0], "999", "silence on the phone still hears the emergency number")

	var urgent, latch cxIntent
	decodeJSON(t, files, "intents/"+skill.UrgentHelpIntent+"/"+skill.UrgentHelpIntent+".json", &urgent)
	decodeJSON(t, files, "intents/LatchIntent/LatchIntent.json", &latch)
	assert.Greater(t, urgent.Priority, latch.Priority)
	var negative cxIntent
	decodeJSON(t, files, "intents/Default Negative Intent/Default Negative Intent.json", &negative)
	assert.Equal(t, cxNegativeID, negative.Name, "CX's own id for its negative intent")
	assert.True(t, negative.IsFallback)

	var hook cxWebhook
	decodeJSON(t, files, "webhooks/Feeding Friend webhook.json", &hook)
	assert.Equal(t, CXWebhookPlaceholder, hook.GenericWebService.URI)
	assert.NotContains(t, string(files["webhooks/Feeding Friend webhook.json"]), "password", "no secret in the export")
}

// TestCXTrainingPhrases: slots become parameter parts with example values, and
// the text of the parts adds up to the phrase.
func TestCXTrainingPhrases(t *testing.T) {
	files := cxFiles(t)
	var tp struct{ TrainingPhrases []cxPhrase }
	decodeJSON(t, files, "intents/TopicIntent/trainingPhrases/en.json", &tp)
	require.NotEmpty(t, tp.TrainingPhrases)
	var topicIntent cxIntent
	decodeJSON(t, files, "intents/TopicIntent/TopicIntent.json", &topicIntent)
	assert.Equal(t, []cxParameter{{ID: skill.TopicSlot, EntityType: "@" + TopicTypeName}}, topicIntent.Parameters)
	assert.Equal(t, len(tp.TrainingPhrases), topicIntent.NumTrainingPhrases)
	withParam := 0
	for _, ph := range tp.TrainingPhrases {
		assert.Equal(t, "en", ph.LanguageCode)
		assert.Equal(t, 1, ph.RepeatCount)
		for _, p := range ph.Parts {
			if p.ParameterID != "" {
				withParam++
				assert.Equal(t, skill.TopicSlot, p.ParameterID)
				assert.NotContains(t, p.Text, "{")
			}
		}
	}
	assert.Positive(t, withParam)
	var ents struct{ Entities []cxEntity }
	decodeJSON(t, files, "entityTypes/"+TopicTypeName+"/entities/en.json", &ents)
	require.NotEmpty(t, ents.Entities)
	for _, e := range ents.Entities {
		assert.Equal(t, e.Value, e.Synonyms[0], "the value is its own first synonym")
	}
}

func TestCXAgentIsDeterministic(t *testing.T) {
	m, err := Load(intents.FS)
	require.NoError(t, err)
	a, err := m.DialogflowCXAgent("Feeding Friend")
	require.NoError(t, err)
	b, err := m.DialogflowCXAgent("Feeding Friend")
	require.NoError(t, err)
	assert.True(t, bytes.Equal(a, b))
	files := readZip(t, a)
	var agent map[string]any
	decodeJSON(t, files, "agent.json", &agent)
	assert.Equal(t, "Europe/London", agent["timeZone"])
}

func TestCXFileName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"LatchIntent", "LatchIntent"},
		{"Default Welcome Intent", "Default Welcome Intent"},
		{"auth:send_otp", "auth%3asend_otp"},
		{"Yes/No", "Yes%2fNo"},
	} {
		assert.Equal(t, tc.want, cxFileName(tc.in))
	}
}

// TestCommittedCXAgent fails when dialogflow/cx-agent.zip is not what the model
// generates. Rebuild it with
//
//	go test ./internal/model -run TestCommittedCXAgent -update-cx-agent
//
// or `go run ./cmd/skill model build`.
func TestCommittedCXAgent(t *testing.T) {
	m, err := Load(intents.FS)
	require.NoError(t, err)
	sk, err := config.Embedded()
	require.NoError(t, err)
	m.Invocation = sk.Invocation
	fresh, err := m.DialogflowCXAgent(sk.Name)
	require.NoError(t, err)
	const hint = "dialogflow/cx-agent.zip is out of date: run go test ./internal/model -run TestCommittedCXAgent -update-cx-agent"
	if *updateCXAgent {
		require.NoError(t, os.MkdirAll(filepath.Dir(committedCXAgent), 0o755))
		require.NoError(t, os.WriteFile(committedCXAgent, fresh, 0o644))
	}
	committed, err := os.ReadFile(committedCXAgent)
	require.NoError(t, err, hint)
	got, want := readZip(t, committed), readZip(t, fresh)
	require.Equal(t, len(want), len(got), hint)
	for n, b := range want {
		assert.Equal(t, string(b), string(got[n]), "%s: %s", n, hint)
	}
}
