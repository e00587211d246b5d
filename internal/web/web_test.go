package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/feedingfriend/skill/internal/telemetry/telemetrytest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/content/contenttest"
	"github.com/feedingfriend/skill/internal/ratelimit"
	"github.com/feedingfriend/skill/internal/web"
	"github.com/feedingfriend/skill/internal/web/wiring"
	"github.com/feedingfriend/skill/internal/webstate"
)

const testKey = "a-web-session-key-for-tests-0123456789"

// apps are wired once per setting: building the NLU takes a moment.
var (
	appsMu sync.Mutex
	apps   = map[bool]*app.App{}
)

func testApp(t testing.TB, approvedOnly bool) *app.App {
	t.Helper()
	appsMu.Lock()
	defer appsMu.Unlock()
	if a, ok := apps[approvedOnly]; ok {
		return a
	}
	cfg := app.Config{NLU: true, ApprovedOnly: approvedOnly}
	if approvedOnly {
		// Approved-only serving with nothing approved does not start: a copy
		// with one answer (benefits) approved by a test team.
		now := time.Now()
		dir, err := os.MkdirTemp("", "webtest")
		require.NoError(t, err)
		require.NoError(t, contenttest.ApprovedCopy(dir, now, "benefits"))
		cfg.Content, cfg.Now = os.DirFS(dir), func() time.Time { return now }
	}
	a, err := app.New(cfg)
	require.NoError(t, err)
	apps[approvedOnly] = a
	return a
}

type chat struct {
	h    http.Handler
	logs *telemetrytest.Buffer
}

func newChat(t testing.TB, approvedOnly bool, edit func(*wiring.Options)) *chat {
	t.Helper()
	logs := &telemetrytest.Buffer{}
	o := wiring.Options{Key: []byte(testKey), Logger: slog.New(slog.NewJSONHandler(logs, nil)),
		Limiter: ratelimit.New(ratelimit.Config{PerMinute: 6000, Burst: 1000})}
	if edit != nil {
		edit(&o)
	}
	c, err := wiring.New(testApp(t, approvedOnly), o)
	require.NoError(t, err)
	return &chat{h: c.Handler(), logs: logs}
}

func (c *chat) do(t testing.TB, method, target, ctype, body string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequestWithContext(context.Background(), method, target, strings.NewReader(body))
	r.RemoteAddr = "192.0.2.44:51000"
	if ctype != "" {
		r.Header.Set("Content-Type", ctype)
	}
	w := httptest.NewRecorder()
	c.h.ServeHTTP(w, r)
	return w
}

// api sends one turn to /chat/api and decodes the reply.
func (c *chat) api(t *testing.T, in web.Input) web.Reply {
	t.Helper()
	b, err := json.Marshal(in)
	require.NoError(t, err)
	w := c.do(t, "POST", "/chat/api", "application/json", string(b))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var r web.Reply
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &r))
	return r
}

func text(segs []web.Segment) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(s.Text)
	}
	return b.String()
}

func tels(segs []web.Segment) []string {
	var out []string
	for _, s := range segs {
		if s.Tel != "" {
			out = append(out, s.Tel)
		}
	}
	return out
}

