package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/feedingfriend/skill/internal/skill"
	"github.com/feedingfriend/skill/internal/webstate"
)

// Input is one turn as the browser sends it: exactly one of Text, Action and
// Topic, with the state of the conversation so far.
type Input struct {
	// Text is the parent's words.
	Text string `json:"text,omitempty"`
	// Action is a button: start, more, repeat or restart.
	Action string `json:"action,omitempty"`
	// Topic is a suggested topic's id.
	Topic string `json:"topic,omitempty"`
	// State is the token of the last reply ("" to start).
	State string `json:"state,omitempty"`
	// AgeDays is the baby's age the parent chose to keep on their device; it
	// is used where the conversation has no age of its own.
	AgeDays *int `json:"age_days,omitempty"`
}

// The buttons of the page, each a neutral request. Start opens the chat as
// a launch does; restart is "start again".
const (
	ActionStart   = "start"
	ActionMore    = "more"
	ActionRepeat  = "repeat"
	ActionRestart = "restart"
)

// actions maps each button to its intent ("" is a launch).
var actions = map[string]string{
	ActionStart:   "",
	ActionMore:    skill.MoreIntent,
	ActionRepeat:  skill.RepeatIntent,
	ActionRestart: skill.StartOverIntent,
}

// badInput is a refusal the client is told about: a fixed phrase, never
// anything the request wrote.
type badInput struct {
	status int
	msg    string
	// restart says the state was refused: the client must start anew.
	restart bool
}

func (e *badInput) Error() string { return e.msg }

func bad(msg string) error { return &badInput{status: http.StatusBadRequest, msg: msg} }

// errEmpty is a turn with nothing in it: on the page, Ask with an empty box.
var errEmpty = bad("send a question, a button or a topic")

// clean trims the words and drops control characters; it refuses what no
// browser would send.
func clean(text string) (string, error) {
	if !utf8.ValidString(text) {
		return "", bad("the question is not valid UTF-8")
	}
	text = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, text)
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) > MaxWords {
		return "", bad("the question is too long (at most 500 characters)")
	}
	return text, nil
}

// request checks in and builds the request the conversation answers.
func (c *Chat) request(in Input) (*skill.Request, error) {
	text, err := clean(in.Text)
	if err != nil {
		return nil, err
	}
	n := 0
	for _, set := range []bool{text != "", in.Action != "", in.Topic != ""} {
		if set {
			n++
		}
	}
	switch {
	case n == 0:
		return nil, errEmpty
	case n > 1:
		return nil, bad("send one of a question, a button or a topic")
	}
	if in.AgeDays != nil && (*in.AgeDays < 0 || *in.AgeDays > MaxAgeDays) {
		return nil, bad("age_days must be between 0 and 1825")
	}
	state, err := c.cfg.Signer.Open(in.State)
	switch {
	case errors.Is(err, webstate.ErrExpired):
		state = nil // a conversation left too long starts again
	case err != nil:
		return nil, &badInput{status: http.StatusBadRequest, msg: err.Error(), restart: true}
	}
	fresh := len(state) == 0
	if _, known := state[skill.SessionAgeDays]; in.AgeDays != nil && !known {
		// The age kept on the device, where the conversation has none yet.
		seeded := make(map[string]any, len(state)+1)
		for k, v := range state {
			seeded[k] = v
		}
		seeded[skill.SessionAgeDays] = *in.AgeDays
		state = seeded
	}
	var req *skill.Request
	switch {
	case in.Action != "":
		intent, ok := actions[in.Action]
		if !ok {
			return nil, bad("unknown action (want start, more, repeat or restart)")
		}
		req = &skill.Request{Type: skill.Intent, Intent: intent}
		if intent == "" {
			req.Type = skill.Launch
		}
	case in.Topic != "":
		if !topicRE().MatchString(in.Topic) {
			return nil, bad("malformed topic")
		}
		req = &skill.Request{Type: skill.Intent, Intent: skill.TopicIntent,
			Slots: map[string]skill.Slot{skill.TopicSlot: {Value: in.Topic, ID: in.Topic}}}
	default:
		req = c.cfg.Understand(text)
		if req == nil {
			return nil, errors.New("web: Understand gave no request")
		}
		req.Type, req.Utterance = skill.Intent, text
	}
	req.Session, req.NewSession, req.Locale = state, fresh, "en-GB"
	return req, nil
}

// turn answers one input: the reply, or a refusal (*badInput) or failure.
func (c *Chat) turn(ctx context.Context, rc *record, in Input) (*Reply, error) {
	req, err := c.request(in)
	if err != nil {
		return nil, err
	}
	rc.intent = skill.LogValue(req.Intent, c.cfg.KnownIntents)
	if req.Type == skill.Launch {
		rc.intent = "launch"
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	resp, err := c.h.Handle(ctx, req)
	switch {
	case err != nil && skill.KindOf(err) == skill.Invalid:
		return nil, bad("unsupported request")
	case err != nil:
		return nil, err
	case resp == nil:
		return nil, errors.New("web: no response")
	}
	rc.outcome = string(resp.Outcome)
	r, err := c.reply(resp)
	if r != nil && req.Type == skill.Intent {
		r.Intent = req.Intent
	}
	return r, err
}
