package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/content/contenttest"
	"github.com/feedingfriend/skill/internal/server"
	"github.com/feedingfriend/skill/internal/telemetry/telemetrytest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testSkill  = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"
	testSecret = "a-long-shared-secret-for-tests-0123456789"
)

func alexaEnvelope(intent, skillID string) string {
	return `{"version":"1.0",
 "session":{"new":true,"sessionId":"amzn1.echo-api.session.SECRET-SESSION-7f3a","application":{"applicationId":"` + skillID + `"},
   "attributes":{},"user":{"userId":"amzn1.ask.account.SECRET-USER-9c2b","accessToken":"SECRET-TOKEN-51ab"}},
 "context":{"System":{"application":{"applicationId":"` + skillID + `"},"user":{"userId":"amzn1.ask.account.SECRET-USER-9c2b"},
   "device":{"deviceId":"amzn1.ask.device.SECRET-DEVICE-44d1","supportedInterfaces":{}},"apiEndpoint":"https://api.eu.amazonalexa.com"}},
 "request":{"type":"IntentRequest","requestId":"amzn1.echo-api.request.SECRET-REQUEST-1","timestamp":"` + time.Now().UTC().Format(time.RFC3339) + `",
   "locale":"en-GB","intent":{"name":"` + intent + `","confirmationStatus":"NONE"}}}`
}

const esRequest = `{"responseId":"SECRET-RESPONSE-ID","session":"projects/p/agent/sessions/SECRET-DF-SESSION-88",
 "queryResult":{"queryText":"SECRET UTTERANCE how do I get a good latch for my baby Amelia","languageCode":"en",
   "parameters":{},"intent":{"name":"projects/p/agent/intents/x","displayName":"LatchIntent"},"intentDetectionConfidence":0.9},
 "originalDetectIntentRequest":{"source":"DIALOGFLOW_CONSOLE","payload":{"userId":"SECRET-DF-USER"}}}`

func startServer(t *testing.T, o serveOptions) (string, *telemetrytest.Buffer) {
	t.Helper()
	// Approved-only, as deployed, over a copy of the answers with one approved
	// (latch stays a draft, so its requests are blocked).
	dir := t.TempDir()
	require.NoError(t, contenttest.ApprovedCopy(dir, time.Now(), "mastitis"))
	a, err := app.New(app.Config{NLU: true, ApprovedOnly: true, Content: os.DirFS(dir)})
	require.NoError(t, err)
	logs := &telemetrytest.Buffer{}
	log := slog.New(slog.NewJSONHandler(logs, nil))
	o.addr = "127.0.0.1:0"
	cfg, err := serveConfig(a, o, log)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- server.Serve(ctx, cfg, func(addr string) { addrc <- addr }) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
	})
	return "http://" + <-addrc, logs
}

func post(t *testing.T, url, body string, header map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServeOnLoopback(t *testing.T) {
	base, logs := startServer(t, serveOptions{dev: true, skillID: testSkill, secret: testSecret})

	code, body := post(t, base+"/alexa", alexaEnvelope("LatchIntent", testSkill), nil)
	require.Equal(t, 200, code, body)
	var env struct {
		Response struct {
			OutputSpeech     struct{ SSML string }
			ShouldEndSession *bool
		}
	}
	require.NoError(t, json.Unmarshal([]byte(body), &env))
	assert.Contains(t, env.Response.OutputSpeech.SSML, "<speak>")
	require.NotNil(t, env.Response.ShouldEndSession)

	code, _ = post(t, base+"/alexa", alexaEnvelope("LatchIntent", "amzn1.ask.skill.someone-else"), nil)
	assert.Contains(t, []int{400, 403}, code, "a request for another skill is refused")

	code, body = post(t, base+"/dialogflow/es", esRequest, map[string]string{"X-Webhook-Secret": testSecret})
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, "fulfillmentText")

	code, _ = post(t, base+"/dialogflow/es", esRequest, map[string]string{"X-Webhook-Secret": "wrong-secret-wrong-secret-wrong"})
	assert.Equal(t, 401, code)

	resp, err := http.Get(base + "/healthz")
	require.NoError(t, err)
	var h server.Health
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&h))
	resp.Body.Close()
	assert.Equal(t, "ok", h.Status)
	assert.NotEmpty(t, h.ContentVersion)
	assert.Equal(t, "england", h.Nation)
	assert.True(t, h.ApprovedOnly)

	resp, err = http.Get(base + "/metrics")
	require.NoError(t, err)
	m, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(m), `feedingfriend_requests_total{outcome="unapproved-blocked",platform="alexa",topic="none"}`)

	// Nothing that identifies a person, nor what they said, reaches the log.
	out := logs.String()
	assert.Contains(t, out, `"platform":"alexa"`)
	assert.Contains(t, out, `"platform":"dialogflow-es"`)
	for _, secret := range []string{"SECRET", "Amelia", "amzn1.ask.account", "amzn1.ask.device", "dfMessenger", testSecret} {
		assert.NotContains(t, out, secret)
	}
}

