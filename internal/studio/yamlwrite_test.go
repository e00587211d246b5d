package studio

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/feedingfriend/skill/internal/content"
)

// TestRewriteUnchangedKeepsBytes saves every shipped answer with the values it
// already has: nothing may change, not even line breaks.
func TestRewriteUnchangedKeepsBytes(t *testing.T) {
	names, err := filepath.Glob("../../content/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, names)
	for _, name := range names {
		if filepath.Base(name) == content.PromptsFile {
			continue // not an answer: the studio does not edit it
		}
		t.Run(filepath.Base(name), func(t *testing.T) {
			data, err := os.ReadFile(name)
			require.NoError(t, err)
			tp, err := decodeTopic(filepath.Base(name), data, testSigns())
			require.NoError(t, err)
			out, err := rewrite(data, valuesOf(tp))
			require.NoError(t, err)
			assert.Equal(t, string(data), string(out))
		})
	}
}

// TestRewriteEveryFieldRoundTrips rewrites every form field of every shipped
// answer in the studio's own layout: the file must read back with the same
// clinical text (same hash) and load.
func TestRewriteEveryFieldRoundTrips(t *testing.T) {
	names, err := filepath.Glob("../../content/*.yaml")
	require.NoError(t, err)
	for _, name := range names {
		if filepath.Base(name) == content.PromptsFile {
			continue // not an answer: the studio does not edit it
		}
		t.Run(filepath.Base(name), func(t *testing.T) {
			data, err := os.ReadFile(name)
			require.NoError(t, err)
			tp, err := decodeTopic(filepath.Base(name), data, testSigns())
			require.NoError(t, err)
			// Write every field from scratch: empty the old values first.
			bare, err := rewrite(data, values{Title: "x", Answer: "x", Card: "x", Sources: []content.Source{{URL: "https://example.org", Checked: "2026-01-01"}}})
			require.NoError(t, err)
			out, err := rewrite(bare, valuesOf(tp))
			require.NoError(t, err)
			nt, err := decodeTopic(filepath.Base(name), out, testSigns())
			require.NoError(t, err)
			assert.Equal(t, tp.Hash, nt.Hash, "clinical text changed:\n%s", out)
			for _, f := range content.CheckFile(filepath.Base(name), out, content.CheckOptions{}) {
				assert.NotEqual(t, content.KindLoad, f.Kind, "%s", f)
			}
		})
	}
}

const sample = `# A comment at the top stays.
id: sample
title: Sample
group: problems
status: approved   # kept
answer: >-
  Old answer.
# a comment before card stays with card
card: |-
  Old card.
sources:
  - url: https://www.nhs.uk/a
    checked: 2026-01-01
review_notes:
  - Keep me.
approval:
  by: Dr A
  role: Midwife
  on: 2026-01-02
  review_due: 2027-01-02
  hash: abc
`

func TestRewrite(t *testing.T) {
	base := values{Title: "Sample", Answer: "Old answer.", Card: "Old card.", Sources: []content.Source{{URL: "https://www.nhs.uk/a", Checked: "2026-01-01"}}}
	tests := []struct {
		name  string
		edit  func(v *values)
		want  []string // substrings of the new file
		never []string
	}{
		{"answer only", func(v *values) { v.Answer = "New answer: with # and & and \"quotes\" and 'apostrophes'." },
			[]string{"answer: >-\n  New answer: with # and & and \"quotes\" and 'apostrophes'.\n# a comment before card", "status: approved   # kept", "# A comment at the top stays."}, nil},
		{"add more and related", func(v *values) {
			v.More = []string{"Part one.", "Part two."}
			v.Related = []string{"latch", "urgent-help"}
		}, []string{"answer: >-\n  Old answer.\nmore:\n  - >-\n    Part one.\n  - >-\n    Part two.\n# a comment", "card: |-\n  Old card.\nrelated: [latch, urgent-help]\nsources:"}, nil},
		{"card with CRLF and indented lines", func(v *values) {
			v.Card = normCard("Title line\r\n  - indented\r\n\r\n- Help: {{helpline_number}}  \r\n")
		},
			[]string{"card: |-\n  Title line\n    - indented\n\n  - Help: {{helpline_number}}\nsources:"}, []string{"\r"}},
		{"card starting with spaces", func(v *values) { v.Card = "  indented first\nsecond" }, []string{"card: |2-\n    indented first\n  second\n"}, nil},
		{"title that needs quotes", func(v *values) { v.Title = "Latch: the basics" }, []string{"title: 'Latch: the basics'\n"}, nil},
		{"variants", func(v *values) {
			v.Variants = []content.Variant{{Age: "0 to 2 days", Answer: "Small.", More: []string{"More."}}, {Age: "from 3 days", Answer: "Big.", Card: "Card 2."}}
		}, []string{"variants:\n  - age: 0 to 2 days\n    answer: >-\n      Small.\n    more:\n      - >-\n        More.\n  - age: from 3 days\n    answer: >-\n      Big.\n    card: |-\n      Card 2.\nreview_notes:"}, nil},
		{"long answer wraps", func(v *values) { v.Answer = strings.Repeat("word ", 40) + "end." }, []string{"answer: >-\n  word word"}, nil},
		{"no sources", func(v *values) { v.Sources = nil }, []string{"sources: []\nreview_notes:"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := base
			tc.edit(&v)
			out, err := rewrite([]byte(sample), v)
			require.NoError(t, err)
			for _, w := range tc.want {
				assert.Contains(t, string(out), w)
			}
			for _, w := range tc.never {
				assert.NotContains(t, string(out), w)
			}
			assert.Contains(t, string(out), "approval:\n  by: Dr A\n")
			assert.Contains(t, string(out), "review_notes:\n  - Keep me.\n")
			for _, l := range strings.Split(string(out), "\n") {
				assert.LessOrEqual(t, len(l), wrapWidth, "line too long: %q", l)
			}
			nt, err := decodeTopic("sample.yaml", out, testSigns())
			require.NoError(t, err)
			assert.Equal(t, v, valuesOf(nt))
		})
	}
}
