package model

import (
	"fmt"
	"strings"

	"github.com/feedingfriend/skill/internal/skill"
)

// The Dialogflow CX agent: its start flow and page, its webhook, the tags its
// routes send (the webhook adapter, internal/dialogflow, reads the same tags:
// "welcome", "fallback", and otherwise the neutral intent name), and the ids CX
// gives its default intents.
const (
	CXStartFlow    = "Default Start Flow"
	CXPage         = "Conversation"
	CXWebhook      = "Feeding Friend webhook"
	CXWelcomeTag   = "welcome"
	CXFallbackTag  = "fallback"
	CXNegative     = "Default Negative Intent"
	cxStartFlowID  = "00000000-0000-0000-0000-000000000000"
	cxWelcomeID    = "00000000-0000-0000-0000-000000000000"
	cxNegativeID   = "00000000-0000-0000-0000-000000000001"
	cxLanguageCode = "en"
)

// CXWebhookPlaceholder is the webhook URL written into the export; set the real
// one (the Cloud Run service's /DialogflowCX, or the Lambda URL's /cx) in the
// console after restoring (docs/dialogflow.md).
const CXWebhookPlaceholder = "https://REPLACE-WITH-YOUR-WEBHOOK-HOST/DialogflowCX"

// cxNoInputText is said when a caller on the phone says nothing: the webhook is
// not asked, so it must be safe in every nation.
const cxNoInputText = "Are you still there? You can ask me a question about breastfeeding. If you think your baby is seriously unwell, call 999."

// DialogflowCXAgent returns a Dialogflow CX agent export (the zip the console's
// "Restore" takes, in the layout the console exports) built from the model:
// agent.json, the Default Start Flow with a route per intent to the webhook
// and its Conversation page, the intents with their training phrases, the
// entity types and the webhook. It is deterministic, like DialogflowAgent.
func (m *Model) DialogflowCXAgent(displayName string) ([]byte, error) {
	files, err := m.DialogflowCXFiles(displayName)
	if err != nil {
		return nil, err
	}
	return zipFiles(files, "dialogflow cx agent")
}

