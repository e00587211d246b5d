package wiring

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
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