// TestConversationOverTheAPI is a whole conversation as the page's script
// holds it: only the words, the buttons and the signed state cross.
func TestConversationOverTheAPI(t *testing.T) {
	c := newChat(t, false, nil)

	welcome := c.api(t, web.Input{Action: web.ActionStart})
	assert.Equal(t, "welcome", welcome.Outcome)
	assert.Contains(t, welcome.Speech, "not medical advice", "the disclaimer at the start")
	assert.Contains(t, tels(welcome.Text), "tel:999")
	require.NotEmpty(t, welcome.State)
	require.NotEmpty(t, welcome.Suggestions, "example questions to start with")
	assert.NotEmpty(t, welcome.Suggestions[0].Text)

	latch := c.api(t, web.Input{Text: "how do I get a good latch", State: welcome.State})
	assert.Equal(t, "latch", latch.Topic)
	assert.Equal(t, "topic", latch.Outcome)
	assert.True(t, latch.Draft, "a draft answer is marked as one")
	assert.False(t, latch.EndSession)
	require.NotNil(t, latch.Card)

	more := c.api(t, web.Input{Action: web.ActionMore, State: latch.State})
	assert.Equal(t, "more", more.Outcome)
	assert.Equal(t, "latch", more.Topic)
	again := c.api(t, web.Input{Action: web.ActionRepeat, State: more.State})
	assert.Equal(t, "repeat", again.Outcome)
	assert.Equal(t, more.Speech, again.Speech)

	age := c.api(t, web.Input{Text: "my baby is 5 days old", State: again.State})
	require.NotNil(t, age.AgeDays)
	assert.Equal(t, 5, *age.AgeDays)
	nappies := c.api(t, web.Input{Text: "how many wet nappies should there be", State: age.State})
	assert.Equal(t, "nappies", nappies.Topic)
	assert.Contains(t, nappies.Speech, "5 to 6", "the answer for the age the state carried")

	var topic *web.Suggestion
	for _, s := range nappies.Suggestions {
		if s.Topic != "" {
			topic = &s
			break
		}
	}
	require.NotNil(t, topic, "related topics are buttons that name their topic")
	next := c.api(t, web.Input{Topic: topic.Topic, State: nappies.State})
	assert.Equal(t, topic.Topic, next.Topic)

	miss := c.api(t, web.Input{Text: "what's on the telly tonight", State: next.State})
	assert.Equal(t, "fallback", miss.Outcome)
	assert.False(t, miss.EndSession)
	assert.Subset(t, tels(miss.Text), []string{"tel:111", "tel:999"}, "the safety net, with numbers to tap")

	urgent := c.api(t, web.Input{Text: "my baby is floppy and I can't wake her", State: miss.State})
	assert.Equal(t, "urgent", urgent.Outcome)
	assert.Equal(t, "urgent-help", urgent.Topic)
	require.NotNil(t, urgent.Urgent, "urgent help comes with its box")
	assert.Equal(t, "emergency", urgent.Urgent.Level)
	assert.Equal(t, "tel:999", urgent.Urgent.Calls[0].Tel, "999 first")
	assert.Contains(t, urgent.Urgent.Heading, "999")
	assert.True(t, urgent.EndSession)
	assert.Empty(t, urgent.State, "the conversation ends so the parent can call")
	assert.Empty(t, urgent.Suggestions)

	restart := c.api(t, web.Input{Action: web.ActionRestart, State: nappies.State})
	assert.Equal(t, "welcome", restart.Outcome)
	require.NotNil(t, restart.AgeDays, "start again keeps the age")
}

func TestRedFlagsComeFirst(t *testing.T) {
	c := newChat(t, false, nil)
	tests := []struct {
		name, words, level string
	}{
		{"a question with a red flag in it", "how do I latch my baby, she has gone blue around the lips", "emergency"},
		{"no wet nappy", "no wet nappy for 9 hours, how often should I feed", "urgent"},
		{"the mother", "I'm bleeding heavily and soaking a pad every hour", "emergency"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := c.api(t, web.Input{Text: tc.words})
			require.NotNil(t, r.Urgent, "outcome %s, topic %s", r.Outcome, r.Topic)
			assert.Equal(t, tc.level, r.Urgent.Level)
			assert.True(t, r.EndSession)
		})
	}
}

// TestAgeKeptOnTheDevice: an age the parent chose to keep is sent with each
// turn and used where the conversation has none; one said in the
// conversation wins.
func TestAgeKeptOnTheDevice(t *testing.T) {
	c := newChat(t, false, nil)
	six := 42
	r := c.api(t, web.Input{Text: "how many wet nappies should there be", AgeDays: &six})
	require.NotNil(t, r.AgeDays)
	assert.Equal(t, 42, *r.AgeDays)
	welcome := c.api(t, web.Input{Action: web.ActionStart})
	r = c.api(t, web.Input{Text: "my baby is 3 days old", State: welcome.State, AgeDays: &six})
	require.NotNil(t, r.AgeDays)
	assert.Equal(t, 3, *r.AgeDays, "the conversation's own age wins")
	r = c.api(t, web.Input{Text: "how many wet nappies should there be", State: r.State, AgeDays: &six})
	assert.Equal(t, 3, *r.AgeDays)
}

