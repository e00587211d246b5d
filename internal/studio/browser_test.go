package studio

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/browsertest"
	"github.com/feedingfriend/skill/internal/channel"
	"github.com/feedingfriend/skill/internal/content"
)

// refusedRE matches the console's note of a page answered with a refusal
// the tests ask for: a form with errors, a conflicting save, no such page.
var refusedRE = regexp.MustCompile(`status of (?:401|404|409|422)\b`)

// browser starts a fresh headless Chromium and returns a tab's context. It
// records script errors and console errors (a Content-Security-Policy
// violation is one), which the test checks at the end.
func browser(t *testing.T) (context.Context, func() []string) {
	t.Helper()
	ctx := browsertest.Start(t, 1280, 1000)
	var mu sync.Mutex
	var problems []string
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			switch m.Type {
			case chromedp.ConsoleError, chromedp.ConsoleWarning, chromedp.ConsoleException:
				if refusedRE.MatchString(m.Text) {
					continue // a refused form, a conflict or a missing page, asked for by the test
				}
				mu.Lock()
				problems = append(problems, fmt.Sprintf("%s: %s (%s:%d)", m.Type, m, m.URL, m.Line+1))
				mu.Unlock()
			}
		}
	}()
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), problems...)
	}
}

// screenshots saves page screenshots to $STUDIO_SCREENSHOTS, else to a
// temporary folder, and logs their paths.
type screenshots struct {
	t   *testing.T
	dir string
	n   int
}

func newScreenshots(t *testing.T) *screenshots {
	dir := os.Getenv("STUDIO_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	return &screenshots{t: t, dir: dir}
}

// take captures the viewport with the element sel scrolled to the top.
func (s *screenshots) take(ctx context.Context, name, sel string) {
	s.t.Helper()
	s.n++
	name = filepath.Join(s.dir, fmt.Sprintf("%d-%s.png", s.n, name))
	scroll := `window.scrollTo(0, 0)`
	if sel != "" {
		scroll = fmt.Sprintf(`document.querySelector(%q).scrollIntoView({block: "start"}); window.scrollBy(0, -16)`, sel)
	}
	require.NoError(s.t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](scroll), chromedp.Sleep(150*time.Millisecond)))
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	require.NoError(s.t, err)
	require.NoError(s.t, os.WriteFile(name, buf, 0o644))
	s.t.Logf("screenshot: %s", name)
}

func text(ctx context.Context, t *testing.T, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	require.NoError(t, err, "text of %s", sel)
	return strings.TrimSpace(s)
}

// waitText waits until the text of sel satisfies ok.
func waitText(ctx context.Context, t *testing.T, sel string, ok func(string) bool, what string) string {
	t.Helper()
	var got string
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		got, _ = chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || ""`, sel)))
		if ok(strings.TrimSpace(got)) {
			return strings.TrimSpace(got)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s: %s is %q", what, sel, got)
	return ""
}

// do runs browser steps and fails the test on an error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, steps...))
}

// eval evaluates JavaScript and returns its result.
func eval[T any](t *testing.T, ctx context.Context, js string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, opts...))
	require.NoError(t, err, "evaluate %s", js)
	return v
}

// js runs JavaScript for its effect, as a step.
func js(code string) chromedp.Action[chromedp.Void] { return chromedp.Evaluate[chromedp.Void](code) }

// setValue sets a field's value and fires input, as typing would. (chromedp's
// SetValue cannot set an empty string: it arrives as undefined.)
func setValue(elementID, v string) chromedp.Action[chromedp.Void] {
	b, _ := json.Marshal(v)
	return js(fmt.Sprintf(`(() => { const e = document.getElementById(%q); e.value = %s; e.dispatchEvent(new Event("input", {bubbles: true})) })()`, elementID, b))
}

func id(s string) chromedp.ID   { return chromedp.ID(s) }
func css(s string) chromedp.CSS { return chromedp.CSS(s) }

// submit clicks sel, which loads a new page, and waits until the new page has
// loaded and shows waitFor. (Waiting for waitFor alone could find it on the
// page being left.)
func submit(t *testing.T, ctx context.Context, sel chromedp.CSS, waitFor string) {
	t.Helper()
	do(t, ctx, js(`window.ffLeaving = true`), chromedp.Click(sel))
	deadline := time.Now().Add(15 * time.Second)
	for {
		loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.ffLeaving === undefined && document.readyState === "complete"`))
		if err == nil && loaded {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("clicking %s did not load a new page", sel)
		}
		time.Sleep(25 * time.Millisecond)
	}
	do(t, ctx, chromedp.WaitVisible(css(waitFor)))
}

