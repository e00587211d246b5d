package dialogflow

import (
	"context"
	"os"
	"testing"

	"cloud.google.com/go/dialogflow/apiv2/dialogflowpb"
	cxpb "cloud.google.com/go/dialogflow/cx/apiv3/cxpb"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/structpb"
)

func TestDecodeES(t *testing.T) {
	tests := []struct {
		file           string
		wantType       skill.RequestType
		wantIntent     string
		wantSlots      map[string]skill.Slot
		wantSession    map[string]any
		wantNew        bool
		wantUtterance  string
		wantOtherCount int
	}{
		{"es_welcome", skill.Launch, "", map[string]skill.Slot{}, map[string]any(nil), true, "", 1},
		{"es_latch", skill.Intent, "LatchIntent", map[string]skill.Slot{}, nil, true, "how do I get a good latch", 1},
		{"es_topic_param", skill.Intent, "TopicIntent", map[string]skill.Slot{"topic": {Value: "mastitis", ID: "mastitis"}}, nil, true, "tell me about mastitis", 1},
		{"es_more", skill.Intent, "MoreIntent", map[string]skill.Slot{}, map[string]any{"topic": "latch", "part": 0.0, "last": "topic", "pending": "more", "answered": "latch", "approved": false}, false, "tell me more", 1},
		{"es_age", skill.Intent, "BabyAgeIntent", map[string]skill.Slot{"ageNumber": {Value: "3"}, "ageUnit": {Value: "week", ID: "week"}},
			map[string]any{"topic": "nappies", "part": 0.0, "last": "ask-age", "pending": "age", "answered": "nappies", "approved": false}, false, "she's 3 weeks old", 0},
		{"es_fallback", skill.Intent, skill.FallbackIntent, map[string]skill.Slot{}, nil, true, "what's the weather like tomorrow", 1},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			body, err := os.ReadFile("testdata/" + tc.file + ".json")
			require.NoError(t, err)
			var wr dialogflowpb.WebhookRequest
			require.NoError(t, unmarshal.Unmarshal(body, &wr))
			req, turn, err := esRequest(&wr)
			require.NoError(t, err)
			assert.Equal(t, tc.wantType, req.Type)
			assert.Equal(t, tc.wantIntent, req.Intent)
			assert.Equal(t, tc.wantSlots, req.Slots)
			if tc.wantSession != nil {
				assert.Equal(t, tc.wantSession, req.Session, "only ff_ keys, without the prefix; merged intent parameters ignored")
			} else {
				assert.Empty(t, req.Session)
			}
			assert.Equal(t, tc.wantNew, req.NewSession)
			assert.Equal(t, tc.wantUtterance, req.Utterance)
			assert.Len(t, turn.others, tc.wantOtherCount)
		})
	}
}

