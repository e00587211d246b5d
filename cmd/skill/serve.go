package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"

	"github.com/feedingfriend/skill/internal/alexa"
	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/dialogflow"
	"github.com/feedingfriend/skill/internal/server"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/feedingfriend/skill/internal/telemetry"
	"github.com/feedingfriend/skill/internal/telemetry/prom"
)

// serveOptions are the flags of `skill serve`.
type serveOptions struct {
	addr, skillID        string
	dev, public          bool
	user, password       string
	secret, secretHeader string
}

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "",
		"Serves the skill over HTTP for self-hosting and local development:\n"+
			"  POST /alexa            Alexa requests, fully verified (signature, certificate chain, timestamp, skill id)\n"+
			"  POST /dialogflow/es    Dialogflow ES webhook (basic auth or shared-secret header)\n"+
			"  POST /dialogflow/cx    Dialogflow CX webhook (same credentials)\n"+
			"  GET  /healthz          content version, approved-only flag, nation\n"+
			"  GET  /metrics          Prometheus counters per topic and outcome\n"+
			"Credentials come from the environment: SKILL_ID, WEBHOOK_USERNAME and WEBHOOK_PASSWORD,\nor WEBHOOK_SECRET (sent in WEBHOOK_SECRET_HEADER).",
		"SKILL_ID=amzn1.ask.skill.YOUR-ID WEBHOOK_SECRET=a-secret-of-32-characters-or-more skill serve --addr 127.0.0.1:8080",
		"skill serve --dev    # on this machine only: no Alexa signature check, no webhook credentials")
	var o serveOptions
	fs.StringVar(&o.addr, "addr", server.DefaultAddr, "listen on `ADDR` (loopback unless you say otherwise)")
	fs.BoolVar(&o.dev, "dev", false, "local development: skip the Alexa signature check and allow a webhook without credentials")
	fs.BoolVar(&o.public, "public", false, "allow an --addr beyond this machine (anything but loopback); with --dev the server is open to anyone who reaches it")
	af := addAppFlags(fs)
	fs.Lookup("approved-only").DefValue = "true"
	af.approvedOnly = true
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := noArgs(e, fs, "choose where to listen with --addr HOST:PORT"); err != nil {
		return err
	}
	o.skillID = os.Getenv("SKILL_ID")
	o.user, o.password = os.Getenv("WEBHOOK_USERNAME"), os.Getenv("WEBHOOK_PASSWORD")
	o.secret, o.secretHeader = os.Getenv("WEBHOOK_SECRET"), os.Getenv("WEBHOOK_SECRET_HEADER")
	if err := o.check(); err != nil {
		return err
	}
	// What the options alone refuse is said before the skill is built (the
	// content may refuse too: see app.New).
	if err := server.CheckAddr(o.addr, o.public); err != nil {
		return err
	}
	if _, err := dialogflow.NewES(skill.HandlerFunc(func(context.Context, *skill.Request) (*skill.Response, error) { return nil, nil }), o.webhookConfig(nil)); err != nil {
		return webhookError(err)
	}
	log := slog.New(slog.NewJSONHandler(e.stderr, nil))
	a, err := af.build()
	if err != nil {
		return err
	}
	cfg, err := serveConfig(a, o, log)
	if err != nil {
		return err
	}
	return server.Serve(ctx, cfg, func(addr string) {
		log.Info("serving", "addr", addr, "content_version", a.Store.Version(), "approved_only", af.approvedOnly, "nation", a.Nation, "dev", o.dev)
		fmt.Fprintf(e.stdout, "listening on http://%s (healthz: http://%s/healthz)\n", addr, addr)
	})
}

// check refuses, before anything is built or logged, options a server must
// not start with.
func (o serveOptions) check() error {
	if o.skillID == "" && !o.dev {
		return errors.New("SKILL_ID is not set: a self-hosted Alexa endpoint must check the skill id; " +
			"set SKILL_ID to your skill's id (amzn1.ask.skill..., in the Alexa developer console), or pass --dev for local development")
	}
	return nil
}

// webhookFix says how to give the Dialogflow webhook its credentials.
var webhookFix = fmt.Sprintf("set WEBHOOK_SECRET (at least %d characters), or WEBHOOK_USERNAME and WEBHOOK_PASSWORD, or pass --dev for local development", dialogflow.MinSecretLen)

// webhookConfig is the Dialogflow webhook's configuration from the options.
func (o serveOptions) webhookConfig(log *slog.Logger) dialogflow.Config {
	return dialogflow.Config{Username: o.user, Password: o.password, Secret: o.secret, Header: o.secretHeader, Logger: log, Insecure: o.dev}
}

// webhookError says how to fix webhook credentials the adapter refused.
func webhookError(err error) error {
	if errors.Is(err, dialogflow.ErrNoCredentials) {
		return errors.New("the Dialogflow webhook has no credentials: " + webhookFix)
	}
	return fmt.Errorf("%w; %s", err, webhookFix)
}

// serveConfig wires the platform routes, telemetry and health for the server.
func serveConfig(a *app.App, o serveOptions, log *slog.Logger) (server.Config, error) {
	if err := o.check(); err != nil {
		return server.Config{}, err
	}
	prometheus := prom.New()
	wrap := func(platform string) skill.Handler {
		return skill.Chain(a.Handler, telemetry.Middleware(platform, a.Store.Version(), a.Known, telemetry.Logger{L: log}, prometheus))
	}
	dcfg := o.webhookConfig(log)
	dcfg.KnownIntents = a.Known
	es, err := dialogflow.NewES(wrap("dialogflow-es"), dcfg)
	if err != nil {
		return server.Config{}, webhookError(err)
	}
	cx, err := dialogflow.NewCX(wrap("dialogflow-cx"), dcfg)
	if err != nil {
		return server.Config{}, err
	}
	var alexaRoute http.Handler = alexa.Handler(wrap("alexa"), alexa.Config{SkillID: o.skillID, Logger: log, Catalog: a.Model, KnownIntents: a.Known, Texts: a.Edge})
	if o.dev {
		log.Warn("DEV MODE: Alexa request signatures are NOT checked. Never expose this server to the internet.")
		fmt.Fprintln(os.Stderr, "*** skill serve --dev: Alexa request signatures are NOT checked; do not expose this server ***")
		if !server.Loopback(o.addr) {
			log.Warn("DEV MODE on an address beyond this machine (--public): anyone who reaches it is answered without any check.")
		}
	} else {
		alexaRoute = alexa.VerifyHTTP(&alexa.Verifier{}, log, alexaRoute)
	}
	return server.Config{
		Addr:   o.addr,
		Public: o.public,
		Routes: map[string]http.Handler{
			"POST /alexa":         alexaRoute,
			"POST /dialogflow/es": es,
			"POST /dialogflow/cx": cx,
		},
		Health: server.Health{ContentVersion: a.Store.Version(), ApprovedOnly: a.Skill.ApprovedOnly(), Nation: a.Nation,
			Platforms: []string{"alexa", "dialogflow-es", "dialogflow-cx"}},
		Metrics: prometheus.Handler(),
		Logger:  log,
	}, nil
}
