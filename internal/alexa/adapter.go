package alexa

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"

	"github.com/feedingfriend/skill/internal/skill"
)

// DefaultMaxBody is the largest request Invoke accepts. Real requests are a few
// kilobytes.
const DefaultMaxBody = 256 << 10

// Config configures the adapter.
type Config struct {
	// SkillID is the skill's application id (amzn1.ask.skill....). Requests for
	// any other skill are refused. Empty accepts every skill, with a warning at
	// start: use it only offline.
	SkillID string
	// Logger gets one line per problem and never personal data; nothing is
	// logged when nil.
	Logger *slog.Logger
	// Catalog says which topics the skill answers, for CanFulfillIntentRequest.
	// When nil every CanFulfillIntentRequest is answered NO.
	Catalog Catalog
	// MaxBody is the largest request accepted (DefaultMaxBody when 0).
	MaxBody int
	// KnownIntents are the neutral intent names the log may carry as they
	// are; any other is logged as "other" (all of them when nil).
	KnownIntents skill.Known
	// Texts are what the adapter says itself (a failure, an unsupported
	// locale or request): the skill's approved prompts. Tests of the adapter
	// alone may leave them empty.
	Texts skill.EdgeTexts
}

// Catalog is what the adapter needs to know about the interaction model to
// answer CanFulfillIntentRequest honestly. *model.Model implements it.
type Catalog interface {
	// TopicIntents maps each topic intent's name to its content id.
	TopicIntents() map[string]string
	// TopicFor resolves a topic id or a word for a topic (any case) to the topic id.
	TopicFor(word string) (id string, ok bool)
}

// Adapter serves Alexa requests with a skill.Handler. It implements
// aws-lambda-go's lambda.Handler (Invoke) and http.Handler.
type Adapter struct {
	h      skill.Handler
	cfg    Config
	log    *slog.Logger
	topics map[string]string
	// intents are the Alexa names of the skill's intents, each its own
	// value: the decoder hands these out rather than copying them.
	intents map[string]string
	maxBody int
	texts   skill.EdgeTexts
	// cardDocs are the card's APL documents for the usual versions, made once.
	cardDocs map[string]map[string]any
}

var _ http.Handler = (*Adapter)(nil)

// Handler returns the adapter that serves Alexa requests with h.
func Handler(h skill.Handler, cfg Config) *Adapter {
	a := &Adapter{h: h, cfg: cfg, log: cfg.Logger, maxBody: cfg.MaxBody, texts: cfg.Texts, cardDocs: cardDocuments()}
	if a.texts == (skill.EdgeTexts{}) {
		a.texts = testTexts
	}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	if a.maxBody <= 0 {
		a.maxBody = DefaultMaxBody
	}
	if cfg.Catalog != nil {
		a.topics = cfg.Catalog.TopicIntents()
	}
	a.intents = intentNames(a.topics)
	if cfg.SkillID == "" {
		a.log.Warn("alexa: no skill id configured: requests for any skill are accepted")
	}
	return a
}

// intentNames are the Alexa names of the topic intents and of the neutral
// intents the conversation handles, each mapped to itself. A name missing
// here is still read, only copied.
func intentNames(topics map[string]string) map[string]string {
	names := make(map[string]string, len(topics)+len(neutralIntents))
	for name := range topics {
		names[name] = name
	}
	for _, n := range neutralIntents {
		n = skill.AlexaIntentName(n)
		names[n] = n
	}
	return names
}

// neutralIntents are the intents of the skill that are not topics.
var neutralIntents = []string{skill.HelpIntent, skill.StopIntent, skill.CancelIntent, skill.FallbackIntent,
	skill.YesIntent, skill.NoIntent, skill.MoreIntent, skill.RepeatIntent, skill.NavigateHomeIntent,
	skill.StartOverIntent, skill.TopicIntent, skill.BabyAgeIntent, skill.UrgentHelpIntent,
	skill.UrgentMotherIntent, skill.MentalHealthCrisisIntent, skill.DescribeIntent, skill.DescribeBabyIntent,
	skill.DescribeSelfIntent, skill.DescribeCantIntent, skill.DescribeKeepIntent, skill.DescribeWorryIntent,
	skill.GreetingIntent, skill.ThanksIntent}

