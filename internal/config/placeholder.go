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

// Placeholders lists the settings that still hold an example value: a
// REPLACE-WITH-... marker, or a privacy policy on a host kept for examples
// (example.com, example.org, example.net and the .example domain, RFC 2606),
// such as the shipped https://feedingfriend.example/privacy. They pass
// Validate, so the tools run with them, but they must not reach certification.
func (s *Skill) Placeholders() []Placeholder {
	var out []Placeholder
	marked := func(key, v string) bool {
		if !strings.Contains(strings.ToUpper(v), replaceMarker) {
			return false
		}
		out = append(out, Placeholder{key, v, "holds " + replaceMarker + "..."})
		return true
	}
	marked("name", s.Name)
	marked("invocation", s.Invocation)
	marked("disclaimer", s.Disclaimer)
	if !marked("privacy_policy_url", s.PrivacyPolicyURL) {
		if u, err := url.Parse(s.PrivacyPolicyURL); err == nil && exampleHost(u.Hostname()) {
			out = append(out, Placeholder{"privacy_policy_url", s.PrivacyPolicyURL, "is on " + u.Hostname() + ", a host kept for examples"})
		}
	}
	for _, v := range s.Examples {
		marked("examples", v)
	}
	for i, p := range s.Signposts.fields() {
		marked("signposts."+overrideOrder[i], *p)
	}
	return out
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
