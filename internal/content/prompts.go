package content

import (
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// PromptsID and PromptsFile name the skill's own words: everything it says
// or shows that is not an answer. The file sits beside the answers and goes
// through the same lifecycle (submit, approve, retire is refused), snapshot,
// audit log and verification; it is never an answer.
const (
	PromptsID   = "prompts"
	PromptsFile = PromptsID + ".yaml"
)

// Keys of the prompts.
const (
	PromptWelcome           = "welcome"
	PromptWelcomeCard       = "welcome-card"
	PromptWelcomeBack       = "welcome-back"
	PromptOfferMore         = "offer-more"
	PromptMoreReprompt      = "more-reprompt"
	PromptMoreNothing       = "more-nothing"
	PromptEndOfTopic        = "end-of-topic"
	PromptRelated           = "related"
	PromptAskAnything       = "ask-anything"
	PromptNoMore            = "no-more"
	PromptAskWhat           = "ask-what"
	PromptHintHelp          = "hint-help"
	PromptAskAge            = "ask-age"
	PromptAskAgeAgain       = "ask-age-again"
	PromptAgeNoted          = "age-noted"
	PromptAgeDay            = "age-day"
	PromptAgeDays           = "age-days"
	PromptAgeWeek           = "age-week"
	PromptAgeWeeks          = "age-weeks"
	PromptAgeMonths         = "age-months"
	PromptHelp              = "help"
	PromptHelpCardTitle     = "help-card-title"
	PromptFallback          = "fallback"
	PromptFallbackOffer     = "fallback-offer"
	PromptFallbackSupport   = "fallback-support"
	PromptFallbackAgain     = "fallback-again"
	PromptFallbackCardTitle = "fallback-card-title"
	PromptSafetyNet         = "safety-net"
	PromptSafetyCard        = "safety-card"
	PromptBlocked           = "blocked"
	PromptBlockedCard       = "blocked-card"
	PromptUrgentEmergency   = "urgent-emergency"
	PromptUrgentUrgent      = "urgent-urgent"
	PromptUrgentUnknown     = "urgent-unknown"
	PromptUrgentCardTitle   = "urgent-card-title"
	PromptUrgentCard        = "urgent-card"
	// On a telephone call: said before an emergency answer (no bot may transfer
	// a call to 999), and the whole answer when the call is handed to the
	// nation's urgent service.
	PromptPhoneEmergency = "phone-emergency"
	PromptPhoneTransfer  = "phone-transfer"
	PromptHelplineCard   = "helpline-card"
	PromptGoodbye        = "goodbye"
	PromptThanks         = "thanks"
	PromptThanksGoodbye  = "thanks-goodbye"
	PromptSorry          = "sorry"
	// What a platform adapter says itself (skill.EdgeTexts).
	PromptPlatformError        = "platform-error"
	PromptWrongLocale          = "wrong-locale"
	PromptUnsupported          = "unsupported"
	PromptUnsupportedInSession = "unsupported-in-session"
	PromptUnsupportedReprompt  = "unsupported-reprompt"
)

// PromptGroup is the key of a help menu section's label.
func PromptGroup(group string) string { return "group-" + group }

// promptVars lists every prompt and the placeholders the conversation fills
// in it, beyond the signposting ones: a prompt may use only these.
func promptVars() map[string][]string {
	m := map[string][]string{
		PromptWelcome: nil, PromptWelcomeCard: nil, PromptWelcomeBack: {"example"},
		PromptOfferMore: nil, PromptMoreReprompt: {"topic"}, PromptMoreNothing: nil, PromptEndOfTopic: {"topic"},
		PromptRelated: {"topics"}, PromptAskAnything: nil, PromptNoMore: nil, PromptAskWhat: nil, PromptHintHelp: nil,
		PromptAskAge: nil, PromptAskAgeAgain: nil, PromptAgeNoted: {"age"},
		PromptAgeDay: nil, PromptAgeDays: {"n"}, PromptAgeWeek: nil, PromptAgeWeeks: {"n"}, PromptAgeMonths: {"n"},
		PromptHelp: {"groups"}, PromptHelpCardTitle: nil,
		PromptFallback: nil, PromptFallbackOffer: {"topics"}, PromptFallbackSupport: nil, PromptFallbackAgain: nil, PromptFallbackCardTitle: nil,
		PromptSafetyNet: nil, PromptSafetyCard: nil, PromptBlocked: nil, PromptBlockedCard: nil,
		PromptUrgentEmergency: nil, PromptUrgentUrgent: nil, PromptUrgentUnknown: nil, PromptUrgentCardTitle: nil, PromptUrgentCard: nil,
		PromptPhoneEmergency: nil, PromptPhoneTransfer: nil,
		PromptHelplineCard: nil, PromptGoodbye: nil, PromptThanks: nil, PromptThanksGoodbye: nil, PromptSorry: nil,
		PromptPlatformError: nil, PromptWrongLocale: nil, PromptUnsupported: nil, PromptUnsupportedInSession: nil, PromptUnsupportedReprompt: nil,
	}
	for _, g := range Groups {
		m[PromptGroup(g.ID)] = nil
	}
	return m
}

// Prompts are the skill's own words, as written in prompts.yaml.
type Prompts struct {
	ID       string            `yaml:"id"`
	Status   string            `yaml:"status"`
	Texts    map[string]string `yaml:"texts"`
	Approval *Approval         `yaml:"approval,omitempty"`
}

// Text returns the prompt key with the conversation's placeholders filled
// from vars, given as name, value pairs ("topic", "latch").
func (p *Prompts) Text(key string, vars ...string) string {
	t := p.Texts[key]
	for i := 0; i+1 < len(vars); i += 2 {
		t = strings.ReplaceAll(t, "{{"+vars[i]+"}}", vars[i+1])
	}
	return t
}

// filled returns a copy with the signposting placeholders filled.
func (p *Prompts) filled(f filler) *Prompts {
	c := *p
	c.Texts = make(map[string]string, len(p.Texts))
	for k, v := range p.Texts {
		c.Texts[k] = f.fill(v)
	}
	return &c
}

// texts returns the prompts' texts in key order.
func (p *Prompts) texts() []string {
	keys := make([]string, 0, len(p.Texts))
	for k := range p.Texts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = p.Texts[k]
	}
	return out
}

