package skilltest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/feedingfriend/skill/internal/channel"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakePlatform answers every turn with reply(turn, turn number); it is a struct
// of function fields, as the house style has mocks.
type fakePlatform struct {
	name  string
	reply func(t channel.Turn, n int) (channel.Reply, error)
}

func (f fakePlatform) Name() string { return f.name }
func (f fakePlatform) Start() channel.Conversation {
	return &fakeConv{reply: f.reply}
}

type fakeConv struct {
	reply func(t channel.Turn, n int) (channel.Reply, error)
	n     int
}

func (c *fakeConv) Send(_ context.Context, t channel.Turn) (channel.Reply, error) {
	c.n++
	return c.reply(t, c.n)
}

// echo answers with the topic named by the utterance or intent, and keeps the
// session open with a reprompt.
func echo(t channel.Turn, n int) (channel.Reply, error) {
	topic := t.Utterance
	if t.Intent != "" {
		topic = strings.ToLower(t.Intent)
	}
	return channel.Reply{Intent: t.Intent, Topic: topic, Speech: "Answer about " + topic + ".", SSML: "<speak>Answer</speak>",
		Reprompt: "Anything else?", Session: map[string]any{"ageDays": float64(42), "turn": float64(n)}}, nil
}

func parse(t *testing.T, src string) *File {
	t.Helper()
	f, err := Parse("t.yaml", []byte(src))
	require.NoError(t, err)
	return f
}

