package model

import (
	"archive/zip"
	"bytes"
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/feedingfriend/skill/internal/skill"
)

// Names the Dialogflow ES agent gives the launch and the fallback; the webhook
// adapter (internal/dialogflow) routes on the same names.
const (
	DialogflowWelcomeIntent  = "Default Welcome Intent"
	DialogflowFallbackIntent = "Default Fallback Intent"
)

// DialogflowWebhookPlaceholder is the fulfillment URL written into agent.json; set
// the real one in the console after importing (docs/dialogflow.md).
const DialogflowWebhookPlaceholder = "https://REPLACE-WITH-YOUR-WEBHOOK-HOST/DialogflowES"

// dialogflowFallbackText is the intents' static response, which Dialogflow uses
// only when the webhook fails or times out. It must be safe in every nation.
const dialogflowFallbackText = "Sorry, I can't answer right now. Please try again in a moment. If you think your baby is seriously unwell, call 999."

// agentTime is the modification time of every file in the zip, so the same model
// always gives the same archive.
var agentTime = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Dialogflow intent priorities (the console's Normal and Highest).
const (
	priorityNormal  = 500000
	priorityHighest = 1000000
)

// DialogflowAgent returns an importable Dialogflow ES agent (the zip the console's
// "Restore from zip" and "Import from zip" take) built from the model. The output
// is deterministic: ids are derived from names, files are sorted and every file has
// the same time, so a committed agent can be compared with a fresh build.
func (m *Model) DialogflowAgent(displayName string) ([]byte, error) {
	files, err := m.DialogflowFiles(displayName)
	if err != nil {
		return nil, err
	}
	return zipFiles(files, "dialogflow agent")
}

// zipFiles writes files into a zip, sorted by name, each with agentTime, so that
// the same files always give the same bytes.
func zipFiles(files map[string][]byte, what string) ([]byte, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate, Modified: agentTime})
		if err != nil {
			return nil, fmt.Errorf("model: %s: %w", what, err)
		}
		if _, err := w.Write(files[n]); err != nil {
			return nil, fmt.Errorf("model: %s: %w", what, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("model: %s: %w", what, err)
	}
	return buf.Bytes(), nil
}

// defaultAgentName is an agent's display name when none is given.
const defaultAgentName = "Feeding Friend"

// agentFiles collects an agent's JSON files by path inside its zip, each
// indented and ending in a newline; two files at one path are an error. The
// ES and CX agents are both built with it.
type agentFiles struct {
	what  string // "dialogflow", "dialogflow cx"
	files map[string][]byte
}

func (a agentFiles) put(name string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("model: %s %s: %w", a.what, name, err)
	}
	if _, dup := a.files[name]; dup {
		return fmt.Errorf("model: %s: two files named %s", a.what, name)
	}
	a.files[name] = append(b, '\n')
	return nil
}

