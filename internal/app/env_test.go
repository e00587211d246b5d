package app

import (
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFromEnv(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want Env
		err  string
	}{
		{"defaults", nil, Env{ApprovedOnly: true}, ""},
		{"all set", map[string]string{"SKILL_NATION": " wales ", "APPROVED_ONLY": "false", "LOG_LEVEL": "debug"},
			Env{Nation: "wales", ApprovedOnly: false, Level: slog.LevelDebug}, ""},
		{"a typo never serves drafts", map[string]string{"APPROVED_ONLY": "flase"}, Env{ApprovedOnly: true}, "APPROVED_ONLY"},
		{"bad level", map[string]string{"LOG_LEVEL": "loud"}, Env{ApprovedOnly: true}, "LOG_LEVEL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := FromEnv(func(k string) string { return tc.env[k] })
			assert.Equal(t, tc.want, e)
			if tc.err == "" {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, tc.err)
			}
		})
	}
}
