package yamledit

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const doc = `# Top comment stays.
name: Feeding Friend   # trailing comment
invocation: feeding friend
# before nation
nation: england
signposts:
  # inside
  helpline_name: the Helpline
  helpline_number: 0300 100 0212
# last comment
examples:
  - one
`

func TestSet(t *testing.T) {
	order := []string{"name", "invocation", "nation", "signposts", "examples"}
	inner := []string{"helpline_name", "helpline_number", "urgent"}
	tests := []struct {
		name string
		set  func(d *Doc)
		want string
	}{
		{"nothing", func(*Doc) {}, doc},
		{"replace a top-level key", func(d *Doc) { d.Set("invocation", "invocation: milk matters\n", order) },
			`# Top comment stays.
name: Feeding Friend   # trailing comment
invocation: milk matters
# before nation
nation: england
signposts:
  # inside
  helpline_name: the Helpline
  helpline_number: 0300 100 0212
# last comment
examples:
  - one
`},
		{"replace a nested key", func(d *Doc) { d.Set("signposts.helpline_number", "  helpline_number: 0800 1\n", inner) },
			`# Top comment stays.
name: Feeding Friend   # trailing comment
invocation: feeding friend
# before nation
nation: england
signposts:
  # inside
  helpline_name: the Helpline
  helpline_number: 0800 1
# last comment
examples:
  - one
`},
		{"add a nested key in order", func(d *Doc) { d.Set("signposts.urgent", "  urgent: NHS 24\n", inner) },
			`# Top comment stays.
name: Feeding Friend   # trailing comment
invocation: feeding friend
# before nation
nation: england
signposts:
  # inside
  helpline_name: the Helpline
  helpline_number: 0300 100 0212
  urgent: NHS 24
# last comment
examples:
  - one
`},
		{"remove keys, add one at the top, several edits", func(d *Doc) {
			d.Set("nation", "", order)
			d.Set("examples", "", order)
			d.Set("locales", "locales: [en-GB]\n", []string{"name", "invocation", "locales", "nation"})
			d.Set("name", "name: Milk Matters\n", order)
		},
			`# Top comment stays.
name: Milk Matters
invocation: feeding friend
locales: [en-GB]
# before nation
signposts:
  # inside
  helpline_name: the Helpline
  helpline_number: 0300 100 0212
# last comment
`},
		{"a missing key with no block changes nothing", func(d *Doc) { d.Set("disclaimer", "", order) }, doc},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Parse([]byte(doc))
			require.NoError(t, err)
			tc.set(d)
			assert.Equal(t, tc.want, string(d.Bytes()))
		})
	}
}

func TestParse(t *testing.T) {
	d, err := Parse([]byte(doc))
	require.NoError(t, err)
	assert.True(t, d.Has("signposts.helpline_name"))
	assert.False(t, d.Has("signposts.urgent"))
	assert.Equal(t, 2, d.Indent("signposts"))
	for _, bad := range []string{"- a list\n", "{a: 1}\n", "", "a: [\n"} {
		_, err := Parse([]byte(bad))
		assert.Error(t, err, "%q", bad)
	}
	d, err = Parse([]byte("a: 1")) // no final newline
	require.NoError(t, err)
	d.Set("b", "b: 2\n", []string{"a", "b"})
	assert.Equal(t, "a: 1\nb: 2\n", string(d.Bytes()))
}

func TestScalar(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Milk Matters", "Milk Matters"},
		{"Latch: the basics", "'Latch: the basics'"},
		{"0300 100 0212", "0300 100 0212"},
		{"999", `"999"`},
		{"https://example.org/p", "https://example.org/p"},
		{"", `""`},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, Scalar(tc.in), "%q", tc.in)
	}
}
