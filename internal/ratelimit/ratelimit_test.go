package ratelimit_test

import (
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/feedingfriend/skill/internal/ratelimit"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestBurstThenRate(t *testing.T) {
	c := &fakeClock{time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)}
	l := ratelimit.New(ratelimit.Config{PerMinute: 60, Burst: 3, Now: c.now})
	for i := range 3 {
		ok, _ := l.Allow("192.0.2.1")
		assert.True(t, ok, "request %d of the burst", i+1)
	}
	ok, wait := l.Allow("192.0.2.1")
	assert.False(t, ok, "the burst is spent")
	assert.InDelta(t, time.Second, wait, float64(10*time.Millisecond), "one a second refills")
	ok, _ = l.Allow("192.0.2.2")
	assert.True(t, ok, "another address has its own bucket")
	c.t = c.t.Add(time.Second)
	ok, _ = l.Allow("192.0.2.1")
	assert.True(t, ok, "a second later one more is allowed")
	ok, _ = l.Allow("192.0.2.1")
	assert.False(t, ok)
}

func TestIPv6CountsByPrefix(t *testing.T) {
	l := ratelimit.New(ratelimit.Config{PerMinute: 1, Burst: 1})
	ok, _ := l.Allow("2001:db8:1:2::1")
	assert.True(t, ok)
	ok, _ = l.Allow("2001:db8:1:2::ffff")
	assert.False(t, ok, "the same /64 is one client")
	ok, _ = l.Allow("2001:db8:1:3::1")
	assert.True(t, ok)
}

func TestMemoryIsBounded(t *testing.T) {
	c := &fakeClock{time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)}
	l := ratelimit.New(ratelimit.Config{PerMinute: 1, Burst: 1, MaxAddresses: 100, Now: c.now})
	ok, _ := l.Allow("198.51.100.1")
	assert.True(t, ok)
	ok, _ = l.Allow("198.51.100.1")
	assert.False(t, ok)
	for i := range 1000 {
		l.Allow(fmt.Sprintf("203.0.113.%d:%d", i%256, i))
		assert.LessOrEqual(t, l.Len(), 100)
	}
	assert.Equal(t, 100, l.Len())
	ok, _ = l.Allow("198.51.100.1")
	assert.True(t, ok, "the least recently seen address was forgotten")
}

func TestClientIP(t *testing.T) {
	tests := []struct {
		name   string
		remote string
		xff    []string
		proxy  bool
		want   string
	}{
		{"direct", "192.0.2.7:5555", nil, false, "192.0.2.7"},
		{"direct ignores the header", "192.0.2.7:5555", []string{"198.51.100.9"}, false, "192.0.2.7"},
		{"behind a proxy: the address it appended", "10.0.0.1:80", []string{"6.6.6.6, 198.51.100.9"}, true, "198.51.100.9"},
		{"behind a proxy: the last header", "10.0.0.1:80", []string{"6.6.6.6", "198.51.100.9"}, true, "198.51.100.9"},
		{"behind a proxy without the header", "10.0.0.1:80", nil, true, "10.0.0.1"},
		{"behind a proxy, junk", "10.0.0.1:80", []string{"not-an-ip"}, true, "10.0.0.1"},
		{"no port", "192.0.2.7", nil, false, "192.0.2.7"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.remote
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			assert.Equal(t, tc.want, ratelimit.ClientIP(r, tc.proxy))
		})
	}
}