func TestSlotValues(t *testing.T) {
	tests := []struct {
		name string
		in   *structpb.Value
		want skill.Slot
		ok   bool
	}{
		{"float number whole", structpb.NewNumberValue(3), skill.Slot{Value: "3"}, true},
		{"float number fraction", structpb.NewNumberValue(2.5), skill.Slot{Value: "2.5"}, true},
		{"string", structpb.NewStringValue(" latch "), skill.Slot{Value: "latch", ID: "latch"}, true},
		{"empty string (unfilled parameter)", structpb.NewStringValue(""), skill.Slot{}, false},
		{"list takes first", structpb.NewListValue(&structpb.ListValue{Values: []*structpb.Value{structpb.NewStringValue("week")}}), skill.Slot{Value: "week", ID: "week"}, true},
		{"empty list", structpb.NewListValue(&structpb.ListValue{}), skill.Slot{}, false},
		{"bool", structpb.NewBoolValue(true), skill.Slot{}, false},
		{"null", structpb.NewNullValue(), skill.Slot{}, false},
		{"nil", nil, skill.Slot{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := slotFromValue(tc.in)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestEncodeES(t *testing.T) {
	turn := &esTurn{session: "projects/p/agent/sessions/s", others: []*dialogflowpb.Context{{Name: "projects/p/agent/sessions/s/contexts/other", LifespanCount: 2}}}
	t.Run("open conversation renews the context", func(t *testing.T) {
		out := esResponse(turn, &skill.Response{Speech: skill.Say("Hi."), Session: map[string]any{"topic": "latch", "part": 1, "answered": "latch"},
			Card: &skill.Card{Title: "T", Text: "C"}, Suggestions: []string{"Mastitis"}}, trimNone)
		assert.Equal(t, "Hi.", out.GetFulfillmentText())
		require.Len(t, out.GetFulfillmentMessages(), 2)
		assert.Equal(t, []string{"Hi."}, out.GetFulfillmentMessages()[0].GetText().GetText())
		rc := out.GetFulfillmentMessages()[1].GetPayload().AsMap()
		assert.Equal(t, map[string]any{"richContent": []any{[]any{
			map[string]any{"type": "info", "title": "T", "subtitle": "C"},
			map[string]any{"type": "chips", "options": []any{map[string]any{"text": "Mastitis"}}},
		}}}, rc)
		require.Len(t, out.GetOutputContexts(), 2, "other contexts are echoed")
		ctx := out.GetOutputContexts()[1]
		assert.Equal(t, "projects/p/agent/sessions/s/contexts/feeding-friend-session", ctx.GetName())
		assert.EqualValues(t, ContextLifespan, ctx.GetLifespanCount())
		assert.Equal(t, map[string]any{"ff_topic": "latch", "ff_part": 1.0, "ff_answered": "latch"}, ctx.GetParameters().AsMap())
	})
	t.Run("urgent help ends even if the conversation forgot", func(t *testing.T) {
		out := esResponse(turn, &skill.Response{Speech: skill.Say("Call 999."), Outcome: skill.OutcomeUrgent,
			Session: map[string]any{"topic": "urgent-help", "answered": "urgent-help", "approved": true}, Suggestions: []string{"Latch"}}, trimNone)
		ctx := out.GetOutputContexts()[len(out.GetOutputContexts())-1]
		assert.EqualValues(t, 0, ctx.GetLifespanCount(), "lifespan 0 deletes the state")
		assert.Equal(t, map[string]any{"ff_answered": "urgent-help", "ff_approved": true}, ctx.GetParameters().AsMap())
		for _, m := range out.GetFulfillmentMessages() {
			assert.NotContains(t, m.GetPayload().AsMap(), "chips", "no chips on an ended conversation")
		}
	})
}

func TestDecodeCX(t *testing.T) {
	tests := []struct {
		file          string
		wantType      skill.RequestType
		wantIntent    string
		wantSlots     map[string]skill.Slot
		wantNew       bool
		wantUtterance string
		wantFlow      bool
	}{
		{"cx_welcome", skill.Launch, "", map[string]skill.Slot{}, true, "", true},
		{"cx_latch", skill.Intent, "LatchIntent", map[string]skill.Slot{}, true, "how do I get a good latch", true},
		{"cx_topic_param", skill.Intent, "TopicIntent", map[string]skill.Slot{"topic": {Value: "mastitis", ID: "mastitis"}}, true, "tell me about mastitis", true},
		{"cx_more", skill.Intent, "MoreIntent", map[string]skill.Slot{}, false, "tell me more", true},
		{"cx_age", skill.Intent, "BabyAgeIntent", map[string]skill.Slot{"ageNumber": {Value: "6"}, "ageUnit": {Value: "week", ID: "week"}}, false, "he's six weeks old", true},
		{"cx_fallback", skill.Intent, skill.FallbackIntent, map[string]skill.Slot{}, true, "play some music", true},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			body, err := os.ReadFile("testdata/" + tc.file + ".json")
			require.NoError(t, err)
			var wr cxpb.WebhookRequest
			require.NoError(t, unmarshal.Unmarshal(body, &wr))
			req, turn := cxRequest(&wr)
			assert.Equal(t, tc.wantType, req.Type)
			assert.Equal(t, tc.wantIntent, req.Intent)
			assert.Equal(t, tc.wantSlots, req.Slots)
			assert.Equal(t, tc.wantNew, req.NewSession)
			assert.Equal(t, tc.wantUtterance, req.Utterance)
			assert.Equal(t, tc.wantFlow, turn.flow != "")
			assert.NotContains(t, req.Session, "channel", "session parameters that are not ours are ignored")
		})
	}
}

func TestCXRouting(t *testing.T) {
	tests := []struct {
		name, body string
		wantType   skill.RequestType
		wantIntent string
	}{
		{"tag wins over intent", `{"fulfillmentInfo":{"tag":"HelpIntent"},"intentInfo":{"displayName":"LatchIntent"}}`, skill.Intent, "HelpIntent"},
		{"intent when no tag", `{"intentInfo":{"displayName":"LatchIntent"}}`, skill.Intent, "LatchIntent"},
		{"welcome tag", `{"fulfillmentInfo":{"tag":"welcome"}}`, skill.Launch, ""},
		{"welcome event", `{"triggerEvent":"WELCOME"}`, skill.Launch, ""},
		{"default negative intent", `{"intentInfo":{"displayName":"Default Negative Intent"},"text":"x"}`, skill.Intent, skill.FallbackIntent},
		{"nothing at all", `{}`, skill.Intent, skill.FallbackIntent},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var wr cxpb.WebhookRequest
			require.NoError(t, unmarshal.Unmarshal([]byte(tc.body), &wr))
			req, _ := cxRequest(&wr)
			assert.Equal(t, tc.wantType, req.Type)
			assert.Equal(t, tc.wantIntent, req.Intent)
		})
	}
}

