package studio

import (
	"context"
	"crypto/tls"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/feedingfriend/skill/internal/config"
	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/httpedge"
	"github.com/feedingfriend/skill/internal/server"
)

// Config configures the studio.
type Config struct {
	// Dir is the repository: content/ (the answers, approved/, audit.jsonl),
	// intents/ (the interaction model) and, when present, skill.yaml.
	Dir string
	// UsersFile is the accounts file (see LoadUsers). It is read again at each
	// sign-in and each write, so a removed user or a changed role counts at once.
	UsersFile string
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Logger gets operators' details; slog.Default() when nil.
	Logger *slog.Logger
	// BehindProxy says the studio sits behind a reverse proxy that serves
	// HTTPS and appends the client's address to X-Forwarded-For: the session
	// cookie is then Secure and __Host- prefixed, HSTS is sent, and sign-in
	// throttling takes the client address from that header.
	BehindProxy bool
}

// Server is the studio's HTTP handler.
type Server struct {
	cfg      Config
	content  string // the content directory
	intents  string // the interaction model directory
	ws       *workspace
	sessions *sessions
	throttle *throttle
	checks   *gate // bounds the password checks at once
	pages    *pages
	log      *slog.Logger
	handler  http.Handler
	mux      *http.ServeMux
	// writeMu serialises every change to the files: a save, a submit, an
	// approval and their audit entries happen one at a time.
	writeMu sync.Mutex
	try     tryCache
	// previewSigns is the signposting of skill.yaml's nation, when the
	// repository has one.
	previewSigns *content.Signposts
}

var _ http.Handler = (*Server)(nil)

// MaxBody is the largest form the studio accepts.
const MaxBody = 1 << 20

// New checks the configuration and builds the studio.
func New(cfg Config) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Server{cfg: cfg, content: filepath.Join(cfg.Dir, "content"), intents: filepath.Join(cfg.Dir, "intents"), log: cfg.Logger}
	for _, d := range []string{s.content, s.intents} {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			return nil, fmt.Errorf("studio: %s is not a directory: use --dir to name the repository holding content/ and intents/", d)
		}
	}
	us, err := LoadUsers(cfg.UsersFile)
	if err != nil {
		return nil, err
	}
	if len(us.Users) == 0 {
		return nil, fmt.Errorf("studio: %s has no users: add one with `skill studio adduser NAME --role editor|clinician`", cfg.UsersFile)
	}
	if s.pages, err = newPages(); err != nil {
		return nil, err
	}
	if sk, err := s.skillConfig(); err != nil {
		return nil, err
	} else if sk != nil {
		sp, err := sk.SignpostsFor(sk.Nation)
		if err != nil {
			return nil, fmt.Errorf("studio: skill.yaml: %w", err)
		}
		s.previewSigns = &sp
	}
	// An interrupted change (a crash, a full disk) is finished or undone
	// before anything is shown; what was put right is logged with file:line.
	if _, err := s.repo().Recover(); err != nil {
		return nil, fmt.Errorf("studio: %w", err)
	}
	// Nothing is shown as approved on records that do not verify.
	if err := verifyApprovals(s.content, s.intents, s.preview()); err != nil {
		return nil, fmt.Errorf("studio: refusing to start: %w", err)
	}
	s.ws = &workspace{dir: s.content, now: cfg.Now, sp: s.preview()}
	s.sessions = newSessions(cfg.Now)
	s.throttle = newThrottle(cfg.Now)
	s.checks = newGate()
	s.handler = s.routes()
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// routes wires the pages. Everything but the sign-in page and the static
// files needs a signed-in user; every POST needs the session's CSRF token;
// the approve route needs the clinician role.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	s.mux = mux
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /assets/", cacheStatic(http.StripPrefix("/assets/", http.FileServerFS(static))))
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("POST /logout", s.logout)
	mux.Handle("GET /{$}", s.need(RoleEditor, s.list))
	mux.Handle("GET /answers/{id}", s.need(RoleEditor, s.show))
	mux.Handle("GET /answers/{id}/edit", s.need(RoleEditor, s.editPage))
	mux.Handle("POST /answers/{id}/edit", s.need(RoleEditor, s.save))
	mux.Handle("POST /answers/{id}/submit", s.need(RoleEditor, s.submit))
	mux.Handle("GET /answers/{id}/review", s.need(RoleEditor, s.review))
	mux.Handle("POST /answers/{id}/approve", s.need(RoleClinician, s.approve))
	mux.Handle("GET /try", s.need(RoleEditor, s.tryIt))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) })
	var h http.Handler = mux
	h = s.withSession(h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = httpedge.LimitBody(MaxBody)(h)
	h = securityHeaders(h)
	if s.cfg.BehindProxy {
		h = viaHTTPS(h)
	}
	return httpedge.Recover(func(r *http.Request, p any) {
		s.log.Error("studio: panic serving request", "route", s.route(r), "panic", p)
	})(h)
}