// Invoke answers one raw request envelope with a raw response envelope. A
// malformed envelope is an error of kind skill.Invalid, a request for another
// skill skill.Unauthorized and an oversized one skill.TooLarge; everything else
// gets a response, a safe spoken one when something went wrong.
func (a *Adapter) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	bp := encodeBuffers.Get().(*[]byte)
	defer putEncodeBuffer(bp)
	out, err := a.invokeAppend(ctx, payload, (*bp)[:0])
	if err != nil {
		return nil, err
	}
	*bp = out
	return bytes.Clone(out), nil
}

// invokeAppend is Invoke, appending the response to dst.
func (a *Adapter) invokeAppend(ctx context.Context, payload, dst []byte) ([]byte, error) {
	if len(payload) > a.maxBody {
		return nil, skill.Errorf(skill.TooLarge, "alexa: request of %d bytes is over the limit of %d", len(payload), a.maxBody)
	}
	var env RequestEnvelope
	t := turns.Get().(*turn)
	defer putTurn(t)
	if err := decodeEnvelope(payload, &env, a.cfg.SkillID, a.intents, t); err != nil {
		return nil, skill.Wrap(skill.Invalid, err, "alexa: malformed request envelope")
	}
	out, err := a.serve(ctx, &env, t)
	if err != nil {
		return nil, err
	}
	return a.encode(dst, out)
}

// turn is the memory one request needs, in one piece: the envelope's
// session and intent as decoded, the neutral request and the response.
type turn struct {
	session Session
	intent  Intent
	req     skill.Request
	out     rendered
}

// turns hold zeroed turns for invokeAppend. A turn is used only while its
// request is answered: the handler and the middleware answer synchronously
// and keep nothing of the request once Handle returns, and the response is
// encoded before the turn goes back. Reusing it saves its allocation (640
// bytes; when it was 512, that was a third of an IntentRequest's garbage,
// 512 of 1856 bytes, and so a third of its garbage collections).
var turns = sync.Pool{New: func() any { return new(turn) }}

// putTurn zeroes t, so that it keeps nothing alive and the next request finds
// it as new, and returns it to turns.
func putTurn(t *turn) {
	*t = turn{}
	turns.Put(t)
}

// Serve answers one decoded request envelope. It checks the skill id, then
// dispatches on the request type. Invoke also keeps the encoded response under
// MaxResponse; callers of Serve that encode it themselves must do the same.
func (a *Adapter) Serve(ctx context.Context, env *RequestEnvelope) (out *ResponseEnvelope, err error) {
	return a.serve(ctx, env, new(turn))
}

