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
	// CloudRunIAM leaves authentication to Cloud Run: the service keeps its
	// invoker IAM check, and only Dialogflow's service agent, which sends a
	// Google ID token (CX webhook "Service agent auth: ID token"), holds
	// roles/run.invoker. The webhook then needs no credentials of its own.
	CloudRunIAM bool
	// PasswordSecretARN names the AWS Secrets Manager secret holding the basic
	// auth password. Only the Lambda entry reads it (into Webhook.PasswordFunc);
	// New refuses it unread.
	PasswordSecretARN string
}

// FromEnv reads the configuration:
//
//	WEBHOOK_USERNAME, WEBHOOK_PASSWORD   basic auth, as set in the Dialogflow fulfillment
//	WEBHOOK_PASSWORD_SECRET_ARN          the password read at run time from AWS Secrets
//	                                      Manager instead (Lambda only)
//	WEBHOOK_SECRET, WEBHOOK_SECRET_HEADER  a shared secret in a custom header
//	                                      (header default X-Webhook-Secret)
//	WEBHOOK_AUTH=cloud-run-iam           Cloud Run's invoker IAM check authenticates Dialogflow's
//	                                      ID token; only where K_SERVICE says it runs on Cloud Run
//	WEBHOOK_INSECURE=true                 serve without credentials (local development only)
//	APPROVED_ONLY                         default true
//	SKILL_NATION                          england, scotland, wales or northern-ireland
//	LOG_LEVEL                             debug, info (default), warn or error
//
// Every problem is reported at once.
func FromEnv(getenv func(string) string) (Config, error) {
	var errs []error
	common, err := app.FromEnv(getenv)
	errs = append(errs, err)
	cfg := Config{ApprovedOnly: common.ApprovedOnly, Nation: common.Nation, Level: common.Level}
	cfg.Webhook = dialogflow.Config{
		Username: getenv("WEBHOOK_USERNAME"), Password: getenv("WEBHOOK_PASSWORD"),
		Secret: getenv("WEBHOOK_SECRET"), Header: getenv("WEBHOOK_SECRET_HEADER"),
	}
	if cfg.PasswordSecretARN = strings.TrimSpace(getenv("WEBHOOK_PASSWORD_SECRET_ARN")); cfg.PasswordSecretARN != "" && cfg.Webhook.Password != "" {
		errs = append(errs, errors.New("set WEBHOOK_PASSWORD or WEBHOOK_PASSWORD_SECRET_ARN, not both"))
	}
	switch v := strings.TrimSpace(getenv("WEBHOOK_AUTH")); v {
	case "":
	case CloudRunIAMAuth:
		if getenv("K_SERVICE") == "" {
			errs = append(errs, errors.New("WEBHOOK_AUTH=cloud-run-iam: this is not a Cloud Run service (no K_SERVICE), so nothing checks the ID token"))
		} else {
			cfg.CloudRunIAM = true
		}
	default:
		errs = append(errs, fmt.Errorf("WEBHOOK_AUTH=%q: the only value is %s", v, CloudRunIAMAuth))
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

// CloudRunIAMAuth is the WEBHOOK_AUTH value that leaves authentication to
// Cloud Run's invoker IAM check.
const CloudRunIAMAuth = "cloud-run-iam"

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
	if cfg.PasswordSecretARN != "" && cfg.Webhook.PasswordFunc == nil {
		return nil, errors.New("webhook: WEBHOOK_PASSWORD_SECRET_ARN is read by the Lambda function only; here set WEBHOOK_PASSWORD or WEBHOOK_SECRET")
	}
	// The credentials need no content: they are checked first (Cloud Run's
	// invoker IAM check stands in for them; see below).
	if !cfg.CloudRunIAM {
		noop := skill.HandlerFunc(func(context.Context, *skill.Request) (*skill.Response, error) { return nil, nil })
		if _, err := dialogflow.NewES(noop, cfg.Webhook); err != nil {
			return nil, fmt.Errorf("webhook: %w (set WEBHOOK_USERNAME and WEBHOOK_PASSWORD, or WEBHOOK_SECRET)", err)
		}
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
	if cfg.CloudRunIAM && dcfg.Username == "" && dcfg.Secret == "" {
		// Cloud Run has checked the caller's ID token before the request arrives.
		dcfg.Insecure = true
		log.Info("webhook: authentication by Cloud Run's invoker IAM check (Dialogflow's service agent ID token); keep the IAM check on")
	}
	dcfg.KnownIntents = a.Known
	if dcfg.Insecure && !cfg.CloudRunIAM && dcfg.Username == "" && dcfg.Secret == "" {
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
