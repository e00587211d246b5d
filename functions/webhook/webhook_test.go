package webhook

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/feedingfriend/skill/functions/webhook/internal/wiring"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTargets drives both registered targets as the Functions Framework would,
// configured from the environment like a deployed function.
func TestTargets(t *testing.T) {
	t.Setenv("WEBHOOK_SECRET", "a-long-enough-shared-secret")
	t.Setenv("WEBHOOK_SECRET_HEADER", "X-Feeding-Friend-Key")
	t.Setenv("LOG_LEVEL", "error")
	// The shipped answers are drafts, and approved-only serving with nothing
	// approved does not start (wiring's TestNewRefusesWithNothingApproved).
	t.Setenv("APPROVED_ONLY", "false")
	require.NoError(t, Ready())
	pick := map[string]func(*wiring.Handlers) http.Handler{
		ESTarget: func(h *wiring.Handlers) http.Handler { return h.ES },
		CXTarget: func(h *wiring.Handlers) http.Handler { return h.CX },
	}
	for _, tc := range []struct {
		target, file, key string
		want              int
	}{
		{ESTarget, "../../internal/dialogflow/testdata/es_welcome.json", "a-long-enough-shared-secret", 200},
		{CXTarget, "../../internal/dialogflow/testdata/cx_welcome.json", "a-long-enough-shared-secret", 200},
		{ESTarget, "../../internal/dialogflow/testdata/es_welcome.json", "wrong-key-wrong-key", 401},
	} {
		t.Run(tc.target+" "+tc.key, func(t *testing.T) {
			body, err := os.ReadFile(tc.file)
			require.NoError(t, err)
			r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("X-Feeding-Friend-Key", tc.key)
			rr := httptest.NewRecorder()
			serve(pick[tc.target])(rr, r)
			assert.Equal(t, tc.want, rr.Code, rr.Body.String())
			if tc.want == 200 {
				assert.Contains(t, rr.Body.String(), "Welcome")
			}
		})
	}
}

// TestDependencies: the Google entry links the Functions Framework and the
// Dialogflow adapter, but neither the AWS runtime nor the Alexa adapter.
func TestDependencies(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", ".", "./cmd/webhook").CombinedOutput()
	require.NoError(t, err, "%s", out)
	deps := strings.Fields(string(out))
	assert.Contains(t, deps, "github.com/GoogleCloudPlatform/functions-framework-go/functions")
	assert.Contains(t, deps, "github.com/feedingfriend/skill/internal/dialogflow")
	for _, d := range deps {
		for _, f := range []string{"github.com/aws/aws-lambda-go", "github.com/feedingfriend/skill/internal/alexa"} {
			assert.False(t, strings.HasPrefix(d, f), "the Google webhook must not link %s", d)
		}
	}
}