// TestStateCannotBeForged: a state changed by the client, or signed by
// another server, is refused with a reason; an expired one starts anew.
func TestStateCannotBeForged(t *testing.T) {
	c := newChat(t, false, nil)
	r := c.api(t, web.Input{Text: "my baby is 3 days old"})
	peek, err := webstate.Peek(r.State)
	require.NoError(t, err)
	assert.EqualValues(t, 3, peek["ageDays"])

	other, err := webstate.New([]byte("another-servers-key-0123456789-abcdef"), 0, nil)
	require.NoError(t, err)
	forged, err := other.Sign(map[string]any{"ageDays": 300, "topic": "latch", "part": 0})
	require.NoError(t, err)
	parts := strings.Split(r.State, ".")
	swapped := parts[0] + "." + strings.Split(forged, ".")[1] + "." + parts[2]

	for name, tok := range map[string]string{"another key": forged, "another payload": swapped, "junk": "v1.abc"} {
		t.Run(name, func(t *testing.T) {
			b, _ := json.Marshal(web.Input{Action: web.ActionMore, State: tok})
			w := c.do(t, "POST", "/chat/api", "application/json", string(b))
			assert.Equal(t, http.StatusBadRequest, w.Code)
			assert.Contains(t, w.Body.String(), "conversation state")
			assert.Contains(t, w.Body.String(), `"restart":true`, "the script starts anew")
		})
	}

	t.Run("expired", func(t *testing.T) {
		later := newChat(t, false, func(o *wiring.Options) {
			o.Now = func() time.Time { return time.Now().Add(3 * time.Hour) }
		})
		r := later.api(t, web.Input{Action: web.ActionMore, State: r.State})
		assert.Equal(t, "help", r.Outcome, "more with no topic: a new conversation, not an error")
	})
}

func TestBadInput(t *testing.T) {
	c := newChat(t, false, nil)
	long := strings.Repeat("a", web.MaxWords+1)
	tests := []struct {
		name, method, ctype, body string
		status                    int
		reason                    string
	}{
		{"GET", "GET", "", "", 405, ""},
		{"form to the API", "POST", "application/x-www-form-urlencoded", "q=latch", 415, "application/json"},
		{"not JSON", "POST", "application/json", "{latch", 400, "malformed"},
		{"two objects", "POST", "application/json", `{"text":"latch"}{"text":"x"}`, 400, "malformed"},
		{"unknown field", "POST", "application/json", `{"text":"latch","intent":"UrgentHelpIntent"}`, 400, "malformed"},
		{"nothing", "POST", "application/json", `{}`, 400, "send a question"},
		{"only spaces", "POST", "application/json", `{"text":"   "}`, 400, "send a question"},
		{"two at once", "POST", "application/json", `{"text":"latch","action":"more"}`, 400, "one of"},
		{"too long", "POST", "application/json", `{"text":"` + long + `"}`, 400, "too long"},
		{"unknown action", "POST", "application/json", `{"action":"delete"}`, 400, "unknown action"},
		{"a topic with a path", "POST", "application/json", `{"topic":"../etc"}`, 400, "malformed topic"},
		{"an age too old", "POST", "application/json", `{"text":"latch","age_days":99999}`, 400, "age_days"},
		{"a negative age", "POST", "application/json", `{"text":"latch","age_days":-1}`, 400, "age_days"},
		{"body too large", "POST", "application/json", `{"text":"` + strings.Repeat("a", web.MaxBody) + `"}`, 413, "too large"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := c.do(t, tc.method, "/chat/api", tc.ctype, tc.body)
			assert.Equal(t, tc.status, w.Code, w.Body.String())
			if tc.status != 405 {
				var e struct {
					Error     string        `json:"error"`
					SafetyNet []web.Segment `json:"safety_net"`
				}
				require.NoError(t, json.Unmarshal(w.Body.Bytes(), &e), w.Body.String())
				assert.Contains(t, e.Error, tc.reason)
				assert.Contains(t, tels(e.SafetyNet), "tel:999", "every refusal carries the safety net")
			}
		})
	}
}

func TestUnknownTopicIsAFallback(t *testing.T) {
	c := newChat(t, false, nil)
	r := c.api(t, web.Input{Topic: "unicorns"})
	assert.Equal(t, "fallback", r.Outcome)
	assert.False(t, r.EndSession)
}

// TestApprovedOnly: drafts are not served, with the voice channels' reply
// and safety net, and urgent help is never blocked.
func TestApprovedOnly(t *testing.T) {
	c := newChat(t, true, nil)
	r := c.api(t, web.Input{Text: "how do I get a good latch"})
	assert.Equal(t, "unapproved-blocked", r.Outcome)
	assert.Empty(t, r.Topic)
	assert.NotContains(t, r.Speech, "nose to nipple")
	assert.Subset(t, tels(r.Text), []string{"tel:111", "tel:999"})
	assert.False(t, r.Draft)
	u := c.api(t, web.Input{Text: "my baby has stopped breathing"})
	require.NotNil(t, u.Urgent)
	assert.False(t, u.Draft, "approved-only marks nothing as a draft: the urgent reply is the skill's own")
	assert.Contains(t, u.Speech, "999")
	assert.Equal(t, "tel:999", u.Urgent.Calls[0].Tel)
}

