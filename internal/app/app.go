package app

import (
	"fmt"
	"io/fs"
	"log/slog"
	"sync"
	"time"

	contentfiles "github.com/feedingfriend/skill/content"
	"github.com/feedingfriend/skill/intents"
	"github.com/feedingfriend/skill/internal/answers"
	"github.com/feedingfriend/skill/internal/config"
	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/model"
	"github.com/feedingfriend/skill/internal/nlu"
	"github.com/feedingfriend/skill/internal/skill"
)

// Config says how to build the skill.
type Config struct {
	// Skill is the skill.yaml configuration; the embedded one when nil.
	Skill *config.Skill
	// Nation selects the signposting: england, scotland, wales or northern-ireland
	// ("" uses skill.yaml's nation).
	Nation string
	// Signposts, when set, override the nation's built-in signposting.
	Signposts *content.Signposts
	// ApprovedOnly serves only approved, in-date answers.
	ApprovedOnly bool
	// Content and Model override the embedded files (for editors' working copies).
	Content fs.FS
	Model   fs.FS
	// NLU builds the offline language understanding.
	NLU bool
	// LazyNLU builds it only when a request first carries words (Alexa's
	// Describe intents), so cold starts that answer an intent skip it. App.NLU
	// stays nil.
	LazyNLU bool
	// Now is the clock for review dates.
	Now func() time.Time
	// Middleware wraps the conversation, outermost first (telemetry goes here).
	Middleware []skill.Middleware
	// Logger gets operators' details of failures (never personal data);
	// slog.Default() when nil.
	Logger *slog.Logger
}

// App is the wired skill.
type App struct {
	Config  *config.Skill
	Nation  string
	Store   *content.Store
	Model   *model.Model
	NLU     *nlu.NLU // nil unless Config.NLU
	Skill   *answers.Skill
	Handler skill.Handler
}

// New loads and validates everything; any problem is a start-up error.
func New(cfg Config) (*App, error) {
	sk := cfg.Skill
	if sk == nil {
		var err error
		if sk, err = config.Embedded(); err != nil {
			return nil, err
		}
	}
	nation := cfg.Nation
	if nation == "" {
		nation = sk.Nation
	}
	sp, err := sk.SignpostsFor(nation)
	if err != nil {
		return nil, err
	}
	if cfg.Signposts != nil {
		sp = *cfg.Signposts
	}
	cfs, mfs := cfg.Content, cfg.Model
	if cfs == nil {
		cfs = contentfiles.FS
	}
	if mfs == nil {
		mfs = intents.FS
	}
	store, err := content.Load(cfs, sp)
	if err != nil {
		return nil, err
	}
	m, err := model.Load(mfs)
	if err != nil {
		return nil, err
	}
	m.Invocation = sk.Invocation
	a := &App{Config: sk, Nation: sp.Nation, Store: store, Model: m}
	a.Skill, err = answers.New(store, answers.Config{
		SkillName:    sk.Name,
		Disclaimer:   sk.Disclaimer,
		Examples:     sk.Examples,
		ApprovedOnly: cfg.ApprovedOnly,
		TopicIntents: m.TopicIntents(),
		Now:          cfg.Now,
		// The nation's number, as its signposting: SKILL_NATION picks both.
		PhoneTransfer: sk.PhoneTransferFor(nation),
	})
	if err != nil {
		return nil, err
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	mw := append([]skill.Middleware(nil), cfg.Middleware...)
	mw = append(mw, a.Skill.Recover(cfg.Logger))
	if cfg.NLU {
		if a.NLU, err = nlu.New(m); err != nil {
			return nil, err
		}
		mw = append(mw, nlu.Guard(a.NLU))
	} else if cfg.LazyNLU {
		mw = append(mw, nlu.LazyGuard(lazyNLU(m, cfg.Logger)))
	}
	a.Handler = skill.Chain(a.Skill, mw...)
	for _, id := range store.IDs() {
		if _, ok := m.Intent(intentName(m, id)); !ok && id != content.UrgentHelpID {
			return nil, fmt.Errorf("app: topic %q has no intent in the interaction model", id)
		}
	}
	return a, nil
}

// lazyNLU builds the NLU on first use. A failure is logged (no request data)
// and tried again on the next request that needs it, never kept for good.
func lazyNLU(m *model.Model, log *slog.Logger) func() (*nlu.NLU, error) {
	var mu sync.Mutex
	var built *nlu.NLU
	return func() (*nlu.NLU, error) {
		mu.Lock()
		defer mu.Unlock()
		if built != nil {
			return built, nil
		}
		n, err := nlu.New(m)
		if err != nil {
			log.Error("app: cannot build the offline NLU; the words of this request are not read", "error", err.Error())
			return nil, err
		}
		built = n
		return built, nil
	}
}

func intentName(m *model.Model, topic string) string {
	for name, id := range m.TopicIntents() {
		if id == topic {
			return name
		}
	}
	return ""
}

// Known reports whether name is an intent of the model, so telemetry can record
// it as it is (anything else is recorded as "other").
func (a *App) Known(name string) bool {
	_, ok := a.Model.Intent(name)
	return ok || name == skill.FallbackIntent
}

// Understand reads a parent's words with the offline NLU, red flags first,
// into the request the text platform sends (no session yet). It needs the
// NLU (Config.NLU).
func (a *App) Understand(words string) *skill.Request {
	return a.NLU.Parse(words).Request(words, nil, false)
}