// serve is Serve with the memory of a turn in t (Invoke's, or a new one).
func (a *Adapter) serve(ctx context.Context, env *RequestEnvelope, t *turn) (out *ResponseEnvelope, err error) {
	if env == nil || env.Request.Type == "" {
		return nil, skill.Errorf(skill.Invalid, "alexa: request envelope has no request type")
	}
	if err := a.checkSkill(env); err != nil {
		a.log.Warn("alexa: request refused", "reason", err.Error(), "type", skill.LogValue(env.Request.Type, knownType))
		return nil, err
	}
	// Every line logged below carries the request type; it is added to each
	// line rather than with a.log.With, which would cost a logger per request.
	typ := skill.LogValue(env.Request.Type, knownType)
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("alexa: panic answering request", "type", typ, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			out, err = a.sorry(), nil
		}
	}()
	switch env.Request.Type {
	case SessionEndedRequest:
		args := []any{"type", typ, "reason", skill.LogValue(env.Request.Reason, knownReason)}
		if e := env.Request.Error; e != nil {
			args = append(args, "errorType", skill.LogValue(e.Type, knownErrorType))
		}
		a.log.Info("alexa: session ended", args...)
		// The conversation (and its telemetry) hears of it; nothing can be said.
		if _, herr := a.h.Handle(ctx, &skill.Request{Type: skill.SessionEnd, Reason: env.Request.Reason, Locale: env.Request.Locale}); herr != nil {
			a.log.Warn("alexa: session end", "type", typ, "error", herr.Error())
		}
		return empty(), nil
	case ExceptionEncounteredRequest:
		// The error's message is free text and is not logged: reproduce the
		// rejected response with `skill invoke` to see what was wrong.
		args := []any{"type", typ}
		if e := env.Request.Error; e != nil {
			args = append(args, "errorType", skill.LogValue(e.Type, knownErrorType))
		}
		a.log.Error("alexa: Alexa rejected a response", args...)
		return empty(), nil
	case CanFulfillIntentRequest:
		return a.canFulfill(env), nil
	case LaunchRequest, IntentRequest:
	default:
		a.log.Warn("alexa: unsupported request type", "type", typ)
		return a.unsupported(env), nil
	}
	if !supportedLocale(env.Request.Locale) {
		a.log.Info("alexa: unsupported locale", "type", typ, "locale", skill.LogValue(env.Request.Locale, knownLocale))
		return a.englishOnly(), nil
	}
	req := toSkill(env, &t.req)
	resp, herr := a.h.Handle(ctx, req)
	if herr != nil || resp == nil {
		if herr == nil {
			herr = errors.New("handler returned no response")
		}
		a.log.Error("alexa: conversation failed", "type", typ, "kind", skill.KindOf(herr).String(), "error", herr.Error(), "intent", skill.LogValue(req.Intent, a.cfg.KnownIntents))
		return a.sorry(), nil
	}
	// The arguments of a log call are made even when the level is off: ask first.
	if a.log.Enabled(ctx, slog.LevelDebug) {
		a.log.Debug("alexa: answered", "type", typ, "intent", skill.LogValue(req.Intent, a.cfg.KnownIntents), "outcome", string(resp.Outcome), "topic", resp.Topic)
	}
	return a.render(env, resp, &t.out), nil
}

// checkSkill refuses requests for another skill when a skill id is configured.
func (a *Adapter) checkSkill(env *RequestEnvelope) error {
	if a.cfg.SkillID == "" {
		return nil
	}
	if env.Context.System.Application.ApplicationID != a.cfg.SkillID {
		return skill.Errorf(skill.Unauthorized, "alexa: request is for another skill")
	}
	if s := env.Session; s != nil && s.Application.ApplicationID != "" && s.Application.ApplicationID != a.cfg.SkillID {
		return skill.Errorf(skill.Unauthorized, "alexa: session is for another skill")
	}
	return nil
}

// toSkill builds the neutral request for a LaunchRequest or IntentRequest in req.
func toSkill(env *RequestEnvelope, req *skill.Request) *skill.Request {
	*req = skill.Request{Type: skill.Launch, Locale: env.Request.Locale, NewSession: true}
	if req.Locale == "" {
		req.Locale = "en-GB"
	}
	if s := env.Session; s != nil {
		req.NewSession = s.New
		req.Session = s.Attributes
	}
	if env.Request.Type != IntentRequest {
		return req
	}
	req.Type, req.Intent = skill.Intent, skill.FallbackIntent
	in := env.Request.Intent
	if in == nil {
		return req
	}
	req.Intent = skill.NeutralIntentName(in.Name)
	for name, s := range in.Slots {
		sl := skill.Slot{Value: strings.TrimSpace(s.Value), ID: matchID(s)}
		if sl.Value == "" && sl.ID == "" {
			continue
		}
		if req.Slots == nil {
			req.Slots = map[string]skill.Slot{}
		}
		req.Slots[name] = sl
	}
	return req
}

// matchID returns the id of the first value of the first authority that matched
// (ER_SUCCESS_MATCH), or "".
func matchID(s Slot) string {
	if s.Resolutions == nil {
		return ""
	}
	for _, r := range s.Resolutions.ResolutionsPerAuthority {
		if r.Status.Code == ERSuccessMatch && len(r.Values) > 0 && r.Values[0].Value.ID != "" {
			return r.Values[0].Value.ID
		}
	}
	return ""
}