var (
	inlineScript = regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]`)
	inlineStyle  = regexp.MustCompile(`(?i)\sstyle\s*=|<style`)
	inlineEvent  = regexp.MustCompile(`(?i)\son[a-z]+\s*=`)
	// thirdParty finds what a page would load from another site (a link to
	// the privacy policy is followed only when clicked).
	thirdParty = regexp.MustCompile(`(?i)(?:src="(?:https?:)?//|<link[^>]*href="(?:https?:)?//)`)
)

func TestSecurityHeadersAndNoInlineCode(t *testing.T) {
	c := newChat(t, false, nil)
	for _, tc := range []struct{ method, target, ctype, body string }{
		{"GET", "/chat", "", ""},
		{"POST", "/chat", "application/x-www-form-urlencoded", "q=latch"},
		{"POST", "/chat/api", "application/json", `{"action":"start"}`},
		{"POST", "/chat/api", "application/json", `{}`},
	} {
		w := c.do(t, tc.method, tc.target, tc.ctype, tc.body)
		h := w.Header()
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'"} {
			assert.Contains(t, csp, want, "%s %s", tc.method, tc.target)
		}
		assert.NotContains(t, csp, "unsafe")
		assert.Equal(t, "nosniff", h.Get("X-Content-Type-Options"))
		assert.Equal(t, "no-referrer", h.Get("Referrer-Policy"))
		assert.Equal(t, "SAMEORIGIN", h.Get("X-Frame-Options"))
		assert.Equal(t, "no-store", h.Get("Cache-Control"))
		assert.Empty(t, h.Values("Set-Cookie"), "no cookies")
		if strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			body := w.Body.String()
			assert.False(t, inlineScript.MatchString(body), "no inline script")
			assert.False(t, inlineStyle.MatchString(body), "no inline style")
			assert.False(t, inlineEvent.MatchString(body), "no inline event handlers")
			for _, m := range thirdParty.FindAllString(body, -1) {
				t.Errorf("the page loads or links another site: %s", m)
			}
		}
	}
	for _, name := range []string{"chat.css", "chat.js", "theme.css"} {
		b, err := staticFile(c, t, name)
		require.NoError(t, err)
		assert.NotRegexp(t, `(?i)https?://`, b, "%s loads nothing from another site", name)
	}
}

func staticFile(c *chat, t *testing.T, name string) (string, error) {
	w := c.do(t, "GET", "/chat/assets/"+name, "", "")
	if w.Code != 200 {
		return "", io.ErrUnexpectedEOF
	}
	return w.Body.String(), nil
}

