package config

import (
	"net/url"
	"strings"
)

// Placeholder is a setting that still holds an example value.
type Placeholder struct {
	Key   string // as skill.yaml names it: privacy_policy_url, signposts.helpline_number
	Value string
	Why   string
}

// replaceMarker marks a value a department must replace.
const replaceMarker = "REPLACE-WITH"

// exampleAccount is the AWS account number of AWS's own documentation examples.
const exampleAccount = ":123456789012:"

// Placeholders lists the settings that still hold an example value (see
// PlaceholderWhy), such as the shipped https://feedingfriend.example/privacy.
// They pass Validate, so the tools run with them, but they must not reach
// certification: `skill init` warns of them and `skill release check` refuses
// them.
func (s *Skill) Placeholders() []Placeholder {
	var out []Placeholder
	check := func(key, v string) {
		if why := PlaceholderWhy(v); why != "" {
			out = append(out, Placeholder{key, v, why})
		}
	}
	check("name", s.Name)
	check("invocation", s.Invocation)
	check("disclaimer", s.Disclaimer)
	check("privacy_policy_url", s.PrivacyPolicyURL)
	for _, v := range s.Examples {
		check("examples", v)
	}
	for i, p := range s.Signposts.fields() {
		check("signposts."+overrideOrder[i], *p)
	}
	check("endpoint", s.Endpoint)
	check("icons.small", s.Icons.Small)
	check("icons.large", s.Icons.Large)
	return out
}

// PlaceholderWhy says why v is an example value, or returns "" when it is not:
// a REPLACE-WITH-... marker, an address on a host kept for examples
// (example.com, example.org, example.net and the .example domain, RFC 2606),
// or an ARN in AWS's documentation account 123456789012. It is the one rule
// for skill.yaml and for the generated skill.json.
func PlaceholderWhy(v string) string {
	switch {
	case strings.Contains(strings.ToUpper(v), replaceMarker):
		return "holds " + replaceMarker + "..."
	case strings.HasPrefix(v, "arn:") && strings.Contains(v, exampleAccount):
		return "is in AWS's example account 123456789012"
	}
	if u, err := url.Parse(v); err == nil && u.Scheme != "" && exampleHost(u.Hostname()) {
		return "is on " + u.Hostname() + ", a host kept for examples"
	}
	return ""
}

// exampleHost reports whether host is kept for examples (RFC 2606).
func exampleHost(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if h == "example" || strings.HasSuffix(h, ".example") {
		return true
	}
	for _, d := range []string{"example.com", "example.org", "example.net"} {
		if h == d || strings.HasSuffix(h, "."+d) {
			return true
		}
	}
	return false
}
