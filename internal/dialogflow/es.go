package dialogflow

import (
	"sort"
	"strings"

	"cloud.google.com/go/dialogflow/apiv2/dialogflowpb"
	"github.com/feedingfriend/skill/internal/skill"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
)

// Dialogflow ES names the generated agent uses for the launch and the fallback.
const (
	WelcomeIntent  = "Default Welcome Intent"
	FallbackIntent = "Default Fallback Intent"
	// WelcomeEvent is the event Dialogflow Messenger and the console send on opening.
	WelcomeEvent = "WELCOME"
)

// SessionContext is the id of the ES output context that carries the state.
const SessionContext = "feeding-friend-session"

// ContextLifespan is how many turns the session context lives without a reply;
// every reply renews it.
const ContextLifespan = 5

// unmarshal tolerates the fields Google adds without notice.
var unmarshal = protojson.UnmarshalOptions{DiscardUnknown: true}

// es is the Dialogflow ES (v2) flavour.
type es struct{}

func (es) name() string { return "es" }

// esTurn is what the reply needs from the request.
type esTurn struct {
	session string
	// others are the active contexts that are not ours, echoed back because a
	// webhook's outputContexts replace every active context.
	others []*dialogflowpb.Context
}

func (es) decode(body []byte) (*skill.Request, replier, error) {
	var wr dialogflowpb.WebhookRequest
	if err := unmarshal.Unmarshal(body, &wr); err != nil {
		return nil, nil, skill.Wrap(skill.Invalid, err, "not a Dialogflow ES WebhookRequest")
	}
	req, turn, err := esRequest(&wr)
	if err != nil {
		return nil, nil, err
	}
	return req, func(resp *skill.Response, trim trim) proto.Message { return esResponse(turn, resp, trim) }, nil
}

// validSession accepts "projects/P/agent/sessions/S" and the environment form
// "projects/P/agent/environments/E/users/U/sessions/S" (and regional variants).
func validSession(s string) bool {
	if len(s) > 1000 || !strings.HasPrefix(s, "projects/") || strings.ContainsAny(s, " \t\r\n?#") {
		return false
	}
	i := strings.LastIndex(s, "/sessions/")
	return i > 0 && i+len("/sessions/") < len(s) && !strings.Contains(s[i+len("/sessions/"):], "/")
}

func esRequest(wr *dialogflowpb.WebhookRequest) (*skill.Request, *esTurn, error) {
	if !validSession(wr.GetSession()) {
		return nil, nil, skill.Errorf(skill.Invalid, "missing or malformed session")
	}
	qr := wr.GetQueryResult()
	if qr == nil {
		return nil, nil, skill.Errorf(skill.Invalid, "missing queryResult")
	}
	req := &skill.Request{Type: skill.Intent, Locale: qr.GetLanguageCode()}
	name := strings.TrimSpace(qr.GetIntent().GetDisplayName())
	switch {
	case name == WelcomeIntent || (name == "" && strings.EqualFold(qr.GetQueryText(), WelcomeEvent)):
		req.Type = skill.Launch
	case name == FallbackIntent || name == "":
		req.Intent = skill.FallbackIntent
	default:
		req.Intent = name
	}
	if req.Type == skill.Intent {
		req.Utterance = truncate(strings.TrimSpace(qr.GetQueryText()), maxUtteranceLen)
	}
	req.Slots = slots(qr.GetParameters().GetFields())

	turn := &esTurn{session: wr.GetSession()}
	suffix := "/contexts/" + SessionContext
	for _, c := range qr.GetOutputContexts() {
		if c == nil || c.GetName() == "" {
			continue
		}
		if strings.HasSuffix(c.GetName(), suffix) {
			req.Session = SessionState(c.GetParameters().GetFields())
			continue
		}
		turn.others = append(turn.others, c)
	}
	req.NewSession = !isMemory(req.Session)
	return req, turn, nil
}

// slots reads the intent's parameters; the ".original" copies are skipped.
func slots(fields map[string]*structpb.Value) map[string]skill.Slot {
	out := map[string]skill.Slot{}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !validSlotName(k) || len(out) == maxStateKeys {
			continue
		}
		if s, ok := slotFromValue(fields[k]); ok {
			out[k] = s
		}
	}
	return out
}

// esResponse renders a response. When the conversation ends the session context
// is returned with lifespan 0, holding only the description of the last turn.
// The other active contexts are echoed back unless trim leaves them out: a
// reply that ends them is better than no reply.
func esResponse(t *esTurn, resp *skill.Response, trim trim) *dialogflowpb.WebhookResponse {
	end := ended(resp)
	text := resp.Speech.Text()
	out := &dialogflowpb.WebhookResponse{FulfillmentText: text}
	if text != "" {
		out.FulfillmentMessages = append(out.FulfillmentMessages, &dialogflowpb.Intent_Message{
			Message: &dialogflowpb.Intent_Message_Text_{Text: &dialogflowpb.Intent_Message_Text{Text: []string{text}}},
		})
	}
	if rc := richContent(resp, end); trim < trimRich && rc != nil {
		out.FulfillmentMessages = append(out.FulfillmentMessages, &dialogflowpb.Intent_Message{
			Message: &dialogflowpb.Intent_Message_Payload{Payload: rc},
		})
	}
	out.Payload = repromptPayload(resp, end)
	state, lifespan := resp.Session, int32(ContextLifespan)
	if end {
		state, lifespan = turnOnly(resp.Session), 0
	}
	if trim < trimEcho {
		out.OutputContexts = append(out.OutputContexts, t.others...)
	}
	out.OutputContexts = append(out.OutputContexts, &dialogflowpb.Context{
		Name:          t.session + "/contexts/" + SessionContext,
		LifespanCount: lifespan,
		Parameters:    &structpb.Struct{Fields: stateFields(state)},
	})
	return out
}
