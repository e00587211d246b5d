package studio

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"sync"
	"time"
)

// Session lifetimes: a session ends after IdleTimeout without a request, and
// after MaxAge in any case.
const (
	IdleTimeout = time.Hour
	MaxAge      = 12 * time.Hour
)

// Session is one browser's session, held on the server. A session before
// sign-in has no user but has a CSRF token, so the sign-in form is protected
// too.
type Session struct {
	ID      string
	User    *User // nil before sign-in
	CSRF    string
	Flash   string // a message for the next page ("Saved")
	created time.Time
	seen    time.Time
}

// maxSessions bounds the sessions held in memory.
const maxSessions = 10000

// sessions holds the live sessions in memory: a restart signs everyone out.
type sessions struct {
	mu  sync.Mutex
	m   map[string]*Session
	now func() time.Time
}

func newSessions(now func() time.Time) *sessions {
	return &sessions{m: map[string]*Session{}, now: now}
}

// randomToken returns 32 random bytes from crypto/rand, base64url encoded.
func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("studio: crypto/rand: " + err.Error()) // never returns an error on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// create starts a session for u (nil: signed out) with a fresh id and token.
func (s *sessions) create(u *User) *Session {
	now := s.now()
	ss := &Session{ID: randomToken(), User: u, CSRF: randomToken(), created: now, seen: now}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep(now)
	if len(s.m) >= maxSessions {
		// A flood of sign-in pages: forget the sessions nobody signed in to.
		for id, o := range s.m {
			if o.User == nil {
				delete(s.m, id)
			}
		}
	}
	s.m[ss.ID] = ss
	return ss
}

// get returns the live session with id, touching it.
func (s *sessions) get(id string) (*Session, bool) {
	if id == "" {
		return nil, false
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	ss, ok := s.m[id]
	if !ok {
		return nil, false
	}
	if s.expired(ss, now) {
		delete(s.m, id)
		return nil, false
	}
	ss.seen = now
	return ss, true
}

// takeFlash returns and clears the session's message.
func (s *sessions) takeFlash(ss *Session) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := ss.Flash
	ss.Flash = ""
	return f
}

// setFlash leaves a message for the session's next page.
func (s *sessions) setFlash(ss *Session, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss.Flash = msg
}

func (s *sessions) delete(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, id)
}

func (s *sessions) expired(ss *Session, now time.Time) bool {
	return now.Sub(ss.seen) > IdleTimeout || now.Sub(ss.created) > MaxAge
}

// sweep drops expired sessions; the caller holds mu.
func (s *sessions) sweep(now time.Time) {
	for id, ss := range s.m {
		if s.expired(ss, now) {
			delete(s.m, id)
		}
	}
}

// validCSRF compares a submitted token with the session's in constant time.
func validCSRF(ss *Session, token string) bool {
	if ss == nil || ss.CSRF == "" || token == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(ss.CSRF), []byte(token)) == 1
}

// cookieName is the session cookie's name. Over HTTPS it carries the __Host-
// prefix, which the browser accepts only with Secure, Path=/ and no Domain.
func cookieName(r *http.Request) string {
	if secure(r) {
		return "__Host-studio"
	}
	return "studio"
}

// setCookie sends the session cookie: HttpOnly, SameSite=Strict, Secure when
// served over HTTPS, no Max-Age (the server decides when it expires).
func setCookie(w http.ResponseWriter, r *http.Request, id string) {
	http.SetCookie(w, &http.Cookie{Name: cookieName(r), Value: id, Path: "/", HttpOnly: true,
		Secure: secure(r), SameSite: http.SameSiteStrictMode})
}

func clearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: cookieName(r), Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: secure(r), SameSite: http.SameSiteStrictMode})
}

// throttle limits failed sign-ins per name and per client address: while
// MaxFailures failures for a name (or MaxFailuresPerAddress from one address)
// lie within the last FailureWindow, further attempts are refused without
// checking the password.
type throttle struct {
	mu       sync.Mutex
	failures map[string][]time.Time
	now      func() time.Time
}

// Sign-in throttling limits.
const (
	MaxFailures           = 5
	MaxFailuresPerAddress = 20
	FailureWindow         = 15 * time.Minute
)

func newThrottle(now func() time.Time) *throttle {
	return &throttle{failures: map[string][]time.Time{}, now: now}
}

// blocked reports whether the name or the address has had too many recent
// failures.
func (t *throttle) blocked(name, addr string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	return len(t.recent(name, now)) >= MaxFailures || len(t.recent(addr, now)) >= MaxFailuresPerAddress
}

// fail records a failure against every key.
func (t *throttle) fail(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	for _, k := range keys {
		t.failures[k] = append(t.recent(k, now), now)
	}
	if len(t.failures) > 10000 { // bound memory under a flood of names
		for k := range t.failures {
			if len(t.recent(k, now)) == 0 {
				delete(t.failures, k)
			}
		}
	}
}

// reset forgets the failures of keys after a successful sign-in.
func (t *throttle) reset(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		delete(t.failures, k)
	}
}

// recent returns the failures of k within the window; the caller holds mu.
func (t *throttle) recent(k string, now time.Time) []time.Time {
	fs := t.failures[k]
	i := 0
	for i < len(fs) && now.Sub(fs[i]) > FailureWindow {
		i++
	}
	return fs[i:]
}
