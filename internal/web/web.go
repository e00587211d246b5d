package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/feedingfriend/skill/internal/lazyre"
	"github.com/feedingfriend/skill/internal/ratelimit"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/feedingfriend/skill/internal/webstate"
)

// Limits on what a request may hold.
const (
	// MaxBody is the largest request body accepted, JSON or form.
	MaxBody = 8 << 10
	// MaxWords is the longest question accepted, in characters.
	MaxWords = 500
	// MaxAgeDays is the oldest age a device may bring back (5 years, as the
	// conversation accepts).
	MaxAgeDays = 5 * 365
	// DefaultTimeout bounds the time spent answering.
	DefaultTimeout = 4 * time.Second
)

// Understand reads a parent's words into a request: the offline NLU, red
// flags first, as on the text platform. The web channel fills in the session.
type Understand func(words string) *skill.Request

// Urgent is the signposting the page shows with urgent help and in its safety
// net: the emergency number and the nation's urgent service.
type Urgent struct {
	// Emergency is the number to dial in an emergency ("999").
	Emergency string
	// Service names the urgent service ("NHS 111", "NHS 24 on 111").
	Service string
	// Number is what to dial for it ("111"; in Northern Ireland "your GP
	// practice", which is shown, not dialled).
	Number string
	// HelplineName and HelplineNumber are the breastfeeding helpline.
	HelplineName, HelplineNumber string
}

// Theme is the page's look from skill.yaml: colours as #rrggbb.
type Theme struct {
	// Colour is the header and link colour (NHS blue by default).
	Colour string
	// ButtonColour is the main button's colour (NHS green by default).
	ButtonColour string
}

// Defaults of the NHS.UK design system.
const (
	NHSBlue  = "#005eb8"
	NHSGreen = "#007f3b"
)

// Config is what the web chat needs.
type Config struct {
	// Name is the service's name (skill.yaml's name).
	Name string
	// Disclaimer is shown at the start of every page.
	Disclaimer string
	// Examples are the questions suggested on the welcome.
	Examples []string
	// Topics maps the title of each topic the conversation may suggest to its
	// id, so a suggestion is a button that names its topic.
	Topics map[string]string
	// Urgent is the signposting.
	Urgent Urgent
	// Understand reads the parent's words (required).
	Understand Understand
	// Signer signs the conversation state (required).
	Signer *webstate.Signer
	// Limiter limits requests per client address (ratelimit defaults when nil).
	Limiter *ratelimit.Limiter
	// BehindProxy takes the client address from X-Forwarded-For's last entry.
	BehindProxy bool
	// Theme is the page's colours (NHS.UK's when empty).
	Theme Theme
	// EmbedOrigins are the sites allowed to show the chat in an iframe
	// (https://www.example.nhs.uk); none but this site when empty.
	EmbedOrigins []string
	// ApprovedOnly says only approved answers are served (the conversation
	// enforces it); the page then marks nothing as a draft.
	ApprovedOnly bool
	// PrivacyURL is linked from the page's footer.
	PrivacyURL string
	// Timeout bounds the time spent answering (DefaultTimeout when 0).
	Timeout time.Duration
	// Logger gets one line per request, with no personal data.
	Logger *slog.Logger
	// KnownIntents are the intent names the log may carry as they are.
	KnownIntents skill.Known
}

// Chat is the web chat channel. Its handlers are safe for concurrent use.
type Chat struct {
	h      skill.Handler
	cfg    Config
	csp    string
	assets *assets
	topics map[string]bool // the ids of Config.Topics
}

var (
	colourRE = lazyre.New(`^#[0-9a-fA-F]{6}$`)
	topicRE  = lazyre.New(`^[a-z0-9][a-z0-9-]{0,63}$`)
)

// New returns the web chat around h, the conversation (already wrapped in
// the NLU guard and telemetry by the caller).
func New(h skill.Handler, cfg Config) (*Chat, error) {
	if h == nil {
		return nil, errors.New("web: nil handler")
	}
	if cfg.Understand == nil {
		return nil, errors.New("web: no Understand: the chat needs the offline NLU")
	}
	if cfg.Signer == nil {
		return nil, errors.New("web: no Signer for the conversation state")
	}
	if cfg.Name == "" {
		cfg.Name = "Feeding Friend"
	}
	if cfg.Urgent.Emergency == "" {
		cfg.Urgent.Emergency = "999"
	}
	if cfg.Theme.Colour == "" {
		cfg.Theme.Colour = NHSBlue
	}
	if cfg.Theme.ButtonColour == "" {
		cfg.Theme.ButtonColour = NHSGreen
	}
	if err := cfg.Theme.Check(); err != nil {
		return nil, err
	}
	for _, o := range cfg.EmbedOrigins {
		if err := checkOrigin(o); err != nil {
			return nil, err
		}
	}
	if cfg.Limiter == nil {
		cfg.Limiter = ratelimit.New(ratelimit.Config{})
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	c := &Chat{h: h, cfg: cfg, csp: csp(cfg.EmbedOrigins), topics: map[string]bool{}}
	for _, id := range cfg.Topics {
		c.topics[id] = true
	}
	var err error
	if c.assets, err = newAssets(cfg.Theme); err != nil {
		return nil, err
	}
	return c, nil
}

// Check reports a colour that is not #rrggbb or that white text on it would
// not read at WCAG AA (a contrast of 4.5:1).
func (t Theme) Check() error {
	for _, c := range []struct{ key, v string }{{"colour", t.Colour}, {"button_colour", t.ButtonColour}} {
		if !colourRE().MatchString(c.v) {
			return fmt.Errorf("web: %s %q: write it as #rrggbb", c.key, c.v)
		}
		if r := contrast(c.v, "#ffffff"); r < 4.5 {
			return fmt.Errorf("web: %s %s: white text on it has a contrast of %.1f:1, WCAG AA needs 4.5:1; choose a darker colour", c.key, c.v, r)
		}
	}
	return nil
}

// checkOrigin accepts https://host[:port], the form frame-ancestors takes.
func checkOrigin(o string) error {
	u, err := url.Parse(o)
	if err != nil || u.Scheme != "https" || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil ||
		strings.ContainsAny(o, " ;,'\"*") {
		return fmt.Errorf("web: embed origin %q: write it as https://www.example.nhs.uk", o)
	}
	return nil
}

// csp is the Content-Security-Policy of every response: this origin only, no
// inline script or style, and framing only by this site and the embed origins.
func csp(embed []string) string {
	ancestors := "'self'"
	for _, o := range embed {
		ancestors += " " + strings.TrimSuffix(o, "/")
	}
	return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; " +
		"media-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors " + ancestors
}

// Routes are the chat's routes, as net/http ServeMux patterns.
func (c *Chat) Routes() map[string]http.Handler {
	return map[string]http.Handler{
		"GET /chat":               c.edge("page", c.limited(http.HandlerFunc(c.servePage))),
		"POST /chat":              c.edge("page", c.limited(http.HandlerFunc(c.servePage))),
		"POST /chat/api":          c.edge("api", c.limited(http.HandlerFunc(c.serveAPI))),
		"GET /chat/assets/{name}": c.edge("asset", http.HandlerFunc(c.assets.serve)),
	}
}

// Handler serves the chat's routes on their own, with / sent to /chat (the
// web Lambda behind a Function URL).
func (c *Chat) Handler() http.Handler {
	mux := http.NewServeMux()
	for p, h := range c.Routes() {
		mux.Handle(p, h)
	}
	mux.Handle("GET /{$}", http.RedirectHandler("/chat", http.StatusFound))
	return mux
}
