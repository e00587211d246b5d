package dialogflow

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/feedingfriend/skill/internal/skill"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// Defaults for Config.
const (
	// DefaultTimeout leaves a margin inside Dialogflow's fixed 5 second deadline.
	DefaultTimeout = 4 * time.Second
	// DefaultMaxBody is the largest request body accepted.
	DefaultMaxBody = 64 << 10
	// MaxResponse is the largest response Dialogflow accepts (64 KiB).
	MaxResponse = 64 << 10
	// DefaultSecretHeader carries the shared secret when Config.Header is empty.
	DefaultSecretHeader = "X-Webhook-Secret"
	// MinSecretLen is the shortest password or shared secret accepted.
	MinSecretLen = 16
)

// ErrNoCredentials is returned by NewES and NewCX when no credentials are
// configured and Insecure is not set: a webhook open to the internet would answer
// anyone who finds its URL.
var ErrNoCredentials = errors.New("dialogflow: no webhook credentials configured (set basic auth or a shared secret, or Insecure for local development)")

// Config secures and limits a webhook. Set basic auth (Username and Password, as
// entered in the Dialogflow fulfillment settings), a shared secret sent in a
// custom header (Secret, in Header), or both; a request is accepted when it
// satisfies any configured method.
type Config struct {
	Username, Password string
	// PasswordFunc, when set, gives the basic-auth password at request time
	// instead of Password: a secret store read through a cache, so that a
	// rotated password is taken up without a redeploy. An error refuses the
	// request with 503.
	PasswordFunc func(ctx context.Context) (string, error)
	// Header names the header carrying Secret (DefaultSecretHeader when empty).
	Header, Secret string
	// Insecure serves without credentials. Only for local development and tests.
	Insecure bool
	// Timeout bounds the time spent answering (DefaultTimeout when zero).
	Timeout time.Duration
	// MaxBody bounds the request body in bytes (DefaultMaxBody when zero).
	MaxBody int64
	// Logger receives one line per request, without personal data (slog.Default when nil).
	Logger *slog.Logger
	// KnownIntents are the neutral intent names the log may carry as they
	// are; any other ES display name or CX tag is logged as "other" (all of
	// them when nil).
	KnownIntents skill.Known
}

func (c Config) withDefaults() (Config, error) {
	if c.Password != "" && c.PasswordFunc != nil {
		return c, errors.New("dialogflow: give the basic auth password or a function that reads it, not both")
	}
	if (c.Username == "") != (c.Password == "" && c.PasswordFunc == nil) {
		return c, errors.New("dialogflow: basic auth needs both a username and a password")
	}
	if c.Password != "" && len(c.Password) < MinSecretLen {
		return c, fmt.Errorf("dialogflow: the basic auth password must be at least %d characters", MinSecretLen)
	}
	if c.Secret != "" && len(c.Secret) < MinSecretLen {
		return c, fmt.Errorf("dialogflow: the shared secret must be at least %d characters", MinSecretLen)
	}
	if c.Header != "" && c.Secret == "" {
		return c, errors.New("dialogflow: a secret header is configured without a secret")
	}
	if c.Header == "" {
		c.Header = DefaultSecretHeader
	}
	if c.Username == "" && c.Secret == "" && !c.Insecure {
		return c, ErrNoCredentials
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxBody <= 0 {
		c.MaxBody = DefaultMaxBody
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c, nil
}

// replier renders the reply to one decoded request, leaving out what trim says
// must go to fit the size limit.
type replier func(resp *skill.Response, trim trim) proto.Message

// trim is how much of a reply is left out to fit within MaxResponse: each
// level leaves out what the one before did and more. The answer itself and the
// skill's own session state are never left out.
type trim int

const (
	trimNone   trim = iota // the whole reply
	trimRich               // without the rich content (cards, chips)
	trimEcho               // also without the other active contexts echoed back (ES)
	trimLevels             // the number of levels
)

// flavour is one Dialogflow edition's wire format.
type flavour interface {
	name() string
	decode(body []byte) (*skill.Request, replier, error)
}

// NewES returns the Dialogflow ES (v2) webhook around h.
func NewES(h skill.Handler, cfg Config) (http.Handler, error) { return newWebhook(es{}, h, cfg) }

// NewCX returns the Dialogflow CX (v3) webhook around h.
func NewCX(h skill.Handler, cfg Config) (http.Handler, error) { return newWebhook(cx{}, h, cfg) }

func newWebhook(f flavour, h skill.Handler, cfg Config) (http.Handler, error) {
	if h == nil {
		return nil, errors.New("dialogflow: nil handler")
	}
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	return &webhook{f: f, h: h, cfg: cfg}, nil
}

type webhook struct {
	f   flavour
	h   skill.Handler
	cfg Config
}

var marshal = protojson.MarshalOptions{}

// ServeHTTP checks the request at the edge (method, credentials, content type,
// size), answers it within the deadline and logs one line without personal data.
func (wh *webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &record{flavour: wh.f.name()}
	defer func() {
		if p := recover(); p != nil {
			rec.status, rec.reason = http.StatusInternalServerError, "panic"
			wh.cfg.Logger.Error("dialogflow: panic serving webhook", "flavour", rec.flavour, "stack", string(debug.Stack()))
			writeError(w, http.StatusInternalServerError, "internal error")
		}
		wh.log(rec, time.Since(start))
	}()
	rec.status, rec.reason = wh.serve(w, r, rec)
}

// serve does the work and returns the status written and, for failures, a short
// reason for the log.
func (wh *webhook) serve(w http.ResponseWriter, r *http.Request, rec *record) (int, string) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		return writeError(w, http.StatusMethodNotAllowed, "method not allowed"), "method"
	}
	ok, err := wh.authorized(r)
	if err != nil {
		wh.cfg.Logger.Error("dialogflow: the webhook password cannot be read", "error", err.Error())
		return writeError(w, http.StatusServiceUnavailable, "credentials unavailable"), "secret"
	}
	if !ok {
		if wh.cfg.Username != "" {
			w.Header().Set("WWW-Authenticate", `Basic realm="feeding-friend", charset="UTF-8"`)
		} else {
			w.Header().Set("WWW-Authenticate", `Secret realm="feeding-friend"`)
		}
		return writeError(w, http.StatusUnauthorized, "unauthorized"), "auth"
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return writeError(w, http.StatusUnsupportedMediaType, "content type must be application/json"), "content-type"
	}
	if r.ContentLength > wh.cfg.MaxBody {
		return writeError(w, http.StatusRequestEntityTooLarge, "request body too large"), "too-large"
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, wh.cfg.MaxBody))
	if err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return writeError(w, http.StatusRequestEntityTooLarge, "request body too large"), "too-large"
		}
		return writeError(w, http.StatusBadRequest, "could not read the request body"), "read"
	}
	req, reply, err := wh.f.decode(body)
	if err != nil {
		msg := "malformed request"
		var se *skill.Error
		if errors.As(err, &se) {
			msg = se.Msg // a fixed phrase, never the parser's detail or user text
		}
		return writeError(w, http.StatusBadRequest, msg), "malformed"
	}
	rec.intent = skill.LogValue(req.Intent, wh.cfg.KnownIntents)
	if req.Type == skill.Launch {
		rec.intent = "launch"
	}

	ctx, cancel := context.WithTimeout(r.Context(), wh.cfg.Timeout)
	defer cancel()
	resp, err := wh.handle(ctx, req)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return writeError(w, http.StatusServiceUnavailable, "timed out"), "timeout"
	case err != nil && skill.KindOf(err) == skill.Invalid:
		return writeError(w, http.StatusBadRequest, "unsupported request"), "invalid"
	case err != nil || resp == nil:
		wh.cfg.Logger.Error("dialogflow: handler failed", "flavour", wh.f.name(), "kind", skill.KindOf(err).String())
		return writeError(w, http.StatusInternalServerError, "internal error"), "internal"
	}
	rec.outcome = string(resp.Outcome)

	var out []byte
	for level := trimNone; level < trimLevels; level++ {
		if out, err = marshal.Marshal(reply(resp, level)); err != nil || len(out) <= MaxResponse {
			break
		}
		rec.reason = "trimmed"
	}
	if err != nil || len(out) > MaxResponse {
		return writeError(w, http.StatusInternalServerError, "internal error"), "response-too-large"
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(out)
	return http.StatusOK, rec.reason
}