// DialogflowCXFiles returns the CX agent's files by path inside the zip.
func (m *Model) DialogflowCXFiles(displayName string) (map[string][]byte, error) {
	if displayName == "" {
		displayName = defaultAgentName
	}
	af := agentFiles{what: "dialogflow cx", files: map[string][]byte{}}
	files, put := af.files, af.put
	if err := put("agent.json", cxAgentJSON(displayName)); err != nil {
		return nil, err
	}
	if err := put("webhooks/"+cxFileName(CXWebhook)+".json", cxWebhook{
		Name: dfUUID("cx/webhook/" + CXWebhook), DisplayName: CXWebhook,
		GenericWebService: cxWebService{URI: CXWebhookPlaceholder, Username: "dialogflow"},
	}); err != nil {
		return nil, err
	}

	type cxIn struct {
		in       Intent
		id, tag  string
		priority int
	}
	intents := []cxIn{
		{Intent{Name: DialogflowWelcomeIntent, Samples: textSamples(m.dialogflowWelcomePhrases())}, cxWelcomeID, CXWelcomeTag, priorityNormal},
		// The negative intent's phrases are what the agent must not match (its
		// out-of-scope examples); they reach the no-match handler.
		{Intent{Name: CXNegative, Samples: m.OutOfScope}, cxNegativeID, "", priorityNormal},
	}
	for _, in := range m.All() {
		if _, phrase := in.PhraseSlot(); phrase {
			continue // Dialogflow passes the words with every request
		}
		p := priorityNormal
		if in.Name == skill.UrgentHelpIntent {
			p = priorityHighest // urgent help wins over every other route
		}
		intents = append(intents, cxIn{in, dfUUID("cx/intent/" + in.Name), in.Name, p})
	}

	examples := m.slotExamples()
	var routes []cxRoute
	for _, x := range intents {
		types := map[string]string{}
		intent := cxIntent{Name: x.id, DisplayName: x.in.Name, Priority: x.priority, Parameters: []cxParameter{}}
		for _, s := range x.in.Slots {
			types[s.Name] = dfEntityRef(s.Type)
			intent.Parameters = append(intent.Parameters, cxParameter{ID: s.Name, EntityType: types[s.Name]})
		}
		if x.in.Name == CXNegative {
			intent.IsFallback = true
		}
		phrases := []cxPhrase{}
		if err := eachPhrase(x.in, types, examples, "dialogflow cx", func(text string, chunks []dfChunk) {
			ph := cxPhrase{ID: dfUUID("cx/phrase/" + x.in.Name + "/" + text), RepeatCount: 1, LanguageCode: cxLanguageCode}
			for _, c := range chunks {
				ph.Parts = append(ph.Parts, cxPart{Text: c.Text, ParameterID: c.Alias})
			}
			phrases = append(phrases, ph)
		}); err != nil {
			return nil, err
		}
		intent.NumTrainingPhrases = len(phrases)
		base := "intents/" + cxFileName(x.in.Name) + "/"
		if err := put(base+cxFileName(x.in.Name)+".json", intent); err != nil {
			return nil, err
		}
		if len(phrases) > 0 {
			if err := put(base+"trainingPhrases/"+cxLanguageCode+".json", map[string]any{"trainingPhrases": phrases}); err != nil {
				return nil, err
			}
		}
		if x.tag != "" {
			routes = append(routes, cxRoute{Intent: x.in.Name, TriggerFulfillment: cxWebhookCall(x.tag),
				TargetPage: CXPage, Name: dfUUID("cx/route/" + x.in.Name)})
		}
	}

	for _, t := range m.Types {
		base := "entityTypes/" + cxFileName(t.Name) + "/"
		if err := put(base+cxFileName(t.Name)+".json", cxEntityType{
			Name: dfUUID("cx/entity/" + t.Name), DisplayName: t.Name, Kind: "KIND_MAP", AutoExpansionMode: "AUTO_EXPANSION_MODE_UNSPECIFIED",
		}); err != nil {
			return nil, err
		}
		entities := []cxEntity{}
		for _, v := range t.Values {
			syn := []string{v.ID}
			seen := map[string]bool{v.ID: true}
			for _, s := range v.Synonyms {
				if s = strings.TrimSpace(s); s != "" && !seen[s] {
					seen[s] = true
					syn = append(syn, s)
				}
			}
			entities = append(entities, cxEntity{Value: v.ID, Synonyms: syn, LanguageCode: cxLanguageCode})
		}
		if err := put(base+"entities/"+cxLanguageCode+".json", map[string]any{"entities": entities}); err != nil {
			return nil, err
		}
	}

	flow := cxFlow{
		Name: cxStartFlowID, DisplayName: CXStartFlow,
		Description:      "Every intent goes to the webhook, which answers from the approved content; urgent help wins over every other route.",
		TransitionRoutes: routes,
		EventHandlers: []cxEventHandler{
			{Event: "sys.no-match-default", TriggerFulfillment: cxWebhookCall(CXFallbackTag), Name: dfUUID("cx/event/no-match")},
			{Event: "sys.no-input-default", TriggerFulfillment: cxFulfillment{Messages: []cxMessage{{
				Text: &cxText{Text: []string{cxNoInputText}}, LanguageCode: cxLanguageCode}}}, Name: dfUUID("cx/event/no-input")},
		},
		NLUSettings: cxNLU{ModelType: "MODEL_TYPE_ADVANCED", ClassificationThreshold: 0.3},
	}
	if err := put("flows/"+CXStartFlow+"/"+CXStartFlow+".json", flow); err != nil {
		return nil, err
	}
	// The page the routes lead to. It has no routes of its own: the flow's routes
	// stay in scope on it, and the webhook reads the flow from it to end the
	// session (END_SESSION).
	page := cxPage{Name: dfUUID("cx/page/" + CXPage), DisplayName: CXPage, Form: map[string]any{}, EntryFulfillment: map[string]any{}}
	if err := put("flows/"+CXStartFlow+"/pages/"+cxFileName(CXPage)+".json", page); err != nil {
		return nil, err
	}
	return files, nil
}

// cxWebhookCall is a fulfillment that calls the webhook with tag.
func cxWebhookCall(tag string) cxFulfillment {
	return cxFulfillment{Webhook: CXWebhook, Tag: tag}
}

