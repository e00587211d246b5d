package dialogflow

import (
	"bytes"
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPasswordFunc: the basic-auth password can come from a secret store at
// request time; a rotated password is taken at once, and a store that cannot
// be read refuses with 503 rather than letting anyone in.
func TestPasswordFunc(t *testing.T) {
	stored, storeErr := testPass, error(nil)
	h, err := NewES(echo, Config{Username: testUser, PasswordFunc: func(context.Context) (string, error) { return stored, storeErr }})
	require.NoError(t, err)
	body, err := os.ReadFile("testdata/es_latch.json")
	require.NoError(t, err)
	post := func(pass string) int {
		r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.SetBasicAuth(testUser, pass)
		rr := httptest.NewRecorder()
		h.ServeHTTP(rr, r)
		return rr.Code
	}
	assert.Equal(t, 200, post(testPass))
	assert.Equal(t, 401, post("wrong-password-wrong-password"))

	stored = "a-rotated-password-from-the-store"
	assert.Equal(t, 401, post(testPass), "the old password stops working after rotation")
	assert.Equal(t, 200, post(stored))

	storeErr = errors.New("AccessDeniedException")
	assert.Equal(t, 503, post(stored))

	stored, storeErr = "short", nil
	assert.Equal(t, 503, post("short"), "a stored password too short to be safe is refused")
}

func TestPasswordFuncConfig(t *testing.T) {
	f := func(context.Context) (string, error) { return testPass, nil }
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"function and username", Config{Username: testUser, PasswordFunc: f}, ""},
		{"function without username", Config{PasswordFunc: f}, "both a username and a password"},
		{"function and password", Config{Username: testUser, Password: testPass, PasswordFunc: f}, "not both"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewCX(echo, tc.cfg)
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
