package webstate_test

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/feedingfriend/skill/internal/webstate"
)

var key = []byte("a-test-secret-of-at-least-32-characters!")

func clock(t time.Time) func() time.Time { return func() time.Time { return t } }

func TestRoundTrip(t *testing.T) {
	now := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	s, err := webstate.New(key, time.Hour, clock(now))
	require.NoError(t, err)
	tok, err := s.Sign(map[string]any{"topic": "latch", "part": 1, "ageDays": 42})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(tok, "v1."), tok)
	got, err := s.Open(tok)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"topic": "latch", "part": float64(1), "ageDays": float64(42)}, got)

	peek, err := webstate.Peek(tok)
	require.NoError(t, err)
	assert.Equal(t, got, peek, "Peek reads what Open does, without the key")

	empty, err := s.Sign(nil)
	require.NoError(t, err)
	assert.Empty(t, empty, "no state, no token")
	st, err := s.Open("")
	require.NoError(t, err)
	assert.Nil(t, st)
}

// forge re-encodes a token's payload with one change, keeping its signature:
// what a client that wanted another age would do.
func forge(t *testing.T, tok, from, to string) string {
	t.Helper()
	parts := strings.Split(tok, ".")
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	changed := strings.Replace(string(raw), from, to, 1)
	require.NotEqual(t, string(raw), changed)
	parts[1] = base64.RawURLEncoding.EncodeToString([]byte(changed))
	return strings.Join(parts, ".")
}

func TestRefused(t *testing.T) {
	now := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	s, err := webstate.New(key, time.Hour, clock(now))
	require.NoError(t, err)
	tok, err := s.Sign(map[string]any{"ageDays": 3, "fallbacks": 1})
	require.NoError(t, err)
	other, err := webstate.New([]byte("another-secret-of-at-least-32-characters"), time.Hour, clock(now))
	require.NoError(t, err)
	otherTok, err := other.Sign(map[string]any{"ageDays": 3})
	require.NoError(t, err)
	later, err := webstate.New(key, time.Hour, clock(now.Add(time.Hour+time.Second)))
	require.NoError(t, err)

	tests := []struct {
		name   string
		signer *webstate.Signer
		token  string
		want   error
	}{
		{"a changed age", s, forge(t, tok, `"ageDays":3`, `"ageDays":300`), webstate.ErrSignature},
		{"a later expiry", s, forge(t, tok, `"exp":1`, `"exp":9`), webstate.ErrSignature},
		{"another server's key", s, otherTok, webstate.ErrSignature},
		{"expired", later, tok, webstate.ErrExpired},
		{"no signature", s, strings.Join(strings.Split(tok, ".")[:2], "."), webstate.ErrMalformed},
		{"short signature", s, tok[:len(tok)-4], webstate.ErrMalformed},
		{"another version", s, "v2" + tok[2:], webstate.ErrMalformed},
		{"not base64", s, "v1.%%%." + strings.Split(tok, ".")[2], webstate.ErrSignature},
		{"too long", s, tok + strings.Repeat("A", webstate.MaxToken), webstate.ErrMalformed},
		{"junk", s, "hello", webstate.ErrMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, err := tc.signer.Open(tc.token)
			assert.ErrorIs(t, err, tc.want)
			assert.Nil(t, st, "a refused token gives no state")
		})
	}
}

func TestNewRefusesAShortKey(t *testing.T) {
	_, err := webstate.New([]byte("short"), 0, nil)
	assert.ErrorContains(t, err, "at least 32")
}

func TestSignRefusesTooMuchState(t *testing.T) {
	s, err := webstate.New(key, 0, nil)
	require.NoError(t, err)
	big := map[string]any{}
	for i := range webstate.MaxKeys + 1 {
		big[strings.Repeat("k", i+1)] = i
	}
	_, err = s.Sign(big)
	assert.Error(t, err)
	_, err = s.Sign(map[string]any{"topic": strings.Repeat("x", webstate.MaxToken)})
	assert.Error(t, err, "a token longer than MaxToken is never issued")
}
