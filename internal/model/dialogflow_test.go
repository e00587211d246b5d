package model

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/feedingfriend/skill/intents"
	"github.com/feedingfriend/skill/internal/config"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// committedAgent is the generated agent kept in the repository for import.
const committedAgent = "../../dialogflow/agent.zip"

var updateAgent = flag.Bool("update-agent", false, "rewrite dialogflow/agent.zip from intents/")

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// readZip returns the files of a zip by name.
func readZip(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(rc)
		require.NoError(t, err)
		require.NoError(t, rc.Close())
		out[f.Name] = data
		assert.True(t, f.Modified.Equal(agentTime), "%s has a fixed time", f.Name)
	}
	return out
}

func decodeJSON(t *testing.T, files map[string][]byte, name string, v any) {
	t.Helper()
	b, ok := files[name]
	require.True(t, ok, "missing %s", name)
	require.NoError(t, json.Unmarshal(b, v), name)
}

// TestDialogflowAgent opens the generated zip and checks its structure and fields
// against the ES export format (shared/reference/platforms.md section 7).
func TestDialogflowAgent(t *testing.T) {
	m, err := Load(intents.FS)
	require.NoError(t, err)
	zipped, err := m.DialogflowAgent("Feeding Friend")
	require.NoError(t, err)
	again, err := m.DialogflowAgent("Feeding Friend")
	require.NoError(t, err)
	require.Equal(t, zipped, again, "the agent is deterministic")
	files := readZip(t, zipped)

	t.Run("file layout", func(t *testing.T) {
		layout := regexp.MustCompile(`^(agent\.json|package\.json|intents/[^/]+(_usersays_en)?\.json|entities/[^/]+(_entries_en)?\.json)$`)
		for n := range files {
			assert.Regexp(t, layout, n)
		}
		zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
		require.NoError(t, err)
		var order []string
		for _, f := range zr.File {
			order = append(order, f.Name)
		}
		assert.True(t, sort.StringsAreSorted(order), "files are written in sorted order")
	})

	t.Run("agent.json and package.json", func(t *testing.T) {
		var agent map[string]any
		decodeJSON(t, files, "agent.json", &agent)
		assert.Equal(t, "en", agent["language"])
		assert.Equal(t, []any{}, agent["supportedLanguages"], "additional languages only; en is the default")
		assert.Equal(t, "Europe/London", agent["defaultTimezone"])
		assert.Equal(t, 0.3, agent["mlMinConfidence"])
		assert.Equal(t, "v2", agent["onePlatformApiVersion"])
		assert.Equal(t, "Feeding Friend", agent["displayName"])
		assert.Contains(t, agent["description"], "not a substitute for professional medical advice")
		wh, ok := agent["webhook"].(map[string]any)
		require.True(t, ok)
		assert.Equal(t, DialogflowWebhookPlaceholder, wh["url"])
		assert.Equal(t, true, wh["available"])
		assert.Equal(t, false, wh["useForDomains"])
		var pkg map[string]any
		decodeJSON(t, files, "package.json", &pkg)
		assert.Equal(t, map[string]any{"version": "1.0.0"}, pkg)
	})

	ids := map[string]string{}
	claim := func(t *testing.T, id, who string) {
		assert.Regexp(t, uuidRE, id, who)
		if prev, dup := ids[id]; dup {
			t.Errorf("id %s of %s is also used by %s", id, who, prev)
		}
		ids[id] = who
	}

	t.Run("intents", func(t *testing.T) {
		want := map[string]Intent{
			DialogflowWelcomeIntent:  {Name: DialogflowWelcomeIntent},
			DialogflowFallbackIntent: {Name: DialogflowFallbackIntent, Samples: m.OutOfScope},
		}
		for _, in := range m.All() {
			if _, phrase := in.PhraseSlot(); phrase {
				continue // Dialogflow passes the words: no phrase-slot intents
			}
			want[in.Name] = in
		}
		var count int
		for n := range files {
			if strings.HasPrefix(n, "intents/") && !strings.Contains(n, "_usersays_") {
				count++
			}
		}
		assert.Equal(t, len(want), count, "one intent file per intent")
		for name, in := range want {
			var intent dfIntent
			decodeJSON(t, files, "intents/"+name+".json", &intent)
			assert.Equal(t, name, intent.Name)
			claim(t, intent.ID, name)
			assert.True(t, intent.Auto)
			assert.True(t, intent.WebhookUsed, "%s calls the webhook", name)
			assert.Equal(t, name == DialogflowFallbackIntent, intent.FallbackIntent, name)
			require.Len(t, intent.Responses, 1)
			resp := intent.Responses[0]
			require.NotEmpty(t, resp.Messages, "%s has a static reply for when the webhook fails", name)
			assert.Equal(t, 0, resp.Messages[0].Type)
			switch name {
			case DialogflowWelcomeIntent:
				assert.Equal(t, []dfEvent{{Name: "WELCOME"}}, intent.Events)
				assert.Equal(t, "input.welcome", resp.Action)
			case DialogflowFallbackIntent:
				assert.Equal(t, "input.unknown", resp.Action)
			case skill.UrgentHelpIntent:
				assert.Equal(t, priorityHighest, intent.Priority)
			default:
				assert.Equal(t, priorityNormal, intent.Priority, name)
				assert.Empty(t, intent.Events)
			}
			params := map[string]string{}
			for _, p := range resp.Parameters {
				params[p.Name] = p.DataType
				assert.Equal(t, "$"+p.Name, p.Value)
				claim(t, p.ID, name+"/"+p.Name)
			}
			for _, s := range in.Slots {
				assert.Equal(t, dfEntityRef(s.Type), params[s.Name], "%s declares parameter %s", name, s.Name)
			}

			var says []dfUserSays
			decodeJSON(t, files, "intents/"+name+"_usersays_en.json", &says)
			if len(in.Samples) > 0 {
				assert.NotEmpty(t, says)
			}
			wantSamples := map[string]bool{}
			for _, s := range in.Samples {
				wantSamples[s.Text] = true
			}
			for _, u := range says {
				claim(t, u.ID, name+" usersays")
				assert.Equal(t, "en", u.Lang)
				var joined, template strings.Builder
				for _, c := range u.Data {
					joined.WriteString(c.Text)
					if c.Alias == "" {
						template.WriteString(c.Text)
						assert.Empty(t, c.Meta)
						continue
					}
					template.WriteString("{" + c.Alias + "}")
					assert.Equal(t, params[c.Alias], c.Meta, "%s: chunk %q refers to a declared parameter", name, c.Text)
					assert.True(t, c.UserDefined)
					assert.NotEmpty(t, strings.TrimSpace(c.Text))
				}
				if name != DialogflowWelcomeIntent {
					assert.True(t, wantSamples[template.String()], "%s: %q is a model sample", name, template.String())
				}
				assert.NotContains(t, joined.String(), "{", "slots are replaced by example values")
				assert.NotContains(t, joined.String(), "  ", "chunks keep single spaces")
			}
		}
	})

	t.Run("fallback negatives are the out-of-scope samples", func(t *testing.T) {
		var says []dfUserSays
		decodeJSON(t, files, "intents/"+DialogflowFallbackIntent+"_usersays_en.json", &says)
		distinct := map[string]bool{}
		for _, s := range m.OutOfScope {
			distinct[s.Text] = true
		}
		assert.Len(t, says, len(distinct))
	})

	t.Run("entities", func(t *testing.T) {
		require.NotEmpty(t, m.Types)
		for _, typ := range m.Types {
			var ent dfEntity
			decodeJSON(t, files, "entities/"+typ.Name+".json", &ent)
			assert.Equal(t, typ.Name, ent.Name)
			assert.True(t, ent.IsOverridable)
			assert.False(t, ent.IsEnum)
			assert.False(t, ent.IsRegexp)
			claim(t, ent.ID, typ.Name)
			var entries []dfEntry
			decodeJSON(t, files, "entities/"+typ.Name+"_entries_en.json", &entries)
			require.Len(t, entries, len(typ.Values))
			for i, e := range entries {
				assert.Equal(t, typ.Values[i].ID, e.Value)
				assert.Contains(t, e.Synonyms, e.Value, "the value is repeated in its synonyms")
				for _, s := range typ.Values[i].Synonyms {
					assert.Contains(t, e.Synonyms, s)
				}
			}
		}
	})
}