func TestEncodeCX(t *testing.T) {
	turn := &cxTurn{stateKeys: []string{"ff_answered", "ff_pending", "ff_topic"}, flow: "projects/p/locations/l/agents/a/flows/f"}
	t.Run("dropped keys are deleted with null", func(t *testing.T) {
		out := cxResponse(turn, &skill.Response{Speech: skill.Say("Hi."), Session: map[string]any{"topic": "latch", "answered": "latch"}}, trimNone)
		got := map[string]any{}
		for k, v := range out.GetSessionInfo().GetParameters() {
			got[k] = v.AsInterface()
		}
		assert.Equal(t, map[string]any{"ff_topic": "latch", "ff_answered": "latch", "ff_pending": nil}, got)
		_, null := out.GetSessionInfo().GetParameters()["ff_pending"].GetKind().(*structpb.Value_NullValue)
		assert.True(t, null)
		assert.Empty(t, out.GetTargetPage())
		assert.Equal(t, cxpb.WebhookResponse_FulfillmentResponse_REPLACE, out.GetFulfillmentResponse().GetMergeBehavior())
	})
	t.Run("ending clears the memory and goes to END_SESSION", func(t *testing.T) {
		out := cxResponse(turn, &skill.Response{Speech: skill.Say("Bye."), EndSession: true, Session: map[string]any{"answered": "", "approved": true}}, trimNone)
		msgs := out.GetFulfillmentResponse().GetMessages()
		require.NotEmpty(t, msgs)
		for _, m := range msgs {
			assert.Nil(t, m.GetEndInteraction(), "endInteraction is output-only: Dialogflow generates it")
		}
		assert.True(t, out.GetPayload().GetFields()[EndSessionField].GetBoolValue())
		assert.Equal(t, "projects/p/locations/l/agents/a/flows/f/pages/END_SESSION", out.GetTargetPage())
		p := out.GetSessionInfo().GetParameters()
		assert.Equal(t, "", p["ff_answered"].GetStringValue())
		assert.True(t, p["ff_approved"].GetBoolValue())
		for _, k := range []string{"ff_topic", "ff_pending"} {
			_, null := p[k].GetKind().(*structpb.Value_NullValue)
			assert.True(t, null, k)
		}
	})
	t.Run("no page, no transition", func(t *testing.T) {
		out := cxResponse(&cxTurn{}, &skill.Response{Speech: skill.Say("Call 999."), Outcome: skill.OutcomeUrgent}, trimNone)
		assert.Empty(t, out.GetTargetPage())
		for _, m := range out.GetFulfillmentResponse().GetMessages() {
			assert.Nil(t, m.GetEndInteraction())
		}
		assert.True(t, out.GetPayload().GetFields()[EndSessionField].GetBoolValue(), "the end is still said")
	})
}

// TestUnknownFieldsTolerated proves the captured requests carry fields the
// protos do not know, and that the adapter reads them anyway.
func TestUnknownFieldsTolerated(t *testing.T) {
	for _, tc := range []struct {
		file string
		msg  interface{ Reset() }
	}{{"es_welcome", &dialogflowpb.WebhookRequest{}}, {"cx_welcome", &cxpb.WebhookRequest{}}} {
		body, err := os.ReadFile("testdata/" + tc.file + ".json")
		require.NoError(t, err)
		var strict error
		switch m := tc.msg.(type) {
		case *dialogflowpb.WebhookRequest:
			strict = protojson.Unmarshal(body, m)
		case *cxpb.WebhookRequest:
			strict = protojson.Unmarshal(body, m)
		}
		require.Error(t, strict, "%s should hold unknown fields", tc.file)
	}
}

func FuzzES(f *testing.F) {
	for _, name := range []string{"es_welcome", "es_more", "es_age"} {
		b, err := os.ReadFile("testdata/" + name + ".json")
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte(`{"session":"projects/p/agent/sessions/s","queryResult":{"parameters":{"ageNumber":1e308,"topic":[[]]}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		req, reply, err := es{}.decode(body)
		if err != nil {
			return
		}
		resp, err := echo.Handle(context.Background(), req)
		require.NoError(t, err)
		_, err = marshal.Marshal(reply(resp, trimNone))
		require.NoError(t, err)
	})
}

func FuzzCX(f *testing.F) {
	for _, name := range []string{"cx_welcome", "cx_more", "cx_age"} {
		b, err := os.ReadFile("testdata/" + name + ".json")
		require.NoError(f, err)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, reply, err := cx{}.decode(body)
		if err != nil {
			return
		}
		resp, err := echo.Handle(context.Background(), req)
		require.NoError(t, err)
		_, err = marshal.Marshal(reply(resp, trimRich))
		require.NoError(t, err)
	})
}
