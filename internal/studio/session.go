package studio

import (
	"crypto/ed25519"
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
	ID    string
	User  *User // nil before sign-in
	CSRF  string
	Flash string // a message for the next page ("Saved")
	// Key is the user's signing key, opened with their password at sign-in
	// and held in memory only; nil when the account has none.
	Key     ed25519.PrivateKey
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
