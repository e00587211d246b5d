package studio

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fieldRE finds the named inputs and text areas of a page, in order.
var fieldRE = regexp.MustCompile(`<(?:input|textarea)[^>]*\bname="([^"]+)"`)

// fieldNames lists the edit form's fields as a page shows them, in order,
// without the hidden csrf and base.
func fieldNames(body string) []string {
	var out []string
	for _, m := range fieldRE.FindAllStringSubmatch(body, -1) {
		if m[1] != "csrf" && m[1] != "base" {
			out = append(out, m[1])
		}
	}
	return out
}

// summaryRE finds the error summary's entries: the field linked and the message.
var summaryRE = regexp.MustCompile(`<li>(?:<a href="#([^"]+)">([^<]*)</a>|([^<]*))</li>`)

// errorSummary returns the error summary of a page as "#field: message" lines.
func errorSummary(body string) []string {
	i := strings.Index(body, `nhsuk-error-summary__list`)
	if i < 0 {
		return nil
	}
	end := strings.Index(body[i:], "</ul>")
	var out []string
	for _, m := range summaryRE.FindAllStringSubmatch(body[i:i+end], -1) {
		if m[1] != "" {
			out = append(out, "#"+m[1]+": "+htmlUnescape(m[2]))
		} else {
			out = append(out, htmlUnescape(m[3]))
		}
	}
	return out
}

// TestFailedSaveShowsWhatWasPosted: a save that is refused shows the form
// exactly as it was posted (the same fields, in the same order, with the same
// values), with the errors beside their fields; it adds no empty part,
// source or variant.
func TestFailedSaveShowsWhatWasPosted(t *testing.T) {
	_, srv := newTestStudio(t)
	c := newClient(t, srv.URL)
	c.login(editorName, editorPassword)
	for _, tc := range []struct {
		name, id string
		// change changes the form as the page has it and returns the error
		// summary's first entry.
		change func(url.Values) string
	}{
		{"an empty title", "latch", func(v url.Values) string {
			v.Set("title", "")
			return "#title: Enter a title"
		}},
		{"a part added and an empty title", "latch", func(v url.Values) string {
			v.Set("title", "")
			v.Set(fmt.Sprintf("more-%d", lastIndex(v, "more-%d")), "A new part.")
			return "#title: Enter a title"
		}},
		{"a source added with a bad date", "latch", func(v url.Values) string {
			i := lastIndex(v, "sources-%d-url")
			v.Set(fmt.Sprintf("sources-%d-url", i), "https://www.nhs.uk/baby/")
			v.Set(fmt.Sprintf("sources-%d-checked", i), "yesterday")
			return fmt.Sprintf("#sources-%d-checked: Enter the date source %d was checked as year-month-day, for example 2026-11-25", i, i+1)
		}},
		{"a variant's age emptied", "nappies", func(v url.Values) string {
			v.Set("variants-1-age", "")
			return "#variants-1-age: Enter an age or a key for variant 2"
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, page := c.get("/answers/" + tc.id + "/edit")
			posted := formOfPage(page)
			want := tc.change(posted)
			names := fieldNames(page)
			resp, body := c.postForm("/answers/"+tc.id+"/edit", posted)
			require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
			assert.Equal(t, names, fieldNames(body), "the same fields, in the same order")
			got := formOfPage(body)
			for _, n := range names {
				assert.Equal(t, posted.Get(n), got.Get(n), "the value of %s", n)
			}
			errs := errorSummary(body)
			require.NotEmpty(t, errs)
			assert.Equal(t, want, errs[0])
			for _, e := range errs {
				id, _, _ := strings.Cut(strings.TrimPrefix(e, "#"), ":")
				assert.Contains(t, body, `id="`+id+`-error"`, "the message of %s is beside its field", id)
			}
		})
	}
}

// lastIndex is the index of the last field of a repeated kind in a form
// ("more-%d": the empty part the page offers for adding one).
func lastIndex(v url.Values, pattern string) int {
	i := 0
	for v.Has(fmt.Sprintf(pattern, i+1)) {
		i++
	}
	return i
}

