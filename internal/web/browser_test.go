package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/feedingfriend/skill/internal/browsertest"
)

// The browser tests drive Debian's Chromium through the chat, with and
// without JavaScript, and run axe-core (internal/browsertest) on every state
// of the page. They skip without Chromium, unless CI is set: there they fail.
//
//	go test ./internal/web -run TestBrowserAccessibility -v   # prints axe's result
//	WEB_SCREENSHOTS=docs/web go test ./internal/web -run TestBrowserScreenshots

// tab is one headless Chromium tab on the chat served on 127.0.0.1.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
	js   bool

	mu       sync.Mutex
	problems []string
}

// newTab starts Chromium with a window of w x h and the chat on loopback.
// Without js, the page's scripts do not run (the test's own evaluation does).
func newTab(t *testing.T, c *chat, w, h int, js bool) *tab {
	t.Helper()
	srv := httptest.NewServer(c.h)
	t.Cleanup(srv.Close)
	ctx := browsertest.Start(t, w, h)
	tb := &tab{t: t, ctx: ctx, base: srv.URL, js: js}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			switch m.Type {
			case chromedp.ConsoleError, chromedp.ConsoleWarning, chromedp.ConsoleException:
				if strings.Contains(m.Text, "status of 4") {
					continue // a refusal the test asked for
				}
				tb.mu.Lock()
				tb.problems = append(tb.problems, fmt.Sprintf("%s: %s", m.Type, m))
				tb.mu.Unlock()
			}
		}
	}()
	if !js {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		require.NoError(t, err)
	}
	return tb
}

// noProblems checks that no script error, console error or
// Content-Security-Policy violation was reported.
func (tb *tab) noProblems() {
	tb.t.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
	assert.Empty(tb.t, tb.problems, "no script errors, console errors or CSP violations")
}

func (tb *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	require.NoError(tb.t, chromedp.Do(tb.ctx, steps...))
}

func evalT[T any](tb *tab, js string, opts ...chromedp.EvaluateOption) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](js, opts...))
	require.NoError(tb.t, err, "evaluate %s", js)
	return v
}

func (tb *tab) open(path string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(tb.base+path), chromedp.WaitVisible(chromedp.ID("q")))
}

// answers counts the answers on the page.
func (tb *tab) answers() int {
	return evalT[int](tb, `document.querySelectorAll("#conversation .ff-turn--answer").length`)
}

// last is the last answer's outcome and topic.
func (tb *tab) last() (string, string) {
	v := evalT[[]string](tb, `(() => { const a = [...document.querySelectorAll("#conversation .ff-turn--answer")].pop(); return a ? [a.dataset.outcome || "", a.dataset.topic || ""] : ["", ""] })()`)
	return v[0], v[1]
}

// lastText is the text of the last answer.
func (tb *tab) lastText() string {
	return evalT[string](tb, `(() => { const a = [...document.querySelectorAll("#conversation .ff-turn--answer")].pop(); return a ? a.textContent.replace(/\s+/g, " ") : "" })()`)
}

// turn does what a parent does (act) and waits for the answer: with the
// script, one more answer in the conversation; without, a new page.
func (tb *tab) turn(act ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	before := tb.answers()
	if !tb.js {
		tb.do(chromedp.Evaluate[chromedp.Void](`window.ffLeaving = true`))
	}
	tb.do(act...)
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if tb.js {
			busy, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`document.getElementById("conversation").getAttribute("aria-busy") || ""`))
			if n := tb.answers(); err == nil && busy != "true" && n > before {
				return
			}
		} else {
			loaded, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](`window.ffLeaving === undefined && document.readyState === "complete"`))
			if err == nil && loaded {
				tb.do(chromedp.WaitVisible(chromedp.ID("q")))
				return
			}
		}
		time.Sleep(25 * time.Millisecond)
	}
	tb.t.Fatalf("no answer came (js %v)", tb.js)
}

// ask types a question into the box and presses Enter.
func (tb *tab) ask(q string) {
	tb.t.Helper()
	tb.turn(chromedp.Focus(chromedp.ID("q")), chromedp.SendKeys(chromedp.ID("q"), q+kb.Enter))
}

func (tb *tab) click(sel string) {
	tb.t.Helper()
	tb.turn(chromedp.Click(chromedp.CSS(sel)))
}

