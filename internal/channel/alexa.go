package channel

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/feedingfriend/skill/internal/alexa"
	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/model"
	"github.com/feedingfriend/skill/internal/nlu"
	"github.com/feedingfriend/skill/internal/skill"
)

// offlineSkillID is the skill id the offline Alexa driver configures and sends,
// so every turn passes the adapter's skill id check as Alexa's would.
const offlineSkillID = "amzn1.ask.skill.00000000-0000-4000-8000-0000feedf00d"

// alexaPlatform drives Alexa: a stand-in for Amazon's language understanding
// picks the intent and slots, the request Alexa would send is marshalled to
// JSON and run through the real adapter's Invoke (what the Lambda runs), and
// the real JSON response is read back.
//
// The stand-in is the offline NLU trained on the generated Alexa interaction
// model alone (model.AlexaStandIn): no red-flag situations, no out-of-scope
// examples, no lexicon, as Amazon has only that model. When it cannot place
// an utterance, a Describe intent whose carrier words begin the utterance
// takes the rest in its phrase slot (AMAZON.SearchQuery), else
// AMAZON.FallbackIntent. Alexa does not pass the user's words, so neither does
// this driver: the skill sees only the intent and its declared slots, phrase
// slots included.
type alexaPlatform struct {
	a        *app.App
	ad       *alexa.Adapter
	standIn  *nlu.NLU
	carriers []carrier // longest first
}

// standInUrgentMin is the score the stand-in needs to choose an urgent intent.
const standInUrgentMin = 0.6

// carrier is the words before a phrase slot in a sample of a Describe intent.
type carrier struct {
	intent, slot string
	words        []string
}

func newAlexa(a *app.App) (Platform, error) {
	sm, err := a.Model.AlexaStandIn()
	if err != nil {
		return nil, fmt.Errorf("channel: alexa: %w", err)
	}
	// Amazon's NLU chooses an urgent intent like any other, but not on a loose
	// resemblance: it has its own out-of-domain detection, which the stand-in,
	// trained without out-of-scope examples, lacks.
	// Nor does Amazon run this skill's red-flag detector: it is left out.
	standIn, err := nlu.New(sm, nlu.WithUrgentMin(standInUrgentMin), nlu.WithoutDetector())
	if err != nil {
		return nil, fmt.Errorf("channel: alexa: %w", err)
	}
	p := &alexaPlatform{a: a, standIn: standIn,
		ad: alexa.Handler(a.Handler, alexa.Config{SkillID: offlineSkillID, Logger: slog.New(slog.DiscardHandler), Catalog: a.Model, Texts: a.Edge})}
	for _, in := range sm.Intents {
		slot, ok := in.PhraseSlot()
		if !ok {
			continue
		}
		for _, s := range in.Samples {
			before, _, found := strings.Cut(s.Text, "{"+slot+"}")
			if found && strings.TrimSpace(before) != "" {
				p.carriers = append(p.carriers, carrier{intent: in.Name, slot: slot, words: sayWords(before)})
			}
		}
	}
	sort.SliceStable(p.carriers, func(i, j int) bool { return len(p.carriers[i].words) > len(p.carriers[j].words) })
	return p, nil
}

// sayWords is how a speech recogniser hands words over: lower case, without
// punctuation.
func sayWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
}

// understand is the stand-in for Amazon's language understanding.
func (p *alexaPlatform) understand(utterance string) (string, float64, map[string]skill.Slot) {
	res := p.standIn.Parse(utterance)
	if res.Intent != skill.FallbackIntent {
		return res.Intent, res.Score, res.Slots
	}
	said := sayWords(utterance)
	for _, c := range p.carriers {
		if len(said) > len(c.words) && slices.Equal(said[:len(c.words)], c.words) {
			return c.intent, res.Score, map[string]skill.Slot{c.slot: {Value: strings.Join(said[len(c.words):], " ")}}
		}
	}
	return skill.FallbackIntent, res.Score, nil
}

func (p *alexaPlatform) Name() string        { return "alexa" }
func (p *alexaPlatform) Start() Conversation { return &alexaConv{p: p, fresh: true} }

// alexaConv carries state as Alexa does: the sessionAttributes of a response come
// back as the next request's session.attributes until a response ends the
// session; the next request then starts a new session (new=true, no attributes).
type alexaConv struct {
	p        *alexaPlatform
	attrs    map[string]any
	fresh    bool
	sessions int
	turns    int
}