// TestSaveErrorsSayWhatToDo: every problem an edit can cause is refused
// with a message that says what to do, NHS.UK style, linked to the field to
// change.
func TestSaveErrorsSayWhatToDo(t *testing.T) {
	_, srv := newTestStudio(t)
	c := newClient(t, srv.URL)
	c.login(editorName, editorPassword)
	long := strings.Repeat("Feed your baby often. ", 16)
	for _, tc := range []struct {
		name, id string
		change   map[string]string
		want     string
	}{
		{"no title", "latch", map[string]string{"title": " "}, "#title: Enter a title"},
		{"no short answer", "latch", map[string]string{"answer": ""}, "#answer: Enter the short answer"},
		{"no card", "latch", map[string]string{"card": ""}, "#card: Enter the card"},
		{"a short answer too long", "latch", map[string]string{"answer": long}, "#answer: Shorten the short answer to 60 words or fewer: it has 64"},
		{"an unknown placeholder", "latch", map[string]string{"more-0": "Call {{nhs_direct}} now."},
			"#more-0: Replace {{nhs_direct}} in further part 1 with a name or number the skill knows: {{disclaimer}}, {{emergency_number}}, {{examples}}, {{helpline_name}}, {{helpline_number}}, {{skill_name}}, {{urgent}}, {{urgent_number}}"},
		{"a number not on the card", "latch", map[string]string{"answer": "Call 0300 123 4567 for help."}, "#card: Add 0300 123 4567 to the card: every number spoken must be written on the card"},
		{"no sources", "latch", map[string]string{"sources-0-url": "", "sources-0-checked": "", "sources-1-url": "", "sources-1-checked": ""}, "#sources-0-url: Enter the web address of at least one source"},
		{"a source that is not a web address", "latch", map[string]string{"sources-0-url": "nhs website"}, "#sources-0-url: Enter the web address of source 1 in full, starting https://"},
		{"a source that is not https", "latch", map[string]string{"sources-0-url": "ftp://www.nhs.uk/baby/"}, "#sources-0-url: Enter the web address of source 1 starting https://"},
		{"a source date in another form", "latch", map[string]string{"sources-1-checked": "25/11/2026"}, "#sources-1-checked: Enter the date source 2 was checked as year-month-day, for example 2026-11-25"},
		{"a related topic that does not exist", "latch", map[string]string{"related": "positions, no-such-answer"}, "#related: Remove no-such-answer from related topics, or enter the id of an answer that exists"},
		{"related to itself", "latch", map[string]string{"related": "positions, latch"}, "#related: Remove this answer's own id from related topics"},
		{"a variant with an age and a key", "nappies", map[string]string{"variants-0-key": "urgent"}, "#variants-0-key: Remove the key or the age of variant 1: a variant has one or the other"},
		{"a variant with neither", "nappies", map[string]string{"variants-0-age": ""}, "#variants-0-age: Enter an age or a key for variant 1"},
		{"an age written another way", "nappies", map[string]string{"variants-0-age": "newborn"}, "#variants-0-age: Enter the age of variant 1 like 0 to 2 days, 2 to 6 weeks or from 6 weeks"},
		{"overlapping ages", "nappies", map[string]string{"variants-1-age": "0 to 1 days"}, "#variants-1-age: Change the age of variant 2: 0 to 1 days overlaps the age of another variant"},
		{"a key used twice", "urgent-help", map[string]string{"variants-1-key": "emergency"}, "#variants-1-key: Change the key of variant 2: another variant has the key emergency"},
		{"a number not on a variant's card", "nappies", map[string]string{"variants-0-card": "Nappies in the first 2 days."},
			"#variants-0-card: Add {{helpline_number}} to the card of variant 1: every number spoken must be written on the card"},
		{"a variant with no answer", "nappies", map[string]string{"variants-0-answer": ""}, "#variants-0-answer: Enter the answer of variant 1"},
		{"a control character", "latch", map[string]string{"title": "Latch\x00"}, "#title: Remove the hidden control character from the title"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, page := c.get("/answers/" + tc.id + "/edit")
			form := formOfPage(page)
			for k, v := range tc.change {
				require.True(t, form.Has(k), "the form has %s", k)
				form.Set(k, v)
			}
			resp, body := c.postForm("/answers/"+tc.id+"/edit", form)
			require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, "%v", errorSummary(body))
			assert.Contains(t, errorSummary(body), tc.want)
			for _, e := range errorSummary(body) {
				_, msg, _ := strings.Cut(e, ": ")
				assert.Regexp(t, `^(Enter|Add|Remove|Replace|Shorten|Change) `, msg, "a message that says what to do: %s", e)
			}
		})
	}
}