// cxFileName escapes a display name as CX exports do in file names: characters
// not allowed in a path are percent-encoded in lower case (":" is "%3a").
func cxFileName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if strings.ContainsRune(`/\:*?"<>|%,`, r) || r < 0x20 {
			fmt.Fprintf(&b, "%%%02x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func cxAgentJSON(displayName string) map[string]any {
	return map[string]any{
		"displayName":            displayName,
		"defaultLanguageCode":    cxLanguageCode,
		"supportedLanguageCodes": []string{},
		"timeZone":               "Europe/London",
		"description": "NHS breastfeeding information for parents, from clinician-approved answers. " +
			"It is general information, not a substitute for professional medical advice. In an emergency, call 999.",
		"startFlow": CXStartFlow,
		// Conversations are not logged by Dialogflow: the webhook logs one line
		// per request without personal data.
		"enableStackdriverLogging": false,
		"enableSpellCorrection":    true,
		"advancedSettings": map[string]any{
			"loggingSettings": map[string]any{"enableStackdriverLogging": false, "enableInteractionLogging": false},
		},
	}
}

// The Dialogflow CX export format.
type (
	cxWebhook struct {
		Name              string       `json:"name"`
		DisplayName       string       `json:"displayName"`
		GenericWebService cxWebService `json:"genericWebService"`
	}
	cxWebService struct {
		URI      string `json:"uri"`
		Username string `json:"username,omitempty"`
	}
	cxIntent struct {
		Name               string        `json:"name"`
		DisplayName        string        `json:"displayName"`
		Parameters         []cxParameter `json:"parameters"`
		Priority           int           `json:"priority"`
		IsFallback         bool          `json:"isFallback,omitempty"`
		NumTrainingPhrases int           `json:"numTrainingPhrases"`
	}
	cxParameter struct {
		ID         string `json:"id"`
		EntityType string `json:"entityType"`
	}
	cxPhrase struct {
		ID           string   `json:"id"`
		Parts        []cxPart `json:"parts"`
		RepeatCount  int      `json:"repeatCount"`
		LanguageCode string   `json:"languageCode"`
	}
	cxPart struct {
		Text        string `json:"text"`
		ParameterID string `json:"parameterId,omitempty"`
	}
	cxEntityType struct {
		Name              string `json:"name"`
		DisplayName       string `json:"displayName"`
		Kind              string `json:"kind"`
		AutoExpansionMode string `json:"autoExpansionMode"`
	}
	cxEntity struct {
		Value        string   `json:"value"`
		Synonyms     []string `json:"synonyms"`
		LanguageCode string   `json:"languageCode"`
	}
	cxFlow struct {
		Name             string           `json:"name"`
		DisplayName      string           `json:"displayName"`
		Description      string           `json:"description"`
		TransitionRoutes []cxRoute        `json:"transitionRoutes"`
		EventHandlers    []cxEventHandler `json:"eventHandlers"`
		NLUSettings      cxNLU            `json:"nluSettings"`
	}
	cxRoute struct {
		Intent             string        `json:"intent"`
		TriggerFulfillment cxFulfillment `json:"triggerFulfillment"`
		TargetPage         string        `json:"targetPage,omitempty"`
		Name               string        `json:"name"`
	}
	cxEventHandler struct {
		Event              string        `json:"event"`
		TriggerFulfillment cxFulfillment `json:"triggerFulfillment"`
		Name               string        `json:"name"`
	}
	cxFulfillment struct {
		Messages []cxMessage `json:"messages,omitempty"`
		Webhook  string      `json:"webhook,omitempty"`
		Tag      string      `json:"tag,omitempty"`
	}
	cxMessage struct {
		Text         *cxText `json:"text,omitempty"`
		LanguageCode string  `json:"languageCode"`
	}
	cxText struct {
		Text []string `json:"text"`
	}
	cxNLU struct {
		ModelType               string  `json:"modelType"`
		ClassificationThreshold float64 `json:"classificationThreshold"`
	}
	cxPage struct {
		Name             string         `json:"name"`
		DisplayName      string         `json:"displayName"`
		Form             map[string]any `json:"form"`
		EntryFulfillment map[string]any `json:"entryFulfillment"`
	}
)
