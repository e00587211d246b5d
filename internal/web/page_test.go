package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var stateRE = regexp.MustCompile(`name="state" id="state" value="([^"]*)"`)

// TestEnterNeverPressesASuggestion: the question form's first button is Ask,
// so Enter in the box sends the question; suggestions have forms of their
// own, each with the state.
func TestEnterNeverPressesASuggestion(t *testing.T) {
	c := newChat(t, false, nil)
	page := c.do(t, "GET", "/chat", "", "").Body.String()
	assert.NotContains(t, page, `form="ask"`)
	form := page[strings.Index(page, `<form class="ff-ask"`):]
	assert.Less(t, strings.Index(form, `id="send"`), strings.Index(form, `type="submit" name="action"`), "Ask is the form's default button")
	state := stateOf(t, page)
	assert.Contains(t, page, `<input type="hidden" name="state" value="`+state+`"><button class="ff-chip" type="submit" name="say"`)
}

// form posts the page's form as a browser without JavaScript does.
func (c *chat) form(t *testing.T, v url.Values) (int, string) {
	t.Helper()
	w := c.do(t, "POST", "/chat", "application/x-www-form-urlencoded", v.Encode())
	assert.Contains(t, w.Header().Get("Content-Type"), "text/html")
	return w.Code, w.Body.String()
}

func stateOf(t *testing.T, page string) string {
	t.Helper()
	m := stateRE.FindStringSubmatch(page)
	require.NotNil(t, m, "the form carries the state")
	return m[1]
}

// TestPageWithoutJavaScript is a conversation through the form alone.
func TestPageWithoutJavaScript(t *testing.T) {
	c := newChat(t, false, nil)
	w := c.do(t, "GET", "/chat", "", "")
	require.Equal(t, http.StatusOK, w.Code)
	page := w.Body.String()
	assert.Contains(t, page, `<html lang="en-GB">`)
	assert.Contains(t, page, `id="disclaimer"`)
	assert.Less(t, strings.Index(page, `id="disclaimer"`), strings.Index(page, `id="conversation"`), "the disclaimer at the start")
	assert.Contains(t, page, `data-outcome="welcome"`)
	assert.Contains(t, page, `<a class="ff-tel" href="tel:999">999</a>`)
	assert.Contains(t, page, `role="log" aria-live="polite"`, "new answers are announced")
	assert.Contains(t, page, `name="say" value="how do I get a good latch"`, "the examples are buttons")
	state := stateOf(t, page)
	require.NotEmpty(t, state)

	code, page := c.form(t, url.Values{"q": {"how do I get a good latch"}, "state": {state}})
	require.Equal(t, http.StatusOK, code, page)
	assert.Contains(t, page, `data-topic="latch"`)
	assert.Contains(t, page, `You asked: </span>how do I get a good latch`)
	assert.Contains(t, page, "<title>Answer: ")

	code, page = c.form(t, url.Values{"q": {"ignored when a button is pressed"}, "action": {"more"}, "state": {stateOf(t, page)}})
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, page, `data-outcome="more"`)
	assert.Contains(t, page, `You asked: </span>More`)

	code, page = c.form(t, url.Values{"topic": {"mastitis"}, "label": {"Mastitis"}, "state": {stateOf(t, page)}})
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, page, `data-topic="mastitis"`)

	code, page = c.form(t, url.Values{"say": {"my baby is 6 weeks old"}, "state": {stateOf(t, page)}})
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, page, `data-outcome=`)

	code, page = c.form(t, url.Values{"q": {"flibber wobble splodge"}, "state": {stateOf(t, page)}})
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, page, `data-outcome="fallback"`)
	assert.Contains(t, page, `href="tel:111"`)

	code, page = c.form(t, url.Values{"q": {"my baby has gone blue and floppy"}, "state": {stateOf(t, page)}})
	require.Equal(t, http.StatusOK, code)
	care := strings.Index(page, "nhsuk-card--care--emergency")
	require.Positive(t, care, "the urgent box")
	assert.Less(t, care, strings.Index(page, "ff-bubble--answer"), "urgent help shown first")
	assert.Contains(t, page, `<a class="ff-call" href="tel:999">Call 999</a>`)
	assert.Contains(t, page, `<a class="ff-call" href="tel:111">Call NHS 111</a>`)
	assert.Contains(t, page, "<title>This could be an emergency: call 999 now")
	assert.Empty(t, stateOf(t, page), "the conversation ended")
	assert.Contains(t, page, "This conversation has ended")
}

func TestPageRefusals(t *testing.T) {
	c := newChat(t, false, nil)
	state := stateOf(t, c.do(t, "GET", "/chat", "", "").Body.String())

	code, page := c.form(t, url.Values{"q": {"  "}, "state": {state}})
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, page, "nhsuk-error-summary")
	assert.Contains(t, page, `<a href="#q">Type your question</a>`)
	assert.Contains(t, page, `aria-describedby="q-hint q-error"`)
	assert.Equal(t, state, stateOf(t, page), "the conversation is kept")
	assert.Contains(t, page, "<title>Error: ")

	for _, tc := range []struct {
		name, ctype, body string
		status            int
		says              string
	}{
		{"JSON to the page", "application/json", `{"text":"latch"}`, 415, "web form"},
		{"not UTF-8", "application/x-www-form-urlencoded", "q=%FF%FE", 400, "not valid UTF-8"},
		{"a forged state", "application/x-www-form-urlencoded", "action=more&state=v1.eyJ9.AAAA", 400, "conversation state"},
		{"too large", "application/x-www-form-urlencoded", "q=" + strings.Repeat("a", 9000), 413, "too large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := c.do(t, "POST", "/chat", tc.ctype, tc.body)
			assert.Equal(t, tc.status, w.Code)
			assert.Contains(t, w.Body.String(), tc.says)
			assert.Contains(t, w.Body.String(), `href="tel:999"`, "the safety net")
		})
	}
}

func TestPageEscapesWords(t *testing.T) {
	c := newChat(t, false, nil)
	_, page := c.form(t, url.Values{"q": {`<script>alert("x")</script> & <b>latch</b>`}})
	assert.NotContains(t, page, `<script>alert`)
	assert.NotContains(t, page, `<b>latch</b>`)
	assert.Contains(t, page, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;latch&lt;/b&gt;`)
}

func TestPageEmbedded(t *testing.T) {
	c := newChat(t, false, nil)
	page := c.do(t, "GET", "/chat?embed=1", "", "").Body.String()
	assert.Contains(t, page, `action="/chat?embed=1"`, "the form keeps the page embedded")
	_, page = c.form(t, url.Values{"q": {"latch"}})
	assert.Contains(t, page, `class="nhsuk-header"`)
}
