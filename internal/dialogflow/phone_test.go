package dialogflow

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/dialogflow/apiv2/dialogflowpb"
	cxpb "cloud.google.com/go/dialogflow/cx/apiv3/cxpb"
	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/config"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/structpb"
)

const (
	transferLine = "+443001234567"
	phoneAgent   = "projects/feeding-friend-4821/locations/global/agents/7f3c2a10-5b4d-4e6f-8a9b-0c1d2e3f4a5b"
	phoneFlow    = phoneAgent + "/flows/00000000-0000-0000-0000-000000000000"
)

// transferApp is the real skill with a transfer number for England.
func transferApp(t *testing.T) *app.App {
	t.Helper()
	sk, err := config.Embedded()
	require.NoError(t, err)
	sk.PhoneTransfer = map[string]string{"england": transferLine}
	require.NoError(t, sk.Validate())
	a, err := app.New(app.Config{Skill: sk, NLU: true, Now: func() time.Time { return time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	return a
}

// cxCall is a CX webhook request for words said, with payload as the
// integration sent it (nil for none).
func cxCall(t *testing.T, said string, payload map[string]any) []byte {
	t.Helper()
	wr := &cxpb.WebhookRequest{
		DetectIntentResponseId: "phone-1",
		LanguageCode:           "en",
		FulfillmentInfo:        &cxpb.WebhookRequest_FulfillmentInfo{Tag: FallbackTag},
		PageInfo:               &cxpb.PageInfo{CurrentPage: phoneFlow + "/pages/START_PAGE"},
		SessionInfo:            &cxpb.SessionInfo{Session: phoneAgent + "/sessions/phone-1"},
		Query:                  &cxpb.WebhookRequest_Transcript{Transcript: said},
	}
	if payload != nil {
		p, err := structpb.NewStruct(payload)
		require.NoError(t, err)
		wr.Payload = p
	}
	body, err := protojson.Marshal(wr)
	require.NoError(t, err)
	return body
}

// post sends body to h and decodes the reply strictly, as the CX API would:
// no unknown field, every message a real ResponseMessage.
func post(t *testing.T, h http.Handler, body []byte) *cxpb.WebhookResponse {
	t.Helper()
	rr := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(rr, req)
	require.Equal(t, http.StatusOK, rr.Code, rr.Body.String())
	var resp cxpb.WebhookResponse
	require.NoError(t, protojson.UnmarshalOptions{}.Unmarshal(rr.Body.Bytes(), &resp), "the reply decodes strictly as a CX WebhookResponse")
	return &resp
}

// TestCXTelephoneTransfer: on a telephone call (the phone gateway's
// {"telephony": {...}} payload), urgent help at the NHS 111 level is spoken and
// then transferred to the configured number, and the session ends; an
// emergency is told to hang up and dial 999 and never transferred; no phone
// payload, or no number configured, means no transfer.
func TestCXTelephoneTransfer(t *testing.T) {
	withNumber, err := NewCX(transferApp(t).Handler, Config{Insecure: true})
	require.NoError(t, err)
	withoutNumber, err := NewCX(testApp(t).Handler, Config{Insecure: true})
	require.NoError(t, err)
	telephony := map[string]any{TelephonyField: map[string]any{"caller_id": "+18558363987"}}
	redacted := map[string]any{TelephonyField: map[string]any{}} // a withheld or redacted caller id
	const urgent, emergency = "he hasn't had a wet nappy for ten hours", "my baby isn't breathing"
	tests := []struct {
		name     string
		h        http.Handler
		said     string
		payload  map[string]any
		transfer string
		hangUp   bool
	}{
		{"111 level on a call is transferred", withNumber, urgent, telephony, transferLine, false},
		{"111 level on a call with the caller id redacted", withNumber, urgent, redacted, transferLine, false},
		{"999 level on a call: hang up and dial, no transfer", withNumber, emergency, telephony, "", true},
		{"111 level without a phone payload (Messenger)", withNumber, urgent, nil, "", false},
		{"111 level with another payload", withNumber, urgent, map[string]any{"channel": "web"}, "", false},
		{"telephony that is not an object is not a call", withNumber, urgent, map[string]any{TelephonyField: "yes"}, "", false},
		{"111 level on a call, no number configured", withoutNumber, urgent, telephony, "", false},
		{"999 level on a call, no number configured", withoutNumber, emergency, telephony, "", true},
		{"999 level without a phone payload", withNumber, emergency, nil, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := post(t, tc.h, cxCall(t, tc.said, tc.payload))
			msgs := resp.GetFulfillmentResponse().GetMessages()
			require.NotEmpty(t, msgs)
			speech := strings.Join(msgs[0].GetText().GetText(), " ")
			require.NotEmpty(t, speech, "the spoken text comes first")
			var transfers []string
			for _, m := range msgs {
				if tr := m.GetTelephonyTransferCall(); tr != nil {
					transfers = append(transfers, tr.GetPhoneNumber())
				}
			}
			if tc.transfer == "" {
				assert.Empty(t, transfers, speech)
			} else {
				assert.Equal(t, []string{tc.transfer}, transfers)
				require.GreaterOrEqual(t, len(msgs), 2)
				assert.Equal(t, tc.transfer, msgs[1].GetTelephonyTransferCall().GetPhoneNumber(), "the transfer follows the spoken text")
				assert.Contains(t, speech, "putting you through")
			}
			assert.Equal(t, tc.hangUp, strings.HasPrefix(speech, "Hang up and dial 999 now."), speech)
			assert.True(t, resp.GetPayload().GetFields()[EndSessionField].GetBoolValue(), "urgent help ends the session")
			assert.Equal(t, phoneFlow+"/pages/"+EndSessionPage, resp.GetTargetPage())
		})
	}
}

// TestTransferOnlyOnAPhoneCall: the adapter sends a transfer only for a
// request that came from a telephone call, whatever the conversation asks;
// ES never reads a phone call (Google's ES gateway is not served).
func TestTransferOnlyOnAPhoneCall(t *testing.T) {
	var seen *skill.Request
	transferring := skill.HandlerFunc(func(_ context.Context, req *skill.Request) (*skill.Response, error) {
		seen = req
		return &skill.Response{Speech: skill.Say("Putting you through."), Outcome: skill.OutcomeUrgent, EndSession: true, Transfer: transferLine}, nil
	})
	cx, err := NewCX(transferring, Config{Insecure: true})
	require.NoError(t, err)
	for _, tc := range []struct {
		name    string
		payload map[string]any
		want    bool
	}{
		{"a phone call", map[string]any{TelephonyField: map[string]any{"caller_id": "+18558363987"}}, true},
		{"Messenger", nil, false},
	} {
		t.Run("CX "+tc.name, func(t *testing.T) {
			resp := post(t, cx, cxCall(t, "help", tc.payload))
			assert.Equal(t, tc.want, seen.PhoneCall)
			got := false
			for _, m := range resp.GetFulfillmentResponse().GetMessages() {
				got = got || m.GetTelephonyTransferCall() != nil
			}
			assert.Equal(t, tc.want, got)
		})
	}

	t.Run("ES phone gateway", func(t *testing.T) {
		es, err := NewES(transferring, Config{Insecure: true})
		require.NoError(t, err)
		payload, err := structpb.NewStruct(map[string]any{TelephonyField: map[string]any{"caller_id": "+18558363987"}})
		require.NoError(t, err)
		body, err := protojson.Marshal(&dialogflowpb.WebhookRequest{
			Session:                     "projects/p/agent/sessions/s",
			QueryResult:                 &dialogflowpb.QueryResult{QueryText: "help", Intent: &dialogflowpb.Intent{DisplayName: "UrgentHelpIntent"}},
			OriginalDetectIntentRequest: &dialogflowpb.OriginalDetectIntentRequest{Payload: payload},
		})
		require.NoError(t, err)
		rr := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		es.ServeHTTP(rr, req)
		require.Equal(t, http.StatusOK, rr.Code)
		assert.False(t, seen.PhoneCall)
		assert.NotContains(t, rr.Body.String(), "elephony", "no transfer in an ES reply")
		assert.NotContains(t, rr.Body.String(), transferLine)
	})
}
