package channel

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/skill"
)

// Turn is one thing the user does.
type Turn struct {
	// Launch opens the skill.
	Launch bool
	// Utterance is what the user says; it goes through the offline NLU.
	Utterance string
	// Intent, when set, bypasses the NLU with this intent and slots.
	Intent string
	Slots  map[string]skill.Slot
}

// Reply is the normalised result of one turn, read back from the platform's
// real response.
type Reply struct {
	Intent     string         `json:"intent"`
	Topic      string         `json:"topic"`
	Score      float64        `json:"score"`
	Speech     string         `json:"speech"`
	SSML       string         `json:"ssml"`
	Reprompt   string         `json:"reprompt,omitempty"`
	Card       Card           `json:"card"`
	EndSession bool           `json:"end_session"`
	Approved   bool           `json:"approved"`
	Session    map[string]any `json:"session,omitempty"`
	// UrgentLevel and UrgentVariant say which urgent answer was given
	// (emergency or urgent; baby-emergency, mother-urgent...), empty otherwise.
	UrgentLevel   string `json:"urgent_level,omitempty"`
	UrgentVariant string `json:"urgent_variant,omitempty"`
	// Transfer is the number a telephone call was transferred to after the
	// speech (Dialogflow CX's telephonyTransferCall), empty otherwise.
	Transfer string `json:"transfer,omitempty"`
	// Raw is the platform's response body.
	Raw []byte `json:"-"`
}

// Card is the card or rich content of a reply.
type Card struct {
	Title string `json:"title"`
	Text  string `json:"text"`
}

// Conversation is one session on one platform.
type Conversation interface {
	Send(ctx context.Context, t Turn) (Reply, error)
}

// Platform starts conversations.
type Platform interface {
	Name() string
	Start() Conversation
}

// Caller is a platform a parent can also reach by telephone: Call starts a
// session on a phone call, each turn carrying what the platform's telephony
// integration sends (Dialogflow CX's phone gateway payload). Only
// dialogflow-cx is one.
type Caller interface {
	Platform
	Call() Conversation
}

// Factory builds a platform's driver over a wired app (built with the NLU).
type Factory func(a *app.App) (Platform, error)

// factories lists the platform drivers; each lives in its own file here.
var factories = map[string]Factory{
	"alexa":         newAlexa,
	"text":          newText,
	"dialogflow-es": newDialogflowES,
	"dialogflow-cx": newDialogflowCX,
	"web":           newWeb,
}

// Names lists the platforms, sorted.
func Names() []string {
	var out []string
	for n := range factories {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// New returns the named platform's driver.
func New(name string, a *app.App) (Platform, error) {
	f, ok := factories[name]
	if !ok {
		return nil, fmt.Errorf("channel: unknown platform %q (want one of %s)", name, strings.Join(Names(), ", "))
	}
	return f(a)
}

// fromSession reads the answered topic and approval flag the conversation writes
// into every response's session.
func fromSession(r *Reply) {
	if r.Session == nil {
		return
	}
	if t, ok := r.Session[skill.SessionAnswered].(string); ok {
		r.Topic = t
	}
	if a, ok := r.Session[skill.SessionApproved].(bool); ok {
		r.Approved = a
	}
	r.UrgentLevel, _ = r.Session[skill.SessionUrgentLevel].(string)
	r.UrgentVariant, _ = r.Session[skill.SessionUrgentVariant].(string)
}
