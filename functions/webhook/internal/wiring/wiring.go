package wiring

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/dialogflow"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/feedingfriend/skill/internal/telemetry"
)

// Config is everything the webhook reads from its environment.
type Config struct {
	// Nation selects the signposting ("" uses skill.yaml's nation).
	Nation string
	// ApprovedOnly serves only approved, in-date answers (true unless set false).
	ApprovedOnly bool
	// Level is the lowest log level written.
	Level slog.Level
	// Webhook holds the credentials; its Logger is set by New.
	Webhook dialogflow.Config
}

// FromEnv reads the configuration:
//
//	WEBHOOK_USERNAME, WEBHOOK_PASSWORD   basic auth, as set in the Dialogflow fulfillment
//	WEBHOOK_SECRET, WEBHOOK_SECRET_HEADER  a shared secret in a custom header
//	                                      (header default X-Webhook-Secret)
//	WEBHOOK_INSECURE=true                 serve without credentials (local development only)
//	APPROVED_ONLY                         default true
//	SKILL_NATION                          england, scotland, wales or northern-ireland
//	LOG_LEVEL                             debug, info (default), warn or error
//
// Every problem is reported at once.
func FromEnv(getenv func(string) string) (Config, error) {
	var errs []error
	cfg := Config{ApprovedOnly: true, Nation: strings.TrimSpace(getenv("SKILL_NATION"))}
	if v := getenv("APPROVED_ONLY"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("APPROVED_ONLY=%q is not true or false", v))
		}
		cfg.ApprovedOnly = b || err != nil // a typo never serves drafts
	}
	if v := getenv("LOG_LEVEL"); v != "" {
		if err := cfg.Level.UnmarshalText([]byte(v)); err != nil {
			errs = append(errs, fmt.Errorf("LOG_LEVEL=%q is not debug, info, warn or error", v))
		}
	}
	cfg.Webhook = dialogflow.Config{
		Username: getenv("WEBHOOK_USERNAME"), Password: getenv("WEBHOOK_PASSWORD"),
		Secret: getenv("WEBHOOK_SECRET"), Header: getenv("WEBHOOK_SECRET_HEADER"),
	}
	if v := getenv("WEBHOOK_INSECURE"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("WEBHOOK_INSECURE=%q is not true or false", v))
		}
		cfg.Webhook.Insecure = b && err == nil
	}
	return cfg, errors.Join(errs...)
}

// Logger returns the JSON logger the functions write to standard error, which
// Cloud Logging and CloudWatch both read.
func (c Config) Logger(w interface{ Write([]byte) (int, error) }) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: c.Level}))
}

// Handlers are the two webhooks over one wired skill.
type Handlers struct {
	ES, CX http.Handler
	App    *app.App
}

// New wires the skill and both webhooks. recs receive one telemetry event per
// request (never ids or words). It fails, and the function must not start, when
// no credentials are configured, the content does not load, its approvals do
// not verify, or approved-only serving has no approved answer.
func New(cfg Config, log *slog.Logger, recs ...telemetry.Recorder) (*Handlers, error) {
	// The credentials need no content: they are checked first.
	noop := skill.HandlerFunc(func(context.Context, *skill.Request) (*skill.Response, error) { return nil, nil })
	if _, err := dialogflow.NewES(noop, cfg.Webhook); err != nil {
		return nil, fmt.Errorf("webhook: %w (set WEBHOOK_USERNAME and WEBHOOK_PASSWORD, or WEBHOOK_SECRET)", err)
	}
	// The content refuses to start when its approvals do not verify, or when
	// approved-only serving has nothing approved (see app.New).
	a, err := app.New(app.Config{Nation: cfg.Nation, ApprovedOnly: cfg.ApprovedOnly, NLU: true, Logger: log})
	if err != nil {
		return nil, fmt.Errorf("webhook: %w", err)
	}
	recs = append([]telemetry.Recorder{telemetry.Logger{L: log}}, recs...)
	wrap := func(platform string) skill.Handler {
		return skill.Chain(a.Handler, telemetry.Middleware(platform, a.Store.Version(), a.Known, recs...))
	}
	dcfg := cfg.Webhook
	dcfg.Logger = log
	dcfg.KnownIntents = a.Known
	if dcfg.Insecure && dcfg.Username == "" && dcfg.Secret == "" {
		log.Warn("webhook: WEBHOOK_INSECURE is set: requests are NOT authenticated; never deploy like this")
	}
	es, err := dialogflow.NewES(wrap("dialogflow-es"), dcfg)
	if err != nil {
		return nil, fmt.Errorf("webhook: %w (set WEBHOOK_USERNAME and WEBHOOK_PASSWORD, or WEBHOOK_SECRET)", err)
	}
	cx, err := dialogflow.NewCX(wrap("dialogflow-cx"), dcfg)
	if err != nil {
		return nil, fmt.Errorf("webhook: %w", err)
	}
	return &Handlers{ES: es, CX: cx, App: a}, nil
}

// Mux serves ES at /es and CX at /cx (one function URL for both editions).
// Anything else is a JSON 404.
func (h *Handlers) Mux() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/es", h.ES)
	mux.Handle("/cx", h.CX)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"error":"not found: use /es or /cx"}` + "\n"))
	})
	return mux
}
