package content

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	contentfiles "github.com/feedingfriend/skill/content"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// catalogue is the topic ids of shared/topics.yaml; tests, reports and the harness
// name answers by them, so every one must have an answer.
var catalogue = strings.Fields(`benefits how-long first-feed colostrum milk-coming-in latch positions how-often
feeding-cues enough-milk nappies weight cluster-feeding night-feeds sleepy-baby low-supply oversupply
sore-nipples engorgement blocked-duct mastitis thrush tongue-tie breast-refusal biting winding spitting-up
jaundice hand-expressing breast-pumps storing-milk thawing-milk combination-feeding diet vitamin-d alcohol
smoking caffeine medicines contraception in-public back-to-work stopping premature twins helplines urgent-help`)

func TestRealContentLoadsForEveryNation(t *testing.T) {
	for _, nation := range Nations {
		t.Run(nation, func(t *testing.T) {
			sp, err := NationSignposts(nation)
			require.NoError(t, err)
			s, err := Load(contentfiles.FS, sp)
			require.NoError(t, err)
			assert.ElementsMatch(t, catalogue, s.IDs())
			assert.Len(t, s.Version(), 12)
			for _, id := range s.IDs() {
				tp, _ := s.Topic(id)
				for _, text := range tp.Texts() {
					assert.NotContains(t, text, "{{", "%s: placeholders must be filled", id)
				}
			}
		})
	}
}

// TestShippedContentIsDraft holds the rule that nothing in this repository
// pretends to be approved: only a clinician, with the approval tool, approves.
func TestShippedContentIsDraft(t *testing.T) {
	sp, _ := NationSignposts("england")
	s, err := Load(contentfiles.FS, sp)
	require.NoError(t, err)
	for _, id := range s.IDs() {
		tp, _ := s.Raw(id)
		assert.Equal(t, Draft, tp.Status, id)
		assert.Nil(t, tp.Approval, id)
		assert.False(t, tp.ServableAsApproved(time.Now()), id)
	}
}

const good = `id: latch
title: Latch
group: getting-started
status: draft
answer: Hold your baby close.
card: |-
  Latch
  Help: {{helpline_number}}
related: [helplines]
sources:
  - url: https://www.nhs.uk/x
    checked: 2026-11-25
`

const helplines = `id: helplines
title: Help
group: safety
status: draft
answer: Call {{helpline_name}} on {{helpline_number}}.
card: "{{helpline_number}}"
sources: [{url: "https://www.nhs.uk/h", checked: 2026-11-25}]
`

const urgent = `id: urgent-help
title: Urgent
group: safety
status: draft
answer: Call {{emergency_number}}.
card: "{{emergency_number}} {{urgent_number}}"
sources: [{url: "https://www.nhs.uk/u", checked: 2026-11-25}]
variants:
  - key: emergency
    answer: Call {{emergency_number}} now.
  - key: urgent
    answer: Call {{urgent}} now.
`