// axe runs axe-core on the page as it is and returns what it found. The
// engine is evaluated by the test, not loaded by the page, so the page's
// Content-Security-Policy stays as strict as it is served.
func (tb *tab) axe() browsertest.AxeResult {
	tb.t.Helper()
	if !tb.js {
		// axe's own promises and timers need scripts on; the page's script,
		// skipped when the page loaded, does not run when they come back on.
		_, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false})
		require.NoError(tb.t, err)
		defer func() {
			_, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			require.NoError(tb.t, err)
			assert.True(tb.t, evalT[bool](tb, `document.getElementById("device-options").hidden`), "the page's script did not run")
		}()
	}
	r, err := browsertest.Axe(tb.ctx)
	require.NoError(tb.t, err)
	return r
}

// axeReport collects axe's result for each state, printed at the end.
type axeReport struct {
	mu   sync.Mutex
	rows []string
}

func (rep *axeReport) check(tb *tab, state string) {
	tb.t.Helper()
	r := tb.axe()
	mode := "javascript"
	if !tb.js {
		mode = "no javascript"
	}
	rep.mu.Lock()
	rep.rows = append(rep.rows, fmt.Sprintf("axe-core %s  %-14s %-34s violations %d  rules passed %d  to review %d", r.Version, mode, state, len(r.Violations), r.Passes, r.Incomplete))
	rep.mu.Unlock()
	for _, v := range r.Violations {
		tb.t.Errorf("axe on %q (%s): %s", state, mode, v)
	}
}

// conversation is the whole conversation of the issue: a topic, more, an
// age, a suggested topic, a fallback and a red flag, with axe on each state.
func conversation(t *testing.T, tb *tab, rep *axeReport) {
	tb.open("/chat")
	outcome, _ := tb.last()
	assert.Equal(t, "welcome", outcome)
	assert.Contains(t, evalT[string](tb, `document.getElementById("disclaimer").textContent`), "not medical advice")
	rep.check(tb, "welcome")

	tb.ask("how do I get a good latch")
	outcome, topic := tb.last()
	assert.Equal(t, "topic", outcome)
	assert.Equal(t, "latch", topic)
	rep.check(tb, "a topic")

	tb.click("#more")
	outcome, topic = tb.last()
	assert.Equal(t, "more", outcome)
	assert.Equal(t, "latch", topic)
	rep.check(tb, "more")

	tb.ask("my baby is 5 days old")
	tb.ask("how many wet nappies should there be")
	_, topic = tb.last()
	assert.Equal(t, "nappies", topic)
	assert.Contains(t, tb.lastText(), "5 to 6", "the age carried in the signed state")
	rep.check(tb, "an age and its answer")

	chip := evalT[string](tb, `(() => { const b = [...document.querySelectorAll("button.ff-chip[name=topic]")].pop(); return b ? b.value : "" })()`)
	require.NotEmpty(t, chip, "a suggested topic")
	tb.click(fmt.Sprintf(`button.ff-chip[name=topic][value=%q]`, chip))
	_, topic = tb.last()
	assert.Equal(t, chip, topic)

	tb.ask("what's on the telly tonight")
	outcome, _ = tb.last()
	assert.Equal(t, "fallback", outcome)
	assert.Contains(t, evalT[string](tb, `[...document.querySelectorAll("#conversation .ff-turn--answer")].pop().querySelector("a[href='tel:111']").textContent`), "111")
	rep.check(tb, "fallback")

	tb.ask("my baby is floppy and I can't wake her")
	outcome, topic = tb.last()
	assert.Equal(t, "urgent", outcome)
	assert.Equal(t, "urgent-help", topic)
	first := evalT[string](tb, `[...document.querySelectorAll("#conversation .ff-turn--answer")].pop().firstElementChild.className`)
	assert.Contains(t, first, "nhsuk-card--care--emergency", "urgent help shown first")
	call := evalT[[]string](tb, `(() => { const a = [...document.querySelectorAll("#conversation .ff-urgent a.ff-call")].pop(); const r = a.getBoundingClientRect(); return [a.getAttribute("href"), a.textContent, String(r.height >= 24 && r.width >= 24)] })()`)
	assert.Equal(t, []string{"tel:111", "Call NHS 111", "true"}, call)
	assert.Equal(t, "tel:999", evalT[string](tb, `[...document.querySelectorAll("#conversation .ff-urgent")].pop().querySelector("a.ff-call").getAttribute("href")`), "999 first")
	assert.Empty(t, evalT[string](tb, `document.getElementById("state").value`), "the conversation ended")
	rep.check(tb, "urgent help")

	// Ask with nothing typed.
	if tb.js {
		tb.do(chromedp.Focus(chromedp.ID("q")), chromedp.KeyEvent(kb.Enter), chromedp.Sleep(200*time.Millisecond))
		assert.Equal(t, "Type your question first.", evalT[string](tb, `document.getElementById("status").textContent`))
	} else {
		tb.turn(chromedp.Click(chromedp.ID("send")))
		assert.Contains(t, evalT[string](tb, `document.querySelector(".nhsuk-error-summary").textContent`), "Type your question")
		rep.check(tb, "error: no question")
	}
	assert.Empty(t, evalT[string](tb, `document.cookie`), "no cookies")
	assert.Zero(t, evalT[int](tb, `localStorage.length`), "nothing stored without consent")
	tb.noProblems()
}

