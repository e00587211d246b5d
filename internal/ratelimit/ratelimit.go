package ratelimit

import (
	"container/list"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"math"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Config sets a Limiter's rate and memory.
type Config struct {
	// PerMinute is the sustained rate allowed for one address.
	PerMinute int
	// Burst is how many requests one address may make at once.
	Burst int
	// MaxAddresses bounds the addresses remembered.
	MaxAddresses int
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Limiter is a token bucket per client address. It is safe for concurrent use.
type Limiter struct {
	cfg  Config
	rate float64 // tokens a second
	salt [32]byte

	mu      sync.Mutex
	buckets map[[16]byte]*list.Element
	order   *list.List // front: most recently seen
}

type bucket struct {
	key    [16]byte
	tokens float64
	last   time.Time
}

// New returns a Limiter. Zero fields take 30 a minute, a burst of 10 and
// 10,000 addresses.
func New(cfg Config) *Limiter {
	if cfg.PerMinute <= 0 {
		cfg.PerMinute = 30
	}
	if cfg.Burst <= 0 {
		cfg.Burst = 10
	}
	if cfg.MaxAddresses <= 0 {
		cfg.MaxAddresses = 10000
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	l := &Limiter{cfg: cfg, rate: float64(cfg.PerMinute) / 60, buckets: map[[16]byte]*list.Element{}, order: list.New()}
	_, _ = rand.Read(l.salt[:])
	return l
}

// Allow takes one request from addr's bucket. When the bucket is empty it
// returns false and how long until the next request is allowed.
func (l *Limiter) Allow(addr string) (bool, time.Duration) {
	k := l.key(addr)
	now := l.cfg.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	var b *bucket
	if e, ok := l.buckets[k]; ok {
		l.order.MoveToFront(e)
		b = e.Value.(*bucket)
		b.tokens = math.Min(float64(l.cfg.Burst), b.tokens+now.Sub(b.last).Seconds()*l.rate)
		b.last = now
	} else {
		if l.order.Len() >= l.cfg.MaxAddresses {
			old := l.order.Back()
			l.order.Remove(old)
			delete(l.buckets, old.Value.(*bucket).key)
		}
		b = &bucket{key: k, tokens: float64(l.cfg.Burst), last: now}
		l.buckets[k] = l.order.PushFront(b)
	}
	if b.tokens < 1 {
		wait := time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
		return false, wait
	}
	b.tokens--
	return true, 0
}

// Len is the number of addresses remembered.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.order.Len()
}

// key is a keyed hash of the address, so the limiter never holds one. An
// IPv6 address counts by its /64, which one household or device is given.
func (l *Limiter) key(addr string) [16]byte {
	if ip := net.ParseIP(addr); ip != nil && ip.To4() == nil {
		addr = ip.Mask(net.CIDRMask(64, 128)).String()
	}
	m := hmac.New(sha256.New, l.salt[:])
	m.Write([]byte(addr))
	var k [16]byte
	copy(k[:], m.Sum(nil))
	return k
}

// ClientIP is the address a request came from. Behind a reverse proxy
// (behindProxy) it is the last address in X-Forwarded-For, the one the proxy
// appended; those before it are what the client claimed and are not trusted.
// Otherwise proxy headers are ignored.
func ClientIP(r *http.Request, behindProxy bool) string {
	if behindProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			last := xff[len(xff)-1]
			last = strings.TrimSpace(last[strings.LastIndex(last, ",")+1:])
			if ip := net.ParseIP(last); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