// ServeHTTP answers a POSTed request envelope: 400 when it is malformed, 403
// when it is for another skill, 413 when it is too large. Put VerifyHTTP in
// front of it on a public endpoint.
func (a *Adapter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	if !isJSON(r.Header.Get("Content-Type")) {
		http.Error(w, "alexa: want Content-Type application/json", http.StatusUnsupportedMediaType)
		return
	}
	body := bodyBuffers.Get().(*bytes.Buffer)
	defer putBody(body)
	body.Reset()
	if _, err := body.ReadFrom(io.LimitReader(r.Body, int64(a.maxBody)+1)); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			err = skill.Wrap(skill.TooLarge, err, "alexa: request body too large")
		} else {
			err = skill.Wrap(skill.Invalid, err, "alexa: reading request body")
		}
		httpError(w, err)
		return
	}
	bp := encodeBuffers.Get().(*[]byte)
	defer putEncodeBuffer(bp)
	out, err := a.invokeAppend(r.Context(), body.Bytes(), (*bp)[:0])
	if err != nil {
		a.log.Info("alexa: request rejected", "kind", skill.KindOf(err).String())
		httpError(w, err)
		return
	}
	*bp = out
	h := w.Header()
	h["Content-Type"] = jsonContentType
	h["Content-Length"] = []string{strconv.Itoa(len(out))}
	_, _ = w.Write(out)
}

// isJSON reports whether a request's Content-Type is application/json. Alexa's
// own value is checked without parsing (mime.ParseMediaType allocates a map
// of parameters for every request); any other value is parsed.
func isJSON(ct string) bool {
	switch ct {
	case "application/json", "application/json; charset=utf-8", "application/json;charset=UTF-8":
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/json"
}

// jsonContentType is the response's Content-Type header value, shared by every
// response (net/http copies header values out; it never changes them).
var jsonContentType = []string{"application/json;charset=UTF-8"}

// bodyBuffers hold request bodies while they are answered: no envelope's bytes
// are kept after its answer (the decoder copies out every string it keeps).
var bodyBuffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 4096)) }}

// putBody returns b to bodyBuffers unless an outsized body grew it.
func putBody(b *bytes.Buffer) {
	if b.Cap() <= 64<<10 {
		bodyBuffers.Put(b)
	}
}

// StatusCode is the HTTP status for an error of each kind.
func StatusCode(err error) int {
	switch skill.KindOf(err) {
	case skill.Invalid:
		return http.StatusBadRequest
	case skill.Unauthorized:
		return http.StatusForbidden
	case skill.TooLarge:
		return http.StatusRequestEntityTooLarge
	case skill.NotFound:
		return http.StatusNotFound
	}
	return http.StatusInternalServerError
}

// httpError answers with err's status and its standard text, never its detail.
func httpError(w http.ResponseWriter, err error) {
	code := StatusCode(err)
	http.Error(w, http.StatusText(code), code)
}

// encode appends out to dst as JSON, shedding the least important parts until
// it fits in MaxResponse: the screen directive, the card, the reprompt, then the
// session attributes; a response that still does not fit becomes the safe reply.
func (a *Adapter) encode(dst []byte, out *ResponseEnvelope) ([]byte, error) {
	if b, err := appendEnvelope(dst, out); err == nil && len(b)-len(dst) <= MaxResponse {
		return b, nil // nearly always
	}
	shed := []func(){
		func() { out.Response.Directives = nil },
		func() { out.Response.Card = nil },
		func() { out.Response.Reprompt = nil },
		func() { out.SessionAttributes = nil },
		func() { *out = *a.sorry() },
	}
	for i := 0; ; i++ {
		b, err := appendEnvelope(dst, out)
		if err == nil && len(b)-len(dst) <= MaxResponse {
			if i > 0 {
				a.log.Warn("alexa: response shortened to fit", "steps", i)
			}
			return b, nil
		}
		if i == len(shed) {
			if err == nil {
				err = fmt.Errorf("response of %d bytes", len(b)-len(dst))
			}
			return nil, skill.Wrap(skill.Internal, err, "alexa: cannot encode the response")
		}
		shed[i]()
	}
}