// parsePrompts decodes and validates prompts.yaml. The lifecycle, the
// checks and the verification see it as a Topic whose only text is the
// prompts (Topic.Prompts is set): the same status, approval block, hash,
// snapshot and audit entries as an answer. It is never an answer.
func parsePrompts(name string, data []byte, sp Signposts) (*Topic, *yaml.Node, []Problem) {
	var p Prompts
	root, probs := decodeFile(name, data, &p, "id, status, texts")
	if root == nil {
		return nil, nil, probs
	}
	add := func(l int, format string, args ...any) {
		probs = append(probs, Problem{File: name, Line: l, Msg: fmt.Sprintf(format, args...)})
	}
	l := func(key string) int { return line(root, key) }
	if p.ID != PromptsID || path.Base(name) != PromptsFile {
		add(l("id"), "id %q: the skill's own words are %s, with id %s", p.ID, PromptsFile, PromptsID)
	}
	switch p.Status {
	case Draft, InReview:
	case Approved:
		if p.Approval == nil {
			add(l("status"), "status is approved but there is no approval record: only `skill content approve` marks them approved")
		}
	default:
		add(l("status"), "status %q is not one of draft, in-review, approved (the skill's own words are never retired)", p.Status)
	}
	keyLine := map[string]int{}
	for _, n := range textsNode(root) {
		keyLine[n.Value] = n.Line
	}
	vars := promptVars()
	var missing []string
	for k := range vars {
		if _, ok := p.Texts[k]; !ok {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		add(l("texts"), "texts: missing %s: the conversation says them", strings.Join(missing, ", "))
	}
	known := map[string]bool{}
	for _, k := range Placeholders() {
		known[k] = true
	}
	keys := make([]string, 0, len(p.Texts))
	for k := range p.Texts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		allowed, ok := vars[k]
		if !ok {
			add(keyLine[k], "prompt %q is not one the skill says", k)
			continue
		}
		text := p.Texts[k]
		if strings.TrimSpace(text) == "" {
			add(keyLine[k], "prompt %q is empty", k)
		}
		for _, m := range placeholderRE().FindAllStringSubmatch(text, -1) {
			if !known[m[1]] && !containsString(allowed, m[1]) {
				add(keyLine[k], "prompt %q: placeholder %s is not known here (signposting: %s; this prompt's own: %s)", k, m[0], strings.Join(Placeholders(), ", "), strings.Join(allowed, ", "))
			}
		}
		if strings.Count(text, "{{") != strings.Count(text, "}}") {
			add(keyLine[k], "prompt %q: unbalanced braces", k)
		}
	}
	if a := p.Approval; a != nil {
		if a.By == "" || a.Role == "" || a.Hash == "" {
			add(l("approval"), "approval needs by, role and hash")
		}
	}
	t := &Topic{ID: PromptsID, Title: "The skill's own words", Status: p.Status, Approval: p.Approval, File: name,
		StatusLine: l("status"), ApprovalLine: l("approval"), prompts: &p}
	t.BindSignposts(sp)
	return t, root, probs
}

// textsNode returns the key nodes of the texts mapping.
func textsNode(root *yaml.Node) []*yaml.Node {
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "texts" && root.Content[i+1].Kind == yaml.MappingNode {
			var out []*yaml.Node
			m := root.Content[i+1]
			for j := 0; j+1 < len(m.Content); j += 2 {
				out = append(out, m.Content[j])
			}
			return out
		}
	}
	return nil
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// canonicalPrompts is the prompts' approved text.
func canonicalPrompts(t *Topic) []byte {
	c := canonical{ID: t.ID, Texts: map[string]string{}, Signposting: t.values}
	for k, v := range t.prompts.Texts {
		c.Texts[k] = strings.TrimSpace(v)
	}
	b, _ := json.MarshalIndent(c, "", "  ")
	return b
}
