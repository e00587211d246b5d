package wiring

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/feedingfriend/skill/internal/dialogflow"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    Config
		wantErr string
	}{
		{"defaults", nil, Config{ApprovedOnly: true}, ""},
		{"basic auth", map[string]string{"WEBHOOK_USERNAME": "df", "WEBHOOK_PASSWORD": "p"},
			Config{ApprovedOnly: true, Webhook: dialogflow.Config{Username: "df", Password: "p"}}, ""},
		{"secret and header", map[string]string{"WEBHOOK_SECRET": "s", "WEBHOOK_SECRET_HEADER": "X-Key"},
			Config{ApprovedOnly: true, Webhook: dialogflow.Config{Secret: "s", Header: "X-Key"}}, ""},
		{"drafts allowed", map[string]string{"APPROVED_ONLY": "false", "SKILL_NATION": "wales", "LOG_LEVEL": "debug"},
			Config{Nation: "wales", Level: slog.LevelDebug}, ""},
		{"insecure dev", map[string]string{"WEBHOOK_INSECURE": "true"}, Config{ApprovedOnly: true, Webhook: dialogflow.Config{Insecure: true}}, ""},
		{"typo keeps approved only", map[string]string{"APPROVED_ONLY": "nope"}, Config{ApprovedOnly: true}, "APPROVED_ONLY"},
		{"bad level", map[string]string{"LOG_LEVEL": "loud"}, Config{ApprovedOnly: true}, "LOG_LEVEL"},
		{"bad insecure", map[string]string{"WEBHOOK_INSECURE": "yes please"}, Config{ApprovedOnly: true}, "WEBHOOK_INSECURE"},
		{"password from Secrets Manager", map[string]string{"WEBHOOK_USERNAME": "df", "WEBHOOK_PASSWORD_SECRET_ARN": "arn:aws:secretsmanager:eu-west-1:1:secret:x"},
			Config{ApprovedOnly: true, Webhook: dialogflow.Config{Username: "df"}, PasswordSecretARN: "arn:aws:secretsmanager:eu-west-1:1:secret:x"}, ""},
		{"Cloud Run IAM on Cloud Run", map[string]string{"WEBHOOK_AUTH": "cloud-run-iam", "K_SERVICE": "feeding-friend-webhook"},
			Config{ApprovedOnly: true, CloudRunIAM: true}, ""},
		{"Cloud Run IAM elsewhere", map[string]string{"WEBHOOK_AUTH": "cloud-run-iam"}, Config{ApprovedOnly: true}, "not a Cloud Run service"},
		{"unknown auth", map[string]string{"WEBHOOK_AUTH": "oauth", "K_SERVICE": "x"}, Config{ApprovedOnly: true}, "the only value is cloud-run-iam"},
		{"password and its secret", map[string]string{"WEBHOOK_USERNAME": "df", "WEBHOOK_PASSWORD": "p", "WEBHOOK_PASSWORD_SECRET_ARN": "arn:x"},
			Config{ApprovedOnly: true, Webhook: dialogflow.Config{Username: "df", Password: "p"}, PasswordSecretARN: "arn:x"}, "not both"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := FromEnv(func(k string) string { return tc.env[k] })
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestNewRefusesWithoutCredentials(t *testing.T) {
	_, err := New(Config{ApprovedOnly: true}, slog.New(slog.DiscardHandler))
	require.Error(t, err)
	assert.ErrorIs(t, err, dialogflow.ErrNoCredentials)
	assert.Contains(t, err.Error(), "WEBHOOK_SECRET")
}

func TestDocsNameTheAuthValue(t *testing.T) {
	b, err := os.ReadFile("../../../../docs/deploy-google.md")
	require.NoError(t, err)
	assert.Contains(t, string(b), "WEBHOOK_AUTH="+CloudRunIAMAuth)
}

func TestCloudRunIAMServesWithoutOwnCredentials(t *testing.T) {
	h, err := New(Config{ApprovedOnly: false, CloudRunIAM: true}, slog.New(slog.DiscardHandler))
	require.NoError(t, err, "Cloud Run's IAM check stands in for the webhook's credentials")
	require.NotNil(t, h.CX)
}

func TestNewRefusesAnUnreadSecretARN(t *testing.T) {
	// Cloud Run's entry does not read Secrets Manager: the ARN must not be
	// silently ignored, leaving basic auth without a password.
	_, err := New(Config{ApprovedOnly: true, PasswordSecretARN: "arn:x", Webhook: dialogflow.Config{Username: "df"}}, slog.New(slog.DiscardHandler))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Lambda function only")
}

// TestNewRefusesWithNothingApproved: deployed as shipped (approved-only, every
// answer a draft), the webhook does not start, and says why.
func TestNewRefusesWithNothingApproved(t *testing.T) {
	_, err := New(Config{ApprovedOnly: true, Webhook: dialogflow.Config{Secret: "a-long-enough-shared-secret"}}, slog.New(slog.DiscardHandler))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "none of the 47 answers is approved")
}

func TestMux(t *testing.T) {
	// The shipped answers are drafts: served here with approved-only off.
	h, err := New(Config{Webhook: dialogflow.Config{Insecure: true}}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	for _, tc := range []struct {
		path string
		want int
	}{{"/es", http.StatusBadRequest}, {"/cx", http.StatusOK}, {"/", http.StatusNotFound}, {"/es/extra", http.StatusNotFound}} {
		r := httptest.NewRequest("POST", tc.path, strings.NewReader(`{}`))
		r.Header.Set("Content-Type", "application/json")
		rr := httptest.NewRecorder()
		h.Mux().ServeHTTP(rr, r)
		assert.Equal(t, tc.want, rr.Code, tc.path) // an empty ES request has no session; an empty CX one is a fallback
	}
}