// TestCommittedAgent fails when dialogflow/agent.zip is not what the model
// generates. Rebuild it with
//
//	go test ./internal/model -run TestCommittedAgent -update-agent
//
// or `go run ./cmd/skill model build`. Contents are compared, not zip bytes, so a
// different compressor in a new Go release does not matter.
func TestCommittedAgent(t *testing.T) {
	m, err := Load(intents.FS)
	require.NoError(t, err)
	sk, err := config.Embedded()
	require.NoError(t, err)
	// The committed agent is built from skill.yaml, as `skill model build` does.
	m.Invocation = sk.Invocation
	fresh, err := m.DialogflowAgent(sk.Name)
	require.NoError(t, err)
	if *updateAgent {
		require.NoError(t, os.MkdirAll(filepath.Dir(committedAgent), 0o755))
		require.NoError(t, os.WriteFile(committedAgent, fresh, 0o644))
	}
	committed, err := os.ReadFile(committedAgent)
	require.NoError(t, err, "dialogflow/agent.zip is missing: run go test ./internal/model -run TestCommittedAgent -update-agent")
	got, want := readZip(t, committed), readZip(t, fresh)
	var gotNames, wantNames []string
	for n := range got {
		gotNames = append(gotNames, n)
	}
	for n := range want {
		wantNames = append(wantNames, n)
	}
	sort.Strings(gotNames)
	sort.Strings(wantNames)
	require.Equal(t, wantNames, gotNames, "dialogflow/agent.zip is out of date: run go test ./internal/model -run TestCommittedAgent -update-agent")
	for _, n := range wantNames {
		assert.Equal(t, string(want[n]), string(got[n]), "%s in dialogflow/agent.zip is out of date: run go test ./internal/model -run TestCommittedAgent -update-agent", n)
	}
}

