package studio

import (
	"context"
	"crypto/ed25519"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/feedingfriend/skill/internal/ratelimit"
)

type ctxKey int

const (
	sessionKey ctxKey = iota
	userKey
	httpsKey
)

// sessionOf returns the request's session (nil when there is none).
func sessionOf(r *http.Request) *Session {
	ss, _ := r.Context().Value(sessionKey).(*Session)
	return ss
}

// userOf returns the signed-in user (nil when signed out): as the accounts
// file has them now, on pages that need a user.
func userOf(r *http.Request) *User {
	if u, ok := r.Context().Value(userKey).(*User); ok {
		return u
	}
	if ss := sessionOf(r); ss != nil {
		return ss.User
	}
	return nil
}

// withSession finds the request's session and refuses any POST whose form
// does not carry the session's CSRF token.
func (s *Server) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var ss *Session
		if c, err := r.Cookie(cookieName(r)); err == nil {
			ss, _ = s.sessions.get(c.Value)
		}
		if ss != nil {
			r = r.WithContext(context.WithValue(r.Context(), sessionKey, ss))
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if err := r.ParseForm(); err != nil {
				s.fail(w, r, http.StatusBadRequest, "The form could not be read", "Go back and try again.")
				return
			}
			if !validCSRF(ss, r.PostForm.Get("csrf")) {
				s.log.Warn("studio: POST without a valid CSRF token", "route", s.route(r), "session", ss != nil)
				s.fail(w, r, http.StatusForbidden, "This form has expired",
					"For your security, forms stop working when you sign out or after an hour without use. Go back, reload the page and try again.")
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// need wraps a page that needs a signed-in user with role. The user is
// looked up again in the accounts file on every request, so removing a user
// or changing a role takes effect at once.
func (s *Server) need(role string, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ss := sessionOf(r)
		if ss == nil || ss.User == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.fail(w, r, http.StatusForbidden, "You are signed out", "Sign in again, then go back and try again.")
			return
		}
		us, err := LoadUsers(s.cfg.UsersFile)
		if err != nil {
			s.log.Error("studio: read users", "err", err)
			s.fail(w, r, http.StatusInternalServerError, "Sorry, there is a problem with the studio", "The accounts file cannot be read. Tell the person who runs the studio.")
			return
		}
		u, ok := us.Find(ss.User.Name)
		if !ok {
			s.sessions.delete(ss.ID)
			clearCookie(w, r)
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		cur := &User{Name: u.Name, Role: u.Role, Title: u.Title, Registration: u.Registration}
		r = r.WithContext(context.WithValue(r.Context(), userKey, cur))
		if !cur.Can(role) {
			s.log.Warn("studio: refused: role", "user", u.Name, "role", u.Role, "need", role, "route", s.route(r))
			s.fail(w, r, http.StatusForbidden, "You cannot do this", "Only a clinician can approve an answer. Ask a clinician to review it.")
			return
		}
		h(w, r)
	})
}

