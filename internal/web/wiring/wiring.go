package wiring

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/ratelimit"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/feedingfriend/skill/internal/telemetry"
	"github.com/feedingfriend/skill/internal/web"
	"github.com/feedingfriend/skill/internal/webstate"
)

// KeyEnv names the environment variable that holds the secret the
// conversation state is signed with.
const KeyEnv = "WEB_SESSION_KEY"

// ErrNoKey is returned when no secret is given and Dev is not set.
var ErrNoKey = fmt.Errorf("%s is not set: the web chat signs each conversation's state with it; "+
	"set it to a random secret of at least %d characters (openssl rand -base64 48), the same on every instance, "+
	"or pass --dev for local development", KeyEnv, webstate.MinKeyLen)

// Options are how the chat is served.
type Options struct {
	// Key is the secret the state is signed with (at least
	// webstate.MinKeyLen bytes).
	Key []byte
	// Dev allows an empty Key: a random one is made, good until the process
	// ends.
	Dev bool
	// BehindProxy takes the client address from X-Forwarded-For's last entry.
	BehindProxy bool
	// Middleware wraps the conversation (telemetry goes here).
	Middleware []skill.Middleware
	// Limiter limits requests per address (ratelimit's defaults when nil).
	Limiter *ratelimit.Limiter
	// Logger gets one line per request, with no personal data.
	Logger *slog.Logger
	// Now is the clock of the state's expiry (time.Now when nil).
	Now func() time.Time
}

// New builds the web chat over a, which must have the NLU.
func New(a *app.App, o Options) (*web.Chat, error) {
	if a.NLU == nil {
		return nil, errors.New("web: the chat needs the offline NLU")
	}
	key := o.Key
	switch {
	case len(key) == 0 && o.Dev:
		key = make([]byte, 32)
		_, _ = rand.Read(key)
	case len(key) == 0:
		return nil, ErrNoKey
	case len(key) < webstate.MinKeyLen:
		return nil, fmt.Errorf("%s is %d characters: use a random secret of at least %d", KeyEnv, len(key), webstate.MinKeyLen)
	}
	signer, err := webstate.New(key, 0, o.Now)
	if err != nil {
		return nil, err
	}
	sp := a.Store.Signposts()
	cfg := a.Config
	return web.New(skill.Chain(a.Handler, o.Middleware...), web.Config{
		Name:       cfg.Name,
		Disclaimer: cfg.Disclaimer,
		Examples:   cfg.Examples,
		Topics:     Topics(a.Store),
		Urgent: web.Urgent{Emergency: sp.EmergencyNumber, Service: sp.Urgent, Number: sp.UrgentNumber,
			HelplineName: sp.HelplineName, HelplineNumber: sp.HelplineNumber},
		Understand:   a.Understand,
		Signer:       signer,
		Limiter:      o.Limiter,
		BehindProxy:  o.BehindProxy,
		Theme:        web.Theme{Colour: cfg.Web.Colour, ButtonColour: cfg.Web.ButtonColour},
		EmbedOrigins: cfg.Web.EmbedOrigins,
		ApprovedOnly: a.Skill.ApprovedOnly(),
		PrivacyURL:   cfg.PrivacyPolicyURL,
		Logger:       o.Logger,
		KnownIntents: a.Known,
	})
}

// Topics maps each topic's title to its id, for suggestions that name a
// topic; retired topics and urgent help are left out.
func Topics(s *content.Store) map[string]string {
	out := map[string]string{}
	for _, id := range s.IDs() {
		t, ok := s.Topic(id)
		if ok && t.Status != content.Retired && id != content.UrgentHelpID {
			out[t.Title] = id
		}
	}
	return out
}

// Env is what a deployed chat reads from its environment.
type Env struct {
	Nation       string
	ApprovedOnly bool
	Level        slog.Level
	Key          []byte
	BehindProxy  bool
}

// FromEnv reads:
//
//	WEB_SESSION_KEY     the secret the state is signed with (required)
//	WEB_BEHIND_PROXY    true behind a reverse proxy that appends X-Forwarded-For
//	APPROVED_ONLY       default true
//	SKILL_NATION        england, scotland, wales or northern-ireland
//	LOG_LEVEL           debug, info (default), warn or error
//
// Every problem is reported at once.
func FromEnv(getenv func(string) string) (Env, error) {
	var errs []error
	common, err := app.FromEnv(getenv)
	errs = append(errs, err)
	e := Env{ApprovedOnly: common.ApprovedOnly, Nation: common.Nation, Level: common.Level, Key: []byte(getenv(KeyEnv))}
	if len(e.Key) == 0 {
		errs = append(errs, ErrNoKey)
	}
	if v := getenv("WEB_BEHIND_PROXY"); v != "" {
		x, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("WEB_BEHIND_PROXY=%q is not true or false", v))
		}
		e.BehindProxy = x && err == nil
	}
	return e, errors.Join(errs...)
}

// Logger returns the JSON logger a deployed chat writes to standard error.
func (e Env) Logger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: e.Level}))
}

// Handler wires the skill and the chat from a deployed chat's environment:
// the chat's routes, with / sent to /chat. recs receive one telemetry event
// per turn (never words or ids). It fails, and the function must not start,
// when the content does not load or the key is missing.
func Handler(e Env, log *slog.Logger, recs ...telemetry.Recorder) (http.Handler, error) {
	a, err := app.New(app.Config{Nation: e.Nation, ApprovedOnly: e.ApprovedOnly, NLU: true, Logger: log})
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	recs = append([]telemetry.Recorder{telemetry.Logger{L: log}}, recs...)
	c, err := New(a, Options{Key: e.Key, BehindProxy: e.BehindProxy, Logger: log,
		Middleware: []skill.Middleware{telemetry.Middleware("web", a.Store.Version(), a.Known, recs...)}})
	if err != nil {
		return nil, err
	}
	return c.Handler(), nil
}
