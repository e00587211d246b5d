package dialogflow

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/feedingfriend/skill/internal/skill"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testUser   = "dialogflow"
	testPass   = "correct-horse-battery-staple"
	testSecret = "s3cr3t-shared-with-dialogflow"
)

// echo is a conversation that says one thing, for tests of the HTTP edge.
var echo = skill.HandlerFunc(func(ctx context.Context, req *skill.Request) (*skill.Response, error) {
	return &skill.Response{Speech: skill.Say("Hello."), Session: map[string]any{"last": "welcome"}, Outcome: skill.OutcomeWelcome}, nil
})

func TestConfig(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{"no credentials refuses to start", Config{}, "no webhook credentials"},
		{"insecure dev mode starts", Config{Insecure: true}, ""},
		{"basic auth", Config{Username: testUser, Password: testPass}, ""},
		{"shared secret", Config{Secret: testSecret}, ""},
		{"secret in a named header", Config{Header: "Authorization", Secret: testSecret}, ""},
		{"username without password", Config{Username: testUser}, "both a username and a password"},
		{"password without username", Config{Password: testPass}, "both a username and a password"},
		{"short password", Config{Username: testUser, Password: "hunter2"}, "at least 16"},
		{"short secret", Config{Secret: "abc"}, "at least 16"},
		{"header without secret", Config{Header: "X-Key", Insecure: true}, "without a secret"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, build := range []func(skill.Handler, Config) (http.Handler, error){NewES, NewCX} {
				h, err := build(echo, tc.cfg)
				if tc.wantErr == "" {
					require.NoError(t, err)
					require.NotNil(t, h)
					continue
				}
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
			}
		})
	}
	_, err := NewES(echo, Config{})
	assert.ErrorIs(t, err, ErrNoCredentials)
}

// TestRejections sends bad requests through httptest: each is refused cleanly,
// with a short JSON reason and no internals.
func TestRejections(t *testing.T) {
	es, err := os.ReadFile("testdata/es_latch.json")
	require.NoError(t, err)
	cx, err := os.ReadFile("testdata/cx_latch.json")
	require.NoError(t, err)
	big := append([]byte(`{"session":"projects/p/agent/sessions/s","queryResult":{"queryText":"`), bytes.Repeat([]byte("a"), DefaultMaxBody)...)
	big = append(big, `"}}`...)

	basic := func(u, p string) func(*http.Request) { return func(r *http.Request) { r.SetBasicAuth(u, p) } }
	secret := func(s string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set(DefaultSecretHeader, s) }
	}
	tests := []struct {
		name        string
		flavour     string
		method      string
		contentType string
		body        []byte
		auth        func(*http.Request)
		wantStatus  int
		wantHeader  [2]string
		wantReason  string
	}{
		{"valid basic auth", "es", "POST", "application/json", es, basic(testUser, testPass), 200, [2]string{}, ""},
		{"valid shared secret", "cx", "POST", "application/json; charset=utf-8", cx, secret(testSecret), 200, [2]string{}, ""},
		{"wrong secret", "es", "POST", "application/json", es, secret(testSecret + "x"), 401, [2]string{"WWW-Authenticate", `Basic realm="feeding-friend", charset="UTF-8"`}, "unauthorized"},
		{"wrong password", "cx", "POST", "application/json", cx, basic(testUser, "nope-nope-nope-nope"), 401, [2]string{"WWW-Authenticate", `Basic realm="feeding-friend", charset="UTF-8"`}, "unauthorized"},
		{"no credentials", "es", "POST", "application/json", es, nil, 401, [2]string{"WWW-Authenticate", `Basic realm="feeding-friend", charset="UTF-8"`}, "unauthorized"},
		{"GET", "es", "GET", "", nil, basic(testUser, testPass), 405, [2]string{"Allow", "POST"}, "method not allowed"},
		{"PUT", "cx", "PUT", "application/json", cx, basic(testUser, testPass), 405, [2]string{"Allow", "POST"}, "method not allowed"},
		{"form content type", "es", "POST", "application/x-www-form-urlencoded", es, basic(testUser, testPass), 415, [2]string{}, "content type must be application/json"},
		{"no content type", "cx", "POST", "", cx, basic(testUser, testPass), 415, [2]string{}, "content type must be application/json"},
		{"body too large", "es", "POST", "application/json", big, basic(testUser, testPass), 413, [2]string{}, "request body too large"},
		{"malformed JSON", "es", "POST", "application/json", []byte(`{"session": "projects/p/agent/sessions/s", "queryResult": {`), basic(testUser, testPass), 400, [2]string{}, "not a Dialogflow ES WebhookRequest"},
		{"not JSON at all", "cx", "POST", "application/json", []byte("<xml/>"), basic(testUser, testPass), 400, [2]string{}, "not a Dialogflow CX WebhookRequest"},
		{"wrong field type", "es", "POST", "application/json", []byte(`{"session": 42}`), basic(testUser, testPass), 400, [2]string{}, "not a Dialogflow ES WebhookRequest"},
		{"ES without session", "es", "POST", "application/json", []byte(`{"queryResult": {"queryText": "hi"}}`), basic(testUser, testPass), 400, [2]string{}, "missing or malformed session"},
		{"ES without queryResult", "es", "POST", "application/json", []byte(`{"session": "projects/p/agent/sessions/s"}`), basic(testUser, testPass), 400, [2]string{}, "missing queryResult"},
	}
	var logs bytes.Buffer
	cfg := Config{Username: testUser, Password: testPass, Secret: testSecret, Logger: slog.New(slog.NewJSONHandler(&logs, nil))}
	esH, err := NewES(testApp(t).Handler, cfg)
	require.NoError(t, err)
	cxH, err := NewCX(testApp(t).Handler, cfg)
	require.NoError(t, err)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := esH
			if tc.flavour == "cx" {
				h = cxH
			}
			r := httptest.NewRequest(tc.method, "/", bytes.NewReader(tc.body))
			if tc.contentType != "" {
				r.Header.Set("Content-Type", tc.contentType)
			}
			if tc.auth != nil {
				tc.auth(r)
			}
			rr := httptest.NewRecorder()
			h.ServeHTTP(rr, r)
			require.Equal(t, tc.wantStatus, rr.Code, rr.Body.String())
			if tc.wantHeader[0] != "" {
				assert.Equal(t, tc.wantHeader[1], rr.Header().Get(tc.wantHeader[0]))
			}
			if tc.wantStatus == 200 {
				return
			}
			var got map[string]string
			require.NoError(t, json.Unmarshal(rr.Body.Bytes(), &got), "errors are JSON: %s", rr.Body.String())
			assert.Equal(t, map[string]string{"error": tc.wantReason}, got)
			assert.Less(t, rr.Body.Len(), 100, "errors are short")
		})
	}
	for _, secret := range []string{"dfMessenger-8842917", "how do I get a good latch", testPass, testSecret, "goroutine"} {
		assert.NotContains(t, logs.String(), secret, "logs must not hold session ids, words, credentials or stacks")
	}
}