func TestLoadReportsFileAndLine(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"good file loads", good, ""},
		{"unknown field", good + "colour: blue\n", "latch.yaml:13: field colour not found in type content.Topic"},
		{"bad group", strings.Replace(good, "getting-started", "misc", 1), "latch.yaml:3: group \"misc\""},
		{"approved without record", strings.Replace(good, "status: draft", "status: approved", 1), "latch.yaml:4: status is approved but there is no approval record"},
		{"missing related", strings.Replace(good, "[helplines]", "[helplines, unicorns]", 1), "latch.yaml:9: related topic \"unicorns\" does not exist"},
		{"unknown placeholder", strings.Replace(good, "Hold your baby close.", "Call {{nhs_direct}}.", 1), "latch.yaml:5: answer: unknown placeholder {{nhs_direct}}"},
		{"number not on card", strings.Replace(good, "Help: {{helpline_number}}", "Help", 1) + "more: [\"Call 0300 123 1044.\"]\n", "card must also show the number(s) spoken: 0300 123 1044"},
		{"too long", strings.Replace(good, "Hold your baby close.", strings.Repeat("word ", 61), 1), "answer has 61 words"},
		{"bad date", strings.Replace(good, "2026-11-25", "25/11/2026", 1), "latch.yaml:11: source checked date \"25/11/2026\""},
		{"bad age", good + "variants:\n  - age: newborn\n    answer: x\n", "latch.yaml:14: age \"newborn\""},
		{"overlapping ages", good + "variants:\n  - age: 0 to 3 days\n    answer: x\n  - age: 2 to 5 days\n    answer: y\n", "latch.yaml:16: age \"2 to 5 days\" overlaps"},
		{"id not file name", strings.Replace(good, "id: latch", "id: latching", 1), "latch.yaml:1: id \"latching\" does not match the file name"},
		{"yaml syntax", "id: [latch\n", "latch.yaml:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"latch.yaml":       {Data: []byte(tc.file)},
				"helplines.yaml":   {Data: []byte(helplines)},
				"urgent-help.yaml": {Data: []byte(urgent)},
				PromptsFile:        {Data: shippedPrompts(t)},
			}
			sp, _ := NationSignposts("england")
			s, err := Load(fsys, sp)
			if tc.want == "" {
				require.NoError(t, err)
				tp, _ := s.Topic("latch")
				assert.Contains(t, tp.Card, "0300 100 0212")
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestAgeVariants(t *testing.T) {
	tests := []struct {
		age      string
		min, max int
		in, out  int
	}{
		{"0 to 2 days", 0, 2, 2, 3},
		{"7 to 28 days", 7, 28, 28, 29},
		{"2 to 6 weeks", 14, 48, 48, 49},
		{"from 6 weeks", 42, -1, 400, 41},
	}
	for _, tc := range tests {
		t.Run(tc.age, func(t *testing.T) {
			r, err := ParseAge(tc.age)
			require.NoError(t, err)
			assert.Equal(t, AgeRange{tc.min, tc.max}, r)
			assert.True(t, r.Contains(tc.in))
			assert.False(t, r.Contains(tc.out))
		})
	}
}

func TestApprovalBoundToText(t *testing.T) {
	tp := &Topic{ID: "x", Answer: "Feed often.", Status: Approved}
	tp.Hash = Hash(tp)
	tp.Approval = &Approval{By: "Dr A", Role: "midwife", On: "2026-01-01", ReviewDue: "2027-01-01", Hash: tp.Hash}
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	assert.True(t, tp.ServableAsApproved(now))
	assert.False(t, tp.ServableAsApproved(time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC)), "overdue")
	tp.Answer = "Feed less."
	tp.Hash = Hash(tp)
	assert.True(t, tp.ChangedSinceApproval())
	assert.False(t, tp.ServableAsApproved(now))
}

// FuzzLoad feeds arbitrary bytes as an answer file: loading must never panic, and
// must either succeed or report problems with a file name.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("id: [latch\n"))
	f.Add([]byte("\xff\xfe\x00"))
	f.Add([]byte(strings.Replace(good, "Hold your baby close.", "{{nope}} & <b>", 1)))
	f.Add([]byte(good + "variants:\n  - age: 0 to 2 days\n    answer: x\n"))
	prompts := shippedPrompts(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{
			"latch.yaml":       {Data: data},
			"helplines.yaml":   {Data: []byte(helplines)},
			"urgent-help.yaml": {Data: []byte(urgent)},
			PromptsFile:        {Data: prompts},
		}
		sp, _ := NationSignposts("england")
		s, err := Load(fsys, sp)
		if err != nil {
			if !strings.Contains(err.Error(), ".yaml") {
				t.Fatalf("problem without a file name: %v", err)
			}
			return
		}
		if _, ok := s.Topic("latch"); !ok {
			t.Fatal("loaded without the topic")
		}
	})
}

// shippedPrompts is the shipped prompts.yaml.
func shippedPrompts(t testing.TB) []byte {
	t.Helper()
	b, err := fs.ReadFile(contentfiles.FS, PromptsFile)
	require.NoError(t, err)
	return b
}
