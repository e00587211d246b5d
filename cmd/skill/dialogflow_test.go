package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInvokeDialogflow(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		stdin    string
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{"ES file", []string{"invoke", "--platform", "dialogflow-es", "../../internal/dialogflow/testdata/es_latch.json"}, "", 0, `"fulfillmentText"`, ""},
		{"CX stdin", []string{"invoke", "--platform", "dialogflow-cx", "-"}, `{"fulfillmentInfo":{"tag":"HelpIntent"},"text":"help"}`, 0, `"fulfillmentResponse"`, ""},
		{"malformed", []string{"invoke", "--platform", "dialogflow-es"}, `{"queryResult":`, 1, "", "400 Bad Request"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), &env{strings.NewReader(tc.stdin), &out, &errb}, tc.args)
			assert.Equal(t, tc.wantCode, code, errb.String())
			assert.Contains(t, out.String(), tc.wantOut)
			assert.Contains(t, errb.String(), tc.wantErr)
			if code == 0 {
				assert.True(t, json.Valid(out.Bytes()), "the raw response is JSON")
			}
		})
	}
}

func TestBuildDialogflowAgent(t *testing.T) {
	m, err := loadModel("")
	require.NoError(t, err)
	sk, err := loadConfig("")
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, buildDialogflowAgent(m, sk, dir))
	got, err := os.ReadFile(filepath.Join(dir, "dialogflow", "agent.zip"))
	require.NoError(t, err)
	want, err := m.DialogflowAgent(sk.Name)
	require.NoError(t, err)
	assert.Equal(t, want, got)
}
