package functionurl

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// Handler serves a Lambda Function URL in its default BUFFERED invoke mode
// with an http.Handler: the event becomes an *http.Request and the recorded
// response becomes the function's result. (lambdaurl.Wrap needs RESPONSE_STREAM
// mode, which the SAM template does not use.) An event that names no method
// is taken as a POST, the method of the webhooks.
func Handler(h http.Handler) func(context.Context, events.LambdaFunctionURLRequest) (events.LambdaFunctionURLResponse, error) {
	return func(ctx context.Context, ev events.LambdaFunctionURLRequest) (events.LambdaFunctionURLResponse, error) {
		body := []byte(ev.Body)
		if ev.IsBase64Encoded {
			b, err := base64.StdEncoding.DecodeString(ev.Body)
			if err != nil {
				return jsonError(http.StatusBadRequest, "malformed request"), nil
			}
			body = b
		}
		path := ev.RawPath
		if path == "" {
			path = "/"
		}
		url := "https://" + ev.RequestContext.DomainName + path
		if ev.RawQueryString != "" {
			url += "?" + ev.RawQueryString
		}
		method := ev.RequestContext.HTTP.Method
		if method == "" {
			method = http.MethodPost
		}
		req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
		if err != nil {
			return jsonError(http.StatusBadRequest, "malformed request"), nil
		}
		for k, v := range ev.Headers {
			req.Header.Set(k, v)
		}
		req.ContentLength = int64(len(body))
		req.RemoteAddr = ev.RequestContext.HTTP.SourceIP

		rr := httptest.NewRecorder()
		h.ServeHTTP(rr, req)
		out := events.LambdaFunctionURLResponse{StatusCode: rr.Code, Body: rr.Body.String(), Headers: map[string]string{}}
		for k, v := range rr.Header() {
			out.Headers[k] = strings.Join(v, ", ")
		}
		return out, nil
	}
}

func jsonError(status int, msg string) events.LambdaFunctionURLResponse {
	return events.LambdaFunctionURLResponse{StatusCode: status, Body: `{"error":"` + msg + `"}`,
		Headers: map[string]string{"Content-Type": "application/json; charset=utf-8"}}
}
