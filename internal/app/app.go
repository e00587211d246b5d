package app

import (
	"cmp"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"sync"
	"time"

	contentfiles "github.com/feedingfriend/skill/content"
	"github.com/feedingfriend/skill/intents"
	"github.com/feedingfriend/skill/internal/answers"
	"github.com/feedingfriend/skill/internal/config"
	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/model"
	"github.com/feedingfriend/skill/internal/nlu"
	"github.com/feedingfriend/skill/internal/prebuilt"
	"github.com/feedingfriend/skill/internal/prebuilt/embedded"
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
	// Edge is what a platform adapter says itself, from the prompts: give it
	// to the adapter (alexa.Config.Texts).
	Edge skill.EdgeTexts
}

// New wires the skill; any problem is a start-up error. The files built
// into the binary come from their image, loaded, checked and verified at
// build time (package embedded); an editor's working copy (Config.Content or
// Config.Model) is read and checked now, the same way (prebuilt.Build).
func New(cfg Config) (*App, error) { return newFrom(cfg, embedded.Image()) }

// newFrom is New with builtin as the image of the files built into the
// binary.
func newFrom(cfg Config, builtin *prebuilt.Image) (*App, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	img, sk, sp, err := image(cfg, builtin)
	if err != nil {
		return nil, err
	}
	store, rules, err := img.Thaw(sp)
	if err != nil {
		return nil, err
	}
	if err := ready(img.Integrity, store, rules, cfg); err != nil {
		return nil, err
	}
	// The image is shared: the model's invocation is this skill's.
	m := *img.Model
	m.Invocation = sk.Invocation
	p := store.Prompts()
	a := &App{Config: sk, Nation: sp.Nation, Store: store, Model: &m, Edge: skill.EdgeTexts{
		Failure: p.Text(content.PromptPlatformError), WrongLocale: p.Text(content.PromptWrongLocale), Unsupported: p.Text(content.PromptUnsupported),
		UnsupportedInSession: p.Text(content.PromptUnsupportedInSession), Reprompt: p.Text(content.PromptUnsupportedReprompt)}}
	a.Skill, err = answers.New(store, answers.Config{
		ApprovedOnly: cfg.ApprovedOnly,
		TopicIntents: m.TopicIntents(),
		Now:          cfg.Now,
		// The nation's number, as its signposting: SKILL_NATION picks both.
		PhoneTransfer: sk.PhoneTransferFor(cmp.Or(cfg.Nation, sk.Nation)),
	})
	if err != nil {
		return nil, err
	}
	mw := append([]skill.Middleware(nil), cfg.Middleware...)
	mw = append(mw, a.Skill.Recover(cfg.Logger))
	if cfg.NLU {
		if a.NLU, err = nlu.New(a.Model); err != nil {
			return nil, err
		}
		mw = append(mw, nlu.Guard(a.NLU))
	} else if cfg.LazyNLU {
		mw = append(mw, nlu.LazyGuard(lazyNLU(a.Model, cfg.Logger)))
	}
	a.Handler = skill.Chain(a.Skill, mw...)
	return a, nil
}

// image returns the checked image of the skill's files, the skill.yaml
// configuration and the signposting cfg asks for.
//
// The image built into the binary (builtin) is used when cfg asks for the
// built-in files and their signposting, and only when its Fingerprint is
// that of the files this binary carries (prebuilt.EmbeddedFingerprint): the
// image was then loaded, checked and verified from these bytes, by the code
// that would check them now. That is why none of it is checked again at
// start-up, the approvals included:
//
//   - parsing and validating the answers, prompts, model and skill.yaml give
//     the same result for the same bytes, and an error stops go generate;
//   - content.Verify (the audit log's chain and Ed25519 signatures, every
//     approval record against its signed entry, the approved snapshots, an
//     interrupted step's journal) reads only these files, so its verdict on
//     them cannot change after the build: the image records it
//     (Image.Integrity), and ready refuses to start on it as before;
//   - what depends on the moment or the deployment stays here, in ready:
//     approved-only serving, review dates against the clock, the nation's
//     signposting.
//
// The fingerprint keeps a binary built from files changed after the last go
// generate (which TestImageIsFresh fails in CI) from serving the stale
// image: it says so and reads the files, as it reads an editor's copy,
// verification and all. It is a CRC, not a cryptographic hash, because it
// guards against a forgotten go generate, not an attacker: files changed on
// purpose to keep the CRC would only bring back the image built, and
// verified, before the change, never their own text. A hand-edited image.go
// is code, trusted as the rest of the code is, through review and CI, where
// TestImageIsFresh compares it with the files.
func image(cfg Config, builtin *prebuilt.Image) (*prebuilt.Image, *config.Skill, content.Signposts, error) {
	fresh := false
	if cfg.Content == nil && cfg.Model == nil && builtin != nil && builtin.Fingerprint != "" {
		fp, err := prebuilt.EmbeddedFingerprint()
		if err != nil {
			return nil, nil, content.Signposts{}, err
		}
		if fresh = fp == builtin.Fingerprint; !fresh {
			cfg.Logger.Warn("app: the built-in image is not of the files this binary carries: reading them instead (a slower start); run " + prebuilt.Regenerate)
		}
	}
	sk := cfg.Skill
	if sk == nil && fresh {
		c := *builtin.Skill // the image is shared
		sk = &c
	} else if sk == nil {
		var err error
		if sk, err = config.Embedded(); err != nil {
			return nil, nil, content.Signposts{}, err
		}
	}
	sp, err := sk.SignpostsFor(cfg.Nation)
	if err != nil {
		return nil, nil, content.Signposts{}, err
	}
	if cfg.Signposts != nil {
		sp = *cfg.Signposts
	}
	if fresh && builtin.Content.Holds(sp) {
		return builtin, sk, sp, nil
	}
	cfs, mfs := cfg.Content, cfg.Model
	if cfs == nil {
		cfs = contentfiles.FS
	}
	if mfs == nil {
		mfs = intents.FS
	}
	img, err := prebuilt.Build(sk, sp, cfs, mfs)
	return img, sk, sp, err
}

