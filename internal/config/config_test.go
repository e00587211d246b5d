package config

import (
	"os"
	"strings"
	"testing"

	feedingfriend "github.com/feedingfriend/skill"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEmbeddedConfigIsValid(t *testing.T) {
	s, err := Embedded()
	require.NoError(t, err)
	assert.Equal(t, "en-GB", s.Locales[0], "en-GB first")
	sp, err := s.SignpostsFor("")
	require.NoError(t, err)
	assert.Equal(t, "0300 100 0212", sp.HelplineNumber)
}

func TestValidate(t *testing.T) {
	good := func() Skill {
		return Skill{Name: "Milk Matters", Invocation: "milk matters", Locales: []string{"en-GB"}, Nation: "scotland",
			Disclaimer: "Not medical advice.", PrivacyPolicyURL: "https://example.org/p"}
	}
	tests := []struct {
		name   string
		change func(*Skill)
		want   string
	}{
		{"good", func(*Skill) {}, ""},
		{"one-word invocation", func(s *Skill) { s.Invocation = "milk" }, "at least 2 words"},
		{"launch word", func(s *Skill) { s.Invocation = "open milk matters" }, `must not contain "open"`},
		{"capitals", func(s *Skill) { s.Invocation = "Milk Matters" }, "lower-case"},
		{"french locale", func(s *Skill) { s.Locales = []string{"fr-FR"} }, `locale "fr-FR"`},
		{"nation", func(s *Skill) { s.Nation = "cornwall" }, "unknown nation"},
		{"privacy http", func(s *Skill) { s.PrivacyPolicyURL = "http://x" }, "https address"},
		{"no disclaimer", func(s *Skill) { s.Disclaimer = " " }, "disclaimer"},
		{"endpoint in eu-west-1", func(s *Skill) { s.Endpoint = "arn:aws:lambda:eu-west-1:111122223333:function:f:live" }, ""},
		{"endpoint in us-west-2", func(s *Skill) { s.Endpoint = "arn:aws:lambda:us-west-2:111122223333:function:f" }, ""},
		{"endpoint https", func(s *Skill) { s.Endpoint = "https://skill.nhs.uk/alexa" }, ""},
		{"endpoint in London", func(s *Skill) { s.Endpoint = "arn:aws:lambda:eu-west-2:111122223333:function:f" }, "only in us-east-1, us-west-2, eu-west-1, ap-northeast-1 (eu-west-1 for the UK)"},
		{"endpoint not a function", func(s *Skill) { s.Endpoint = "arn:aws:iam::111122223333:role/r" }, "not a Lambda function ARN"},
		{"endpoint http", func(s *Skill) { s.Endpoint = "http://skill.nhs.uk/alexa" }, "neither a Lambda function ARN nor an https address"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := good()
			tc.change(&s)
			err := s.Validate()
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestOverrides(t *testing.T) {
	s := Skill{Name: "Milk Matters", Invocation: "milk matters", Locales: []string{"en-GB"}, Nation: "wales",
		Disclaimer: "Not medical advice.", PrivacyPolicyURL: "https://example.org/p",
		Signposts: Overrides{HelplineNumber: "0300 000 0000"}}
	sp, err := s.SignpostsFor("")
	require.NoError(t, err)
	assert.Equal(t, "NHS 111 Wales", sp.Urgent)
	assert.Equal(t, "0300 000 0000", sp.HelplineNumber)
	_, err = Parse([]byte(strings.Replace(string(feedingfriend.ConfigYAML), "nation:", "nashun:", 1)))
	assert.Error(t, err, "unknown keys are errors")
}

// TestRewriteKeepsCommentsAndLayout rewrites testdata/skill.yaml (the shipped
// skill.yaml before any department changed it): only the lines of the
// settings that changed may change; every comment, blank line and unchanged
// setting keeps its bytes, and the file reads back as set.
func TestRewriteKeepsCommentsAndLayout(t *testing.T) {
	data, err := os.ReadFile("testdata/skill.yaml")
	require.NoError(t, err)
	orig := string(data)
	tests := []struct {
		name    string
		change  func(*Skill)
		replace []string // pairs of old, new lines of orig
		want    string   // or the whole new file, when replace cannot say it
	}{
		{"nothing", func(*Skill) {}, nil, ""},
		{"name and invocation", func(s *Skill) { s.Name, s.Invocation = "Milk Matters", "milk matters" },
			[]string{"name: Feeding Friend\n", "name: Milk Matters\n", "invocation: feeding friend\n", "invocation: milk matters\n"}, ""},
		{"values that need quotes", func(s *Skill) {
			s.Disclaimer = "Note: this is not medical advice."
			s.Signposts.HelplineNumber = "999"
		}, []string{"disclaimer: This is general NHS information, not medical advice.\n", "disclaimer: 'Note: this is not medical advice.'\n",
			"  helpline_number: 0300 100 0212\n", "  helpline_number: \"999\"\n"}, ""},
		{"locales and examples", func(s *Skill) {
			s.Locales = []string{"en-GB", "en-US"}
			s.Examples = []string{"what is colostrum"}
		}, []string{"locales: [en-GB, en-US, en-AU, en-CA, en-IN]\n", "locales: [en-GB, en-US]\n",
			"  - how do I get a good latch\n  - how many wet nappies should my baby have\n", "  - what is colostrum\n"}, ""},
		{"a signpost added in its place", func(s *Skill) { s.Signposts.Urgent = "NHS 24" },
			[]string{"  helpline_number: 0300 100 0212\n", "  helpline_number: 0300 100 0212\n  urgent: NHS 24\n"}, ""},
		{"a signpost and the examples removed", func(s *Skill) {
			s.Signposts.HelplineNumber = ""
			s.Examples = nil
		}, []string{"  helpline_number: 0300 100 0212\n", "", "examples:\n  - how do I get a good latch\n  - how many wet nappies should my baby have\n", ""}, ""},
		{"an endpoint and icons, after their comment", func(s *Skill) {
			s.Endpoint = "arn:aws:lambda:eu-west-1:111122223333:function:ff-AlexaFunction-X:live"
			s.Icons = Icons{Small: "art/108.png", Large: "art/512.png"}
		}, []string{"endpoint: \"\"\n", "endpoint: arn:aws:lambda:eu-west-1:111122223333:function:ff-AlexaFunction-X:live\n" +
			"icons:\n  small: art/108.png\n  large: art/512.png\n"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Parse(data)
			require.NoError(t, err)
			tc.change(s)
			out, err := s.Rewrite(data)
			require.NoError(t, err)
			want := orig
			for i := 0; i+1 < len(tc.replace); i += 2 {
				require.Contains(t, want, tc.replace[i])
				want = strings.Replace(want, tc.replace[i], tc.replace[i+1], 1)
			}
			if tc.want != "" {
				want = tc.want
			}
			assert.Equal(t, want, string(out))
			back, err := Parse(out)
			require.NoError(t, err)
			assert.Equal(t, s, back)
		})
	}
	t.Run("the signposts removed", func(t *testing.T) {
		s, err := Parse(data)
		require.NoError(t, err)
		s.Signposts = Overrides{}
		out, err := s.Rewrite(data)
		require.NoError(t, err)
		assert.NotContains(t, string(out), "signposts:")
		assert.Contains(t, string(out), "# england, scotland, wales or northern-ireland")
		back, err := Parse(out)
		require.NoError(t, err)
		assert.Equal(t, s, back)
	})
	t.Run("an endpoint changed, then removed", func(t *testing.T) {
		data := append([]byte(nil), data...)
		data = []byte(strings.Replace(string(data), "endpoint: \"\"\n", "endpoint: https://old.nhs.uk/alexa # the old host\nicons: {small: a.png}\n", 1))
		s, err := Parse(data)
		require.NoError(t, err)
		s.Endpoint = "https://new.nhs.uk/alexa"
		out, err := s.Rewrite(data)
		require.NoError(t, err)
		assert.Equal(t, strings.Replace(string(data), "endpoint: https://old.nhs.uk/alexa # the old host", "endpoint: https://new.nhs.uk/alexa", 1), string(out))
		s.Endpoint, s.Icons = "", Icons{}
		out, err = s.Rewrite(out)
		require.NoError(t, err)
		assert.Equal(t, strings.Replace(orig, "endpoint: \"\"\n", "", 1), string(out))
	})
	t.Run("the repository's skill.yaml, unchanged", func(t *testing.T) {
		s, err := Parse(feedingfriend.ConfigYAML)
		require.NoError(t, err)
		out, err := s.Rewrite(feedingfriend.ConfigYAML)
		require.NoError(t, err)
		assert.Equal(t, string(feedingfriend.ConfigYAML), string(out))
	})
	t.Run("signposts added to a file without them", func(t *testing.T) {
		data := []byte("# mine\nname: Milk Matters\ninvocation: milk matters\nlocales: [en-GB]\nnation: scotland\n" +
			"disclaimer: Not advice.\nprivacy_policy_url: https://www.example.nhs.uk/privacy\n")
		s, err := Parse(data)
		require.NoError(t, err)
		s.Signposts = Overrides{HelplineName: "the Helpline", HelplineNumber: "0800 1"}
		s.Examples = []string{"latch"}
		out, err := s.Rewrite(data)
		require.NoError(t, err)
		assert.Equal(t, string(data)+"examples:\n  - latch\nsignposts:\n  helpline_name: the Helpline\n  helpline_number: 0800 1\n", string(out))
	})
}

func TestInvocationFor(t *testing.T) {
	tests := []struct{ name, want string }{
		{"Milk Matters", "milk matters"},
		{"  Milk   Matters ", "milk matters"},
		{"Bea's Feeding-Friend!", "bea's feeding friend"},
		{"St. Mary's Milk", "st. mary's milk"},
		{"Milk 24/7", "milk"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, InvocationFor(tc.name), "%q", tc.name)
	}
}

func TestPlaceholders(t *testing.T) {
	good := func() Skill {
		return Skill{Name: "Milk Matters", Invocation: "milk matters", Locales: []string{"en-GB"}, Nation: "scotland",
			Disclaimer: "Not medical advice.", PrivacyPolicyURL: "https://www.milkmatters.scot/privacy"}
	}
	tests := []struct {
		name   string
		change func(*Skill)
		want   []string // keys flagged
	}{
		{"none", func(*Skill) {}, nil},
		{"the shipped example host", func(s *Skill) { s.PrivacyPolicyURL = "https://feedingfriend.example/privacy" }, []string{"privacy_policy_url"}},
		{"example.org", func(s *Skill) { s.PrivacyPolicyURL = "https://example.org/p" }, []string{"privacy_policy_url"}},
		{"a subdomain of example.com", func(s *Skill) { s.PrivacyPolicyURL = "https://www.example.com/p" }, []string{"privacy_policy_url"}},
		{"a word with example in it is fine", func(s *Skill) { s.PrivacyPolicyURL = "https://examples.nhs.uk/p" }, nil},
		{"REPLACE-WITH in the URL", func(s *Skill) { s.PrivacyPolicyURL = "https://REPLACE-WITH-YOUR-SITE/privacy" }, []string{"privacy_policy_url"}},
		{"REPLACE-WITH in a number", func(s *Skill) { s.Signposts.HelplineNumber = "replace-with-your-number" }, []string{"signposts.helpline_number"}},
		{"REPLACE-WITH in the name and disclaimer", func(s *Skill) {
			s.Name = "REPLACE-WITH-NAME"
			s.Disclaimer = "REPLACE-WITH-DISCLAIMER"
		}, []string{"name", "disclaimer"}},
		{"a real endpoint", func(s *Skill) { s.Endpoint = "arn:aws:lambda:eu-west-1:111122223333:function:f" }, nil},
		{"an endpoint in AWS's example account", func(s *Skill) { s.Endpoint = "arn:aws:lambda:eu-west-1:123456789012:function:f" }, []string{"endpoint"}},
		{"an example endpoint host", func(s *Skill) { s.Endpoint = "https://skill.example/alexa" }, []string{"endpoint"}},
		{"a REPLACE-WITH icon", func(s *Skill) { s.Icons.Large = "REPLACE-WITH-YOUR-ICON.png" }, []string{"icons.large"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := good()
			tc.change(&s)
			var keys []string
			for _, p := range s.Placeholders() {
				keys = append(keys, p.Key)
				assert.NotEmpty(t, p.Value)
			}
			assert.Equal(t, tc.want, keys)
		})
	}
}