func TestServeRefusesToStartWithoutCredentials(t *testing.T) {
	a, err := app.New(app.Config{NLU: true})
	require.NoError(t, err)
	_, err = serveConfig(a, serveOptions{skillID: testSkill}, slog.New(slog.DiscardHandler))
	assert.ErrorContains(t, err, "WEBHOOK")
	_, err = serveConfig(a, serveOptions{secret: testSecret}, slog.New(slog.DiscardHandler))
	assert.ErrorContains(t, err, "SKILL_ID")
}

// TestServeDevRefusesNonLoopback: `serve --dev --addr 0.0.0.0:0` (no
// signature checks, a webhook without credentials) does not start without
// --public.
func TestServeDevRefusesNonLoopback(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "--dev", "--addr", "0.0.0.0:0"},
		{"serve", "--dev", "--addr", ":0"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			// Before the rule it served until the context ended.
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			var out, errb strings.Builder
			code := run(ctx, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}, args)
			errs := errb.String()
			assert.Equal(t, 1, code, "stdout %q", out.String())
			assert.Contains(t, errs, "--public")
		})
	}
}

// TestServeRefusesFirstWithOneMessage: serve without credentials says, in one
// line and before logging anything, what is missing and how to fix it.
func TestServeRefusesFirstWithOneMessage(t *testing.T) {
	tests := []struct {
		name                  string
		skillID, secret, user string
		want                  []string
	}{
		{"no SKILL_ID", "", testSecret, "", []string{"SKILL_ID is not set", "set SKILL_ID to your skill's id", "--dev"}},
		{"no webhook credentials", testSkill, "", "", []string{"WEBHOOK_SECRET", "WEBHOOK_USERNAME and WEBHOOK_PASSWORD", "--dev"}},
		{"short webhook secret", testSkill, "short", "", []string{"at least", "WEBHOOK_SECRET"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("SKILL_ID", tc.skillID)
			t.Setenv("WEBHOOK_SECRET", tc.secret)
			t.Setenv("WEBHOOK_SECRET_HEADER", "")
			t.Setenv("WEBHOOK_USERNAME", tc.user)
			t.Setenv("WEBHOOK_PASSWORD", "")
			code, out, errs := skillRunStdin(t, "", "serve", "--addr", "127.0.0.1:0")
			assert.Equal(t, 1, code)
			assert.Empty(t, out)
			assert.Equal(t, 1, strings.Count(errs, "\n"), "one line: %q", errs)
			assert.NotContains(t, errs, "requests for any skill are accepted")
			assert.NotContains(t, errs, "Insecure", "no Go field names")
			for _, w := range tc.want {
				assert.Contains(t, errs, w)
			}
		})
	}
}

// TestServeWebChat: `skill serve` shows the chat at /chat, with its API and
// assets, counts it in the metrics and logs no words.
func TestServeWebChat(t *testing.T) {
	base, logs := startServer(t, serveOptions{dev: true, skillID: testSkill, secret: testSecret})

	resp, err := http.Get(base + "/chat")
	require.NoError(t, err)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
	assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "default-src 'self'")
	assert.Contains(t, string(page), `id="conversation"`)

	code, body := post(t, base+"/chat/api", `{"text":"SECRET words about my baby Amelia and her latch"}`, nil)
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, `"intent":"LatchIntent"`)
	assert.Contains(t, body, `"outcome":"unapproved-blocked"`, "serve is approved-only by default, on the chat too")
	code, body = post(t, base+"/chat/api", `{"text":"latch","state":"v1.forged.state"}`, nil)
	assert.Equal(t, 400, code, body)

	resp, err = http.Get(base + "/healthz")
	require.NoError(t, err)
	var h server.Health
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&h))
	resp.Body.Close()
	assert.Contains(t, h.Platforms, "web")

	resp, err = http.Get(base + "/metrics")
	require.NoError(t, err)
	m, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(m), `platform="web"`)

	out := logs.String()
	assert.Contains(t, out, `"platform":"web"`)
	for _, secret := range []string{"SECRET", "Amelia", "127.0.0.1:", "v1."} {
		assert.NotContains(t, out, secret)
	}
}

