package wiring_test

import (
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/web/wiring"
)

func TestTopics(t *testing.T) {
	a, err := app.New(app.Config{})
	require.NoError(t, err)
	topics := wiring.Topics(a.Store)
	latch, _ := a.Store.Topic("latch")
	assert.Equal(t, "latch", topics[latch.Title])
	for title, id := range topics {
		assert.NotEqual(t, content.UrgentHelpID, id, "urgent help is never a suggestion's button (%s)", title)
	}
	_, err = wiring.New(a, wiring.Options{Key: []byte("a-web-session-key-for-tests-0123456789")})
	assert.ErrorContains(t, err, "offline NLU", "the chat reads words, so it needs the NLU")
}

func TestFromEnv(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want wiring.Env
		err  string
	}{
		{"defaults", map[string]string{"WEB_SESSION_KEY": "k"}, wiring.Env{ApprovedOnly: true, Key: []byte("k")}, ""},
		{"all set", map[string]string{"WEB_SESSION_KEY": "k", "APPROVED_ONLY": "false", "WEB_BEHIND_PROXY": "true", "SKILL_NATION": " wales ", "LOG_LEVEL": "warn"},
			wiring.Env{Nation: "wales", Key: []byte("k"), BehindProxy: true, Level: slog.LevelWarn}, ""},
		{"no key", map[string]string{}, wiring.Env{ApprovedOnly: true, Key: []byte{}}, "WEB_SESSION_KEY is not set"},
		{"a typo never serves drafts", map[string]string{"WEB_SESSION_KEY": "k", "APPROVED_ONLY": "flase"}, wiring.Env{ApprovedOnly: true, Key: []byte("k")}, "APPROVED_ONLY"},
		{"bad level", map[string]string{"WEB_SESSION_KEY": "k", "LOG_LEVEL": "loud"}, wiring.Env{ApprovedOnly: true, Key: []byte("k")}, "LOG_LEVEL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := wiring.FromEnv(func(k string) string { return tc.env[k] })
			if tc.err == "" {
				require.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, tc.err)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}
