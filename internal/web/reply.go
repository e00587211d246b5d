package web

import (
	"math"
	"strings"

	"github.com/feedingfriend/skill/internal/skill"
)

// Reply is one answer as the page shows it.
type Reply struct {
	// Outcome is the kind of reply (topic, more, fallback, urgent...).
	Outcome string `json:"outcome"`
	// Intent is what the words were understood as ("" for a launch).
	Intent string `json:"intent,omitempty"`
	// Topic is the id of the answer given ("" when none; urgent-help for
	// signposting) and Approved whether a clinician approved it.
	Topic    string `json:"topic"`
	Approved bool   `json:"approved"`
	// Draft marks an answer from content no clinician has approved, which
	// only a chat that is not approved-only serves.
	Draft bool `json:"draft,omitempty"`
	// Urgent, on urgent help, is the box shown first: whom to call.
	Urgent *UrgentBox `json:"urgent,omitempty"`
	// Text is what the skill says, with numbers to dial as their own segments.
	Text []Segment `json:"text"`
	// Speech is the same as plain text, for reading aloud.
	Speech string `json:"speech"`
	// Reprompt is what a voice channel says after a silence.
	Reprompt string `json:"reprompt,omitempty"`
	// Card is the written version of the answer.
	Card *Card `json:"card,omitempty"`
	// Suggestions are buttons for what to ask next.
	Suggestions []Suggestion `json:"suggestions,omitempty"`
	// EndSession says the conversation is over: the next turn starts anew.
	EndSession bool `json:"end_session"`
	// State is the signed state to send with the next turn ("" when over).
	State string `json:"state,omitempty"`
	// AgeDays is the baby's age the conversation now knows, for a device
	// whose parent agreed to keep it.
	AgeDays *int `json:"age_days,omitempty"`
}

// Segment is a run of text; Tel, when set, is the number to dial for it.
type Segment struct {
	Text string `json:"text"`
	Tel  string `json:"tel,omitempty"`
}

// Card is the written answer: a title and lines of segments.
type Card struct {
	Title string      `json:"title"`
	Lines [][]Segment `json:"lines"`
}

// UrgentBox is urgent help as the page shows it, first and unmissable.
type UrgentBox struct {
	// Level is emergency, urgent or "" (either).
	Level string `json:"level"`
	// Variant is the urgent answer given (baby-emergency, mother-urgent...).
	Variant string `json:"variant,omitempty"`
	// Heading says what to do now.
	Heading string `json:"heading"`
	// Calls are the numbers to dial, the first the one to dial now.
	Calls []Call `json:"calls"`
}

// Call is a service and what to dial for it (Tel "" when it is not a number,
// such as "your GP practice").
type Call struct {
	Label string `json:"label"`
	Tel   string `json:"tel,omitempty"`
}

// Suggestion is a button: a topic (by id) or words to send.
type Suggestion struct {
	Label string `json:"label"`
	Topic string `json:"topic,omitempty"`
	Text  string `json:"text,omitempty"`
}

// segments splits text at the numbers to dial (skill.PhoneNumbers).
func segments(text string) []Segment {
	var out []Segment
	last := 0
	for _, m := range skill.PhoneNumbers(text) {
		if m[0] > last {
			out = append(out, Segment{Text: text[last:m[0]]})
		}
		out = append(out, Segment{Text: text[m[0]:m[1]], Tel: tel(text[m[0]:m[1]])})
		last = m[1]
	}
	if last < len(text) {
		out = append(out, Segment{Text: text[last:]})
	}
	return out
}

// tel is the tel: URI of a number ("0300 100 0212" -> "tel:03001000212"), or
// "" when it holds no digits to dial.
func tel(number string) string {
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, number)
	if digits == "" {
		return ""
	}
	return "tel:" + digits
}

// dial is a Call for a service's number: a link when the whole of it is a
// number to dial, else shown as words.
func dial(label, number string) Call {
	if m := skill.PhoneNumbers(number); len(m) == 1 && m[0][0] == 0 && m[0][1] == len(number) {
		return Call{Label: label, Tel: tel(number)}
	}
	return Call{Label: label}
}

