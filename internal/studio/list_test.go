package studio

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/feedingfriend/skill/internal/content"
)

// rowRE finds each answer of the list: its id, title and group as shown.
var rowRE = regexp.MustCompile(`(?s)<tr[^>]*data-id="([^"]+)">.*?<a href="/answers/[^"]+">([^<]+)</a>.*?</th>\s*<td[^>]*>(?:<span[^>]*>[^<]*</span>)?([^<]+)</td>`)

// TestListShowsGroupNamesInTitleOrder: the list reads as its titles do, in
// alphabetical order, and names each group as the help menu does ("Your
// own health"), not by its id ("your-health"); so does the group filter.
func TestListShowsGroupNamesInTitleOrder(t *testing.T) {
	_, srv := newTestStudio(t)
	c := newClient(t, srv.URL)
	c.login(editorName, editorPassword)
	_, body := c.get("/")
	rows := rowRE.FindAllStringSubmatch(body, -1)
	require.Len(t, rows, strings.Count(body, `data-id="`), "every row read")
	require.Greater(t, len(rows), 40)
	var titles []string
	ids := map[string]bool{}
	for _, g := range content.Groups {
		ids[g.ID] = true
	}
	for _, r := range rows {
		titles = append(titles, htmlUnescape(r[2]))
		group := htmlUnescape(r[3])
		assert.False(t, ids[group], "row %s shows the group id %q", r[1], group)
		assert.Equal(t, strings.ToUpper(group[:1]), group[:1], "row %s: a group name starts with a capital: %q", r[1], group)
	}
	assert.True(t, slices.IsSortedFunc(titles, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }), "sorted by title: %q", titles)

	for _, tc := range []struct{ id, name string }{
		{"getting-started", "Getting started"},
		{"your-health", "Your own health"},
		{"safety", "Urgent help and where to get support"},
	} {
		t.Run(tc.id, func(t *testing.T) {
			assert.Contains(t, body, `<option value="`+tc.id+`">`+tc.name+`</option>`, "the filter names the group")
		})
	}
	_, answer := c.get("/answers/latch")
	assert.Contains(t, answer, "<dd class=\"nhsuk-summary-list__value\">Getting started</dd>", "the answer page names its group")
}