func TestParseErrorsNameFileAndLine(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"unknown step key", `conversations:
  - name: a
    steps:
      - user: latch
        topik: latch
`, []string{`t.yaml:5: unknown key "topik" in a step`}},
		{"unknown conversation key", `conversations:
  - name: a
    stepz: []
`, []string{`t.yaml:3: unknown key "stepz" in a conversation`, `t.yaml:2: conversation "a" has no steps`}},
		{"unknown file key", `conversation: []
`, []string{`t.yaml:1: unknown key "conversation" in a file`, `t.yaml:1: no conversations`}},
		{"two actions", `conversations:
  - name: a
    steps:
      - {launch: true, user: hi}
`, []string{`t.yaml:4: a step needs exactly one of launch`}},
		{"no action", `conversations:
  - name: a
    steps:
      - topic: latch
`, []string{`t.yaml:4: a step needs exactly one of`}},
		{"bad bool", `conversations:
  - name: a
    steps:
      - intent: StopIntent
        end_session: yes please
`, []string{`t.yaml:5: end_session: want true or false, got "yes please"`}},
		{"bad regex", `conversations:
  - name: a
    steps:
      - user: latch
        speech_matches: "(unclosed"
`, []string{`t.yaml:5: speech_matches: error parsing regexp`}},
		{"slots without intent", `conversations:
  - name: a
    steps:
      - user: latch
        slots: {topic: latch}
`, []string{`t.yaml:5: slots: only a step with intent`}},
		{"repeated key", `conversations:
  - name: a
    steps:
      - user: latch
        topic: latch
        topic: thrush
`, []string{`t.yaml:6: key "topic" is repeated (first at line 5)`}},
		{"bad age", `conversations:
  - name: a
    steps:
      - user: latch
        age_days: six
`, []string{`t.yaml:5: age_days: want a whole number`}},
		{"missing name", `conversations:
  - steps: [{launch: true}]
`, []string{`t.yaml:2: a conversation needs a name`}},
		{"not yaml", "conversations: [\n", []string{`t.yaml:`, `not valid YAML`}},
		{"empty", "", []string{`t.yaml:1: file is empty`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("t.yaml", []byte(tc.src))
			var fe *FileError
			require.ErrorAs(t, err, &fe)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestParseKeepsLinesAndMeanings(t *testing.T) {
	f := parse(t, `platforms: [text]
tags: [smoke]
conversations:
  - name: latch
    tags: [topics]
    only: true
    steps:
      - launch: true
      - user: how do i latch
        intent: LatchIntent
        topic: latch
        speech_contains:
          - hold
          - breast
      - intent: TopicIntent
        slots: {topic: mastitis, level: {value: bad, id: urgent}}
        topic: ""
        session: {ageDays: 42}
`)
	require.Len(t, f.Conversations, 1)
	c := f.Conversations[0]
	assert.Equal(t, []string{"text"}, f.Platforms)
	assert.Equal(t, []string{"smoke", "topics"}, c.Tags())
	assert.True(t, c.Only)
	assert.Equal(t, 4, c.Line)
	require.Len(t, c.Steps, 3)
	assert.True(t, c.Steps[0].Launch)

	s := c.Steps[1]
	assert.Equal(t, "how do i latch", s.User)
	assert.Empty(t, s.Intent, "intent beside user is an expectation, not the request")
	var keys []string
	var lines []int
	for _, e := range s.Expect {
		keys, lines = append(keys, e.Key), append(lines, e.Line)
	}
	assert.Equal(t, []string{"intent", "topic", "speech_contains", "speech_contains"}, keys)
	assert.Equal(t, []int{10, 11, 13, 14}, lines)

	s = c.Steps[2]
	assert.Equal(t, "TopicIntent", s.Intent)
	assert.Equal(t, "mastitis", s.Slots["topic"].Value)
	assert.Equal(t, "urgent", s.Slots["level"].ID)
	assert.Equal(t, `step 3 (intent TopicIntent)`, s.Describe())
}

func TestExpectations(t *testing.T) {
	reply := channel.Reply{Intent: "AMAZON.HelpIntent", Topic: "latch", Speech: "Hold your baby  CLOSE. Call 999.",
		Reprompt: "More?", Card: channel.Card{Title: "Latch", Text: "Nose to nipple"},
		Session: map[string]any{"ageDays": float64(42), "topic": "latch"}}
	tests := []struct {
		step string
		ok   bool
	}{
		{`{intent: HelpIntent, topic: latch}`, true},
		{`{intent: HelpIntent, topic: thrush}`, false},
		{`{intent: HelpIntent, topic: ""}`, false},
		{`{user: help, intent: HelpIntent}`, true},
		{`{user: help, intent: StopIntent}`, false},
		{`{intent: HelpIntent, speech_contains: "your baby close"}`, true},
		{`{intent: HelpIntent, speech_contains: [hold, "call 999"]}`, true},
		{`{intent: HelpIntent, speech_contains: [hold, "call 111"]}`, false},
		{`{intent: HelpIntent, speech_not_contains: "111"}`, true},
		{`{intent: HelpIntent, speech_not_contains: "999"}`, false},
		{`{intent: HelpIntent, speech_matches: "Call (999|111)"}`, true},
		{`{intent: HelpIntent, speech_matches: "^Call"}`, false},
		{`{intent: HelpIntent, card_contains: "nose to nipple"}`, true},
		{`{intent: HelpIntent, card_contains: "latch"}`, true},
		{`{intent: HelpIntent, card_contains: "999"}`, false},
		{`{intent: HelpIntent, end_session: false}`, true},
		{`{intent: HelpIntent, end_session: true}`, false},
		{`{intent: HelpIntent, reprompt: true}`, true},
		{`{intent: HelpIntent, reprompt: false}`, false},
		{`{intent: HelpIntent, age_days: 42}`, true},
		{`{intent: HelpIntent, age_days: 14}`, false},
		{`{intent: HelpIntent, session: {ageDays: 42.0, topic: latch}}`, true},
		{`{intent: HelpIntent, session: {topic: thrush}}`, false},
		{`{intent: HelpIntent, session: {pending: null}}`, true},
		{`{intent: HelpIntent, session: {pending: more}}`, false},
	}
	for _, tc := range tests {
		t.Run(tc.step, func(t *testing.T) {
			f := parse(t, "conversations:\n  - name: a\n    steps:\n      - "+tc.step+"\n")
			ok := true
			for _, e := range f.Conversations[0].Steps[0].Expect {
				if _, pass := e.Check(reply); !pass {
					ok = false
				}
			}
			assert.Equal(t, tc.ok, ok)
		})
	}
}

const twoConversations = `tags: [file]
conversations:
  - name: first
    tags: [smoke]
    steps:
      - user: latch
        topic: latch
      - intent: MoreIntent
        topic: moreintent
  - name: second
    tags: [slow]
    steps:
      - user: thrush
        topic: thrush
`

func TestRunCountsConversationPlatformRuns(t *testing.T) {
	r := NewRunner(fakePlatform{"a", echo}, fakePlatform{"b", echo})
	f := parse(t, twoConversations)
	tests := []struct {
		name                    string
		opt                     Options
		passed, failed, skipped int
		summary                 string
	}{
		{"everything", Options{}, 4, 0, 0, "4 passed, 0 failed"},
		{"one platform", Options{Platforms: []string{"b"}}, 2, 0, 0, "2 passed, 0 failed"},
		{"include a tag", Options{Include: []string{"smoke"}}, 2, 0, 0, "2 passed, 0 failed"},
		{"file tag", Options{Include: []string{"file"}}, 4, 0, 0, "4 passed, 0 failed"},
		{"exclude a tag", Options{Exclude: []string{"slow"}}, 2, 0, 0, "2 passed, 0 failed"},
		{"nothing", Options{Include: []string{"none"}}, 0, 0, 0, "0 passed, 0 failed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := r.Run(context.Background(), []*File{f}, tc.opt)
			require.NoError(t, err)
			assert.Equal(t, []int{tc.passed, tc.failed, tc.skipped}, []int{res.Passed, res.Failed, res.Skipped})
			assert.Equal(t, tc.summary, Summary(res))
		})
	}
}

func TestOnlyAndSkip(t *testing.T) {
	r := NewRunner(fakePlatform{"a", echo})
	f := parse(t, strings.Replace(twoConversations, "tags: [slow]", "tags: [slow]\n    skip: true", 1))
	res, err := r.Run(context.Background(), []*File{f}, Options{})
	require.NoError(t, err)
	assert.Equal(t, "1 passed, 0 failed, 1 skipped", Summary(res))

	f = parse(t, strings.Replace(twoConversations, "tags: [slow]", "tags: [slow]\n    only: true", 1))
	res, err = r.Run(context.Background(), []*File{f}, Options{})
	require.NoError(t, err)
	assert.Equal(t, "1 passed, 0 failed, 1 skipped", Summary(res))
	assert.True(t, res.Focused)
	var b strings.Builder
	require.NoError(t, Write(&b, res, true))
	assert.Contains(t, b.String(), "only: true is set")
}

func TestPlatformDifferenceIsReportedApart(t *testing.T) {
	// b forgets the topic on the second turn, as a driver that dropped the session would.
	forgetful := func(t channel.Turn, n int) (channel.Reply, error) {
		r, err := echo(t, n)
		if n == 2 {
			r.Topic = ""
		}
		return r, err
	}
	r := NewRunner(fakePlatform{"a", echo}, fakePlatform{"b", forgetful})
	f := parse(t, twoConversations)
	res, err := r.Run(context.Background(), []*File{f}, Options{})
	require.NoError(t, err)
	assert.Equal(t, "3 passed, 1 failed", Summary(res))
	msgs := Messages(res)
	require.Len(t, msgs, 1)
	m := msgs[0]
	assert.Equal(t, KindPlatformDifference, m.Kind)
	assert.Equal(t, []string{"a"}, m.Passed)
	assert.Equal(t, []string{"b"}, m.Failed)
	assert.Equal(t, `PLATFORM DIFFERENCE t.yaml:8: "first" step 2 (intent MoreIntent) passes on a but fails on b
    [b] t.yaml:9: topic: want "moreintent", got "" (none)`, m.Text)
}

func TestFailureOnEveryPlatformIsOneMessage(t *testing.T) {
	r := NewRunner(fakePlatform{"a", echo}, fakePlatform{"b", echo})
	f := parse(t, strings.Replace(twoConversations, "topic: latch", "topic: positions", 1))
	res, err := r.Run(context.Background(), []*File{f}, Options{})
	require.NoError(t, err)
	msgs := Messages(res)
	require.Len(t, msgs, 1, "the run stops at the failing step, so step 2 is not reported")
	assert.Equal(t, KindFail, msgs[0].Kind)
	assert.Equal(t, `FAIL t.yaml:6: "first" step 1 (user "latch") on a, b
    [a, b] t.yaml:7: topic: want "positions", got "latch"`, msgs[0].Text)
	var b strings.Builder
	require.NoError(t, Write(&b, res, false))
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	assert.Equal(t, "2 passed, 2 failed", lines[len(lines)-1])
}

func TestInvariantsAndErrorsFail(t *testing.T) {
	tests := []struct {
		name  string
		reply func(channel.Turn, int) (channel.Reply, error)
		want  string
	}{
		{"silent", func(channel.Turn, int) (channel.Reply, error) {
			return channel.Reply{Reprompt: "x"}, nil
		}, "invariant (every reply speaks)"},
		{"open without reprompt", func(channel.Turn, int) (channel.Reply, error) {
			return channel.Reply{Speech: "x"}, nil
		}, "invariant (every open turn has a reprompt)"},
		{"bad ssml", func(channel.Turn, int) (channel.Reply, error) {
			return channel.Reply{Speech: "a & b", SSML: "<speak>a & b</speak>", EndSession: true}, nil
		}, "invariant (SSML is well-formed)"},
		{"driver error", func(channel.Turn, int) (channel.Reply, error) {
			return channel.Reply{}, errors.New("boom")
		}, "error: want a reply, got boom"},
		{"driver panic", func(channel.Turn, int) (channel.Reply, error) {
			panic("kaboom")
		}, "got panic: kaboom"},
	}
	f := parse(t, "conversations:\n  - name: a\n    steps:\n      - launch: true\n")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := NewRunner(fakePlatform{"a", tc.reply})
			res, err := r.Run(context.Background(), []*File{f}, Options{})
			require.NoError(t, err)
			require.Equal(t, 1, res.Failed)
			assert.Contains(t, Messages(res)[0].Text, tc.want)
		})
	}
}

