package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/feedingfriend/skill/internal/httpedge"
)

// Config configures the server.
type Config struct {
	// Addr to listen on; 127.0.0.1:8080 when empty.
	Addr string
	// Public allows an Addr beyond this machine (see CheckAddr).
	Public bool
	// Routes maps "METHOD /path" patterns (net/http ServeMux syntax) to handlers.
	Routes map[string]http.Handler
	// Health is reported by GET /healthz.
	Health Health
	// Metrics, when set, is served at GET /metrics.
	Metrics http.Handler
	// MaxBody is the largest request body accepted (413 beyond); 256 KiB when 0.
	MaxBody int64
	Logger  *slog.Logger
}

// Health is what /healthz reports.
type Health struct {
	Status         string   `json:"status"`
	ContentVersion string   `json:"content_version"`
	ApprovedOnly   bool     `json:"approved_only"`
	Nation         string   `json:"nation"`
	Platforms      []string `json:"platforms"`
}

// DefaultAddr is loopback: serving beyond this machine must be asked for.
const DefaultAddr = "127.0.0.1:8080"

// Handler builds the server's handler: routes, /healthz, /metrics, with body
// limits and panic recovery around everything.
func Handler(cfg Config) http.Handler {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	limit := cfg.MaxBody
	if limit == 0 {
		limit = 256 << 10
	}
	mux := http.NewServeMux()
	for pattern, h := range cfg.Routes {
		mux.Handle(pattern, h)
	}
	health := cfg.Health
	health.Status = "ok"
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(health)
	})
	if cfg.Metrics != nil {
		mux.Handle("GET /metrics", cfg.Metrics)
	}
	// Nothing the request wrote reaches the log: the route's pattern (set by the
	// ServeMux on this request) and the panic value, never the body or path.
	return httpedge.Chain(mux, httpedge.Recover(func(r *http.Request, p any) {
		log.Error("panic serving request", "route", r.Pattern, "panic", p)
	}), httpedge.LimitBody(limit))
}

// Serve listens on cfg.Addr and serves until ctx is cancelled, then shuts down
// gracefully, letting requests in flight finish (up to 10 seconds).
func Serve(ctx context.Context, cfg Config, ready func(addr string)) error {
	addr := cfg.Addr
	if addr == "" {
		addr = DefaultAddr
	}
	if err := CheckAddr(addr, cfg.Public); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           Handler(cfg),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    32 << 10,
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	return Run(ctx, srv, func() error { return srv.Serve(ln) })
}

// Run calls serve (srv.Serve or srv.ServeTLS on a listener) until it fails or
// ctx is cancelled, then shuts srv down gracefully, letting requests in flight
// finish (up to 10 seconds).
func Run(ctx context.Context, srv *http.Server, serve func() error) error {
	errc := make(chan error, 1)
	go func() { errc <- serve() }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Loopback reports whether addr (host:port) listens on this machine only: a
// loopback IP or "localhost". An empty host (":8080") listens everywhere;
// any other name is taken to reach beyond this machine.
func Loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// CheckAddr is the rule for listening beyond this machine, for `skill serve`
// and the studio alike: a non-loopback addr is refused unless public says the
// operator means it (the --public flag).
func CheckAddr(addr string, public bool) error {
	if public || Loopback(addr) {
		return nil
	}
	return fmt.Errorf("refusing to serve %s beyond this machine: give --public if you mean it (loopback addresses such as 127.0.0.1 need no flag)", addr)
}
