package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/feedingfriend/skill/functions/webhook/internal/wiring"
	"github.com/feedingfriend/skill/internal/functionurl"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	once sync.Once
	mux  func(context.Context, events.LambdaFunctionURLRequest) (events.LambdaFunctionURLResponse, error)
)

// handler wires the function as main does, from a test environment.
func handler(t *testing.T) func(context.Context, events.LambdaFunctionURLRequest) (events.LambdaFunctionURLResponse, error) {
	t.Helper()
	once.Do(func() {
		// APPROVED_ONLY=false: the shipped answers are drafts, and approved-only
		// serving with nothing approved does not start.
		env := map[string]string{"WEBHOOK_USERNAME": "dialogflow", "WEBHOOK_PASSWORD": "correct-horse-battery-staple", "LOG_LEVEL": "error", "APPROVED_ONLY": "false"}
		cfg, err := wiring.FromEnv(func(k string) string { return env[k] })
		require.NoError(t, err)
		h, err := wiring.New(cfg, cfg.Logger(os.Stderr))
		require.NoError(t, err)
		mux = functionurl.Handler(h.Mux())
	})
	return mux
}

func event(t *testing.T, file string) events.LambdaFunctionURLRequest {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	var ev events.LambdaFunctionURLRequest
	require.NoError(t, json.Unmarshal(b, &ev))
	return ev
}

// TestFunctionURL sends captured-shape Function URL events (base64 and plain
// bodies) through the function's handler.
func TestFunctionURL(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		edit     func(*events.LambdaFunctionURLRequest)
		status   int
		contains string
	}{
		{"ES at /es, base64 body", "testdata/function_url_es.json", nil, 200, `"fulfillmentText"`},
		{"CX at /cx, plain body", "testdata/function_url_cx.json", nil, 200, `"fulfillmentResponse"`},
		{"ES body at /cx reads as a CX fallback", "testdata/function_url_es.json", func(e *events.LambdaFunctionURLRequest) { e.RawPath = "/cx" }, 200, `"fulfillmentResponse"`},
		{"unknown path", "testdata/function_url_es.json", func(e *events.LambdaFunctionURLRequest) { e.RawPath = "/admin" }, 404, "not found"},
		{"wrong password", "testdata/function_url_cx.json", func(e *events.LambdaFunctionURLRequest) {
			e.Headers["authorization"] = "Basic ZGlhbG9nZmxvdzp3cm9uZw=="
		}, 401, "unauthorized"},
		{"GET", "testdata/function_url_es.json", func(e *events.LambdaFunctionURLRequest) { e.RequestContext.HTTP.Method = "GET" }, 405, "method not allowed"},
		{"bad base64", "testdata/function_url_es.json", func(e *events.LambdaFunctionURLRequest) { e.Body = "%%%" }, 400, "malformed"},
	}
	h := handler(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ev := event(t, tc.file)
			if tc.edit != nil {
				tc.edit(&ev)
			}
			resp, err := h(context.Background(), ev)
			require.NoError(t, err)
			assert.Equal(t, tc.status, resp.StatusCode, resp.Body)
			assert.Contains(t, resp.Body, tc.contains)
			assert.Contains(t, resp.Headers["Content-Type"], "application/json")
		})
	}
}

// TestDependencies: the Lambda links the Dialogflow adapter and the Lambda
// runtime, but neither Google's Functions Framework nor the Alexa adapter.
func TestDependencies(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	deps := strings.Fields(string(out))
	assert.Contains(t, deps, "github.com/feedingfriend/skill/internal/dialogflow")
	assert.Contains(t, deps, "github.com/aws/aws-lambda-go/lambda")
	for _, d := range deps {
		for _, f := range []string{"github.com/GoogleCloudPlatform/functions-framework-go", "github.com/cloudevents/", "github.com/feedingfriend/skill/internal/alexa"} {
			assert.False(t, strings.HasPrefix(d, f), "the webhook Lambda must not link %s", d)
		}
	}
}