// ready refuses to start a skill whose approvals do not verify (integrity is
// what content.Verify found: the audit log's chain and signatures, every
// approval record against its signed entry, every snapshot, no interrupted
// step), whatever the serving mode: nothing may be served as approved on
// records that cannot be trusted. Approved-only
// serving also needs the skill's own words (prompts.yaml) approved and
// unchanged, and at least one approved answer; a deployment with none would
// answer every question "I can't give you that answer", so it does not start,
// and says what to do. An approved answer whose review date has passed
// does not stop a start (it is blocked, with the helpline and 111 and 999, and
// logged here), so a date passing never takes a live skill down.
func ready(integrity []content.Problem, store *content.Store, rules []*content.Topic, cfg Config) error {
	if len(integrity) > 0 {
		return fmt.Errorf("app: refusing to start: %w", &content.IntegrityError{Problems: integrity})
	}
	now := time.Now()
	if cfg.Now != nil {
		now = cfg.Now()
	}
	approved, servable := 0, 0
	var overdue []string
	for _, t := range store.Written() {
		if t.Status != content.Approved {
			continue
		}
		approved++
		if t.ServableAsApproved(now) {
			servable++
		} else if t.ReviewOverdue(now) {
			overdue = append(overdue, t.ID)
		}
	}
	if !cfg.ApprovedOnly {
		return nil
	}
	total := len(store.IDs())
	if approved == 0 {
		return fmt.Errorf("app: refusing to start: approved-only serving, but none of the %d answers is approved, so every question would get \"I can't give you that answer\". "+
			"Have clinicians approve the answers (docs/clinical-safety/README.md) and check with `skill content check --release` before deploying; "+
			"for a local trial of the drafts only, turn approved-only off (--approved-only=false, APPROVED_ONLY=false)", total)
	}
	// The skill's own words frame every reply, and the red-flag rules decide
	// when 999 and 111 are said: approved-only serving runs only approved,
	// unchanged ones. Past their review date they are still used (the
	// alternative is silence, or no urgent routing), and the start says so.
	for _, p := range append([]*content.Topic{store.PromptsTopic()}, rules...) {
		switch {
		case p.Status != content.Approved:
			return fmt.Errorf("app: refusing to start: approved-only serving, but %s (%s) is %s: "+
				"have a clinician approve it (skill content submit %s, then skill content approve %s) and check with `skill content check --release`", p.File, strings.ToLower(p.Title), p.Status, p.ID, p.ID)
		case p.ChangedSinceApproval():
			return fmt.Errorf("app: refusing to start: approved-only serving, but %s changed since approval on %s by %s (its text, or a number or name it speaks in skill.yaml): "+
				"see `skill content diff %s`, then have it approved again", p.File, p.Approval.On, p.Approval.By, p.ID)
		case p.ReviewOverdue(now):
			cfg.Logger.Error("app: past its clinical review date: review it", "file", p.File, "review_due", p.Approval.ReviewDue)
		}
	}
	cfg.Logger.Info("app: approved-only serving", "answers", total, "approved", approved, "servable", servable, "content_version", store.Version())
	if len(overdue) > 0 {
		cfg.Logger.Error("app: answers past their clinical review date are not served", "overdue", strings.Join(overdue, ","))
	}
	return nil
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
