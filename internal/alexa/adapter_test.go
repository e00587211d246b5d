package alexa_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/feedingfriend/skill/internal/alexa"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden responses in testdata/")

const testSkillID = "amzn1.ask.skill.6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"

// catalog is a small Catalog for the adapter's own tests.
type catalog struct{}

func (catalog) TopicIntents() map[string]string {
	return map[string]string{"LatchIntent": "latch", "UrgentHelpIntent": "urgent-help"}
}

func (catalog) TopicFor(word string) (string, bool) {
	switch strings.ToLower(word) {
	case "latch", "latching", "latch on":
		return "latch", true
	case "urgent-help", "emergency":
		return "urgent-help", true
	}
	return "", false
}

// echo is a conversation that says back what it was asked, so the goldens test
// the wire format and not the content. It counts turns in the session.
func echo() skill.Handler {
	return skill.HandlerFunc(func(ctx context.Context, req *skill.Request) (*skill.Response, error) {
		turns := 0
		if n, ok := req.Session["turns"].(float64); ok {
			turns = int(n)
		}
		session := map[string]any{"turns": turns + 1, "answered": "", "approved": true}
		switch req.Type {
		case skill.SessionEnd:
			return &skill.Response{EndSession: true}, nil
		case skill.Launch:
			return &skill.Response{
				Speech:   skill.Say(fmt.Sprintf("Welcome (new session %v, locale %s). Mum & baby <3. In an emergency, call 999.", req.NewSession, req.Locale)),
				Reprompt: skill.Say("What would you like to know?"),
				Card:     &skill.Card{Title: "Feeding Friend", Text: "General NHS information.\nIn an emergency, call 999."},
				Session:  session,
			}, nil
		}
		var slots []string
		for name, s := range req.Slots {
			slots = append(slots, fmt.Sprintf("%s=%s", name, s.Key()))
		}
		sort.Strings(slots)
		if len(slots) == 0 {
			slots = []string{"no slots"}
		}
		r := &skill.Response{
			Speech:   skill.Say(fmt.Sprintf("You asked for %s with %s.", req.Intent, strings.Join(slots, ", "))),
			Reprompt: skill.Say("Would you like to hear more?"),
			Session:  session,
		}
		switch req.Intent {
		case skill.StopIntent:
			r.EndSession = true
		case "LatchIntent":
			r.Card = &skill.Card{Title: "Latch", Text: "Hold your baby close, nose to nipple.\nWait for a wide mouth & bring them on."}
			session["answered"], session["approved"] = "latch", false
		case skill.TopicIntent:
			session["answered"] = req.Slot(skill.TopicSlot)
		}
		return r, nil
	})
}

func newAdapter(h skill.Handler, log *slog.Logger) *alexa.Adapter {
	return alexa.Handler(h, alexa.Config{SkillID: testSkillID, Catalog: catalog{}, Logger: log})
}

func TestGoldenResponses(t *testing.T) {
	names, err := filepath.Glob("testdata/*.json")
	require.NoError(t, err)
	var requests []string
	for _, n := range names {
		if !strings.HasSuffix(n, ".golden.json") {
			requests = append(requests, n)
		}
	}
	require.NotEmpty(t, requests)
	a := newAdapter(echo(), nil)
	for _, name := range requests {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".json"), func(t *testing.T) {
			in, err := os.ReadFile(name)
			require.NoError(t, err)
			got, err := a.Invoke(context.Background(), in)
			require.NoError(t, err)
			golden := strings.TrimSuffix(name, ".json") + ".golden.json"
			if *update {
				writeGolden(t, golden, got)
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./internal/alexa -update to write the goldens")
			assert.JSONEq(t, string(want), string(got))
			checkResponse(t, got)
		})
	}
}

// writeGolden writes a response as indented JSON, with <, > and & left readable.
func writeGolden(t *testing.T, name string, body []byte) {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(body, &v))
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	require.NoError(t, enc.Encode(v))
	require.NoError(t, os.WriteFile(name, buf.Bytes(), 0o644))
}

// checkResponse checks the rules every response must keep: shouldEndSession set on
// every spoken response, well-formed SSML inside <speak> within the limit.
func checkResponse(t *testing.T, body []byte) {
	t.Helper()
	require.LessOrEqual(t, len(body), alexa.MaxResponse)
	var raw struct {
		Version  string                     `json:"version"`
		Response map[string]json.RawMessage `json:"response"`
	}
	require.NoError(t, json.Unmarshal(body, &raw))
	assert.Equal(t, "1.0", raw.Version)
	var env alexa.ResponseEnvelope
	require.NoError(t, json.Unmarshal(body, &env))
	if env.Response.OutputSpeech == nil {
		return
	}
	assert.Contains(t, raw.Response, "shouldEndSession", "a spoken response must set shouldEndSession")
	for _, s := range []*alexa.OutputSpeech{env.Response.OutputSpeech, repromptOf(env)} {
		if s == nil {
			continue
		}
		assert.Equal(t, alexa.SpeechSSML, s.Type)
		assert.LessOrEqual(t, len(s.SSML), alexa.MaxSpeech)
		assertWellFormed(t, s.SSML)
	}
}

