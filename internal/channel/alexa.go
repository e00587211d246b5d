package channel

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/feedingfriend/skill/internal/alexa"
	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/model"
	"github.com/feedingfriend/skill/internal/skill"
)

// offlineSkillID is the skill id the offline Alexa driver configures and sends,
// so every turn passes the adapter's skill id check as Alexa's would.
const offlineSkillID = "amzn1.ask.skill.00000000-0000-4000-8000-0000feedf00d"

// alexaPlatform drives Alexa: the offline NLU stands in for Alexa's language
// understanding, the request Alexa would send is marshalled to JSON and run
// through the real adapter's Invoke (what the Lambda runs), and the real JSON
// response is read back. Alexa does not pass the user's words, so neither does
// this driver: the conversation sees only the intent and its declared slots.
type alexaPlatform struct {
	a  *app.App
	ad *alexa.Adapter
}

func newAlexa(a *app.App) (Platform, error) {
	if a.NLU == nil {
		return nil, errors.New("channel: alexa needs the NLU")
	}
	ad := alexa.Handler(a.Handler, alexa.Config{SkillID: offlineSkillID, Logger: slog.New(slog.DiscardHandler), Catalog: a.Model})
	return &alexaPlatform{a: a, ad: ad}, nil
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
		// A red flag in the words is UrgentHelpIntent, as Alexa would match it from
		// the urgent-help samples; its level slot is not in the Alexa model, so it
		// is not sent.
		res := c.p.a.NLU.Parse(t.Utterance)
		rep.Intent, rep.Score, slots = res.Intent, res.Score, res.Slots
	}
	if in, ok := c.p.a.Model.Intent(rep.Intent); ok {
		for _, s := range in.Slots {
			declared[s.Name] = s.Type
		}
	}
	intent := &alexa.Intent{Name: alexa.IntentName(rep.Intent), ConfirmationStatus: "NONE"}
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
	if typ == model.NumberType {
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