func TestServeWebNeedsAKey(t *testing.T) {
	a, err := app.New(app.Config{NLU: true})
	require.NoError(t, err)
	log := slog.New(slog.DiscardHandler)
	_, err = serveConfig(a, serveOptions{skillID: testSkill, secret: testSecret}, log)
	assert.ErrorContains(t, err, "WEB_SESSION_KEY is not set")
	assert.ErrorContains(t, err, "--channels alexa,dialogflow")
	_, err = serveConfig(a, serveOptions{skillID: testSkill, secret: testSecret, webKey: "short"}, log)
	assert.ErrorContains(t, err, "at least 32")
	cfg, err := serveConfig(a, serveOptions{skillID: testSkill, secret: testSecret, channels: []string{"alexa", "dialogflow"}}, log)
	require.NoError(t, err)
	assert.NotContains(t, cfg.Routes, "GET /chat")
	cfg, err = serveConfig(a, serveOptions{webKey: testSecret, channels: []string{"web"}}, log)
	require.NoError(t, err, "the chat alone needs no skill id or webhook credentials")
	assert.Contains(t, cfg.Routes, "GET /chat")
	assert.NotContains(t, cfg.Routes, "POST /alexa")
	assert.Equal(t, []string{"web"}, cfg.Health.Platforms)
}

func TestParseChannels(t *testing.T) {
	got, err := parseChannels("web, alexa")
	require.NoError(t, err)
	assert.Equal(t, []string{"web", "alexa"}, got)
	_, err = parseChannels("telegram")
	assert.ErrorContains(t, err, "unknown channel")
	_, err = parseChannels(" , ")
	assert.Error(t, err)
}

// TestServeRefusesUnreadyContent: `skill serve` (approved-only by default)
// does not start on the shipped drafts, nor on approvals that do not verify,
// and says why with the file and line.
func TestServeRefusesUnreadyContent(t *testing.T) {
	code, out, errs := skillRunStdin(t, "", "serve", "--dev", "--addr", "127.0.0.1:0")
	assert.Equal(t, 1, code, out)
	assert.Contains(t, errs, "none of the 47 answers is approved")
	assert.Contains(t, errs, "--approved-only=false")

	dir := t.TempDir()
	require.NoError(t, contenttest.ApprovedCopy(dir, time.Now(), "latch"))
	snap := filepath.Join(dir, "approved", "latch.json")
	b, err := os.ReadFile(snap)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(snap, []byte(strings.Replace(string(b), "close", "near", 1)), 0o644))
	code, out, errs = skillRunStdin(t, "", "serve", "--dev", "--addr", "127.0.0.1:0", "--content", dir)
	assert.Equal(t, 1, code, out)
	assert.Contains(t, errs, "approved/latch.json: does not match the hash signed in audit.jsonl entry 5")
}

// TestServeWritesEveryRequestLineByShutdown: skill serve buffers the request
// telemetry lines (telemetry.BufferedWriter), and a graceful shutdown writes
// every one of them, none with the request's identifiers.
func TestServeWritesEveryRequestLineByShutdown(t *testing.T) {
	t.Setenv("SKILL_ID", testSkill)
	every := requestLogEvery
	requestLogEvery = time.Hour // only the flush at shutdown can write them
	defer func() { requestLogEvery = every }()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb telemetrytest.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb},
			[]string{"serve", "--dev", "--channels", "alexa", "--approved-only=false", "--addr", "127.0.0.1:0"})
	}()
	var base string
	require.Eventually(t, func() bool {
		_, rest, ok := strings.Cut(out.String(), "listening on ")
		base, _, _ = strings.Cut(rest, " ")
		return ok && strings.HasPrefix(base, "http://")
	}, 30*time.Second, 10*time.Millisecond, "the server did not start: %s", errb.String())
	const n = 25
	for range n {
		code, body := post(t, base+"/alexa", alexaEnvelope("LatchIntent", testSkill), nil)
		require.Equal(t, 200, code, body)
	}
	cancel()
	select {
	case code := <-done:
		assert.Equal(t, 0, code, errb.String())
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not stop")
	}
	logs := errb.String()
	assert.Equal(t, n, strings.Count(logs, `"msg":"request"`), "one line for each request, all written by the time serve returns")
	assert.NotContains(t, logs, "SECRET")
}
