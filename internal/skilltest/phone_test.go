package skilltest

import (
	"context"
	"testing"

	"github.com/feedingfriend/skill/internal/channel"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeCaller is a platform that can also take a phone call, on which every
// reply transfers to its number.
type fakeCaller struct {
	fakePlatform
	number string
}

func (f fakeCaller) Call() channel.Conversation {
	return &fakeConv{reply: func(t channel.Turn, n int) (channel.Reply, error) {
		r, err := echo(t, n)
		r.Transfer = f.number
		return r, err
	}}
}

const phoneConversations = `conversations:
  - name: on the phone
    phone_call: true
    platforms: [cx]
    steps:
      - {user: urgent, transfer: "+443001234567"}
  - name: in a chat
    platforms: [cx]
    steps:
      - {user: urgent, transfer: ""}
`

// TestPhoneCallConversations: phone_call: true runs a conversation as a
// telephone call on the platforms that can take one, transfer: checks the
// number the call was transferred to ("" for none), and a phone call on a
// platform that cannot take one is a mistake in the file, with its line.
func TestPhoneCallConversations(t *testing.T) {
	cx := fakeCaller{fakePlatform{"cx", echo}, "+443001234567"}
	r := NewRunner(cx, fakePlatform{"alexa", echo})
	res, err := r.Run(context.Background(), []*File{parse(t, phoneConversations)}, Options{})
	require.NoError(t, err)
	assert.Equal(t, "2 passed, 0 failed", Summary(res), Messages(res))

	wrong := NewRunner(cx, fakePlatform{"alexa", echo})
	f := parse(t, "conversations:\n  - name: x\n    phone_call: true\n    steps: [{user: urgent}]\n")
	_, err = wrong.Run(context.Background(), []*File{f}, Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "t.yaml:3: phone_call: alexa cannot take a phone call; name the platforms that can (cx)")

	_, err = Parse("t.yaml", []byte("conversations:\n  - name: x\n    phone_call: maybe\n    steps: [{user: a}]\n"))
	assert.ErrorContains(t, err, "t.yaml:3: phone_call: want true or false")
}

func TestTransferExpectation(t *testing.T) {
	tests := []struct {
		step  string
		reply channel.Reply
		ok    bool
	}{
		{`{user: a, transfer: "+443001234567"}`, channel.Reply{Transfer: "+443001234567"}, true},
		{`{user: a, transfer: "+443001234567"}`, channel.Reply{}, false},
		{`{user: a, transfer: ""}`, channel.Reply{}, true},
		{`{user: a, transfer: null}`, channel.Reply{}, true},
		{`{user: a, transfer: ""}`, channel.Reply{Transfer: "+443001234567"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.step, func(t *testing.T) {
			f := parse(t, "conversations:\n  - name: a\n    steps:\n      - "+tc.step+"\n")
			exp := f.Conversations[0].Steps[0].Expect
			require.Len(t, exp, 1)
			_, ok := exp[0].Check(tc.reply)
			assert.Equal(t, tc.ok, ok)
		})
	}
}
