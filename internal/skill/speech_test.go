package skill

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSpeechRendering(t *testing.T) {
	tests := []struct {
		name      string
		build     func(s *Speech)
		wantSSML  string
		wantPlain string
	}{
		{"empty", func(s *Speech) {}, "<speak></speak>", ""},
		{"plain", func(s *Speech) { s.Say("Hold your baby close.") }, "<speak>Hold your baby close.</speak>", "Hold your baby close."},
		{"escapes markup", func(s *Speech) { s.Say(`Mum & baby <b>"hi"</b>`) },
			"<speak>Mum &amp; baby &lt;b&gt;&quot;hi&quot;&lt;/b&gt;</speak>", `Mum & baby <b>"hi"</b>`},
		{"pause between", func(s *Speech) { s.Say("One.").Pause(300 * time.Millisecond).Say("Two.") },
			`<speak>One.<break time="300ms"/> Two.</speak>`, "One. Two."},
		{"pause capped", func(s *Speech) { s.Pause(time.Minute) }, `<speak><break time="10000ms"/></speak>`, ""},
		{"phone numbers read as digits", func(s *Speech) { s.Say("Call 999 or 0300 100 0212.") },
			`<speak>Call <say-as interpret-as="telephone">999</say-as> or <say-as interpret-as="telephone">0300 100 0212</say-as>.</speak>`,
			"Call 999 or 0300 100 0212."},
		{"control characters and bad utf8 removed", func(s *Speech) { s.Say("a\x00b\xffc\n\n d") }, "<speak>a bc d</speak>", "a bc d"},
		{"blank text ignored", func(s *Speech) { s.Say("   ") }, "<speak></speak>", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var s Speech
			tc.build(&s)
			assert.Equal(t, tc.wantSSML, s.SSML())
			assert.Equal(t, tc.wantPlain, s.Text())
			assertWellFormed(t, s.SSML())
			r := s.Rendered()
			assert.Equal(t, tc.wantSSML, r.SSML(), "rendered once")
			assert.Equal(t, tc.wantPlain, r.Text(), "rendered once")
		})
	}
}

// TestRenderedSpeechChanges holds the rendering cache to the parts: a change
// to a rendered speech renders it again, and leaves other copies as they were.
func TestRenderedSpeechChanges(t *testing.T) {
	base := Say("Hold your baby close & call 999.").Rendered()
	tests := []struct {
		name   string
		change func(s *Speech)
		want   string
	}{
		{"say", func(s *Speech) { s.Say("More.") },
			`<speak>Hold your baby close &amp; call <say-as interpret-as="telephone">999</say-as>. More.</speak>`},
		{"pause", func(s *Speech) { s.Pause(time.Second) },
			`<speak>Hold your baby close &amp; call <say-as interpret-as="telephone">999</say-as>.<break time="1000ms"/></speak>`},
		{"append", func(s *Speech) { s.Append(Say("<b>")) },
			`<speak>Hold your baby close &amp; call <say-as interpret-as="telephone">999</say-as>. &lt;b&gt;</speak>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := base
			tc.change(&c)
			assert.Equal(t, tc.want, c.SSML())
			assert.Equal(t, `<speak>Hold your baby close &amp; call <say-as interpret-as="telephone">999</say-as>.</speak>`, base.SSML(), "the rendered original is unchanged")
			assert.Equal(t, "Hold your baby close & call 999.", base.Text())
		})
	}
}

func assertWellFormed(t *testing.T, ssml string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(ssml))
	for {
		_, err := d.Token()
		if err != nil {
			require.Equal(t, "EOF", err.Error(), "SSML must be well-formed XML: %s", ssml)
			return
		}
	}
}

func FuzzSpeechSSML(f *testing.F) {
	for _, s := range []string{"hello", "a & b", "<speak>", "call 999", "\xff\x00", "0300 100 0212 & 116 123"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if isClean(text) && rebuild(text) != text {
			t.Fatalf("isClean(%q) but rebuilding changes it to %q", text, rebuild(text))
		}
		var s Speech
		s.Say(text).Pause(time.Second).Say(text)
		assertWellFormed(t, s.SSML())
	})
}

func TestChainOrder(t *testing.T) {
	var order []string
	mw := func(name string) Middleware {
		return func(next Handler) Handler {
			return HandlerFunc(func(ctx context.Context, r *Request) (*Response, error) {
				order = append(order, name)
				return next.Handle(ctx, r)
			})
		}
	}
	h := Chain(HandlerFunc(func(context.Context, *Request) (*Response, error) {
		order = append(order, "handler")
		return &Response{}, nil
	}), mw("first"), mw("second"))
	_, err := h.Handle(context.Background(), &Request{})
	require.NoError(t, err)
	assert.Equal(t, []string{"first", "second", "handler"}, order)
}

func TestErrorKinds(t *testing.T) {
	err := fmt.Errorf("outer: %w", Errorf(Unauthorized, "wrong skill id"))
	assert.Equal(t, Unauthorized, KindOf(err))
	assert.Equal(t, Internal, KindOf(errors.New("plain")))
	assert.Contains(t, err.Error(), "wrong skill id")
}

func TestPhoneNumbers(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"helpline", "Call 0300 100 0212 any time.", []string{"0300 100 0212"}},
		{"emergency and urgent", "Call 999, or NHS 111.", []string{"999", "111"}},
		{"Samaritans", "Samaritans: 116 123", []string{"116 123"}},
		{"not inside a longer number", "36 ml, 1999 and 11122", nil},
		{"no digits", "nothing to dial", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, m := range PhoneNumbers(tc.text) {
				got = append(got, tc.text[m[0]:m[1]])
			}
			assert.Equal(t, tc.want, got, "PhoneNumbers(%q)", tc.text)
		})
	}
}

// TestQuotedJSON: rendered speech and a card from NewCard carry their JSON
// quoting, the same as encoding/json's; unrendered speech and a changed
// card field do not.
func TestQuotedJSON(t *testing.T) {
	quote := func(s string) string {
		b, err := json.Marshal(s)
		require.NoError(t, err)
		return string(b)
	}
	sp := Say("Feed 8 to 12 times & call 999").Rendered()
	got, ok := sp.SSMLJSON()
	require.True(t, ok)
	assert.Equal(t, strings.NewReplacer(`\u0026`, "&", `\u003c`, "<", `\u003e`, ">").Replace(quote(sp.SSML())), got)
	_, ok = Say("not rendered").SSMLJSON()
	assert.False(t, ok)

	c := NewCard("Title", "Line one\nLine two")
	title, ok := c.TitleJSON()
	require.True(t, ok)
	assert.Equal(t, quote("Title"), title)
	text, ok := c.TextJSON()
	require.True(t, ok)
	assert.Equal(t, quote("Line one\nLine two"), text)
	c.Text = "changed"
	_, ok = c.TextJSON()
	assert.False(t, ok, "a changed field is not the one quoted")
	_, ok = (&Card{Title: "literal"}).TitleJSON()
	assert.False(t, ok)
}