// TestBrowserAccessibility drives the whole conversation with and without
// JavaScript and prints axe-core's result for every state of the page: 0
// violations is the bar.
func TestBrowserAccessibility(t *testing.T) {
	rep := &axeReport{}
	for _, js := range []bool{true, false} {
		name := "javascript"
		if !js {
			name = "no javascript"
		}
		t.Run(name, func(t *testing.T) {
			tb := newTab(t, newChat(t, false, nil), 1280, 900, js)
			conversation(t, tb, rep)
			if js {
				assert.Equal(t, 8, tb.answers(), "the script keeps the whole conversation on one page")
			} else {
				assert.Equal(t, 0, tb.answers(), "without it each page shows one answer; the last is the error page")
			}
		})
	}
	t.Logf("axe-core result (%s):\n%s", browsertest.AxeTags, strings.Join(rep.rows, "\n"))
}

// TestBrowserAgeKeptOnlyWithConsent: the age is stored only once the
// parent ticks the box, is used by a new conversation, and is deleted when
// they untick it.
func TestBrowserAgeKeptOnlyWithConsent(t *testing.T) {
	tb := newTab(t, newChat(t, false, nil), 1280, 900, true)
	tb.open("/chat")
	assert.False(t, evalT[bool](tb, `document.getElementById("device-options").hidden`), "the consent control shows where the script runs")
	tb.ask("my baby is 6 weeks old")
	assert.Zero(t, evalT[int](tb, `localStorage.length`), "nothing kept before consent")
	tb.do(chromedp.Click(chromedp.ID("keep-age")), chromedp.Sleep(100*time.Millisecond))
	assert.Equal(t, "42", evalT[string](tb, `localStorage.getItem("ff-baby-age-days") || ""`))

	tb.open("/chat") // a new visit: a new conversation with no age in its state
	assert.True(t, evalT[bool](tb, `document.getElementById("keep-age").checked`))
	tb.ask("how many wet nappies should there be")
	assert.Contains(t, tb.lastText(), "6 weeks", "the age kept on the device")

	tb.do(chromedp.Click(chromedp.ID("keep-age")), chromedp.Sleep(100*time.Millisecond))
	assert.Zero(t, evalT[int](tb, `localStorage.length`), "unticking deletes it")
	tb.open("/chat")
	tb.ask("how many wet nappies should there be")
	assert.NotContains(t, tb.lastText(), "6 weeks")
	tb.noProblems()
}