// a11yJS lists what an automated look at the page can find against WCAG 2.2
// AA and the NHS.UK patterns: fields without a label, duplicate ids,
// aria-describedby pointing nowhere, error summary links to no field, a page
// without one h1 or a main landmark, and a skip link that is not the first
// thing to take focus.
const a11yJS = `(() => {
  const out = [];
  for (const f of document.querySelectorAll("input:not([type=hidden]), textarea, select")) {
    if (!f.labels || f.labels.length === 0) out.push("no label: #" + f.id);
  }
  const seen = new Set();
  for (const e of document.querySelectorAll("[id]")) {
    if (seen.has(e.id)) out.push("duplicate id: " + e.id);
    seen.add(e.id);
  }
  for (const e of document.querySelectorAll("[aria-describedby]")) {
    for (const ref of e.getAttribute("aria-describedby").split(/\s+/).filter(Boolean)) {
      if (!document.getElementById(ref)) out.push("aria-describedby of #" + e.id + " names missing #" + ref);
    }
  }
  for (const a of document.querySelectorAll(".nhsuk-error-summary__list a")) {
    const target = document.getElementById(a.getAttribute("href").slice(1));
    if (!target) out.push("error summary links to nothing: " + a.getAttribute("href"));
  }
  if (document.querySelectorAll("h1").length !== 1) out.push("want one h1, got " + document.querySelectorAll("h1").length);
  if (!document.querySelector("main#maincontent")) out.push("no main#maincontent for the skip link");
  const first = document.querySelector("a[href], button, input:not([type=hidden]), select, textarea");
  if (!first || !first.classList.contains("nhsuk-skip-link")) out.push("the skip link is not the first focusable element");
  for (const e of document.querySelectorAll("pre")) {
    // A box that scrolls on its own is a named region a keyboard can reach,
    // so that its name is announced and it can be scrolled.
    const named = (e.getAttribute("aria-labelledby") || "").split(/\s+/).some((r) => document.getElementById(r)) || e.getAttribute("aria-label");
    if (e.getAttribute("role") !== "region" || e.getAttribute("tabindex") !== "0" || !named) out.push("a scrolling box is not a named region with tabindex 0: pre#" + e.id);
  }
  if (!document.documentElement.lang) out.push("no lang on html");
  if (!document.title) out.push("no title");
  return out;
})()`

// checkA11y fails the test on anything a11yJS or axe-core (WCAG 2.2 A and
// AA and axe's best practices) finds on the page in its current state, and
// logs axe's result (go test -v shows it).
func checkA11y(t *testing.T, ctx context.Context, state string) {
	t.Helper()
	assert.Empty(t, eval[[]string](t, ctx, a11yJS), "accessibility of the %s page", state)
	r, err := browsertest.Axe(ctx)
	require.NoError(t, err)
	w := eval[int](t, ctx, `document.documentElement.clientWidth`)
	t.Logf("axe-core %s  %4d px  %-40s violations %d  rules passed %d  to review %d", r.Version, w, state, len(r.Violations), r.Passes, r.Incomplete)
	for _, v := range r.Violations {
		t.Errorf("axe on the %s page at %d px: %s", state, w, v)
	}
}

func signIn(ctx context.Context, t *testing.T, base, name, password string) {
	t.Helper()
	do(t, ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(id("name")),
		chromedp.SendKeys(id("name"), name),
		chromedp.SendKeys(id("password"), password),
	)
	submit(t, ctx, "#sign-in", "#answers")
}