// DialogflowFiles returns the agent's files by path inside the zip: agent.json,
// package.json, intents/<Name>.json with intents/<Name>_usersays_en.json, and
// entities/<Type>.json with entities/<Type>_entries_en.json.
func (m *Model) DialogflowFiles(displayName string) (map[string][]byte, error) {
	if displayName == "" {
		displayName = defaultAgentName
	}
	af := agentFiles{what: "dialogflow", files: map[string][]byte{}}
	files, put := af.files, af.put
	if err := put("agent.json", dfAgentJSON(displayName)); err != nil {
		return nil, err
	}
	if err := put("package.json", map[string]string{"version": "1.0.0"}); err != nil {
		return nil, err
	}

	examples := m.slotExamples()
	welcome := m.dialogflowWelcomePhrases()
	intents := []struct {
		in       Intent
		action   string
		events   []dfEvent
		fallback bool
	}{
		{Intent{Name: DialogflowWelcomeIntent, Samples: textSamples(welcome)}, "input.welcome", []dfEvent{{Name: "WELCOME"}}, false},
		{Intent{Name: DialogflowFallbackIntent, Samples: m.OutOfScope}, "input.unknown", nil, true},
	}
	for _, in := range m.All() {
		if _, phrase := in.PhraseSlot(); phrase {
			continue // Dialogflow passes the words with every request
		}
		intents = append(intents, struct {
			in       Intent
			action   string
			events   []dfEvent
			fallback bool
		}{in: in})
	}
	for _, x := range intents {
		types := map[string]string{}
		for _, s := range x.in.Slots {
			types[s.Name] = dfEntityRef(s.Type)
		}
		intent := dfIntent{
			ID: dfUUID("intent/" + x.in.Name), Name: x.in.Name, Auto: true, Contexts: []string{},
			Responses: []dfResponse{{
				Action: x.action, AffectedContexts: []any{}, Parameters: []dfParameter{},
				Messages:                 []dfMessage{{Type: 0, Lang: "en", Condition: "", Speech: []string{dialogflowFallbackText}}},
				DefaultResponsePlatforms: map[string]any{}, Speech: []string{},
			}},
			Priority: priorityNormal, WebhookUsed: true, FallbackIntent: x.fallback, Events: x.events,
			ConditionalResponses: []any{}, ConditionalFollowupEvents: []any{},
		}
		if intent.Events == nil {
			intent.Events = []dfEvent{}
		}
		if x.in.Name == skill.UrgentHelpIntent {
			intent.Priority = priorityHighest // urgent help wins over every other route
		}
		for _, s := range x.in.Slots {
			intent.Responses[0].Parameters = append(intent.Responses[0].Parameters, dfParameter{
				ID: dfUUID("parameter/" + x.in.Name + "/" + s.Name), Name: s.Name, DataType: types[s.Name],
				Value: "$" + s.Name, Prompts: []any{}, PromptMessages: []any{}, NoMatchPromptMessages: []any{},
				NoInputPromptMessages: []any{}, OutputDialogContexts: []any{},
			})
		}
		says := []dfUserSays{}
		if err := eachPhrase(x.in, types, examples, "dialogflow", func(text string, data []dfChunk) {
			says = append(says, dfUserSays{ID: dfUUID("usersays/" + x.in.Name + "/" + text), Data: data, Lang: "en"})
		}); err != nil {
			return nil, err
		}
		base := "intents/" + dfFileName(x.in.Name)
		if err := put(base+".json", intent); err != nil {
			return nil, err
		}
		if len(says) > 0 {
			if err := put(base+"_usersays_en.json", says); err != nil {
				return nil, err
			}
		}
	}

	for _, t := range m.Types {
		base := "entities/" + dfFileName(t.Name)
		if err := put(base+".json", dfEntity{ID: dfUUID("entity/" + t.Name), Name: t.Name, IsOverridable: true}); err != nil {
			return nil, err
		}
		entries := []dfEntry{}
		for _, v := range t.Values {
			syn := []string{v.ID}
			seen := map[string]bool{v.ID: true}
			for _, s := range v.Synonyms {
				if s = strings.TrimSpace(s); s != "" && !seen[s] {
					seen[s] = true
					syn = append(syn, s)
				}
			}
			entries = append(entries, dfEntry{Value: v.ID, Synonyms: syn})
		}
		if err := put(base+"_entries_en.json", entries); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// dialogflowWelcomePhrases are the Default Welcome Intent's training phrases:
// opening the agent by name, and the greetings when no intent of the model
// answers them. When one does (GreetingIntent), a greeting is that intent's
// alone, one phrase for one intent, and the webhook answers it with the same
// welcome when it opens the conversation.
func (m *Model) dialogflowWelcomePhrases() []string {
	said := map[string]bool{}
	for _, in := range m.All() {
		for _, s := range in.Samples {
			said[alexaKey(s.Text)] = true
		}
	}
	var out []string
	for _, p := range []string{"hi", "hello", "hey", "hello there", "good morning", "good evening",
		"open " + m.Invocation, "talk to " + m.Invocation, "start " + m.Invocation, "hi " + m.Invocation} {
		if !said[alexaKey(p)] {
			out = append(out, p)
		}
	}
	return out
}

func textSamples(texts []string) []Sample {
	out := make([]Sample, len(texts))
	for i, t := range texts {
		out[i] = Sample{Text: t, File: "(generated)", Line: i + 1}
	}
	return out
}

// dfEntityRef is the Dialogflow entity a slot type becomes.
func dfEntityRef(typ string) string {
	if typ == NumberType {
		return "@sys.number"
	}
	return "@" + typ
}

// numberExamples stand in for {ageNumber} in training phrases.
var numberExamples = []string{"3", "six", "2", "ten", "5", "four", "1", "eight"}

// slotExamples lists, per entity reference, the words that stand in for a slot in
// training phrases: every synonym of every value, values interleaved so that
// consecutive samples show different values.
func (m *Model) slotExamples() map[string][]string {
	out := map[string][]string{"@sys.number": numberExamples}
	for _, t := range m.Types {
		var lists [][]string
		for _, v := range t.Values {
			syns := append([]string(nil), v.Synonyms...)
			if len(syns) == 0 {
				syns = []string{strings.ReplaceAll(v.ID, "-", " ")}
			}
			lists = append(lists, syns)
		}
		var ex []string
		for round := 0; ; round++ {
			added := false
			for _, l := range lists {
				if round < len(l) {
					ex = append(ex, l[round])
					added = true
				}
			}
			if !added {
				break
			}
		}
		out["@"+t.Name] = ex
	}
	return out
}

// dfChunks splits a sample into Dialogflow usersays chunks: text as it is (spaces
// kept inside the text chunks, because the chunks are concatenated) and each
// {slot} as an example value annotated with its alias and entity.
// eachPhrase calls f with each distinct sample of in and its chunks (both
// agents' training phrases): Dialogflow refuses the same phrase twice in one
// intent. what names the agent in an error.
func eachPhrase(in Intent, types map[string]string, examples map[string][]string, what string, f func(text string, chunks []dfChunk)) error {
	seen := map[string]bool{}
	for i, s := range in.Samples {
		if seen[s.Text] {
			continue
		}
		seen[s.Text] = true
		chunks, err := dfChunks(s.Text, types, examples, i)
		if err != nil {
			return fmt.Errorf("model: %s: %s:%d: %w", what, s.File, s.Line, err)
		}
		f(s.Text, chunks)
	}
	return nil
}

func dfChunks(text string, types map[string]string, examples map[string][]string, i int) ([]dfChunk, error) {
	var out []dfChunk
	last := 0
	for _, m := range slotRefs().FindAllStringSubmatchIndex(text, -1) {
		if m[0] > last {
			out = append(out, dfChunk{Text: text[last:m[0]]})
		}
		name := text[m[2]:m[3]]
		meta, ok := types[name]
		if !ok {
			return nil, fmt.Errorf("sample %q uses slot {%s}, which is not declared", text, name)
		}
		ex := examples[meta]
		if len(ex) == 0 {
			return nil, fmt.Errorf("no example value for %s", meta)
		}
		out = append(out, dfChunk{Text: ex[i%len(ex)], Alias: name, Meta: meta, UserDefined: true})
		last = m[1]
	}
	if last < len(text) {
		out = append(out, dfChunk{Text: text[last:]})
	}
	return out, nil
}

// dfUUID returns a stable name-based UUID (version 5 layout, SHA-1) for name.
func dfUUID(name string) string {
	h := sha1.New()
	h.Write([]byte("feedingfriend/dialogflow/"))
	h.Write([]byte(name))
	b := h.Sum(nil)[:16]
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// dfFileName replaces the characters exports replace in file names.
func dfFileName(name string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 0x20 {
			return '_'
		}
		return r
	}, name)
}

func dfAgentJSON(displayName string) map[string]any {
	return map[string]any{
		"description": "NHS breastfeeding information for parents, from clinician-approved answers. " +
			"It is general information, not a substitute for professional medical advice. In an emergency, call 999.",
		"language":               "en",
		"shortDescription":       "",
		"examples":               "",
		"linkToDocs":             "",
		"displayName":            displayName,
		"disableInteractionLogs": true,
		"disableStackdriverLogs": true,
		"defaultTimezone":        "Europe/London",
		"webhook": map[string]any{
			"url":                       DialogflowWebhookPlaceholder,
			"username":                  "",
			"headers":                   map[string]string{},
			"available":                 true,
			"useForDomains":             false,
			"cloudFunctionsEnabled":     false,
			"cloudFunctionsInitialized": false,
		},
		"isPrivate":                            true,
		"customClassifierMode":                 "use.after",
		"mlMinConfidence":                      0.3,
		"supportedLanguages":                   []string{},
		"onePlatformApiVersion":                "v2",
		"analyzeQueryTextSentiment":            false,
		"enabledKnowledgeBaseNames":            []string{},
		"knowledgeServiceConfidenceAdjustment": -0.4,
		"dialogBuilderMode":                    false,
		"baseActionPackagesUrl":                "",
	}
}

// The Dialogflow ES export format (intents/X.json and friends).
type (
	dfIntent struct {
		ID                        string       `json:"id"`
		Name                      string       `json:"name"`
		Auto                      bool         `json:"auto"`
		Contexts                  []string     `json:"contexts"`
		Responses                 []dfResponse `json:"responses"`
		Priority                  int          `json:"priority"`
		WebhookUsed               bool         `json:"webhookUsed"`
		WebhookForSlotFilling     bool         `json:"webhookForSlotFilling"`
		FallbackIntent            bool         `json:"fallbackIntent"`
		Events                    []dfEvent    `json:"events"`
		ConditionalResponses      []any        `json:"conditionalResponses"`
		Condition                 string       `json:"condition"`
		ConditionalFollowupEvents []any        `json:"conditionalFollowupEvents"`
	}
	dfResponse struct {
		ResetContexts            bool           `json:"resetContexts"`
		Action                   string         `json:"action"`
		AffectedContexts         []any          `json:"affectedContexts"`
		Parameters               []dfParameter  `json:"parameters"`
		Messages                 []dfMessage    `json:"messages"`
		DefaultResponsePlatforms map[string]any `json:"defaultResponsePlatforms"`
		Speech                   []string       `json:"speech"`
	}
	dfParameter struct {
		ID                    string `json:"id"`
		Name                  string `json:"name"`
		Required              bool   `json:"required"`
		DataType              string `json:"dataType"`
		Value                 string `json:"value"`
		DefaultValue          string `json:"defaultValue"`
		IsList                bool   `json:"isList"`
		Prompts               []any  `json:"prompts"`
		PromptMessages        []any  `json:"promptMessages"`
		NoMatchPromptMessages []any  `json:"noMatchPromptMessages"`
		NoInputPromptMessages []any  `json:"noInputPromptMessages"`
		OutputDialogContexts  []any  `json:"outputDialogContexts"`
	}
	dfMessage struct {
		Type      int      `json:"type"`
		Lang      string   `json:"lang"`
		Condition string   `json:"condition"`
		Speech    []string `json:"speech"`
	}
	dfEvent struct {
		Name string `json:"name"`
	}
	dfUserSays struct {
		ID         string    `json:"id"`
		Data       []dfChunk `json:"data"`
		IsTemplate bool      `json:"isTemplate"`
		Count      int       `json:"count"`
		Lang       string    `json:"lang"`
		Updated    int       `json:"updated"`
	}
	dfChunk struct {
		Text        string `json:"text"`
		Alias       string `json:"alias,omitempty"`
		Meta        string `json:"meta,omitempty"`
		UserDefined bool   `json:"userDefined"`
	}
	dfEntity struct {
		ID                   string `json:"id"`
		Name                 string `json:"name"`
		IsOverridable        bool   `json:"isOverridable"`
		IsEnum               bool   `json:"isEnum"`
		IsRegexp             bool   `json:"isRegexp"`
		AutomatedExpansion   bool   `json:"automatedExpansion"`
		AllowFuzzyExtraction bool   `json:"allowFuzzyExtraction"`
	}
	dfEntry struct {
		Value    string   `json:"value"`
		Synonyms []string `json:"synonyms"`
	}
)
