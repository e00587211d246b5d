package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/feedingfriend/skill/internal/alexa"
	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/dialogflow"
	"github.com/feedingfriend/skill/internal/server"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/feedingfriend/skill/internal/telemetry"
	"github.com/feedingfriend/skill/internal/telemetry/prom"
	"github.com/feedingfriend/skill/internal/web/wiring"
)

// serveOptions are the flags of `skill serve`.
type serveOptions struct {
	addr, skillID        string
	dev, public          bool
	user, password       string
	secret, secretHeader string
	// channels are the front ends served: alexa, dialogflow, web (all when empty).
	channels []string
	// webKey signs the web chat's conversation state (WEB_SESSION_KEY).
	webKey string
	// requestLog takes the telemetry line of each request (nil: the server's
	// log): runServe buffers it (telemetry.BufferedWriter).
	requestLog *slog.Logger
	// behindProxy takes the web chat's client address from X-Forwarded-For.
	behindProxy bool
}

// serveChannels are the front ends `skill serve` can serve, in order.
var serveChannels = []string{"alexa", "dialogflow", "web"}

// serves reports whether the channel is served.
func (o serveOptions) serves(channel string) bool {
	return len(o.channels) == 0 || slices.Contains(o.channels, channel)
}

// parseChannels reads --channels.
func parseChannels(v string) ([]string, error) {
	var out []string
	for _, c := range strings.Split(v, ",") {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if !slices.Contains(serveChannels, c) {
			return nil, fmt.Errorf("--channels: unknown channel %q (want a comma list of %s)", c, strings.Join(serveChannels, ", "))
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--channels: name at least one of %s", strings.Join(serveChannels, ", "))
	}
	return out, nil
}

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "",
		"Serves the skill over HTTP for self-hosting and local development:\n"+
			"  POST /alexa            Alexa requests, fully verified (signature, certificate chain, timestamp, skill id)\n"+
			"  POST /dialogflow/es    Dialogflow ES webhook (basic auth or shared-secret header)\n"+
			"  POST /dialogflow/cx    Dialogflow CX webhook (same credentials)\n"+
			"  GET  /chat             the web chat page (POST /chat without JavaScript, POST /chat/api for its script)\n"+
			"  GET  /healthz          content version, approved-only flag, nation\n"+
			"  GET  /metrics          Prometheus counters per topic and outcome\n"+
			"Credentials come from the environment: SKILL_ID, WEBHOOK_USERNAME and WEBHOOK_PASSWORD,\nor WEBHOOK_SECRET (sent in WEBHOOK_SECRET_HEADER), and WEB_SESSION_KEY, which signs the web\nchat's conversation state (a random secret of 32 characters or more, the same on every instance).",
		"SKILL_ID=amzn1.ask.skill.YOUR-ID WEBHOOK_SECRET=a-secret-of-32-characters-or-more WEB_SESSION_KEY=$(openssl rand -base64 48) skill serve --addr 127.0.0.1:8080",
		"WEB_SESSION_KEY=$(openssl rand -base64 48) skill serve --channels web   # the web chat alone",
		"skill serve --dev    # on this machine only: no Alexa signature check, no webhook credentials; then open http://127.0.0.1:8080/chat")
	var o serveOptions
	fs.StringVar(&o.addr, "addr", server.DefaultAddr, "listen on `ADDR` (loopback unless you say otherwise)")
	fs.BoolVar(&o.dev, "dev", false, "local development: skip the Alexa signature check and allow a webhook without credentials")
	fs.BoolVar(&o.public, "public", false, "allow an --addr beyond this machine (anything but loopback); with --dev the server is open to anyone who reaches it")
	channels := fs.String("channels", strings.Join(serveChannels, ","), "serve only these front ends: a comma `LIST` of "+strings.Join(serveChannels, ", "))
	fs.BoolVar(&o.behindProxy, "behind-proxy", false, "a reverse proxy is in front: the web chat's rate limit counts the last X-Forwarded-For address")
	af := addAppFlags(fs)
	fs.Lookup("approved-only").DefValue = "true"
	af.approvedOnly = true
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := noArgs(e, fs, "choose where to listen with --addr HOST:PORT"); err != nil {
		return err
	}
	var err error
	if o.channels, err = parseChannels(*channels); err != nil {
		fmt.Fprintln(e.stderr, err)
		return errUsage
	}
	o.skillID = os.Getenv("SKILL_ID")
	o.webKey = os.Getenv(wiring.KeyEnv)
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
	// Request lines are written together, at most every requestLogEvery;
	// warnings and errors go out at once on log.
	requests := telemetry.NewBufferedWriter(e.stderr, 64<<10, requestLogEvery)
	defer requests.Close()
	o.requestLog = slog.New(telemetry.ByLevel(slog.NewJSONHandler(requests, nil), log.Handler(), slog.LevelWarn))
	// The web chat reads words on every request, so it needs the NLU at
	// once; Alexa and Dialogflow bring an intent, so without the chat the
	// NLU is built on the first request that carries words (as the Alexa
	// function does), and a server that is never sent any keeps its memory.
	a, err := af.buildWith(!o.serves("web"))
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
		if o.serves("web") {
			fmt.Fprintf(e.stdout, "web chat: http://%s/chat\n", addr)
		}
	})
}

// check refuses, before anything is built or logged, options a server must
// not start with.
func (o serveOptions) check() error {
	if o.serves("alexa") && o.skillID == "" && !o.dev {
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

// requestLogEvery is the longest a request's telemetry line waits in
// skill serve's buffer: what a crash can lose.
// (A variable so that a test can make it longer than itself.)
var requestLogEvery = 100 * time.Millisecond

// serveConfig wires the platform routes, telemetry and health for the server.
func serveConfig(a *app.App, o serveOptions, log *slog.Logger) (server.Config, error) {
	if err := o.check(); err != nil {
		return server.Config{}, err
	}
	prometheus := prom.New()
	reqLog := o.requestLog
	if reqLog == nil {
		reqLog = log
	}
	observe := func(platform string) skill.Middleware {
		return telemetry.Middleware(platform, a.Store.Version(), a.Known, telemetry.Logger{L: reqLog}, prometheus)
	}
	wrap := func(platform string) skill.Handler { return skill.Chain(a.Handler, observe(platform)) }
	routes := map[string]http.Handler{}
	var platforms []string
	if o.serves("dialogflow") {
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
		routes["POST /dialogflow/es"], routes["POST /dialogflow/cx"] = es, cx
		platforms = append(platforms, "dialogflow-es", "dialogflow-cx")
	}
	if o.serves("web") {
		chat, err := wiring.New(a, wiring.Options{Key: []byte(o.webKey), Dev: o.dev, BehindProxy: o.behindProxy,
			Middleware: []skill.Middleware{observe("web")}, Logger: log})
		switch {
		case errors.Is(err, wiring.ErrNoKey):
			return server.Config{}, fmt.Errorf("%w; or serve without the chat: --channels alexa,dialogflow", err)
		case err != nil:
			return server.Config{}, err
		}
		maps.Copy(routes, chat.Routes())
		platforms = append(platforms, "web")
	}
	if o.serves("alexa") {
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
		routes["POST /alexa"] = alexaRoute
		platforms = append([]string{"alexa"}, platforms...)
	}
	return server.Config{
		Addr:   o.addr,
		Public: o.public,
		Routes: routes,
		Health: server.Health{ContentVersion: a.Store.Version(), ApprovedOnly: a.Skill.ApprovedOnly(), Nation: a.Nation,
			Platforms: platforms},
		Metrics: prometheus.Handler(),
		Logger:  log,
	}, nil
}