// reply renders a response for the page.
func (c *Chat) reply(resp *skill.Response) (*Reply, error) {
	r := &Reply{
		Outcome:    string(resp.Outcome),
		Topic:      resp.Topic,
		Approved:   resp.Approved,
		Text:       segments(resp.Speech.Text()),
		Speech:     resp.Speech.Text(),
		Reprompt:   resp.Reprompt.Text(),
		EndSession: resp.EndSession || resp.Outcome == skill.OutcomeUrgent,
		Draft:      !c.cfg.ApprovedOnly && !resp.Approved && resp.Topic != "",
	}
	if resp.Card != nil && (resp.Card.Title != "" || resp.Card.Text != "") {
		card := &Card{Title: resp.Card.Title}
		for _, line := range strings.Split(resp.Card.Text, "\n") {
			if strings.TrimSpace(line) != "" {
				card.Lines = append(card.Lines, segments(line))
			}
		}
		r.Card = card
	}
	if resp.Outcome == skill.OutcomeUrgent {
		level, _ := resp.Session[skill.SessionUrgentLevel].(string)
		variant, _ := resp.Session[skill.SessionUrgentVariant].(string)
		r.Urgent = c.urgentBox(level, variant)
	}
	if n, ok := ageDays(resp.Session[skill.SessionAgeDays]); ok {
		r.AgeDays = &n
	}
	if !r.EndSession {
		r.Suggestions = c.suggestions(resp)
		tok, err := c.cfg.Signer.Sign(resp.Session)
		if err != nil {
			return nil, err
		}
		r.State = tok
	}
	return r, nil
}

// ageDays reads an age the conversation wrote (an int, or a float64 once it
// has crossed JSON).
func ageDays(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, x >= 0 && x <= MaxAgeDays
	case float64:
		if x >= 0 && x <= MaxAgeDays && x == math.Trunc(x) {
			return int(x), true
		}
	}
	return 0, false
}

// urgentBox says whom to call, for the level of the situation.
func (c *Chat) urgentBox(level, variant string) *UrgentBox {
	u := c.cfg.Urgent
	emergency := dial("Call "+u.Emergency, u.Emergency)
	urgent := dial("Call "+u.Service, u.Number)
	if urgent.Tel == "" && u.Number != "" {
		urgent.Label = "Contact " + u.Service + " (" + u.Number + ")"
	}
	b := &UrgentBox{Level: level, Variant: variant}
	switch level {
	case skill.LevelUrgent:
		b.Heading = "Get urgent advice now"
		b.Calls = []Call{urgent, {Label: "In an emergency, call " + u.Emergency, Tel: emergency.Tel}}
	case skill.LevelEmergency:
		b.Heading = "This could be an emergency: call " + u.Emergency + " now"
		b.Calls = []Call{emergency, urgent}
	default:
		b.Heading = "Get help now"
		b.Calls = []Call{emergency, urgent}
	}
	return b
}

// suggestions are buttons for what to ask next: the welcome's examples as
// words, and topics by id where the title is one the conversation can name.
func (c *Chat) suggestions(resp *skill.Response) []Suggestion {
	var out []Suggestion
	if resp.Outcome == skill.OutcomeWelcome {
		for _, e := range c.cfg.Examples {
			out = append(out, Suggestion{Label: upperFirst(e), Text: e})
		}
		return out
	}
	for _, title := range resp.Suggestions {
		if id, ok := c.cfg.Topics[title]; ok {
			out = append(out, Suggestion{Label: title, Topic: id})
		} else if title != "" {
			out = append(out, Suggestion{Label: title, Text: title})
		}
	}
	return out
}

// safetyNet is the line every refusal and failure ends with.
func (c *Chat) safetyNet() []Segment {
	u := c.cfg.Urgent
	return segments("If you're worried about your baby or yourself, call " + u.Service + ", or " + u.Emergency + " in an emergency.")
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
