package studio

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/feedingfriend/skill/internal/content"
)

// TestFixesCoverContent: each of content's messages an edit can cause, as
// content words it, becomes a message that says what to do, beside the
// right field; every fix is used. (TestSaveErrorsSayWhatToDo causes most of
// them through a real save.)
func TestFixesCoverContent(t *testing.T) {
	at := map[string]target{
		"title": {"title", "the title"}, "answer": {"answer", "the short answer"}, "card": {"card", "the card"},
		"related": {"related", "related topics"}, "sources": {"sources-0-url", "the sources"},
		"sources[0]": {"sources-0-url", "source 1"}, "sources[0].url": {"sources-0-url", "source 1"},
		"sources[0].checked": {"sources-0-checked", "the date source 1 was checked"},
		"variants":           {"variants-0-age", "the variants"}, "variants[0]": {"variants-0-age", "variant 1"},
		"variants[0].age": {"variants-0-age", "the age of variant 1"}, "variants[0].key": {"variants-0-key", "the key of variant 1"},
		"variants[0].answer": {"variants-0-answer", "the answer of variant 1"}, "variants[0].card": {"variants-0-card", "the card of variant 1"},
	}
	noLine := func(int) string { return "" }
	used := map[int]bool{}
	for _, tc := range []struct {
		field, msg string
		want       fieldError
	}{
		{"title", "title is missing", fieldError{"title", "Enter a title"}},
		{"", "answer is empty", fieldError{"answer", "Enter the short answer"}},
		{"", "variants[0].answer is empty", fieldError{"variants-0-answer", "Enter the answer of variant 1"}},
		{"", "card is missing: screens and the Alexa app show it", fieldError{"card", "Enter the card"}},
		{"", "answer has 61 words: a first answer must fit in one or two breaths (at most 60)", fieldError{"answer", "Shorten the short answer to 60 words or fewer: it has 61"}},
		{"", "answer: unknown placeholder {{x}} (known: a, b)", fieldError{"answer", "Replace {{x}} in the short answer with a name or number the skill knows: {{a}}, {{b}}"}},
		{"variants[0].card", "unknown placeholder {{x}} (known: a)", fieldError{"variants-0-card", "Replace {{x}} in the card of variant 1 with a name or number the skill knows: {{a}}"}},
		{"", "card must also show the number(s) spoken: 999", fieldError{"card", "Add 999 to the card: every number spoken must be written on the card"}},
		{"variants[0].card", "card must also show the number(s) spoken: 111", fieldError{"variants-0-card", "Add 111 to the card of variant 1: every number spoken must be written on the card"}},
		{"sources", "at least one source is needed", fieldError{"sources-0-url", "Enter the web address of at least one source"}},
		{"sources[0]", `source "nhs" is not a web address`, fieldError{"sources-0-url", "Enter the web address of source 1 in full, starting https://"}},
		{"sources[0]", `source "ftp://a.b/": want an https address`, fieldError{"sources-0-url", "Enter the web address of source 1 starting https://"}},
		{"sources[0]", `source checked date "today": want YYYY-MM-DD`, fieldError{"sources-0-checked", "Enter the date source 1 was checked as year-month-day, for example 2026-11-25"}},
		{"variants[0]", "variant has both age and key; use one", fieldError{"variants-0-key", "Remove the key or the age of variant 1: a variant has one or the other"}},
		{"variants[0].answer", `variant needs an age ("0 to 2 days") or a key`, fieldError{"variants-0-age", "Enter an age or a key for variant 1"}},
		{"variants[0]", `age "soon": want "A to B days|weeks|months" or "from A days|weeks|months"`, fieldError{"variants-0-age", "Enter the age of variant 1 like 0 to 2 days, 2 to 6 weeks or from 6 weeks"}},
		{"variants[0]", `age "0 to 2 days" overlaps another variant`, fieldError{"variants-0-age", "Change the age of variant 1: 0 to 2 days overlaps the age of another variant"}},
		{"variants[0]", `variant key "urgent" is used twice`, fieldError{"variants-0-key", "Change the key of variant 1: another variant has the key urgent"}},
		{"variants", `urgent-help needs a variant with key "urgent"`, fieldError{"variants-0-age", "Add a variant with the key urgent: urgent help needs one"}},
		{"related", `related topic "nope" does not exist`, fieldError{"related", "Remove nope from related topics, or enter the id of an answer that exists"}},
		{"related", "a topic cannot be related to itself", fieldError{"related", "Remove this answer's own id from related topics"}},
		{"card", "8123 characters with wales signposting: speech and cards must stay under 8000", fieldError{"card", "Shorten the card to under 8000 characters: it has 8123 with wales's names and numbers"}},
		{"answer", "{{urgent}} has no value for scotland", fieldError{"answer", "Remove {{urgent}} from the short answer, or give it a value for scotland in skill.yaml"}},
		{"answer", "a placeholder is left unfilled for wales", fieldError{"answer", "Replace the placeholder in the short answer that has no value for wales"}},
	} {
		t.Run(tc.msg, func(t *testing.T) {
			assert.Equal(t, tc.want, errorOf(content.Finding{Field: tc.field, Msg: tc.msg}, at, noLine))
			msg := tc.msg
			if m := pathRE().FindStringSubmatch(msg); m != nil {
				msg = strings.TrimLeft(strings.TrimPrefix(msg, m[1]), ": ")
			}
			i, _ := fixFor(msg)
			require.GreaterOrEqual(t, i, 0, "a fix for %q", msg)
			used[i] = true
		})
	}
	for i, x := range fixes {
		assert.True(t, used[i], "fix %s is used by a message above", x.re())
	}
}