func (c *alexaConv) Send(ctx context.Context, t Turn) (Reply, error) {
	env, rep := c.request(t)
	body, err := json.Marshal(env)
	if err != nil {
		return Reply{}, fmt.Errorf("channel: alexa: %w", err)
	}
	out, err := c.p.ad.Invoke(ctx, body)
	if err != nil {
		return Reply{}, fmt.Errorf("channel: alexa: %w", err)
	}
	var resp alexa.ResponseEnvelope
	if err := json.Unmarshal(out, &resp); err != nil {
		return Reply{}, fmt.Errorf("channel: alexa: reading the response: %w", err)
	}
	r := resp.Response
	if r.OutputSpeech != nil {
		rep.SSML = r.OutputSpeech.SSML
		if rep.Speech, err = ssmlText(rep.SSML); err != nil {
			return Reply{}, fmt.Errorf("channel: alexa: outputSpeech: %w", err)
		}
	}
	if r.Reprompt != nil && r.Reprompt.OutputSpeech != nil {
		if rep.Reprompt, err = ssmlText(r.Reprompt.OutputSpeech.SSML); err != nil {
			return Reply{}, fmt.Errorf("channel: alexa: reprompt: %w", err)
		}
	}
	if r.Card != nil {
		rep.Card = Card{Title: r.Card.Title, Text: r.Card.Content}
	}
	rep.EndSession = r.ShouldEndSession != nil && *r.ShouldEndSession
	rep.Session, rep.Raw = resp.SessionAttributes, out
	fromSession(&rep)
	c.turns++
	if rep.EndSession {
		c.attrs, c.fresh = nil, true
		c.sessions++
	} else {
		c.attrs, c.fresh = resp.SessionAttributes, false
	}
	return rep, nil
}

// request builds the envelope Alexa would send for the turn.
func (c *alexaConv) request(t Turn) (*alexa.RequestEnvelope, Reply) {
	var rep Reply
	attrs := c.attrs
	if c.fresh || attrs == nil {
		attrs = map[string]any{}
	}
	skillApp := alexa.Application{ApplicationID: offlineSkillID}
	user := alexa.User{UserID: "amzn1.ask.account.OFFLINE"}
	env := &alexa.RequestEnvelope{
		Version: alexa.Version,
		Session: &alexa.Session{New: c.fresh, SessionID: fmt.Sprintf("amzn1.echo-api.session.offline-%d", c.sessions),
			Application: skillApp, Attributes: attrs, User: user},
		Request: alexa.Request{Type: alexa.LaunchRequest, RequestID: fmt.Sprintf("amzn1.echo-api.request.offline-%d", c.turns),
			Timestamp: time.Now().UTC().Format(time.RFC3339), Locale: "en-GB"},
	}
	env.Context.System = alexa.System{Application: skillApp, User: user, APIEndpoint: "https://api.eu.amazonalexa.com",
		Device: alexa.Device{DeviceID: "amzn1.ask.device.OFFLINE", SupportedInterfaces: map[string]alexa.SupportedInterface{}}}
	if t.Launch {
		return env, rep
	}
	var slots map[string]skill.Slot
	declared := map[string]string{} // slot name -> neutral type
	if t.Intent != "" {
		rep.Intent, rep.Score, slots = t.Intent, 1, t.Slots
		for name := range slots {
			declared[name] = ""
		}
	} else {
		rep.Intent, rep.Score, slots = c.p.understand(t.Utterance)
	}
	if in, ok := c.p.a.Model.Intent(rep.Intent); ok {
		for _, s := range in.Slots {
			declared[s.Name] = s.Type
		}
	}
	intent := &alexa.Intent{Name: skill.AlexaIntentName(rep.Intent), ConfirmationStatus: "NONE"}
	for name, typ := range declared {
		if intent.Slots == nil {
			intent.Slots = map[string]alexa.Slot{}
		}
		intent.Slots[name] = alexaSlot(name, typ, slots[name])
	}
	env.Request.Type, env.Request.Intent = alexa.IntentRequest, intent
	return env, rep
}

// alexaSlot is a slot as Alexa sends it: empty when not heard; for a custom type,
// resolved to the value's id (ER_SUCCESS_MATCH) or not (ER_SUCCESS_NO_MATCH).
func alexaSlot(name, typ string, s skill.Slot) alexa.Slot {
	out := alexa.Slot{Name: name, ConfirmationStatus: "NONE"}
	if s.Key() == "" {
		return out
	}
	out.Value = s.Value
	if out.Value == "" {
		out.Value = s.ID
	}
	if typ == model.NumberType || typ == model.PhraseType {
		return out // built-in types are not resolved
	}
	res := alexa.Resolution{Authority: "amzn1.er-authority.echo-sdk." + offlineSkillID + "." + typ,
		Status: alexa.ResolutionStatus{Code: alexa.ERSuccessNoMatch}, Values: []alexa.ResolutionValue{}}
	if s.ID != "" {
		res.Status.Code = alexa.ERSuccessMatch
		res.Values = []alexa.ResolutionValue{{Value: alexa.ResolvedValue{Name: s.ID, ID: s.ID}}}
	}
	out.Resolutions = &alexa.Resolutions{ResolutionsPerAuthority: []alexa.Resolution{res}}
	return out
}

// ssmlText is what an SSML document says: its text, tags removed and entities
// decoded. It fails on SSML that is not well-formed XML.
func ssmlText(ssml string) (string, error) {
	if ssml == "" {
		return "", nil
	}
	d := xml.NewDecoder(strings.NewReader(ssml))
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		if cd, ok := tok.(xml.CharData); ok {
			b.Write(cd)
		}
	}
	return strings.Join(strings.Fields(b.String()), " "), nil
}