func TestDialogflowChunks(t *testing.T) {
	types := map[string]string{"topic": "@TopicType", "ageNumber": "@sys.number"}
	examples := map[string][]string{"@TopicType": {"latching", "mastitis"}, "@sys.number": {"3"}}
	tests := []struct {
		name    string
		text    string
		i       int
		want    []dfChunk
		wantErr string
	}{
		{"plain", "help me", 0, []dfChunk{{Text: "help me"}}, ""},
		{"slot in the middle keeps spaces", "tell me about {topic} please", 1,
			[]dfChunk{{Text: "tell me about "}, {Text: "mastitis", Alias: "topic", Meta: "@TopicType", UserDefined: true}, {Text: " please"}}, ""},
		{"slot first and last", "{ageNumber} and {topic}", 0,
			[]dfChunk{{Text: "3", Alias: "ageNumber", Meta: "@sys.number", UserDefined: true}, {Text: " and "},
				{Text: "latching", Alias: "topic", Meta: "@TopicType", UserDefined: true}}, ""},
		{"undeclared slot", "about {colour}", 0, nil, "not declared"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := dfChunks(tc.text, types, examples, tc.i)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestDialogflowNames(t *testing.T) {
	assert.Equal(t, dfUUID("intent/LatchIntent"), dfUUID("intent/LatchIntent"), "stable")
	assert.NotEqual(t, dfUUID("intent/LatchIntent"), dfUUID("intent/HelpIntent"))
	assert.Regexp(t, uuidRE, dfUUID("x"))
	assert.Equal(t, "What is OpenCerts_", dfFileName("What is OpenCerts?"))
	assert.Equal(t, "a_b_c", dfFileName("a/b:c"))
}
