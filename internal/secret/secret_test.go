package secret

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// store is a fake secret store: each read returns the next of values (or
// errs), and counts.
type store struct {
	values []string
	errs   []error
	reads  int
}

func (s *store) fetch(context.Context) (string, error) {
	i := s.reads
	s.reads++
	if i < len(s.errs) && s.errs[i] != nil {
		return "", s.errs[i]
	}
	return s.values[i], nil
}

func TestCached(t *testing.T) {
	down := errors.New("store down")
	type step struct {
		after     time.Duration // since the start
		want      string
		wantErr   bool
		wantReads int
	}
	tests := []struct {
		name  string
		store store
		steps []step
	}{
		{"read once, kept for the TTL, read again after it (rotation)",
			store{values: []string{"first-secret", "rotated-secret"}},
			[]step{{0, "first-secret", false, 1}, {4 * time.Minute, "first-secret", false, 1}, {6 * time.Minute, "rotated-secret", false, 2}}},
		{"an outage after a value serves the last value, and retries later",
			store{values: []string{"first-secret", "", "rotated-secret"}, errs: []error{nil, down, nil}},
			[]step{{0, "first-secret", false, 1}, {6 * time.Minute, "first-secret", false, 2},
				{6*time.Minute + 5*time.Second, "first-secret", false, 2}, {6*time.Minute + 11*time.Second, "rotated-secret", false, 3}}},
		{"no value ever: an error, and no store call on every request",
			store{values: []string{"", "", "late-secret"}, errs: []error{down, down, nil}},
			[]step{{0, "", true, 1}, {time.Second, "", true, 1}, {11 * time.Second, "", true, 2}, {22 * time.Second, "late-secret", false, 3}}},
		{"an empty secret is an error",
			store{values: []string{""}},
			[]step{{0, "", true, 1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			now := start
			st := tc.store
			c := &Cached{Fetch: st.fetch, Now: func() time.Time { return now }}
			for _, s := range tc.steps {
				now = start.Add(s.after)
				got, err := c.Get(t.Context())
				if s.wantErr {
					require.Error(t, err, "at %s", s.after)
				} else {
					require.NoError(t, err, "at %s", s.after)
				}
				assert.Equal(t, s.want, got, "at %s", s.after)
				assert.Equal(t, s.wantReads, st.reads, "reads at %s", s.after)
			}
		})
	}
}
