package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:feeding-friend/webhook-AbCdEf"

// TestReadSecretSpeaksSecretsManager runs the real SDK client against a local
// stand-in for Secrets Manager: the request is a signed GetSecretValue for the
// ARN with the function's credentials and region, and the secret string comes
// back. Nothing leaves the machine.
func TestReadSecretSpeaksSecretsManager(t *testing.T) {
	var got struct {
		target, auth string
		body         map[string]any
	}
	status, reply := 200, `{"ARN":"`+testARN+`","Name":"feeding-friend/webhook","SecretString":"a-password-from-the-store"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.target, got.auth = r.Header.Get("X-Amz-Target"), r.Header.Get("Authorization")
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &got.body)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, reply)
	}))
	defer srv.Close()
	env := map[string]string{"AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token"}
	client := secretsManager(func(k string) string { return env[k] }, func(o *secretsmanager.Options) {
		o.BaseEndpoint = aws.String(srv.URL)
		o.RetryMaxAttempts = 1
	})
	read := readSecret(client, testARN)

	v, err := read(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "a-password-from-the-store", v)
	assert.Equal(t, "secretsmanager.GetSecretValue", got.target)
	assert.Equal(t, testARN, got.body["SecretId"])
	assert.Contains(t, got.auth, "Credential=AKIDEXAMPLE/", "signed with the execution role's credentials")
	assert.Contains(t, got.auth, "/eu-west-1/secretsmanager/aws4_request", "in the function's region")

	status, reply = 400, `{"__type":"AccessDeniedException","message":"not allowed"}`
	_, err = read(t.Context())
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "AccessDenied"), err.Error())

	status, reply = 200, `{"ARN":"`+testARN+`","SecretBinary":"AAEC"}`
	_, err = read(t.Context())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no SecretString")
}