func TestSecretHeaderChallenge(t *testing.T) {
	h, err := NewCX(echo, Config{Header: "X-Api-Key", Secret: testSecret})
	require.NoError(t, err)
	body, err := os.ReadFile("testdata/cx_latch.json")
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		key  string
		want int
	}{{"right key", testSecret, 200}, {"default header ignored", "", 401}, {"prefix of the key", testSecret[:10], 401}} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			if tc.key != "" {
				r.Header.Set("X-Api-Key", tc.key)
			} else {
				r.Header.Set(DefaultSecretHeader, testSecret)
			}
			rr := httptest.NewRecorder()
			h.ServeHTTP(rr, r)
			assert.Equal(t, tc.want, rr.Code)
			if tc.want == 401 {
				assert.Equal(t, `Secret realm="feeding-friend"`, rr.Header().Get("WWW-Authenticate"))
			}
		})
	}
}

func TestDeadlineAndFailures(t *testing.T) {
	body, err := os.ReadFile("testdata/es_latch.json")
	require.NoError(t, err)
	tests := []struct {
		name       string
		h          skill.Handler
		wantStatus int
		wantReason string
	}{
		{"slow conversation", skill.HandlerFunc(func(ctx context.Context, _ *skill.Request) (*skill.Response, error) {
			time.Sleep(200 * time.Millisecond)
			return &skill.Response{}, nil
		}), 503, "timed out"},
		{"panicking conversation", skill.HandlerFunc(func(context.Context, *skill.Request) (*skill.Response, error) {
			panic("boom: secret internals")
		}), 500, "internal error"},
		{"failing conversation", skill.HandlerFunc(func(context.Context, *skill.Request) (*skill.Response, error) {
			return nil, skill.Errorf(skill.Internal, "database on fire")
		}), 500, "internal error"},
		{"invalid request kind", skill.HandlerFunc(func(context.Context, *skill.Request) (*skill.Response, error) {
			return nil, skill.Errorf(skill.Invalid, "no such thing")
		}), 400, "unsupported request"},
		{"huge reply", skill.HandlerFunc(func(context.Context, *skill.Request) (*skill.Response, error) {
			return &skill.Response{Speech: skill.Say(strings.Repeat("word ", 20000))}, nil
		}), 500, "internal error"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			h, err := NewES(tc.h, Config{Insecure: true, Timeout: 50 * time.Millisecond, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			require.NoError(t, err)
			r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			rr := httptest.NewRecorder()
			h.ServeHTTP(rr, r)
			assert.Equal(t, tc.wantStatus, rr.Code)
			assert.JSONEq(t, `{"error":"`+tc.wantReason+`"}`, rr.Body.String())
			assert.NotContains(t, rr.Body.String(), "boom")
			assert.NotContains(t, rr.Body.String(), "fire")
		})
	}
}

// TestRichContentTrimmed drops the rich content, not the answer, when the reply
// would be over Dialogflow's 64 KiB limit.
func TestRichContentTrimmed(t *testing.T) {
	h, err := NewES(skill.HandlerFunc(func(context.Context, *skill.Request) (*skill.Response, error) {
		return &skill.Response{Speech: skill.Say("Short answer."), Card: &skill.Card{Title: "Big", Text: strings.Repeat("x", MaxResponse)}}, nil
	}), Config{Insecure: true})
	require.NoError(t, err)
	body, err := os.ReadFile("testdata/es_latch.json")
	require.NoError(t, err)
	r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	rr := httptest.NewRecorder()
	h.ServeHTTP(rr, r)
	require.Equal(t, 200, rr.Code)
	assert.LessOrEqual(t, rr.Body.Len(), MaxResponse)
	assert.Contains(t, rr.Body.String(), "Short answer.")
	assert.NotContains(t, rr.Body.String(), "richContent")
}

// TestEchoedContextsDropped sends an ES request under the body limit whose
// other active contexts, echoed back, would take the reply over Dialogflow's
// 64 KiB: the reply keeps the answer and the session context and drops the
// echo, instead of failing with 500.
func TestEchoedContextsDropped(t *testing.T) {
	var req map[string]any
	raw, err := os.ReadFile("testdata/es_latch.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &req))
	qr := req["queryResult"].(map[string]any)
	qr["outputContexts"] = append(qr["outputContexts"].([]any), map[string]any{
		"name":          "projects/feeding-friend-4821/agent/sessions/dfMessenger-8842917/contexts/someone-elses-context",
		"lifespanCount": 2,
		"parameters":    map[string]any{"blob": strings.Repeat("y", 58<<10)},
	})
	body, err := json.Marshal(req)
	require.NoError(t, err)
	require.Less(t, len(body), DefaultMaxBody, "the request itself is within the limit")

	tests := []struct {
		name     string
		speech   string
		keepEcho bool
	}{
		{"a short answer fits with the echo", "Short answer.", true},
		{"a longer answer does not", strings.Repeat("Latch words. ", 600), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			h, err := NewES(skill.HandlerFunc(func(context.Context, *skill.Request) (*skill.Response, error) {
				return &skill.Response{Speech: skill.Say(tc.speech), Card: &skill.Card{Title: "Latch", Text: "A card."}, Session: map[string]any{"last": "latch"}}, nil
			}), Config{Insecure: true, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			require.NoError(t, err)
			r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			rr := httptest.NewRecorder()
			h.ServeHTTP(rr, r)
			out := rr.Body.String()
			require.Equal(t, 200, rr.Code, "%.200s", out)
			assert.LessOrEqual(t, len(out), MaxResponse)
			assert.True(t, strings.Contains(out, "Short answer.") || strings.Contains(out, "Latch words."), "the answer is kept")
			assert.True(t, strings.Contains(out, "/contexts/"+SessionContext), "the session context is always returned")
			assert.Equal(t, tc.keepEcho, strings.Contains(out, "someone-elses-context"), "echoed contexts kept")
			assert.Equal(t, tc.keepEcho, strings.Contains(out, "__system_counters__"), "echoed contexts kept")
			assert.Equal(t, !tc.keepEcho, strings.Contains(logs.String(), "reason=trimmed"), "%s", logs.String())
		})
	}
}

// TestLogsCarryOnlyKnownIntents sends an ES intent display name and a CX tag
// that are not intents of the model: the webhook's log line says "other",
// never the request's text; a known intent is logged as it is.
func TestLogsCarryOnlyKnownIntents(t *testing.T) {
	es, err := os.ReadFile("testdata/es_latch.json")
	require.NoError(t, err)
	cx, err := os.ReadFile("testdata/cx_latch.json")
	require.NoError(t, err)
	forge := func(b []byte, from, to string) []byte { return bytes.Replace(b, []byte(from), []byte(to), 1) }
	tests := []struct {
		name  string
		build func(skill.Handler, Config) (http.Handler, error)
		body  []byte
		want  string
	}{
		{"ES, known intent", NewES, es, "intent=LatchIntent"},
		{"ES, forged display name", NewES, forge(es, `"displayName": "LatchIntent"`, `"displayName": "FORGED display name"`), "intent=other"},
		{"CX, known tag", NewCX, cx, "intent=LatchIntent"},
		{"CX, forged tag", NewCX, forge(cx, `"tag": "LatchIntent"`, `"tag": "FORGED tag"`), "intent=other"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			h, err := tc.build(echo, Config{Insecure: true, KnownIntents: skill.KnownValues("LatchIntent"),
				Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			require.NoError(t, err)
			r := httptest.NewRequest("POST", "/", bytes.NewReader(tc.body))
			r.Header.Set("Content-Type", "application/json")
			rr := httptest.NewRecorder()
			h.ServeHTTP(rr, r)
			require.Equal(t, 200, rr.Code)
			assert.NotContains(t, logs.String(), "FORGED")
			assert.Contains(t, logs.String(), tc.want)
		})
	}
}