// TestBrowserEditReviewApprove is the studio's workflow in a real browser:
// an editor edits an answer that a clinician approved earlier, sees the live
// checks change, meets an error summary, saves and sends it for review; a
// clinician sees the change and approves it; the skill then serves the
// answer as approved.
func TestBrowserEditReviewApprove(t *testing.T) {
	start := time.Now()
	ctx, problems := browser(t)
	dir, srv := newTestStudio(t)
	cdir := filepath.Join(dir, "content")
	// An approval from before, by another clinician, so that there is an
	// approved text to compare with.
	approveEarlier(t, dir, "latch")
	approvePromptsEarlier(t, dir)
	shots := newScreenshots(t)
	base := srv.URL
	const added = "Take your time."

	// The editor signs in and finds the answer in the list.
	do(t, ctx, chromedp.Navigate(base+"/login"), chromedp.WaitVisible(id("name")))
	checkA11y(t, ctx, "sign in")
	signIn(ctx, t, base, editorName, editorPassword)
	assert.Contains(t, text(ctx, t, "#answers caption"), "All")
	checkA11y(t, ctx, "list")
	shots.take(ctx, "list", "")
	do(t, ctx, setValue("q", "latch"))
	submit(t, ctx, "#filter", `tr[data-id="latch"]`)
	assert.Contains(t, text(ctx, t, "#answers caption"), "of")
	checkA11y(t, ctx, "list, filtered")

	// The answer page: every field, the checks and the audit history.
	submit(t, ctx, `tr[data-id="latch"] a`, "#history")
	assert.Equal(t, "approved", text(ctx, t, "#status"))
	assert.Contains(t, text(ctx, t, "#history"), "Dr Earlier")
	checkA11y(t, ctx, "answer")
	shots.take(ctx, "answer-with-checks", "#checks-heading")

	// Edit: the word count under the short answer changes as the editor types.
	submit(t, ctx, "#edit", "#answer")
	const wordsSel = "#answer-checks .ff-checks__item:first-child dd"
	before, err := strconv.Atoi(text(ctx, t, wordsSel))
	require.NoError(t, err)
	do(t, ctx,
		chromedp.Focus(id("answer")),
		js(`(() => { const a = document.getElementById("answer"); a.setSelectionRange(a.value.length, a.value.length) })()`),
		chromedp.SendKeys(id("answer"), " "+added),
	)
	waitText(ctx, t, wordsSel, func(s string) bool { return s == strconv.Itoa(before+3) }, "the live word count")
	waitText(ctx, t, "#preview-speech", func(s string) bool { return strings.HasSuffix(s, added) }, "the spoken preview")
	waitText(ctx, t, "#live-status", func(s string) bool { return strings.Contains(s, strconv.Itoa(before+3)+" words") }, "the screen reader status")
	checkA11y(t, ctx, "edit")
	shots.take(ctx, "edit-live-checks", "h1")

	// An empty short answer is refused, with an NHS.UK error summary that
	// takes focus and links to the field.
	typed, err := chromedp.Run(ctx, chromedp.Value(id("answer")))
	require.NoError(t, err)
	do(t, ctx, setValue("answer", ""))
	submit(t, ctx, "#save", ".nhsuk-error-summary")
	title, err := chromedp.Run(ctx, chromedp.Title())
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(title, "Error: "), title)
	assert.Contains(t, eval[string](t, ctx, `document.activeElement.className`), "nhsuk-error-summary", "the error summary takes focus")
	assert.Equal(t, "Enter the short answer", text(ctx, t, `.nhsuk-error-summary__list a[href="#answer"]`))
	assert.Contains(t, text(ctx, t, "#answer-error"), "Enter the short answer")
	checkA11y(t, ctx, "edit with errors")
	shots.take(ctx, "error-summary", "")
	do(t, ctx, chromedp.Click(css(`.nhsuk-error-summary__list a[href="#answer"]`)), chromedp.Sleep(100*time.Millisecond))
	assert.Equal(t, "answer", eval[string](t, ctx, `document.activeElement.id`), "the summary's link moves focus to the field")

	// Save the edit, then send it for review.
	do(t, ctx, setValue("answer", typed))
	submit(t, ctx, "#save", "#flash")
	assert.Contains(t, text(ctx, t, "#flash"), "were saved")
	assert.Contains(t, text(ctx, t, "#changed"), "changed since approval")
	assert.Contains(t, text(ctx, t, "#field-answer"), added)
	checkA11y(t, ctx, "answer, saved")
	submit(t, ctx, "#submit", "#flash")
	assert.Contains(t, text(ctx, t, "#flash"), "for clinical review")
	assert.Equal(t, "in-review", text(ctx, t, "#status"))
	assert.Contains(t, text(ctx, t, "#history"), editorName)

	// An editor sees the change but no approve form.
	do(t, ctx, chromedp.Navigate(base+"/answers/latch/review"), chromedp.WaitVisible(id("diff")))
	assert.Zero(t, eval[int](t, ctx, `document.querySelectorAll("#approve-form").length`))
	checkA11y(t, ctx, "review, as an editor")

	// Sign out; the clinician signs in, sees the change and approves.
	submit(t, ctx, "#sign-out", "#sign-in")
	assert.Contains(t, text(ctx, t, "#flash"), "signed out")
	checkA11y(t, ctx, "signed out")
	signIn(ctx, t, base, clinicianName, clinicianPassword)
	do(t, ctx, chromedp.Navigate(base+"/answers/latch/review"), chromedp.WaitVisible(id("approve-form")))
	diff := eval[string](t, ctx, `document.getElementById("diff").textContent`)
	assert.Contains(t, diff, "+  "+added, "the added sentence is shown as added")
	assert.Contains(t, diff, "approved "+time.Now().Format(content.DateLayout)+" by Dr Earlier")
	assert.Equal(t, clinicianName, text(ctx, t, "#approver"))
	checkA11y(t, ctx, "review")
	shots.take(ctx, "review-diff-approve", "#diff-heading")
	do(t, ctx, chromedp.SendKeys(id("note"), "checked against nhs.uk"))
	submit(t, ctx, "#approve", "#flash")
	assert.Contains(t, text(ctx, t, "#flash"), "You approved latch")
	assert.Equal(t, "approved", text(ctx, t, "#status"))
	assert.Contains(t, text(ctx, t, "#servable"), "served as approved")
	checkA11y(t, ctx, "answer, approved")
	assert.Contains(t, text(ctx, t, "#approval"), clinicianName+" (Midwife, NMC 12A3456B)")

	// Try it: the question reaches the answer, now approved, on every platform.
	submit(t, ctx, `a[href="/try"]`, "#q")
	do(t, ctx, chromedp.SendKeys(id("q"), "how do I get a good latch"), chromedp.Click(id("approved")))
	submit(t, ctx, "#ask", "#json-alexa")
	assert.Equal(t, "latch", text(ctx, t, "#reached"))
	assert.Equal(t, "yes", text(ctx, t, "#reply-approved"))
	assert.Contains(t, text(ctx, t, "#candidates"), "LatchIntent")
	for _, sel := range []string{"json-alexa", "json-dialogflow-es"} {
		raw := eval[string](t, ctx, fmt.Sprintf(`document.getElementById(%q).textContent`, sel))
		var v map[string]any
		require.NoError(t, json.Unmarshal([]byte(raw), &v), "%s is JSON", sel)
		assert.Contains(t, raw, added, sel)
	}
	checkA11y(t, ctx, "try it")
	shots.take(ctx, "try-it", "h1")
	shots.take(ctx, "try-it-alexa-json", "#raw-alexa")

	// `skill ask --approved-only` serves it as approved: the same wiring over
	// the edited copy.
	a, err := app.New(app.Config{Content: os.DirFS(cdir), Model: os.DirFS(filepath.Join(dir, "intents")), ApprovedOnly: true, NLU: true})
	require.NoError(t, err)
	for _, platform := range []string{"text", "alexa", "dialogflow-es"} {
		p, err := channel.New(platform, a)
		require.NoError(t, err)
		rep, err := p.Start().Send(context.Background(), channel.Turn{Utterance: "how do I get a good latch"})
		require.NoError(t, err)
		assert.Equal(t, "latch", rep.Topic, platform)
		assert.True(t, rep.Approved, "%s serves latch as approved", platform)
		assert.Contains(t, rep.Speech, added, platform)
	}

	// The audit log verifies and tells the story, with each person's name.
	audit, probs, err := content.LoadAudit(os.DirFS(cdir))
	require.NoError(t, err)
	require.Empty(t, probs)
	sp, err := content.NationSignposts("england")
	require.NoError(t, err)
	s, err := content.Load(os.DirFS(cdir), sp)
	require.NoError(t, err)
	latch, _ := s.Raw("latch")
	assert.Empty(t, audit.CrossCheck([]*content.Topic{latch}))
	var story []string
	for _, e := range audit.History("latch") {
		story = append(story, e.Action+" by "+e.By)
	}
	assert.Equal(t, []string{"submit by " + editorName, "approve by Dr Earlier", "edit by " + editorName, "submit by " + editorName, "approve by " + clinicianName}, story)

	assert.Empty(t, problems(), "no script errors, console errors or Content-Security-Policy violations")
	t.Logf("browser workflow took %s", time.Since(start).Round(time.Millisecond))
}