func TestEmbedOrigins(t *testing.T) {
	a := testApp(t, false)
	cfg := *a.Config
	cfg.Web.EmbedOrigins = []string{"https://www.example.nhs.uk"}
	b := *a
	b.Config = &cfg
	c, err := wiring.New(&b, wiring.Options{Key: []byte(testKey), Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	w := httptest.NewRecorder()
	c.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/chat?embed=1", nil))
	assert.Contains(t, w.Header().Get("Content-Security-Policy"), "frame-ancestors 'self' https://www.example.nhs.uk")
	assert.Empty(t, w.Header().Get("X-Frame-Options"))
	assert.Contains(t, w.Body.String(), `class="ff-embed"`)
	assert.NotContains(t, w.Body.String(), `class="nhsuk-header"`, "embedded: no header of its own")

	cfg.Web.EmbedOrigins = []string{"https://x.example; script-src *"}
	_, err = wiring.New(&b, wiring.Options{Key: []byte(testKey)})
	assert.ErrorContains(t, err, "embed origin")
}

func TestRateLimit(t *testing.T) {
	c := newChat(t, false, func(o *wiring.Options) { o.Limiter = ratelimit.New(ratelimit.Config{PerMinute: 1, Burst: 2}) })
	for range 2 {
		w := c.do(t, "POST", "/chat/api", "application/json", `{"action":"start"}`)
		require.Equal(t, 200, w.Code)
	}
	w := c.do(t, "POST", "/chat/api", "application/json", `{"action":"start"}`)
	assert.Equal(t, http.StatusTooManyRequests, w.Code)
	assert.NotEmpty(t, w.Header().Get("Retry-After"))
	assert.Contains(t, w.Body.String(), "tel:999", "a parent who is limited still sees 999")
	w = c.do(t, "GET", "/chat", "", "")
	assert.Equal(t, http.StatusTooManyRequests, w.Code, "the page shares the limit")
	assert.Contains(t, w.Body.String(), `href="tel:999"`)
	w = c.do(t, "GET", "/chat/assets/chat.css", "", "")
	assert.Equal(t, 200, w.Code, "assets are not limited")
}

// TestLogsHoldNoPersonalData: one line per turn with the outcome, and none
// of the words, the state or the address.
func TestLogsHoldNoPersonalData(t *testing.T) {
	c := newChat(t, false, nil)
	r := c.api(t, web.Input{Text: "my daughter Amelia is 5 days old and will not latch"})
	c.api(t, web.Input{Text: "Amelia secret words", State: r.State})
	c.do(t, "POST", "/chat", "application/x-www-form-urlencoded", "q=Amelia+is+feeding&state="+url.QueryEscape(r.State))
	c.do(t, "POST", "/chat/api", "application/json", `{"text":"Amelia","age_days":-4}`)
	out := c.logs.String()
	assert.Contains(t, out, `"platform":"web"`)
	assert.Contains(t, out, `"outcome":"topic"`)
	assert.Contains(t, out, `"reason":"bad-input"`)
	for _, secret := range []string{"Amelia", "secret", "daughter", r.State[:20], "192.0.2.44", ":51000"} {
		assert.NotContains(t, out, secret)
	}
}

func TestTheme(t *testing.T) {
	for _, tc := range []struct {
		name  string
		theme web.Theme
		err   string
	}{
		{"NHS colours", web.Theme{Colour: web.NHSBlue, ButtonColour: web.NHSGreen}, ""},
		{"a dark purple", web.Theme{Colour: "#330072", ButtonColour: "#330072"}, ""},
		{"not hex", web.Theme{Colour: "blue", ButtonColour: web.NHSGreen}, "#rrggbb"},
		{"too pale for white text", web.Theme{Colour: "#41b6e6", ButtonColour: web.NHSGreen}, "4.5:1"},
		{"a pale button", web.Theme{Colour: web.NHSBlue, ButtonColour: "#ffeb3b"}, "button_colour"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.theme.Check()
			if tc.err == "" {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, tc.err)
			}
		})
	}
	a := testApp(t, false)
	cfg := *a.Config
	cfg.Web.Colour = "#330072"
	b := *a
	b.Config = &cfg
	c, err := wiring.New(&b, wiring.Options{Key: []byte(testKey)})
	require.NoError(t, err)
	w := httptest.NewRecorder()
	c.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/chat/assets/theme.css", nil))
	assert.Contains(t, w.Body.String(), "--ff-colour:#330072", "skill.yaml's colour")
}

func TestAssets(t *testing.T) {
	c := newChat(t, false, nil)
	page := c.do(t, "GET", "/chat", "", "").Body.String()
	m := regexp.MustCompile(`href="(/chat/assets/chat\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(page)
	require.NotNil(t, m)
	w := c.do(t, "GET", m[1], "", "")
	assert.Equal(t, 200, w.Code)
	assert.Contains(t, w.Header().Get("Content-Type"), "text/css")
	assert.Contains(t, w.Header().Get("Cache-Control"), "immutable", "a hashed URL may be kept")
	assert.Equal(t, "no-cache", c.do(t, "GET", "/chat/assets/chat.css", "", "").Header().Get("Cache-Control"))
	assert.Equal(t, 404, c.do(t, "GET", "/chat/assets/secret.go", "", "").Code)
	assert.Equal(t, 302, c.do(t, "GET", "/", "", "").Code)
}

func TestWiringNeedsAKey(t *testing.T) {
	a := testApp(t, false)
	_, err := wiring.New(a, wiring.Options{})
	assert.ErrorIs(t, err, wiring.ErrNoKey)
	_, err = wiring.New(a, wiring.Options{Key: []byte("short")})
	assert.ErrorContains(t, err, "at least 32")
	_, err = wiring.New(a, wiring.Options{Dev: true})
	assert.NoError(t, err, "--dev makes a key for the process")
}
