package functionurl_test

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/feedingfriend/skill/internal/functionurl"
)

func TestHandler(t *testing.T) {
	var got *http.Request
	var body string
	h := functionurl.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		b, _ := io.ReadAll(r.Body)
		body = string(b)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Add("X-Two", "a")
		w.Header().Add("X-Two", "b")
		w.WriteHeader(http.StatusTeapot)
		_, _ = w.Write([]byte("<p>hi</p>"))
	}))
	tests := []struct {
		name              string
		ev                events.LambdaFunctionURLRequest
		method, path, url string
		body              string
	}{
		{"a page with a query", events.LambdaFunctionURLRequest{RawPath: "/chat", RawQueryString: "embed=1",
			RequestContext: events.LambdaFunctionURLRequestContext{DomainName: "abc.lambda-url.eu-west-2.on.aws",
				HTTP: events.LambdaFunctionURLRequestContextHTTPDescription{Method: "GET", SourceIP: "192.0.2.9"}}},
			"GET", "/chat", "https://abc.lambda-url.eu-west-2.on.aws/chat?embed=1", ""},
		{"a base64 form", events.LambdaFunctionURLRequest{RawPath: "/chat", IsBase64Encoded: true, Body: base64.StdEncoding.EncodeToString([]byte("q=latch")),
			Headers:        map[string]string{"content-type": "application/x-www-form-urlencoded"},
			RequestContext: events.LambdaFunctionURLRequestContext{HTTP: events.LambdaFunctionURLRequestContextHTTPDescription{Method: "POST", SourceIP: "192.0.2.9"}}},
			"POST", "/chat", "", "q=latch"},
		{"no method is a POST", events.LambdaFunctionURLRequest{}, "POST", "/", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := h(context.Background(), tc.ev)
			require.NoError(t, err)
			assert.Equal(t, http.StatusTeapot, resp.StatusCode)
			assert.Equal(t, "<p>hi</p>", resp.Body)
			assert.Equal(t, "a, b", resp.Headers["X-Two"])
			assert.Equal(t, tc.method, got.Method)
			assert.Equal(t, tc.path, got.URL.Path)
			if tc.url != "" {
				assert.Equal(t, tc.url, got.URL.String())
			}
			assert.Equal(t, tc.body, body)
			assert.Equal(t, tc.ev.RequestContext.HTTP.SourceIP, got.RemoteAddr, "the rate limit counts the address AWS saw")
		})
	}
	resp, err := h(context.Background(), events.LambdaFunctionURLRequest{IsBase64Encoded: true, Body: "%%%"})
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
}