// TestBrowserKeyboardAndZoom: the chat can be used with the keyboard alone,
// with a visible focus, and reflows at 200% and 400% zoom without scrolling
// sideways.
func TestBrowserKeyboardAndZoom(t *testing.T) {
	c := newChat(t, false, nil)
	for _, js := range []bool{true, false} {
		t.Run(fmt.Sprintf("keyboard, javascript %v", js), func(t *testing.T) {
			tb := newTab(t, c, 1280, 900, js)
			tb.open("/chat")
			tb.do(chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`))
			var order []string
			var focusVisible []string
			for range 16 {
				tb.do(chromedp.KeyEvent(kb.Tab))
				id := evalT[string](tb, `(() => { const e = document.activeElement; return e.id || e.getAttribute("value") || e.textContent.trim() })()`)
				order = append(order, id)
				// The NHS.UK focus state: a yellow background or outline.
				focusVisible = append(focusVisible, evalT[string](tb, `(() => { const s = getComputedStyle(document.activeElement); return s.backgroundColor + " " + s.outlineColor + " " + s.outlineStyle })()`))
			}
			assert.Equal(t, "Skip to main content", order[0], "the skip link first")
			for _, want := range []string{"q", "send", "more", "repeat", "restart"} {
				assert.Contains(t, order, want, "reachable by Tab")
			}
			for i, f := range focusVisible {
				if order[i] == "Skip to main content" || order[i] == "q" || strings.HasPrefix(order[i], "how") || order[i] == "send" || order[i] == "more" {
					assert.True(t, strings.Contains(f, "rgb(255, 235, 59)"), "%s shows the yellow focus: %s", order[i], f)
				}
			}
			// Type and send with the keyboard only.
			tb.do(chromedp.Focus(chromedp.ID("q")))
			tb.turn(chromedp.KeyEvent("what is colostrum" + kb.Enter))
			_, topic := tb.last()
			assert.Equal(t, "colostrum", topic)
			if js {
				assert.Equal(t, "q", evalT[string](tb, `document.activeElement.id`), "focus stays in the box for the next question")
			}
			tb.do(chromedp.Focus(chromedp.ID("more")))
			tb.turn(chromedp.KeyEvent(kb.Enter))
			outcome, _ := tb.last()
			assert.Equal(t, "more", outcome)
			tb.noProblems()
		})
	}
	for _, z := range []struct {
		name string
		w, h int
	}{{"200% zoom", 640, 450}, {"400% zoom", 320, 256}} {
		t.Run(z.name, func(t *testing.T) {
			tb := newTab(t, c, z.w, z.h, true)
			tb.open("/chat")
			tb.ask("my baby is floppy and I can't wake her")
			r, err := browsertest.MeasureReflow(tb.ctx)
			require.NoError(t, err)
			assert.LessOrEqual(t, r.ScrollWidth, r.ClientWidth, "no sideways scrolling at %s", z.name)
			assert.Empty(t, r.Clipped, "nothing cut off at %s", z.name)
			tb.noProblems()
		})
	}
}

// TestBrowserScreenshots takes a phone-sized and a desktop-sized
// conversation (a topic, then a red flag), the whole page. WEB_SCREENSHOTS=docs/web writes them for the docs.
func TestBrowserScreenshots(t *testing.T) {
	dir := os.Getenv("WEB_SCREENSHOTS")
	switch {
	case dir == "":
		dir = t.TempDir()
	case !filepath.IsAbs(dir):
		dir = filepath.Join("..", "..", dir) // from the repository root, where the command runs
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	c := newChat(t, false, nil)
	for _, s := range []struct {
		name string
		w, h int
	}{{"chat-phone", 390, 844}, {"chat-desktop", 1280, 900}} {
		t.Run(s.name, func(t *testing.T) {
			tb := newTab(t, c, s.w, s.h, true)
			tb.open("/chat")
			tb.ask("how do I get a good latch")
			tb.ask("my baby is floppy and I can't wake her")
			tb.do(chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`), chromedp.Sleep(150*time.Millisecond))
			buf, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
			require.NoError(t, err)
			name := filepath.Join(dir, s.name+".png")
			require.NoError(t, os.WriteFile(name, buf, 0o644))
			t.Logf("screenshot: %s", name)
			tb.noProblems()
		})
	}
}

// TestBrowserStateRefusedStartsAnew: when the server refuses the state (its
// key changed while the page was open), the page says so with the safety
// net and the next question starts a new conversation.
func TestBrowserStateRefusedStartsAnew(t *testing.T) {
	tb := newTab(t, newChat(t, false, nil), 1280, 900, true)
	tb.open("/chat")
	tb.do(chromedp.Evaluate[chromedp.Void](`document.getElementById("state").value = "v1.eyJleHAiOjF9.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"`))
	tb.ask("how do I get a good latch")
	outcome, _ := tb.last()
	assert.Equal(t, "error", outcome)
	assert.Contains(t, tb.lastText(), "please ask again")
	assert.Contains(t, tb.lastText(), "999")
	tb.ask("how do I get a good latch")
	_, topic := tb.last()
	assert.Equal(t, "latch", topic)
	tb.noProblems()
}