func repromptOf(env alexa.ResponseEnvelope) *alexa.OutputSpeech {
	if env.Response.Reprompt == nil {
		return nil
	}
	return env.Response.Reprompt.OutputSpeech
}

func assertWellFormed(t *testing.T, ssml string) {
	t.Helper()
	require.True(t, strings.HasPrefix(ssml, "<speak>") && strings.HasSuffix(ssml, "</speak>"), "SSML must be inside <speak>: %q", ssml)
	d := xml.NewDecoder(strings.NewReader(ssml))
	for {
		_, err := d.Token()
		if err != nil {
			require.Equal(t, "EOF", err.Error(), "SSML must be well-formed XML: %q", ssml)
			return
		}
	}
}

func TestBadRequests(t *testing.T) {
	match, err := os.ReadFile("testdata/intent-er-match.json")
	require.NoError(t, err)
	other := bytes.ReplaceAll(match, []byte(testSkillID), []byte("amzn1.ask.skill.00000000-dead-beef-0000-000000000000"))
	noContext := []byte(`{"version":"1.0","request":{"type":"LaunchRequest","requestId":"r","timestamp":"2026-11-24T02:13:07Z"}}`)
	tests := []struct {
		name string
		body []byte
		kind skill.Kind
		code int
	}{
		{"malformed JSON", []byte(`{"version":"1.0","request":{"type":`), skill.Invalid, http.StatusBadRequest},
		{"not an object", []byte(`[1,2,3]`), skill.Invalid, http.StatusBadRequest},
		{"null", []byte(`null`), skill.Invalid, http.StatusBadRequest},
		{"empty body", nil, skill.Invalid, http.StatusBadRequest},
		{"wrong field type", []byte(`{"request":{"type":42}}`), skill.Invalid, http.StatusBadRequest},
		{"no request type", []byte(`{"version":"1.0","request":{}}`), skill.Invalid, http.StatusBadRequest},
		{"wrong skill id", other, skill.Unauthorized, http.StatusForbidden},
		{"no skill id", noContext, skill.Unauthorized, http.StatusForbidden},
		{"too large", append(bytes.Repeat([]byte(" "), alexa.DefaultMaxBody), match...), skill.TooLarge, http.StatusRequestEntityTooLarge},
	}
	called := false
	h := skill.HandlerFunc(func(ctx context.Context, req *skill.Request) (*skill.Response, error) {
		called = true
		return &skill.Response{}, nil
	})
	a := newAdapter(h, nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := a.Invoke(context.Background(), tc.body)
			require.Error(t, err)
			assert.Nil(t, out)
			assert.Equal(t, tc.kind, skill.KindOf(err), "got kind %s, want %s", skill.KindOf(err), tc.kind)
			assert.NotContains(t, err.Error(), "SECRET")

			rec := httptest.NewRecorder()
			r := httptest.NewRequest(http.MethodPost, "/alexa", bytes.NewReader(tc.body))
			r.Header.Set("Content-Type", "application/json; charset=utf-8")
			a.ServeHTTP(rec, r)
			assert.Equal(t, tc.code, rec.Code)
			assert.NotContains(t, rec.Body.String(), "SECRET")
		})
	}
	assert.False(t, called, "a refused request must never reach the conversation")
}