// route names the page a request is for in the log: the pattern it matches
// ("POST /answers/{id}/edit"), or "other". The path itself is what the
// request wrote and is never logged.
func (s *Server) route(r *http.Request) string {
	if _, pattern := s.mux.Handler(r); pattern != "" && pattern != "/" {
		return pattern
	}
	return "other"
}

// contentSecurityPolicy allows scripts, styles, images and fonts from the
// studio only: no inline script or style, no framing, forms post only here.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; media-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// securityHeaders sets the headers every response carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		if secure(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if !strings.HasPrefix(r.URL.Path, "/assets/") {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

// viaHTTPS marks every request as having reached the studio over HTTPS, as
// it does behind a reverse proxy that serves HTTPS (Config.BehindProxy).
func viaHTTPS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), httpsKey, true)))
	})
}

// secure reports whether the browser reached the studio over HTTPS: the
// studio's own TLS, or a reverse proxy's (viaHTTPS).
func secure(r *http.Request) bool {
	via, _ := r.Context().Value(httpsKey).(bool)
	return r.TLS != nil || via
}

func cacheStatic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "private, max-age=300")
		next.ServeHTTP(w, r)
	})
}

// ServeConfig says where to listen.
type ServeConfig struct {
	Addr string
	// CertFile and KeyFile, when both set, serve HTTPS (and the session
	// cookie becomes Secure).
	CertFile, KeyFile string
	// Public allows an Addr beyond this machine (server.CheckAddr); the
	// studio then also needs HTTPS: CertFile and KeyFile, or
	// Config.BehindProxy.
	Public bool
}

// checkServe is the studio's rule for where it may listen. Loopback needs
// nothing. Beyond this machine it needs Public, no account with the published
// demo password, and HTTPS: its own certificate, or a reverse proxy's
// (BehindProxy), because passwords and session cookies cross the network.
func (s *Server) checkServe(cfg ServeConfig) error {
	if err := server.CheckAddr(cfg.Addr, cfg.Public); err != nil {
		return fmt.Errorf("studio: %w", err)
	}
	if server.Loopback(cfg.Addr) {
		return nil
	}
	us, err := LoadUsers(s.cfg.UsersFile)
	if err != nil {
		return err
	}
	if demo := us.DemoAccounts(); len(demo) > 0 {
		return fmt.Errorf("studio: %s has demo accounts with the published password (%s): refusing to serve %s beyond this machine; reset their passwords with adduser",
			s.cfg.UsersFile, strings.Join(demo, ", "), cfg.Addr)
	}
	if !cfg.tls() && !s.cfg.BehindProxy {
		return fmt.Errorf("studio: refusing to serve %s beyond this machine over plain HTTP: give --tls-cert and --tls-key, "+
			"or --behind-proxy when an HTTPS reverse proxy is in front (docs/studio.md)", cfg.Addr)
	}
	return nil
}

func (c ServeConfig) tls() bool { return c.CertFile != "" && c.KeyFile != "" }

// Serve listens on cfg.Addr and serves s until ctx is cancelled, then shuts
// down gracefully. ready is called with the address once listening. It
// refuses an address checkServe does not allow, before listening.
func Serve(ctx context.Context, cfg ServeConfig, s *Server, ready func(url string)) error {
	if err := s.checkServe(cfg); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    32 << 10,
		TLSConfig:         &tls.Config{MinVersion: tls.VersionTLS12},
	}
	tlsOn := cfg.tls()
	if ready != nil {
		scheme := "http"
		if tlsOn {
			scheme = "https"
		}
		ready(scheme + "://" + ln.Addr().String() + "/")
	}
	return server.Run(ctx, srv, func() error {
		if tlsOn {
			return srv.ServeTLS(ln, cfg.CertFile, cfg.KeyFile)
		}
		return srv.Serve(ln)
	})
}

// skillConfig reads the repository's skill.yaml (nil when there is none: the
// built-in configuration is used).
func (s *Server) skillConfig() (*config.Skill, error) {
	name := filepath.Join(s.cfg.Dir, "skill.yaml")
	if _, err := os.Stat(name); err != nil {
		return nil, nil
	}
	sk, err := config.Load(name)
	if err != nil {
		return nil, fmt.Errorf("studio: %w", err)
	}
	return sk, nil
}
