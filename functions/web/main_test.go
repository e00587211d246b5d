package main

import (
	"context"
	"io"
	"log/slog"
	"os/exec"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/feedingfriend/skill/internal/functionurl"
	"github.com/feedingfriend/skill/internal/web/wiring"
)

// TestFunctionURL serves the chat through the function's handler, wired from
// a test environment as main wires it.
func TestFunctionURL(t *testing.T) {
	env, err := wiring.FromEnv(func(k string) string {
		// The shipped drafts: approved-only serving would refuse to start on them.
		return map[string]string{"WEB_SESSION_KEY": "a-web-session-key-for-the-lambda-test", "LOG_LEVEL": "error", "APPROVED_ONLY": "false"}[k]
	})
	require.NoError(t, err)
	h, err := wiring.Handler(env, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	require.NoError(t, err)
	fn := functionurl.Handler(h)
	ctx := events.LambdaFunctionURLRequestContext{DomainName: "abc.lambda-url.eu-west-2.on.aws",
		HTTP: events.LambdaFunctionURLRequestContextHTTPDescription{Method: "GET", SourceIP: "192.0.2.9"}}
	tests := []struct {
		name, method, path, ctype, body string
		status                          int
		contains                        string
	}{
		{"the page", "GET", "/chat", "", "", 200, `id="conversation"`},
		{"the root leads to the page", "GET", "/", "", "", 302, ""},
		{"the API", "POST", "/chat/api", "application/json", `{"text":"my baby has stopped breathing"}`, 200, `"tel:999"`},
		{"the form", "POST", "/chat", "application/x-www-form-urlencoded", "q=latch", 200, `You asked: </span>latch`},
		{"an asset", "GET", "/chat/assets/chat.js", "", "", 200, "use strict"},
		{"bad input", "POST", "/chat/api", "application/json", `{}`, 400, "safety_net"},
		{"nothing else", "GET", "/alexa", "", "", 404, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ev := events.LambdaFunctionURLRequest{RawPath: tc.path, Body: tc.body, Headers: map[string]string{}, RequestContext: ctx}
			ev.RequestContext.HTTP.Method = tc.method
			if tc.ctype != "" {
				ev.Headers["content-type"] = tc.ctype
			}
			resp, err := fn(context.Background(), ev)
			require.NoError(t, err)
			assert.Equal(t, tc.status, resp.StatusCode, resp.Body)
			assert.Contains(t, resp.Body, tc.contains)
			if tc.status != 404 && tc.status != 302 {
				assert.Contains(t, resp.Headers["Content-Security-Policy"], "default-src 'self'")
			}
		})
	}
}

func TestRefusesToStartWithoutAKey(t *testing.T) {
	_, err := wiring.FromEnv(func(string) string { return "" })
	assert.ErrorIs(t, err, wiring.ErrNoKey)
	_, err = wiring.FromEnv(func(k string) string {
		return map[string]string{"WEB_SESSION_KEY": "a-web-session-key-for-the-lambda-test", "APPROVED_ONLY": "yes please"}[k]
	})
	assert.ErrorContains(t, err, "APPROVED_ONLY")
}

// TestDependencies: the web Lambda links the chat and the Lambda runtime,
// not the Alexa or Dialogflow adapters or gRPC.
func TestDependencies(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	deps := strings.Fields(string(out))
	assert.Contains(t, deps, "github.com/feedingfriend/skill/internal/web")
	assert.Contains(t, deps, "github.com/aws/aws-lambda-go/lambda")
	for _, d := range deps {
		for _, f := range []string{"github.com/feedingfriend/skill/internal/alexa", "github.com/feedingfriend/skill/internal/dialogflow", "google.golang.org/grpc", "cloud.google.com/"} {
			assert.False(t, strings.HasPrefix(d, f), "the web Lambda must not link %s", d)
		}
	}
}
