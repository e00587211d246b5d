package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestBadInput sends every kind of bad request to a running `skill serve` and
// checks each gets the right status or a safe spoken reply, never a 5xx, and
// that nothing personal reaches the log.
func TestBadInput(t *testing.T) {
	dev, devLogs := startServer(t, serveOptions{dev: true, skillID: testSkill, secret: testSecret})
	prod, prodLogs := startServer(t, serveOptions{skillID: testSkill, secret: testSecret, webKey: testSecret})
	long := strings.Repeat("SECRETSLOT ", 1000) // a 10,000-character slot value
	withSlot := func(value string) string {
		return strings.Replace(alexaEnvelope("TopicIntent", testSkill), `"confirmationStatus":"NONE"}`,
			`"confirmationStatus":"NONE","slots":{"topic":{"name":"topic","value":"`+value+`"}}}`, 1)
	}
	json := map[string]string{"Content-Type": "application/json"}
	secret := map[string]string{"Content-Type": "application/json", "X-Webhook-Secret": testSecret}
	tests := []struct {
		name, url, body string
		header          map[string]string
		want            int
		contains        string
	}{
		{"alexa: malformed JSON", dev + "/alexa", `{"version":"1.0",`, json, 400, ""},
		{"alexa: wrong content type", dev + "/alexa", alexaEnvelope("LatchIntent", testSkill), map[string]string{"Content-Type": "text/plain"}, 415, ""},
		{"alexa: oversized body", dev + "/alexa", `{"pad":"` + strings.Repeat("x", 300<<10) + `"}`, json, 413, ""},
		{"alexa: missing fields", dev + "/alexa", `{}`, json, 400, ""},
		{"alexa: unknown request type", dev + "/alexa", strings.Replace(alexaEnvelope("LatchIntent", testSkill), `"IntentRequest"`, `"Alexa.Teapot.Brew"`, 1), json, 200, "<speak>"},
		{"alexa: wrong skill id", dev + "/alexa", alexaEnvelope("LatchIntent", "amzn1.ask.skill.not-ours"), json, 403, ""},
		{"alexa: 10,000-character slot value", dev + "/alexa", withSlot(long), json, 200, "<speak>"},
		{"alexa: non-UTF-8 bytes in a slot", dev + "/alexa", withSlot("latch\xff\xfe"), json, 200, "<speak>"},
		{"alexa: unsigned request to a verified endpoint", prod + "/alexa", alexaEnvelope("LatchIntent", testSkill), json, 400, ""},
		{"alexa: certificate not from Amazon", prod + "/alexa", alexaEnvelope("LatchIntent", testSkill),
			map[string]string{"Content-Type": "application/json", "SignatureCertChainUrl": "https://evil.example/echo.api/cert.pem", "Signature-256": "AAAA"}, 400, ""},
		{"es: malformed JSON", dev + "/dialogflow/es", `{"queryResult":`, secret, 400, ""},
		{"es: wrong content type", dev + "/dialogflow/es", esRequest, map[string]string{"Content-Type": "text/plain", "X-Webhook-Secret": testSecret}, 415, ""},
		{"es: oversized body", dev + "/dialogflow/es", `{"pad":"` + strings.Repeat("x", 300<<10) + `"}`, secret, 413, ""},
		{"es: wrong webhook secret", prod + "/dialogflow/es", esRequest, map[string]string{"Content-Type": "application/json", "X-Webhook-Secret": "not-the-secret-not-the-secret-no"}, 401, ""},
		{"es: no webhook secret", prod + "/dialogflow/es", esRequest, json, 401, ""},
		{"es: missing fields", dev + "/dialogflow/es", `{}`, secret, 400, "session"},
		{"es: 10,000-character utterance", dev + "/dialogflow/es", strings.Replace(esRequest, "SECRET UTTERANCE", long, 1), secret, 200, "fulfillmentText"},
		{"es: non-UTF-8 bytes", dev + "/dialogflow/es", strings.Replace(esRequest, "SECRET UTTERANCE", "\xff\xfe", 1), secret, 400, ""},
		{"cx: malformed JSON", dev + "/dialogflow/cx", `[`, secret, 400, ""},
		{"web: malformed JSON", prod + "/chat/api", `{"text":`, json, 400, "malformed"},
		{"web: wrong content type", prod + "/chat/api", `{"text":"latch"}`, map[string]string{"Content-Type": "text/plain"}, 415, "application/json"},
		{"web: oversized body", prod + "/chat/api", `{"text":"` + strings.Repeat("x", 300<<10) + `"}`, json, 413, ""},
		{"web: a 10,000-character question", prod + "/chat/api", `{"text":"` + long + `"}`, json, 413, "too large"},
		{"web: a 600-character question", prod + "/chat/api", `{"text":"` + long[:600] + `"}`, json, 400, "too long"},
		{"web: a forged state", prod + "/chat/api", `{"action":"more","state":"v1.eyJzIjp7fX0.SECRETSECRETSECRETSECRETSECRETSECRETSECRETS"}`, json, 400, "not signed"},
		{"web: an intent, not words", prod + "/chat/api", `{"intent":"UrgentHelpIntent"}`, json, 400, "malformed"},
		{"web: non-UTF-8 bytes", prod + "/chat/api", "{\"text\":\"SECRET \xff\xfe\"}", json, 200, "999"},
		{"unknown path", dev + "/nope", `{}`, json, 404, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, body := post(t, tc.url, tc.body, tc.header)
			assert.Equal(t, tc.want, code, body)
			assert.Less(t, code, 500, "never a 5xx")
			assert.NotContains(t, body, "goroutine", "never a stack")
			if tc.contains != "" {
				assert.Contains(t, body, tc.contains)
			}
		})
	}
	for _, logs := range []string{devLogs.String(), prodLogs.String()} {
		for _, secret := range []string{"SECRET", "Amelia", "amzn1.ask.account", "amzn1.ask.device", testSecret} {
			assert.NotContains(t, logs, secret)
		}
	}
}
