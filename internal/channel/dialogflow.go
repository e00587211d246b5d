package channel

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"

	"cloud.google.com/go/dialogflow/apiv2/dialogflowpb"
	cxpb "cloud.google.com/go/dialogflow/cx/apiv3/cxpb"
	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/dialogflow"
	"github.com/feedingfriend/skill/internal/model"
	"github.com/feedingfriend/skill/internal/skill"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
)

// offlineSecret is the shared secret the offline Dialogflow drivers configure and
// send, so every turn passes the webhook's authentication as Dialogflow's would.
const offlineSecret = "offline-driver-shared-secret"

// Resource names the offline drivers use, shaped like Dialogflow's.
const (
	offlineProject = "projects/feeding-friend-offline"
	offlineAgentCX = offlineProject + "/locations/europe-west2/agents/00000000-0000-0000-0000-000000000001"
	offlineFlow    = offlineAgentCX + "/flows/00000000-0000-0000-0000-000000000000"
)

// dialogflowPlatform drives one Dialogflow edition: the offline NLU stands in for
// Dialogflow's intent matching, then the request Dialogflow would send goes through
// the real webhook handler over HTTP, and the real response is read back.
type dialogflowPlatform struct {
	name string
	a    *app.App
	h    http.Handler
}

func newDialogflowES(a *app.App) (Platform, error) {
	return newDialogflow("dialogflow-es", a, dialogflow.NewES)
}
func newDialogflowCX(a *app.App) (Platform, error) {
	p, err := newDialogflow("dialogflow-cx", a, dialogflow.NewCX)
	if err != nil {
		return nil, err
	}
	return cxPlatform{p.(*dialogflowPlatform)}, nil
}

// cxPlatform is the CX driver, which can also take a telephone call.
type cxPlatform struct{ *dialogflowPlatform }

var _ Caller = cxPlatform{}

// Call starts a session on a phone call: every request carries the payload
// CX's phone gateway sends, {"telephony": {"caller_id": ...}}.
func (p cxPlatform) Call() Conversation { return &cxConv{p: p.dialogflowPlatform, phone: true} }

// offlineCaller is the caller id of the driver's phone calls, from Ofcom's
// range for drama (07700 900000 to 900999), which no real line has.
const offlineCaller = "+447700900123"

