package studio

import (
	"context"
	"crypto/sha256"
	"runtime"
	"sync"
	"time"
)

// Sign-in throttling. Failures are counted for each (name, client address)
// pair and for each address, and each count earns a wait that doubles with
// every failure past its allowance, up to MaxDelay. There is no lock on a
// name as such: someone guessing a clinician's password from their own
// address makes themselves wait, never the clinician at hers. The address
// count stops one address trying many names; a pair that has signed in
// successfully within KnownFor is spared it, so staff who share one address
// (an office behind one NAT, or a proxy without --behind-proxy) are not all
// held up by one person there. An attempt is counted before its password is
// checked, so attempts made at the same moment cannot all get through.
const (
	// FreeFailures are the failures of a (name, address) pair before any wait.
	FreeFailures = 3
	// FreeFailuresPerAddress are the failures from one address, over every
	// name, before new names from it wait.
	FreeFailuresPerAddress = 20
	// BaseDelay is the first wait; each further failure doubles it.
	BaseDelay = time.Second
	// MaxDelay is the longest wait.
	MaxDelay = 15 * time.Minute
	// ForgetAfter is how long failures are remembered after the last one.
	ForgetAfter = 24 * time.Hour
	// KnownFor is how long a pair that signed in is spared the address count.
	KnownFor = 30 * 24 * time.Hour
	// maxTallies bounds each of the throttle's maps.
	maxTallies = 10000
)

// throttle counts sign-in failures. It holds everything in memory: a restart
// forgets it.
type throttle struct {
	mu    sync.Mutex
	pairs map[string]*tally
	addrs map[string]*tally
	known map[string]time.Time // pair -> last successful sign-in
	now   func() time.Time
}

// tally is the failures of one key and when the last was counted.
type tally struct {
	failures int
	last     time.Time
}

// until is when the next attempt may be made, with free failures allowed.
func (t *tally) until(free int) time.Time {
	if t.failures < free {
		return time.Time{}
	}
	d := MaxDelay
	if n := t.failures - free; n < 30 && BaseDelay<<n < MaxDelay {
		d = BaseDelay << n
	}
	return t.last.Add(d)
}

func newThrottle(now func() time.Time) *throttle {
	return &throttle{pairs: map[string]*tally{}, addrs: map[string]*tally{}, known: map[string]time.Time{}, now: now}
}

// attempt is a sign-in attempt that begin admitted. It is counted as a
// failure until succeeded or cancel takes it back.
type attempt struct{ pair, addr string }

// pairKey is the key of name from addr. The name is folded as the account
// match folds it (foldName) and hashed, so a long name costs no memory.
func pairKey(name, addr string) string {
	sum := sha256.Sum256([]byte(foldName(name)))
	return string(sum[:]) + addr
}

// begin admits an attempt to sign in as name from addr and counts it as a
// failure at once, or returns how long to wait before trying again.
func (t *throttle) begin(name, addr string) (attempt, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	a := attempt{pair: pairKey(name, addr), addr: addr}
	p, ad := t.tally(t.pairs, a.pair, FreeFailures, now), t.tally(t.addrs, a.addr, FreeFailuresPerAddress, now)
	until := p.until(FreeFailures)
	if seen, ok := t.known[a.pair]; !ok || now.Sub(seen) > KnownFor {
		if u := ad.until(FreeFailuresPerAddress); u.After(until) {
			until = u
		}
	}
	if wait := until.Sub(now); wait > 0 {
		return attempt{}, wait
	}
	p.failures, p.last = p.failures+1, now
	ad.failures, ad.last = ad.failures+1, now
	return a, 0
}

// succeeded records a right password: the pair's failures are forgotten, the
// attempt no longer counts against the address, and the pair is known.
func (t *throttle) succeeded(a attempt) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.pairs, a.pair)
	uncount(t.addrs, a.addr)
	if len(t.known) >= maxTallies {
		now := t.now()
		for k, seen := range t.known {
			if now.Sub(seen) > KnownFor || len(t.known) >= maxTallies {
				delete(t.known, k)
			}
		}
	}
	t.known[a.pair] = t.now()
}

// cancel takes back an attempt whose password was never checked.
func (t *throttle) cancel(a attempt) {
	t.mu.Lock()
	defer t.mu.Unlock()
	uncount(t.pairs, a.pair)
	uncount(t.addrs, a.addr)
}

func uncount(m map[string]*tally, k string) {
	if c, ok := m[k]; ok && c.failures > 0 {
		c.failures--
	}
}

// tally returns the tally of k in m (whose keys have free failures), new or
// forgotten when its last failure is older than ForgetAfter. The caller holds
// mu. When m is full, tallies that impose no wait now are dropped first.
func (t *throttle) tally(m map[string]*tally, k string, free int, now time.Time) *tally {
	c, ok := m[k]
	if ok && now.Sub(c.last) <= ForgetAfter {
		return c
	}
	if len(m) >= maxTallies {
		for key, o := range m {
			if now.Sub(o.last) > ForgetAfter || !o.until(free).After(now) {
				delete(m, key)
			}
		}
	}
	c = &tally{}
	m[k] = c
	return c
}

// gate bounds the password checks (bcrypt, which keeps a core busy for tens
// of milliseconds) running at once: slots run, a few more wait up to
// gateWait, and the rest are turned away at once rather than queued.
type gate struct {
	slots, queue chan struct{}
}

// gateWait is how long a password check waits for a slot.
const gateWait = time.Second

// newGate admits as many checks at once as the machine has cores, and as
// many again may wait.
func newGate() *gate {
	n := max(runtime.GOMAXPROCS(0), 1)
	return &gate{slots: make(chan struct{}, n), queue: make(chan struct{}, n)}
}

// enter takes a slot, waiting up to gateWait, and reports whether it did.
// Every enter that returns true must be followed by leave.
func (g *gate) enter(ctx context.Context) bool {
	select {
	case g.slots <- struct{}{}:
		return true
	default:
	}
	select {
	case g.queue <- struct{}{}:
		defer func() { <-g.queue }()
	default:
		return false
	}
	timer := time.NewTimer(gateWait)
	defer timer.Stop()
	select {
	case g.slots <- struct{}{}:
		return true
	case <-timer.C:
	case <-ctx.Done():
	}
	return false
}

func (g *gate) leave() { <-g.slots }
