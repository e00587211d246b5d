package channel

import (
	"context"
	"errors"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/skill"
)

// text is the platform-neutral driver: the NLU's result goes straight to the
// conversation handler, with no wire format in between.
type text struct{ a *app.App }

func newText(a *app.App) (Platform, error) {
	if a.NLU == nil {
		return nil, errors.New("channel: text needs the NLU")
	}
	return text{a}, nil
}

func (t text) Name() string        { return "text" }
func (t text) Start() Conversation { return &textConv{a: t.a, fresh: true} }

type textConv struct {
	a       *app.App
	session map[string]any
	fresh   bool
}

func (c *textConv) Send(ctx context.Context, t Turn) (Reply, error) {
	var req *skill.Request
	var rep Reply
	switch {
	case t.Launch:
		req = &skill.Request{Type: skill.Launch, NewSession: c.fresh, Session: c.session, Locale: "en-GB"}
	case t.Intent != "":
		req = &skill.Request{Type: skill.Intent, Intent: t.Intent, Slots: t.Slots, NewSession: c.fresh, Session: c.session, Locale: "en-GB"}
		rep.Intent, rep.Score = t.Intent, 1
	default:
		res := c.a.NLU.Parse(t.Utterance)
		req = res.Request(t.Utterance, c.session, c.fresh)
		rep.Intent, rep.Score = res.Intent, res.Score
	}
	resp, err := c.a.Handler.Handle(ctx, req)
	if err != nil {
		return Reply{}, err
	}
	c.fresh = false
	rep.Speech, rep.SSML, rep.Reprompt = resp.Speech.Text(), resp.Speech.SSML(), resp.Reprompt.Text()
	if resp.Card != nil {
		rep.Card = Card{Title: resp.Card.Title, Text: resp.Card.Text}
	}
	rep.EndSession, rep.Session = resp.EndSession, resp.Session
	fromSession(&rep)
	if resp.EndSession {
		c.session, c.fresh = nil, true
	} else {
		c.session = resp.Session
	}
	return rep, nil
}
