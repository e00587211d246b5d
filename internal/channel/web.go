package channel

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/ratelimit"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/feedingfriend/skill/internal/web"
	"github.com/feedingfriend/skill/internal/web/wiring"
	"github.com/feedingfriend/skill/internal/webstate"
)

// offlineWebKey signs the offline web driver's conversation state.
const offlineWebKey = "offline-web-driver-session-key-0123456789"

// webPlatform drives the web chat as the page's script does: it sends only
// what a browser can (the parent's words, a button, a suggested topic, and
// the signed state of the last reply) to the real /chat/api handler over
// HTTP, and reads the real reply back. The words are understood on the
// server, by the offline NLU, as on the text platform.
type webPlatform struct{ h http.Handler }

func newWeb(a *app.App) (Platform, error) {
	c, err := wiring.New(a, wiring.Options{Key: []byte(offlineWebKey), Logger: slog.New(slog.DiscardHandler),
		Limiter: ratelimit.New(ratelimit.Config{PerMinute: 1 << 20, Burst: 1 << 20, MaxAddresses: 1})})
	if err != nil {
		return nil, err
	}
	return &webPlatform{h: c.Handler()}, nil
}

func (p *webPlatform) Name() string        { return "web" }
func (p *webPlatform) Start() Conversation { return &webConv{p: p} }

type webConv struct {
	p     *webPlatform
	state string
}

// buttons are the turns the page has a button for.
var buttons = map[string]string{
	skill.MoreIntent:      web.ActionMore,
	skill.RepeatIntent:    web.ActionRepeat,
	skill.StartOverIntent: web.ActionRestart,
}

// typed are the words a parent types for the intents the page has no button
// for; the server's NLU reads them.
var typed = map[string]string{
	skill.YesIntent:      "yes",
	skill.NoIntent:       "no",
	skill.StopIntent:     "stop",
	skill.CancelIntent:   "cancel",
	skill.HelpIntent:     "help",
	skill.GreetingIntent: "hello",
	skill.ThanksIntent:   "thank you",
}

// input is what the browser sends for a turn.
func (c *webConv) input(t Turn) (web.Input, error) {
	in := web.Input{State: c.state}
	switch {
	case t.Launch:
		in.Action = web.ActionStart
	case t.Intent == "":
		in.Text = t.Utterance
	case buttons[t.Intent] != "":
		in.Action = buttons[t.Intent]
	case t.Intent == skill.TopicIntent && t.Slots[skill.TopicSlot].Key() != "":
		in.Topic = t.Slots[skill.TopicSlot].Key() // a suggested topic's button
	case t.Intent == skill.BabyAgeIntent && t.Slots[skill.AgeNumberSlot].Value != "":
		in.Text = strings.TrimSpace(t.Slots[skill.AgeNumberSlot].Value + " " + t.Slots[skill.AgeUnitSlot].Value)
	case typed[t.Intent] != "":
		in.Text = typed[t.Intent]
	default:
		return in, fmt.Errorf("channel: web: a browser sends words, a button or a topic, never the intent %s: give this conversation the platforms it can run on", t.Intent)
	}
	return in, nil
}

func (c *webConv) Send(ctx context.Context, t Turn) (Reply, error) {
	in, err := c.input(t)
	if err != nil {
		return Reply{}, err
	}
	body, err := json.Marshal(in)
	if err != nil {
		return Reply{}, err
	}
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/chat/api", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = "127.0.0.1:1"
	rr := httptest.NewRecorder()
	c.p.h.ServeHTTP(rr, req)
	if rr.Code != http.StatusOK {
		return Reply{}, fmt.Errorf("channel: web answered %d: %s", rr.Code, strings.TrimSpace(rr.Body.String()))
	}
	var wr web.Reply
	if err := json.Unmarshal(rr.Body.Bytes(), &wr); err != nil {
		return Reply{}, fmt.Errorf("channel: web: %w", err)
	}
	rep := Reply{Intent: wr.Intent, Topic: wr.Topic, Approved: wr.Approved, Speech: wr.Speech, Reprompt: wr.Reprompt,
		EndSession: wr.EndSession, Raw: rr.Body.Bytes()}
	if in.Text != "" && wr.Intent != "" {
		rep.Score = 1
	}
	if wr.Card != nil {
		rep.Card = Card{Title: wr.Card.Title, Text: cardText(wr.Card)}
	}
	// The session is what the browser holds: the signed state, which any
	// client can read; a closed conversation leaves only what the reply says.
	if wr.State != "" {
		if rep.Session, err = webstate.Peek(wr.State); err != nil {
			return Reply{}, fmt.Errorf("channel: web: %w", err)
		}
	} else {
		rep.Session = map[string]any{skill.SessionAnswered: wr.Topic, skill.SessionApproved: wr.Approved}
		if wr.AgeDays != nil {
			rep.Session[skill.SessionAgeDays] = float64(*wr.AgeDays)
		}
	}
	if wr.Urgent != nil {
		rep.Session[skill.SessionUrgentLevel] = wr.Urgent.Level
		if wr.Urgent.Variant != "" {
			rep.Session[skill.SessionUrgentVariant] = wr.Urgent.Variant
		}
	}
	fromSession(&rep)
	c.state = wr.State
	return rep, nil
}

// cardText joins the card's lines as the other platforms write them.
func cardText(c *web.Card) string {
	lines := make([]string, len(c.Lines))
	for i, l := range c.Lines {
		var b strings.Builder
		for _, s := range l {
			b.WriteString(s.Text)
		}
		lines[i] = b.String()
	}
	return strings.Join(lines, "\n")
}
