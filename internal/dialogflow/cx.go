package dialogflow

import (
	"sort"
	"strings"

	cxpb "cloud.google.com/go/dialogflow/cx/apiv3/cxpb"
	"github.com/feedingfriend/skill/internal/skill"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
)

// CX fulfillment tags with a meaning of their own; any other tag is taken as a
// neutral intent name (HelpIntent, LatchIntent...).
const (
	WelcomeTag  = "welcome"
	FallbackTag = "fallback"
)

// cxWelcome and cxFallback are the routes (tags, CX default intents and events)
// that mean a launch or a fallback.
var (
	cxWelcome  = map[string]bool{WelcomeTag: true, "launch": true, WelcomeIntent: true, WelcomeEvent: true}
	cxFallback = map[string]bool{FallbackTag: true, "no-match": true, "Default Negative Intent": true,
		"sys.no-match-default": true, FallbackIntent: true, skill.FallbackIntent: true}
)

// cx is the Dialogflow CX (v3) flavour.
type cx struct{}

func (cx) name() string { return "cx" }

// cxTurn is what the reply needs from the request.
type cxTurn struct {
	// stateKeys are the prefixed state keys the request carried, so that the
	// reply can delete the ones the conversation dropped.
	stateKeys []string
	// flow is the current flow's resource name, for ending the session.
	flow string
	// phone is true on a telephone call (see TelephonyField).
	phone bool
}

// TelephonyField is the key of the request payload that CX's phone gateway
// fills on a telephone call ({"telephony": {"caller_id": "+1..."}}, from
// QueryParameters.payload); a partner telephony integration must send it too.
// Only its presence is read: the caller's number is personal data the skill
// does not need, and may be withheld or redacted.
const TelephonyField = "telephony"

// phoneCall reports whether a request comes from a telephone call: its
// payload holds a TelephonyField object.
func phoneCall(wr *cxpb.WebhookRequest) bool {
	_, ok := wr.GetPayload().GetFields()[TelephonyField].GetKind().(*structpb.Value_StructValue)
	return ok
}

func (cx) decode(body []byte) (*skill.Request, replier, error) {
	var wr cxpb.WebhookRequest
	if err := unmarshal.Unmarshal(body, &wr); err != nil {
		return nil, nil, skill.Wrap(skill.Invalid, err, "not a Dialogflow CX WebhookRequest")
	}
	req, turn := cxRequest(&wr)
	return req, func(resp *skill.Response, trim trim) proto.Message { return cxResponse(turn, resp, trim) }, nil
}

func cxRequest(wr *cxpb.WebhookRequest) (*skill.Request, *cxTurn) {
	req := &skill.Request{Type: skill.Intent, Locale: wr.GetLanguageCode()}
	route := strings.TrimSpace(wr.GetFulfillmentInfo().GetTag())
	if route == "" {
		route = strings.TrimSpace(wr.GetIntentInfo().GetDisplayName())
	}
	if route == "" {
		route = wr.GetTriggerEvent()
	}
	switch {
	case cxWelcome[route]:
		req.Type = skill.Launch
	case cxFallback[route] || route == "":
		req.Intent = skill.FallbackIntent
	default:
		req.Intent = route
	}
	text := wr.GetText()
	if text == "" {
		text = wr.GetTranscript()
	}
	if req.Type == skill.Intent {
		req.Utterance = truncate(strings.TrimSpace(text), maxUtteranceLen)
	}

	req.Slots = map[string]skill.Slot{}
	params := wr.GetIntentInfo().GetParameters()
	names := make([]string, 0, len(params))
	for k := range params {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if !validSlotName(k) || len(req.Slots) == maxStateKeys {
			continue
		}
		if s, ok := slotFromValue(params[k].GetResolvedValue()); ok {
			req.Slots[k] = s
		}
	}

	turn := &cxTurn{phone: phoneCall(wr)}
	req.PhoneCall = turn.phone
	fields := wr.GetSessionInfo().GetParameters()
	for k := range fields {
		if strings.HasPrefix(k, StatePrefix) && len(turn.stateKeys) < 4*maxStateKeys {
			turn.stateKeys = append(turn.stateKeys, k)
		}
	}
	sort.Strings(turn.stateKeys)
	req.Session = SessionState(fields)
	req.NewSession = !isMemory(req.Session)
	if page := wr.GetPageInfo().GetCurrentPage(); strings.HasPrefix(page, "projects/") {
		if i := strings.Index(page, "/pages/"); i > 0 && strings.Contains(page[:i], "/flows/") {
			turn.flow = page[:i]
		}
	}
	return req, turn
}

// EndSessionPage is the CX special page that ends the session.
const EndSessionPage = "END_SESSION"

// EndSessionField is set true in the reply's payload when the conversation
// ends, for a client that reads the webhook payload (the session itself ends
// by the transition to EndSessionPage).
const EndSessionField = "endSession"

// cxResponse renders a response: the messages replace the fulfillment's own, the
// state is merged into the session parameters (null deletes a key), and an ending
// conversation clears its memory and goes to END_SESSION. On a telephone call a
// transfer follows the spoken text (telephonyTransferCall); it is never sent
// for a request that is not a phone call, and never trimmed.
func cxResponse(t *cxTurn, resp *skill.Response, trim trim) *cxpb.WebhookResponse {
	transfer := t.phone && resp.Transfer != ""
	end := ended(resp) || transfer
	fr := &cxpb.WebhookResponse_FulfillmentResponse{MergeBehavior: cxpb.WebhookResponse_FulfillmentResponse_REPLACE}
	if text := resp.Speech.Text(); text != "" {
		fr.Messages = append(fr.Messages, &cxpb.ResponseMessage{
			Message: &cxpb.ResponseMessage_Text_{Text: &cxpb.ResponseMessage_Text{Text: []string{text}}},
		})
	}
	if transfer {
		fr.Messages = append(fr.Messages, &cxpb.ResponseMessage{
			Message: &cxpb.ResponseMessage_TelephonyTransferCall_{TelephonyTransferCall: &cxpb.ResponseMessage_TelephonyTransferCall{
				Endpoint: &cxpb.ResponseMessage_TelephonyTransferCall_PhoneNumber{PhoneNumber: resp.Transfer},
			}},
		})
	}
	if rc := richContent(resp, end); trim < trimRich && rc != nil {
		fr.Messages = append(fr.Messages, &cxpb.ResponseMessage{Message: &cxpb.ResponseMessage_Payload{Payload: rc}})
	}
	state := resp.Session
	payload := repromptPayload(resp, end)
	if end {
		// endInteraction is output-only (Dialogflow generates it when the session
		// reaches END_SESSION), so the webhook says so in its own payload and
		// moves the session to END_SESSION below.
		state = turnOnly(resp.Session)
		payload = &structpb.Struct{Fields: map[string]*structpb.Value{EndSessionField: structpb.NewBoolValue(true)}}
	}
	params := stateFields(state)
	for _, k := range t.stateKeys {
		if _, keep := params[k]; !keep {
			params[k] = structpb.NewNullValue()
		}
	}
	out := &cxpb.WebhookResponse{FulfillmentResponse: fr, SessionInfo: &cxpb.SessionInfo{Parameters: params}, Payload: payload}
	if end && t.flow != "" {
		out.Transition = &cxpb.WebhookResponse_TargetPage{TargetPage: t.flow + "/pages/" + EndSessionPage}
	}
	return out
}