func TestSkillIDCheckOff(t *testing.T) {
	body, err := os.ReadFile("testdata/launch.json")
	require.NoError(t, err)
	body = bytes.ReplaceAll(body, []byte(testSkillID), []byte("amzn1.ask.skill.any"))
	var logs bytes.Buffer
	a := alexa.Handler(echo(), alexa.Config{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	assert.Contains(t, logs.String(), "no skill id configured", "an empty skill id must be warned about at start")
	out, err := a.Invoke(context.Background(), body)
	require.NoError(t, err)
	checkResponse(t, out)
}

func TestServeHTTP(t *testing.T) {
	body, err := os.ReadFile("testdata/launch.json")
	require.NoError(t, err)
	a := newAdapter(echo(), nil)

	rec := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodPost, "/alexa", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	a.ServeHTTP(rec, r)
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "application/json;charset=UTF-8", rec.Header().Get("Content-Type"))
	checkResponse(t, rec.Body.Bytes())

	rec = httptest.NewRecorder()
	a.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/alexa", nil))
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
}

// TestServeHTTPSharesNoBuffers answers every test envelope over HTTP from many
// goroutines at once: each answer must be the bytes Invoke gives for it, with
// its length declared, so the pooled request and response buffers never leak
// one request's bytes into another's.
func TestServeHTTPSharesNoBuffers(t *testing.T) {
	names, err := filepath.Glob("testdata/*.json")
	require.NoError(t, err)
	a := newAdapter(echo(), nil)
	type pair struct{ in, want []byte }
	var pairs []pair
	for _, n := range names {
		if strings.HasSuffix(n, ".golden.json") {
			continue
		}
		in, err := os.ReadFile(n)
		require.NoError(t, err)
		want, err := a.Invoke(context.Background(), in)
		require.NoError(t, err)
		pairs = append(pairs, pair{in, want})
	}
	require.Greater(t, len(pairs), 2)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				p := pairs[(g+i)%len(pairs)]
				rec := httptest.NewRecorder()
				r := httptest.NewRequest(http.MethodPost, "/alexa", bytes.NewReader(p.in))
				r.Header.Set("Content-Type", "application/json")
				a.ServeHTTP(rec, r)
				if !assert.Equal(t, string(p.want), rec.Body.String()) {
					return
				}
				assert.Equal(t, strconv.Itoa(len(p.want)), rec.Header().Get("Content-Length"))
			}
		})
	}
	wg.Wait()
}

func TestConversationFailuresGetASafeReply(t *testing.T) {
	body, err := os.ReadFile("testdata/intent-er-match.json")
	require.NoError(t, err)
	tests := []struct {
		name string
		h    skill.HandlerFunc
	}{
		{"error", func(context.Context, *skill.Request) (*skill.Response, error) {
			return nil, errors.New("content store exploded")
		}},
		{"invalid", func(context.Context, *skill.Request) (*skill.Response, error) {
			return nil, skill.Errorf(skill.Invalid, "cannot make sense of it")
		}},
		{"nil response", func(context.Context, *skill.Request) (*skill.Response, error) { return nil, nil }},
		{"panic", func(context.Context, *skill.Request) (*skill.Response, error) { panic("boom") }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			a := newAdapter(tc.h, slog.New(slog.NewJSONHandler(&logs, nil)))
			out, err := a.Invoke(context.Background(), body)
			require.NoError(t, err)
			checkResponse(t, out)
			var env alexa.ResponseEnvelope
			require.NoError(t, json.Unmarshal(out, &env))
			assert.Contains(t, env.Response.OutputSpeech.SSML, "Sorry")
			assert.NotContains(t, env.Response.OutputSpeech.SSML, "exploded", "errors are never spoken")
			require.NotNil(t, env.Response.ShouldEndSession)
			assert.True(t, *env.Response.ShouldEndSession)
			assert.NotEmpty(t, logs.String(), "the operator's log gets the detail")
		})
	}
}

func TestLocales(t *testing.T) {
	body, err := os.ReadFile("testdata/launch.json")
	require.NoError(t, err)
	a := newAdapter(echo(), nil)
	for _, tc := range []struct {
		locale string
		served bool
	}{{"en-GB", true}, {"en-US", true}, {"en-AU", true}, {"en-CA", true}, {"en-IN", true}, {"EN-gb", true},
		{"de-DE", false}, {"fr-FR", false}, {"es-US", false}, {"en-XX", false}} {
		t.Run(tc.locale, func(t *testing.T) {
			in := bytes.Replace(body, []byte(`"locale": "en-GB"`), []byte(`"locale": "`+tc.locale+`"`), 1)
			out, err := a.Invoke(context.Background(), in)
			require.NoError(t, err)
			checkResponse(t, out)
			var env alexa.ResponseEnvelope
			require.NoError(t, json.Unmarshal(out, &env))
			if tc.served {
				assert.Contains(t, env.Response.OutputSpeech.SSML, "Welcome")
			} else {
				assert.Contains(t, env.Response.OutputSpeech.SSML, "only available in English")
				assert.True(t, *env.Response.ShouldEndSession)
			}
		})
	}
}

