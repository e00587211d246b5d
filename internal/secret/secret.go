package secret

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// DefaultTTL is how long a value is used before it is read again.
const DefaultTTL = 5 * time.Minute

// retryAfter is how long a failed read waits before the next try, so that a
// store outage does not turn every request into a store call.
const retryAfter = 10 * time.Second

// Cached is a secret read by Fetch and kept for TTL. When a read fails after
// a value was had, the last value is served until a read succeeds (a store
// outage must not lock Dialogflow out); when no value was ever had, Get fails.
type Cached struct {
	Fetch func(ctx context.Context) (string, error)
	TTL   time.Duration    // DefaultTTL when zero
	Now   func() time.Time // time.Now when nil

	mu      sync.Mutex
	value   string
	have    bool
	next    time.Time // when to read again
	lastErr error
}

// ErrEmpty is returned when the store holds an empty secret.
var ErrEmpty = errors.New("secret: the stored secret is empty")

// Get returns the secret, reading it when it is older than the TTL.
func (c *Cached) Get(ctx context.Context) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if now.Before(c.next) {
		if c.have {
			return c.value, nil
		}
		return "", c.lastErr
	}
	v, err := c.Fetch(ctx)
	if err == nil && v == "" {
		err = ErrEmpty
	}
	if err != nil {
		c.lastErr = fmt.Errorf("secret: %w", err)
		c.next = now.Add(retryAfter)
		if c.have {
			return c.value, nil
		}
		return "", c.lastErr
	}
	ttl := c.TTL
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	c.value, c.have, c.lastErr, c.next = v, true, nil, now.Add(ttl)
	return v, nil
}

func (c *Cached) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}
