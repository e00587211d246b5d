package web

import (
	"context"
	"log/slog"
	"math"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/feedingfriend/skill/internal/ratelimit"
)

// record is what the log line of one request says: the route, the status,
// and for answered turns the outcome and a known intent. Never the words, the
// state, an address or anything else the request wrote.
type record struct {
	route, intent, outcome, reason string
	status                         int
}

type recordKey struct{}

// rec returns the request's record (a throwaway one outside edge).
func rec(r *http.Request) *record {
	if v, ok := r.Context().Value(recordKey{}).(*record); ok {
		return v
	}
	return &record{}
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// edge sets the security headers of every response, recovers from a panic
// with the safety net, and logs one line.
func (c *Chat) edge(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rc := &record{route: route}
		sw := &statusWriter{ResponseWriter: w}
		h := w.Header()
		h.Set("Content-Security-Policy", c.csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Permissions-Policy", "microphone=(self), camera=(), geolocation=(), payment=(), usb=()")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		if len(c.cfg.EmbedOrigins) == 0 {
			h.Set("X-Frame-Options", "SAMEORIGIN")
		}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				rc.reason = "panic"
				c.cfg.Logger.Error("web: panic serving the chat", "route", route, "stack", string(debug.Stack()))
				if sw.status == 0 {
					c.fail(sw, r, http.StatusInternalServerError, "Sorry, something went wrong.")
				}
			}
			rc.status = sw.status
			c.log(rc, time.Since(start))
		}()
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), recordKey{}, rc)))
	})
}

// limited refuses a client that asks too often, with the safety net.
func (c *Chat) limited(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, wait := c.cfg.Limiter.Allow(ratelimit.ClientIP(r, c.cfg.BehindProxy))
		if !ok {
			secs := int(math.Ceil(wait.Seconds()))
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			rec(r).reason = "rate-limited"
			c.fail(w, r, http.StatusTooManyRequests, "You have sent a lot of questions quickly. Please wait "+strconv.Itoa(secs)+" seconds and try again.")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// fail answers a refused or failed request: JSON for the API, else the page
// with the message. Either way the parent is shown the safety net.
func (c *Chat) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if strings.HasSuffix(r.URL.Path, "/api") {
		writeJSON(w, status, apiError{Error: msg, SafetyNet: c.safetyNet()})
		return
	}
	c.renderError(w, r, status, msg)
}

func (c *Chat) log(rc *record, d time.Duration) {
	level := slog.LevelInfo
	switch {
	case rc.status >= 500:
		level = slog.LevelError
	case rc.status >= 400:
		level = slog.LevelWarn
	}
	if rc.route == "asset" && level == slog.LevelInfo {
		return // assets are not conversation turns
	}
	attrs := []slog.Attr{slog.String("platform", "web"), slog.String("route", rc.route), slog.Int("status", rc.status),
		slog.Int64("duration_ms", d.Milliseconds())}
	for _, a := range []struct{ k, v string }{{"intent", rc.intent}, {"outcome", rc.outcome}, {"reason", rc.reason}} {
		if a.v != "" {
			attrs = append(attrs, slog.String(a.k, a.v))
		}
	}
	c.cfg.Logger.LogAttrs(context.Background(), level, "web chat", attrs...)
}