// TestBrowserChecksMirrorGo holds static/checks.js to measure.go: the rows the
// server draws under every text box of real answers must be what the script
// draws when the text changes, and the figures must agree on awkward text.
func TestBrowserChecksMirrorGo(t *testing.T) {
	ctx, problems := browser(t)
	_, srv := newTestStudio(t)
	signIn(ctx, t, srv.URL, editorName, editorPassword)

	const rowsJS = `[...document.querySelectorAll(".ff-checks")].map((b) => b.id + ": " +
		[...b.querySelectorAll(".ff-checks__item")].map((i) => i.className + " " + i.textContent.replace(/\s+/g, " ").trim()).join(" | "))`
	for _, answer := range []string{"nappies", "urgent-help", "storing-milk", "latch"} {
		t.Run(answer, func(t *testing.T) {
			do(t, ctx, chromedp.Navigate(srv.URL+"/answers/"+answer+"/edit"), chromedp.WaitVisible(id("answer")))
			server := eval[[]string](t, ctx, rowsJS)
			do(t, ctx, js(`document.querySelectorAll("textarea[data-check]").forEach((a) => a.dispatchEvent(new Event("input", {bubbles: true})))`))
			script := eval[[]string](t, ctx, rowsJS)
			require.NotEmpty(t, server)
			assert.Equal(t, server, script)
		})
	}

	texts := []string{
		"",
		"One.",
		"Call {{urgent}} now. Or {{ helpline_name }} on {{helpline_number}}!",
		"Feeding & sleeping <b>bold</b> > less. \"Quoted.\" (Brackets.) 'Single.'",
		"Numbers 0300 100 0212 and 12345678 and 1.5 and 2026-11-25 and 38C.",
		"Tabs\tand\nnewlines\r\nand\u00a0no-break\u2003em spaces\u3000ideographic.",
		"Ünïcödé wörds, naïve café résumé. Straße? Ja!",
		"Extraordinarily incomprehensible physiological characteristics notwithstanding, breastfeeding continues.",
		"Should the baby be sleepy, wake them gently; try skin to skin, and change their nappy before the feed.",
		strings.Repeat("word ", 70),
		"{{unknown}} {{ }} {{Upper}} {single} }} {{",
	}
	signs := allSignposts()
	signJSON, _ := json.Marshal(signs)
	for i, s := range texts {
		t.Run(fmt.Sprintf("text %d", i), func(t *testing.T) {
			want := MeasureText(s, signs)
			arg, _ := json.Marshal(s)
			got := eval[Measure](t, ctx, fmt.Sprintf(`import("/assets/checks.js").then((m) => m.measure(%s, %s, %s))`, arg, signJSON, limitsJSON()), chromedp.EvalAwaitPromise)
			assert.Equal(t, want.Words, got.Words, "words")
			assert.Equal(t, want.Sentences, got.Sentences, "sentences")
			assert.Equal(t, want.Longest, got.Longest, "longest")
			assert.InDelta(t, want.Seconds, got.Seconds, 1e-9, "seconds")
			assert.InDelta(t, want.ReadingAge, got.ReadingAge, 1e-9, "reading age")
			assert.Equal(t, want.Markup, got.Markup, "markup")
			assert.Equal(t, want.Chars, got.Chars, "chars")
		})
	}
	assert.Empty(t, problems())
}