func newDialogflow(name string, a *app.App, build func(skill.Handler, dialogflow.Config) (http.Handler, error)) (Platform, error) {
	if a.NLU == nil {
		return nil, fmt.Errorf("channel: %s needs the NLU", name)
	}
	h, err := build(a.Handler, dialogflow.Config{Secret: offlineSecret, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, err
	}
	return &dialogflowPlatform{name: name, a: a, h: h}, nil
}

func (p *dialogflowPlatform) Name() string { return p.name }

func (p *dialogflowPlatform) Start() Conversation {
	if p.name == "dialogflow-cx" {
		return &cxConv{p: p}
	}
	return &esConv{p: p, session: offlineProject + "/agent/sessions/offline-1"}
}

// match is what Dialogflow's intent matching found for one turn.
type match struct {
	launch bool
	intent string // neutral intent name
	params map[string]*structpb.Value
	// original holds the words matched for each parameter.
	original map[string]string
	text     string
	score    float64
}

// understand picks the intent and parameters the way the agent generated from the
// same model would: the offline NLU chooses the intent, and only the parameters
// that intent declares are filled (an ES or CX intent has no others).
func (p *dialogflowPlatform) understand(t Turn) match {
	if t.Launch {
		return match{launch: true, score: 1}
	}
	m := match{params: map[string]*structpb.Value{}, original: map[string]string{}, text: t.Utterance}
	slots := t.Slots
	declared := map[string]string{}
	if t.Intent != "" {
		m.intent, m.score = t.Intent, 1
		for name := range slots {
			declared[name] = ""
		}
	} else {
		res := p.a.NLU.Parse(t.Utterance)
		m.intent, m.score, slots = res.Intent, res.Score, res.Slots
	}
	if in, ok := p.a.Model.Intent(m.intent); ok {
		for _, s := range in.Slots {
			declared[s.Name] = s.Type
		}
	}
	for name, typ := range declared {
		s, ok := slots[name]
		if !ok || s.Key() == "" {
			continue
		}
		if n, err := strconv.ParseFloat(s.Value, 64); err == nil && typ == model.NumberType {
			m.params[name] = structpb.NewNumberValue(n) // @sys.number resolves to a number
		} else {
			m.params[name] = structpb.NewStringValue(s.Key()) // the entity's reference value
		}
		m.original[name] = s.Value
	}
	return m
}

// post sends one request through the webhook, as Dialogflow does, and returns the
// response body.
func (p *dialogflowPlatform) post(ctx context.Context, msg proto.Message) ([]byte, error) {
	body, err := protojson.Marshal(msg)
	if err != nil {
		return nil, fmt.Errorf("channel: %s: %w", p.name, err)
	}
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(dialogflow.DefaultSecretHeader, offlineSecret)
	rr := httptest.NewRecorder()
	p.h.ServeHTTP(rr, req)
	if rr.Code != http.StatusOK {
		return nil, fmt.Errorf("channel: %s webhook answered %d: %s", p.name, rr.Code, strings.TrimSpace(rr.Body.String()))
	}
	return rr.Body.Bytes(), nil
}

var readResponse = protojson.UnmarshalOptions{DiscardUnknown: true}

// esConv carries state as Dialogflow ES does: the contexts the webhook returns
// become the next request's outputContexts, each living a number of turns, and the
// matched intent's parameters are copied into every active context.
type esConv struct {
	p        *dialogflowPlatform
	session  string
	contexts []*dialogflowpb.Context
	turns    int
}

func (c *esConv) Send(ctx context.Context, t Turn) (Reply, error) {
	m := c.p.understand(t)
	c.turns++
	qr := &dialogflowpb.QueryResult{QueryText: m.text, LanguageCode: "en-gb", AllRequiredParamsPresent: true,
		Parameters: &structpb.Struct{Fields: m.params}, IntentDetectionConfidence: float32(m.score)}
	switch {
	case m.launch:
		qr.Intent = &dialogflowpb.Intent{DisplayName: dialogflow.WelcomeIntent}
	case m.intent == skill.FallbackIntent:
		qr.Intent = &dialogflowpb.Intent{DisplayName: dialogflow.FallbackIntent, IsFallback: true}
		qr.Action = "input.unknown"
	default:
		qr.Intent = &dialogflowpb.Intent{DisplayName: m.intent}
	}
	qr.Intent.Name = offlineProject + "/agent/intents/" + strings.ReplaceAll(qr.Intent.DisplayName, " ", "-")
	for _, old := range c.contexts {
		if old.GetLifespanCount() <= 1 {
			continue // it expires with this turn
		}
		ctxt := proto.Clone(old).(*dialogflowpb.Context)
		ctxt.LifespanCount--
		if ctxt.Parameters == nil {
			ctxt.Parameters = &structpb.Struct{}
		}
		if ctxt.Parameters.Fields == nil {
			ctxt.Parameters.Fields = map[string]*structpb.Value{}
		}
		for k, v := range m.params {
			ctxt.Parameters.Fields[k] = v
			ctxt.Parameters.Fields[k+".original"] = structpb.NewStringValue(m.original[k])
		}
		qr.OutputContexts = append(qr.OutputContexts, ctxt)
	}
	body, err := c.p.post(ctx, &dialogflowpb.WebhookRequest{
		ResponseId:                  fmt.Sprintf("offline-%d", c.turns),
		Session:                     c.session,
		QueryResult:                 qr,
		OriginalDetectIntentRequest: &dialogflowpb.OriginalDetectIntentRequest{Source: "DIALOGFLOW_MESSENGER"},
	})
	if err != nil {
		return Reply{}, err
	}
	var wr dialogflowpb.WebhookResponse
	if err := readResponse.Unmarshal(body, &wr); err != nil {
		return Reply{}, fmt.Errorf("channel: dialogflow-es: unreadable response: %w", err)
	}
	rep := Reply{Intent: m.intent, Score: m.score, Raw: body} // launches leave Intent empty, as on text
	rep.Speech = wr.GetFulfillmentText()
	var texts []string
	for _, msg := range wr.GetFulfillmentMessages() {
		if tx := msg.GetText().GetText(); len(tx) > 0 {
			texts = append(texts, tx[0])
		}
		if card, ok := cardOf(msg.GetPayload()); ok {
			rep.Card = card
		}
	}
	if rep.Speech == "" {
		rep.Speech = strings.Join(texts, " ")
	}
	rep.Reprompt = wr.GetPayload().GetFields()["reprompt"].GetStringValue()
	found := false
	c.contexts = c.contexts[:0]
	for _, ctxt := range wr.GetOutputContexts() {
		if strings.HasSuffix(ctxt.GetName(), "/contexts/"+dialogflow.SessionContext) {
			found = true
			rep.Session = dialogflow.SessionState(ctxt.GetParameters().GetFields())
			rep.EndSession = ctxt.GetLifespanCount() == 0
		}
		if ctxt.GetLifespanCount() > 0 {
			c.contexts = append(c.contexts, ctxt)
		}
	}
	if !found {
		return Reply{}, errors.New("channel: dialogflow-es: the response has no session context")
	}
	fromSession(&rep)
	return rep, nil
}

// cxConv carries state as Dialogflow CX does: session parameters are merged from
// each response (null deletes a key), and the matched intent's parameters become
// session parameters too. Reaching END_SESSION ends the session.
type cxConv struct {
	p      *dialogflowPlatform
	params map[string]*structpb.Value
	n      int // sessions started
	turns  int
	phone  bool // on a telephone call
}

func (c *cxConv) Send(ctx context.Context, t Turn) (Reply, error) {
	if c.params == nil {
		c.params, c.n = map[string]*structpb.Value{}, c.n+1
	}
	m := c.p.understand(t)
	c.turns++
	wr := &cxpb.WebhookRequest{
		DetectIntentResponseId: fmt.Sprintf("offline-%d", c.turns),
		LanguageCode:           "en",
		PageInfo:               &cxpb.PageInfo{CurrentPage: offlineFlow + "/pages/START_PAGE", DisplayName: "Start Page"},
		FulfillmentInfo:        &cxpb.WebhookRequest_FulfillmentInfo{},
	}
	switch {
	case m.launch:
		wr.FulfillmentInfo.Tag = dialogflow.WelcomeTag
		wr.IntentInfo = &cxpb.WebhookRequest_IntentInfo{DisplayName: dialogflow.WelcomeIntent, Confidence: 1}
		wr.Query = &cxpb.WebhookRequest_TriggerEvent{TriggerEvent: dialogflow.WelcomeEvent}
	case m.intent == skill.FallbackIntent:
		wr.FulfillmentInfo.Tag = dialogflow.FallbackTag // the sys.no-match-default handler
		wr.Query = &cxpb.WebhookRequest_Text{Text: m.text}
	default:
		wr.FulfillmentInfo.Tag = m.intent
		info := &cxpb.WebhookRequest_IntentInfo{DisplayName: m.intent, Confidence: float32(m.score),
			LastMatchedIntent: offlineAgentCX + "/intents/" + m.intent, Parameters: map[string]*cxpb.WebhookRequest_IntentInfo_IntentParameterValue{}}
		for k, v := range m.params {
			info.Parameters[k] = &cxpb.WebhookRequest_IntentInfo_IntentParameterValue{OriginalValue: m.original[k], ResolvedValue: v}
			c.params[k] = v
		}
		wr.IntentInfo = info
		wr.Query = &cxpb.WebhookRequest_Text{Text: m.text}
	}
	wr.SessionInfo = &cxpb.SessionInfo{Session: fmt.Sprintf("%s/sessions/offline-%d", offlineAgentCX, c.n), Parameters: c.params}
	if c.phone {
		wr.Payload = &structpb.Struct{Fields: map[string]*structpb.Value{dialogflow.TelephonyField: structpb.NewStructValue(
			&structpb.Struct{Fields: map[string]*structpb.Value{"caller_id": structpb.NewStringValue(offlineCaller)}})}}
	}
	body, err := c.p.post(ctx, wr)
	if err != nil {
		return Reply{}, err
	}
	var resp cxpb.WebhookResponse
	if err := protojson.Unmarshal(body, &resp); err != nil { // strictly: the reply is ours, in the API's own message
		return Reply{}, fmt.Errorf("channel: dialogflow-cx: the response is not a CX WebhookResponse: %w", err)
	}
	rep := Reply{Intent: m.intent, Score: m.score, Raw: body} // launches leave Intent empty, as on text
	var texts []string
	for _, msg := range resp.GetFulfillmentResponse().GetMessages() {
		if tx := msg.GetText().GetText(); len(tx) > 0 {
			texts = append(texts, tx[0])
		}
		if card, ok := cardOf(msg.GetPayload()); ok {
			rep.Card = card
		}
		if tr := msg.GetTelephonyTransferCall(); tr != nil {
			rep.Transfer = tr.GetPhoneNumber()
		}
	}
	if resp.GetPayload().GetFields()[dialogflow.EndSessionField].GetBoolValue() {
		rep.EndSession = true
	}
	if strings.HasSuffix(resp.GetTargetPage(), "/pages/"+dialogflow.EndSessionPage) {
		rep.EndSession = true
	}
	rep.Speech = strings.Join(texts, " ")
	rep.Reprompt = resp.GetPayload().GetFields()["reprompt"].GetStringValue()
	for k, v := range resp.GetSessionInfo().GetParameters() {
		if _, null := v.GetKind().(*structpb.Value_NullValue); null || v == nil {
			delete(c.params, k)
		} else {
			c.params[k] = v
		}
	}
	rep.Session = dialogflow.SessionState(c.params)
	fromSession(&rep)
	if rep.EndSession {
		c.params = nil // the next turn opens a new session
	}
	return rep, nil
}

// cardOf reads the card from Dialogflow Messenger rich content: the first "info"
// item's title and subtitle.
func cardOf(payload *structpb.Struct) (Card, bool) {
	rows := payload.GetFields()["richContent"].GetListValue().GetValues()
	for _, row := range rows {
		for _, item := range row.GetListValue().GetValues() {
			f := item.GetStructValue().GetFields()
			if f["type"].GetStringValue() == "info" {
				return Card{Title: f["title"].GetStringValue(), Text: f["subtitle"].GetStringValue()}, true
			}
		}
	}
	return Card{}, false
}
