package config

import (
	"fmt"
	"net/url"
	"os"
	"strings"

	feedingfriend "github.com/feedingfriend/skill"
	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/lazyre"
	"go.yaml.in/yaml/v3"
)

// Skill is the configuration in skill.yaml.
type Skill struct {
	Name             string    `yaml:"name"`
	Invocation       string    `yaml:"invocation"`
	Locales          []string  `yaml:"locales"`
	Nation           string    `yaml:"nation"`
	Disclaimer       string    `yaml:"disclaimer"`
	PrivacyPolicyURL string    `yaml:"privacy_policy_url"`
	Examples         []string  `yaml:"examples,omitempty"`
	Signposts        Overrides `yaml:"signposts,omitempty"`
	// Endpoint is where Alexa sends the skill's requests: the AlexaFunctionArn
	// output of the SAM stack, or the https address of `skill serve`. Empty until
	// the function exists; `skill model build` writes it into skill.json.
	Endpoint string `yaml:"endpoint,omitempty"`
	// Icons are a department's own skill icons (PNG files, paths from the
	// repository's root); each one not given is generated from the name.
	Icons Icons `yaml:"icons,omitempty"`
	// Web is the web chat's look and who may embed it.
	Web Web `yaml:"web,omitempty"`
	// PhoneTransfer maps a nation to the E.164 number a telephone call is
	// transferred to after urgent (111-level) help is spoken, on Dialogflow
	// CX's phone channel only; "" or absent for no transfer. Read it with
	// PhoneTransferFor; CheckPhoneTransfer says what a number must be.
	PhoneTransfer map[string]string `yaml:"phone_transfer,omitempty"`
}

// Icons are the paths of the skill's own icons.
type Icons struct {
	Small string `yaml:"small,omitempty"` // 108 x 108 pixels
	Large string `yaml:"large,omitempty"` // 512 x 512 pixels
}

// Web configures the web chat (`skill serve`'s /chat and the web Lambda).
type Web struct {
	// Colour is the header's and links' colour, ButtonColour the main
	// button's, as #rrggbb; the NHS.UK blue and green when empty. White text
	// on each must keep a contrast of 4.5:1.
	Colour       string `yaml:"colour,omitempty"`
	ButtonColour string `yaml:"button_colour,omitempty"`
	// EmbedOrigins are the sites allowed to show the chat in an iframe
	// (https://www.example.nhs.uk); only the chat's own site when empty.
	EmbedOrigins []string `yaml:"embed_origins,omitempty"`
}

// Overrides replace parts of the nation's built-in signposting.
type Overrides struct {
	HelplineName    string `yaml:"helpline_name,omitempty"`
	HelplineNumber  string `yaml:"helpline_number,omitempty"`
	Urgent          string `yaml:"urgent,omitempty"`
	UrgentNumber    string `yaml:"urgent_number,omitempty"`
	EmergencyNumber string `yaml:"emergency_number,omitempty"`
}

// Embedded returns the configuration built into the binary.
func Embedded() (*Skill, error) { return Parse(feedingfriend.ConfigYAML) }

// Load reads a skill.yaml file.
func Load(path string) (*Skill, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Parse(b)
}

// Parse decodes and validates a skill.yaml document.
func Parse(b []byte) (*Skill, error) {
	var s Skill
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("config: skill.yaml: %w", err)
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &s, nil
}

var (
	invocationRE = lazyre.New(`^[a-z][a-z' .]*[a-z.]$`)
	localeRE     = lazyre.New(`^en-(GB|US|AU|CA|IN)$`)
	launchWords  = map[string]bool{"ask": true, "tell": true, "open": true, "launch": true, "enable": true, "start": true,
		"alexa": true, "amazon": true, "echo": true, "skill": true, "app": true}
)

// Validate checks the configuration against the platforms' rules.
func (s *Skill) Validate() error {
	var probs []string
	if len(strings.TrimSpace(s.Name)) < 2 {
		probs = append(probs, "name: at least 2 characters")
	}
	inv := s.Invocation
	switch {
	case !invocationRE().MatchString(inv):
		probs = append(probs, fmt.Sprintf("invocation %q: lower-case letters and spaces only", inv))
	case len(strings.Fields(inv)) < 2:
		probs = append(probs, fmt.Sprintf("invocation %q: use at least 2 words", inv))
	default:
		for _, w := range strings.Fields(inv) {
			if launchWords[w] {
				probs = append(probs, fmt.Sprintf("invocation %q: must not contain %q", inv, w))
			}
		}
	}
	if len(s.Locales) == 0 {
		probs = append(probs, "locales: list at least one (en-GB first)")
	}
	for _, l := range s.Locales {
		if !localeRE().MatchString(l) {
			probs = append(probs, fmt.Sprintf("locale %q: the content is English; use en-GB, en-US, en-AU, en-CA or en-IN", l))
		}
	}
	if _, err := content.NationSignposts(s.Nation); err != nil {
		probs = append(probs, err.Error())
	}
	if strings.TrimSpace(s.Disclaimer) == "" {
		probs = append(probs, "disclaimer: required (it is spoken in the welcome)")
	}
	if u, err := url.Parse(s.PrivacyPolicyURL); err != nil || u.Scheme != "https" || u.Host == "" {
		probs = append(probs, fmt.Sprintf("privacy_policy_url %q: an https address is required", s.PrivacyPolicyURL))
	}
	if s.Endpoint != "" {
		if err := CheckEndpoint(s.Endpoint); err != nil {
			probs = append(probs, "endpoint: "+err.Error())
		}
	}
	probs = append(probs, s.checkPhoneTransfers()...)
	if len(probs) > 0 {
		return fmt.Errorf("config: skill.yaml:\n  %s", strings.Join(probs, "\n  "))
	}
	return nil
}

// SignpostsFor returns what fills the placeholders for nation (the
// configured one when ""): the nation's services with the configured
// overrides, and the skill's name, disclaimer and examples.
func (s *Skill) SignpostsFor(nation string) (content.Signposts, error) {
	if nation == "" {
		nation = s.Nation
	}
	sp, err := content.NationSignposts(nation)
	if err != nil {
		return sp, err
	}
	if s.Name != "" {
		sp.SkillName = s.Name
	}
	if s.Disclaimer != "" {
		sp.Disclaimer = s.Disclaimer
	}
	if len(s.Examples) > 0 {
		sp.Examples = append([]string(nil), s.Examples...)
	}
	o := s.Signposts
	for _, f := range []struct {
		dst *string
		v   string
	}{{&sp.HelplineName, o.HelplineName}, {&sp.HelplineNumber, o.HelplineNumber}, {&sp.Urgent, o.Urgent},
		{&sp.UrgentNumber, o.UrgentNumber}, {&sp.EmergencyNumber, o.EmergencyNumber}} {
		if f.v != "" {
			*f.dst = f.v
		}
	}
	return sp, nil
}

// InvocationFor is the invocation name that follows the skill name: lower
// case, hyphens and slashes as spaces, and only what an invocation may hold
// (letters, apostrophes, full stops and spaces). `skill init` uses it when the
// name changes and no invocation is given.
func InvocationFor(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r == '\'', r == '.', r == ' ':
			b.WriteRune(r)
		case r == '-', r == '_', r == '/':
			b.WriteRune(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