// TestLogsHoldNoPersonalData runs every envelope with logging at debug and checks
// that no user, session or device id, token or slot value reaches the log.
func TestLogsHoldNoPersonalData(t *testing.T) {
	names, err := filepath.Glob("testdata/*.json")
	require.NoError(t, err)
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	failing := skill.HandlerFunc(func(context.Context, *skill.Request) (*skill.Response, error) {
		return nil, errors.New("failed")
	})
	for _, h := range []skill.Handler{echo(), failing} {
		a := newAdapter(h, log)
		for _, name := range names {
			if strings.HasSuffix(name, ".golden.json") {
				continue
			}
			body, err := os.ReadFile(name)
			require.NoError(t, err)
			_, _ = a.Invoke(context.Background(), body)
			_, _ = a.Invoke(context.Background(), bytes.ReplaceAll(body, []byte(testSkillID), []byte("amzn1.ask.skill.other")))
		}
	}
	require.NotEmpty(t, logs.String())
	for _, secret := range []string{"SECRET", "amzn1.ask.account", "amzn1.ask.device", "amzn1.echo-api.session", "latching", "the weather", "mortgages"} {
		assert.NotContains(t, logs.String(), secret)
	}
}

// TestLogsCarryOnlyKnownValues sends requests whose fields carry made-up
// text (FORGED) where Alexa sends a value from a known set: the log records
// "other" instead, and known values as they are. A forged request cannot
// write its own text into the logs.
func TestLogsCarryOnlyKnownValues(t *testing.T) {
	// envelope builds a request with the given request object.
	envelope := func(request string) []byte {
		return []byte(`{"version":"1.0","session":{"new":false,"sessionId":"s","application":{"applicationId":"` + testSkillID + `"},"user":{"userId":"u"}},` +
			`"context":{"System":{"application":{"applicationId":"` + testSkillID + `"},"user":{"userId":"u"},"device":{"deviceId":"d","supportedInterfaces":{}}}},` +
			`"request":` + request + `}`)
	}
	failing := skill.HandlerFunc(func(context.Context, *skill.Request) (*skill.Response, error) {
		return nil, errors.New("failed")
	})
	tests := []struct {
		name    string
		h       skill.Handler
		request string
		want    []string // fragments the log must hold
	}{
		{"unknown locale", echo(), `{"type":"LaunchRequest","locale":"xx-FORGED"}`, []string{`"locale":"other"`}},
		{"a real locale the skill does not serve", echo(), `{"type":"LaunchRequest","locale":"fr-FR"}`, []string{`"locale":"fr-FR"`}},
		{"unknown request type", echo(), `{"type":"FORGED.Request","locale":"en-GB"}`, []string{`"type":"other"`}},
		{"a real request type the skill does not handle", echo(), `{"type":"AudioPlayer.PlaybackStarted","locale":"en-GB"}`, []string{`"type":"AudioPlayer.PlaybackStarted"`}},
		{"session end with forged reason and error", echo(),
			`{"type":"SessionEndedRequest","locale":"en-GB","reason":"FORGED","error":{"type":"FORGED_TYPE","message":"FORGED message"}}`,
			[]string{`"reason":"other"`, `"errorType":"other"`}},
		{"session end with real values", echo(),
			`{"type":"SessionEndedRequest","locale":"en-GB","reason":"ERROR","error":{"type":"INVALID_RESPONSE","message":"FORGED message"}}`,
			[]string{`"reason":"ERROR"`, `"errorType":"INVALID_RESPONSE"`}},
		{"exception with forged message and cause", echo(),
			`{"type":"System.ExceptionEncountered","locale":"en-GB","error":{"type":"FORGED","message":"FORGED message"},"cause":{"requestId":"FORGED-id"}}`,
			[]string{`"type":"System.ExceptionEncountered"`, `"errorType":"other"`}},
		{"unknown intent that fails", failing, `{"type":"IntentRequest","locale":"en-GB","intent":{"name":"FORGEDIntent"}}`, []string{`"intent":"other"`}},
		{"known intent that fails", failing, `{"type":"IntentRequest","locale":"en-GB","intent":{"name":"AMAZON.HelpIntent"}}`, []string{`"intent":"HelpIntent"`}},
		{"another skill, forged type", echo(), `{"type":"FORGED.Type","locale":"en-GB"}`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			a := alexa.Handler(tc.h, alexa.Config{SkillID: testSkillID, Catalog: catalog{}, KnownIntents: skill.KnownValues(skill.HelpIntent, "LatchIntent"),
				Logger: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
			body := envelope(tc.request)
			if strings.HasPrefix(tc.name, "another skill") {
				body = bytes.ReplaceAll(body, []byte(testSkillID), []byte("amzn1.ask.skill.other"))
			}
			_, _ = a.Invoke(context.Background(), body)
			require.NotEmpty(t, logs.String())
			assert.NotContains(t, logs.String(), "FORGED")
			for _, w := range tc.want {
				assert.Contains(t, logs.String(), w)
			}
		})
	}
}