type loginPage struct {
	Name string
	Next string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	ss := sessionOf(r)
	if ss != nil && ss.User != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	if ss == nil {
		ss = s.sessions.create(nil)
		setCookie(w, r, ss.ID)
	}
	s.render(w, r, ss, http.StatusOK, "login.html", view{Title: "Sign in", Page: loginPage{Next: safeNext(r.URL.Query().Get("next"))}})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	ss := sessionOf(r) // the CSRF check has made sure there is one
	name := strings.TrimSpace(r.PostForm.Get("name"))
	password := r.PostForm.Get("password")
	next := safeNext(r.PostForm.Get("next"))
	page := loginPage{Name: name, Next: next}
	var errs []fieldError
	if name == "" {
		errs = append(errs, fieldError{ID: "name", Msg: "Enter your name"})
	}
	if password == "" {
		errs = append(errs, fieldError{ID: "password", Msg: "Enter your password"})
	}
	if len(errs) > 0 {
		s.render(w, r, ss, http.StatusUnprocessableEntity, "login.html", view{Title: "Sign in", Errors: errs, Page: page})
		return
	}
	addr := s.clientIP(r)
	// The attempt counts as a failure from here until the password proves
	// right (see throttle).
	at, wait := s.throttle.begin(name, addr)
	if wait > 0 {
		s.log.Warn("studio: sign-in throttled", "ip", addr)
		w.Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
		s.render(w, r, ss, http.StatusTooManyRequests, "login.html", view{Title: "Sign in", Page: page,
			Errors: []fieldError{{ID: "name", Msg: "Too many failed sign-ins. Wait " + waitWords(wait) + ", then try again"}}})
		return
	}
	if !s.checks.enter(r.Context()) {
		s.throttle.cancel(at)
		s.log.Warn("studio: sign-in refused: too many password checks at once", "ip", addr)
		w.Header().Set("Retry-After", "2")
		s.render(w, r, ss, http.StatusServiceUnavailable, "login.html", view{Title: "Sign in", Page: page,
			Errors: []fieldError{{ID: "name", Msg: "The studio is busy. Wait a few seconds, then try again"}}})
		return
	}
	us, err := LoadUsers(s.cfg.UsersFile)
	if err != nil {
		s.checks.leave()
		s.throttle.cancel(at)
		s.log.Error("studio: read users", "err", err)
		s.fail(w, r, http.StatusInternalServerError, "Sorry, there is a problem with the studio", "The accounts file cannot be read. Tell the person who runs the studio.")
		return
	}
	u, ok := us.Authenticate(name, password)
	var key ed25519.PrivateKey
	if ok {
		// The signing key opens with the same password; an account without
		// one signs in to look, and is told why it cannot change anything.
		var kerr error
		if key, kerr = u.Key(password); kerr != nil {
			s.log.Warn("studio: no signing key for this session", "user", u.Name, "err", kerr.Error())
		}
	}
	s.checks.leave()
	if !ok {
		s.log.Info("studio: sign-in failed", "ip", addr)
		s.render(w, r, ss, http.StatusUnprocessableEntity, "login.html", view{Title: "Sign in", Page: page,
			Errors: []fieldError{{ID: "name", Msg: "Enter a correct name and password"}}})
		return
	}
	s.throttle.succeeded(at)
	// A new session id at sign-in, so an id known before it is worth nothing.
	s.sessions.delete(ss.ID)
	ns := s.sessions.create(&User{Name: u.Name, Role: u.Role, Title: u.Title, Registration: u.Registration})
	ns.Key = key
	setCookie(w, r, ns.ID)
	s.log.Info("studio: signed in", "user", u.Name, "role", u.Role)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if ss := sessionOf(r); ss != nil {
		s.sessions.delete(ss.ID)
	}
	ns := s.sessions.create(nil)
	s.sessions.setFlash(ns, "You have signed out.")
	setCookie(w, r, ns.ID)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// waitWords says a wait in words: "1 second", "8 seconds", "4 minutes".
func waitWords(d time.Duration) string {
	n, unit := int((d+time.Second-1)/time.Second), "second"
	if n >= 90 {
		n, unit = int((d+time.Minute-1)/time.Minute), "minute"
	}
	if n != 1 {
		unit += "s"
	}
	return strconv.Itoa(n) + " " + unit
}

// safeNext keeps a redirect after sign-in on this site: a path that starts
// with one "/", not "//" or "/\" (which browsers read as another site), and
// holds no control character anywhere (browsers drop tabs and newlines from a
// URL, so "/\t/evil.example/" becomes "//evil.example/"). Anything else goes
// to "/".
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, `/\`) ||
		strings.IndexFunc(next, unicode.IsControl) >= 0 {
		return "/"
	}
	return next
}

// clientIP is the address the request came from: behind a reverse proxy
// (Config.BehindProxy) the last address in X-Forwarded-For (ratelimit.ClientIP
// is the rule, shared with the web chat).
func (s *Server) clientIP(r *http.Request) string {
	return ratelimit.ClientIP(r, s.cfg.BehindProxy)
}