// handle runs the conversation within ctx's deadline; a panic in it is an error.
func (wh *webhook) handle(ctx context.Context, req *skill.Request) (*skill.Response, error) {
	type result struct {
		resp *skill.Response
		err  error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				wh.cfg.Logger.Error("dialogflow: panic in the conversation", "flavour", wh.f.name(), "stack", string(debug.Stack()))
				done <- result{err: skill.Errorf(skill.Internal, "panic")}
			}
		}()
		resp, err := wh.h.Handle(ctx, req)
		done <- result{resp, err}
	}()
	select {
	case res := <-done:
		return res.resp, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// authorized checks the configured credentials in constant time. Every configured
// method is compared, so the time taken does not say which one failed.
func (wh *webhook) authorized(r *http.Request) (bool, error) {
	if wh.cfg.Username == "" && wh.cfg.Secret == "" {
		return wh.cfg.Insecure, nil
	}
	ok := 0
	if wh.cfg.Username != "" {
		password := wh.cfg.Password
		if wh.cfg.PasswordFunc != nil {
			var err error
			if password, err = wh.cfg.PasswordFunc(r.Context()); err != nil {
				return false, err
			}
			if len(password) < MinSecretLen {
				return false, fmt.Errorf("the stored password is shorter than %d characters", MinSecretLen)
			}
		}
		u, p, _ := r.BasicAuth()
		uok := subtle.ConstantTimeCompare([]byte(u), []byte(wh.cfg.Username))
		pok := subtle.ConstantTimeCompare([]byte(p), []byte(password))
		ok |= uok & pok
	}
	if wh.cfg.Secret != "" {
		ok |= subtle.ConstantTimeCompare([]byte(r.Header.Get(wh.cfg.Header)), []byte(wh.cfg.Secret))
	}
	return ok == 1, nil
}

// record is what the log line of one request says. It never holds session ids,
// the user's words or parameters, and the intent only when it is known.
type record struct {
	flavour, intent, outcome, reason string
	status                           int
}

func (wh *webhook) log(rec *record, d time.Duration) {
	level := slog.LevelInfo
	if rec.status >= 500 {
		level = slog.LevelError
	} else if rec.status >= 400 {
		level = slog.LevelWarn
	}
	attrs := []slog.Attr{slog.String("flavour", rec.flavour), slog.Int("status", rec.status),
		slog.Int64("duration_ms", d.Milliseconds())}
	if rec.intent != "" {
		attrs = append(attrs, slog.String("intent", rec.intent))
	}
	if rec.outcome != "" {
		attrs = append(attrs, slog.String("outcome", rec.outcome))
	}
	if rec.reason != "" {
		attrs = append(attrs, slog.String("reason", rec.reason))
	}
	wh.cfg.Logger.LogAttrs(context.Background(), level, "dialogflow webhook", attrs...)
}

// writeError writes a short JSON error and returns the status.
func writeError(w http.ResponseWriter, status int, msg string) int {
	b, _ := json.Marshal(map[string]string{"error": msg})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b)
	return status
}