func TestUnknownPlatformsAreErrors(t *testing.T) {
	r := NewRunner(fakePlatform{"a", echo})
	f := parse(t, "platforms: [a, nope]\nconversations:\n  - name: x\n    steps: [{launch: true}]\n")
	_, err := r.Run(context.Background(), []*File{f}, Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `t.yaml:1: unknown platform "nope" (have a)`)

	f = parse(t, "conversations:\n  - name: x\n    steps: [{launch: true}]\n")
	_, err = r.Run(context.Background(), []*File{f}, Options{Platforms: []string{"zz"}})
	assert.ErrorContains(t, err, `unknown platform "zz"`)
}

func TestParseTags(t *testing.T) {
	in, ex := ParseTags("smoke, !slow,-urgent,,topics")
	assert.Equal(t, []string{"smoke", "topics"}, in)
	assert.Equal(t, []string{"slow", "urgent"}, ex)
}

func TestLoadReportsEveryFile(t *testing.T) {
	_, err := Load("testdata/bad")
	var fe *FileError
	require.ErrorAs(t, err, &fe)
	assert.Len(t, fe.Problems, 4, "two problems in each file")
	assert.Contains(t, err.Error(), "testdata/bad/a.yaml:4:")
	assert.Contains(t, err.Error(), "testdata/bad/b.yml:1:")

	_, err = Load("testdata/none")
	assert.Error(t, err)
}
