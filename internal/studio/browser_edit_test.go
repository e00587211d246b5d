package studio

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/feedingfriend/skill/internal/browsertest"
)

// saveInViewJS reports whether a "Save changes" button is shown wholly
// inside the viewport.
const saveInViewJS = `[...document.querySelectorAll("button")].some((b) => {
  if (b.textContent.trim() !== "Save changes" || b.offsetParent === null) return false;
  const r = b.getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
})`

// inViewJS reports whether the element sel is shown, at least its top part,
// inside the viewport.
func inViewJS(sel string) string {
	return fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e || e.offsetParent === null) return false; const r = e.getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.top < window.innerHeight - 40; })()`, sel)
}

// TestBrowserEditLongForm: the edit page of a long answer is short enough to
// take in, with its further parts, sources and variants collapsed (NHS.UK
// details); on a desktop "Save changes" and the preview stay in view however
// far the editor scrolls, and on a phone Save is at the top of the form as
// well as at its end.
func TestBrowserEditLongForm(t *testing.T) {
	ctx, problems := browser(t)
	_, srv := newTestStudio(t)
	signIn(ctx, t, srv.URL, editorName, editorPassword)
	for _, answer := range []string{"latch", "nappies", "urgent-help"} {
		t.Run(answer+" at 1280 px", func(t *testing.T) {
			require.NoError(t, browsertest.Resize(ctx, 1280, 1000))
			do(t, ctx, chromedp.Navigate(srv.URL+"/answers/"+answer+"/edit"), chromedp.WaitVisible(id("answer")))
			assert.Equal(t, []bool{false, false, false}, eval[[]bool](t, ctx, `["more-section", "sources-section", "variants-section"].map((s) => document.getElementById(s).open)`), "the long lists start collapsed")
			height := eval[int](t, ctx, `document.documentElement.scrollHeight`)
			assert.Less(t, height, 3000, "the page's height")
			for y := 0; y < height; y += 400 {
				do(t, ctx, js(fmt.Sprintf(`window.scrollTo(0, %d)`, y)))
				if eval[int](t, ctx, `Math.round(document.getElementById("edit-form").getBoundingClientRect().bottom)`) < 0 {
					break // past the form: the footer
				}
				assert.True(t, eval[bool](t, ctx, saveInViewJS), "Save is in view scrolled to %d px", y)
			}

			// Typing in a box far down the page, the preview stays in view.
			do(t, ctx, js(`document.getElementById("variants-section").open = true`),
				js(`document.getElementById("card").scrollIntoView({block: "end"})`))
			do(t, ctx, chromedp.Focus(id("card")), js(`(() => { const c = document.getElementById("card"); c.setSelectionRange(c.value.length, c.value.length) })()`))
			do(t, ctx, chromedp.SendKeys(id("card"), " Zebra."))
			waitText(ctx, t, "#preview-card-text", func(s string) bool { return strings.HasSuffix(s, "Zebra.") }, "the card preview")
			assert.True(t, eval[bool](t, ctx, inViewJS("#preview-heading")), "the preview is in view while typing in the card")
			assert.True(t, eval[bool](t, ctx, inViewJS("#card")), "and so is the card")
			do(t, ctx, js(`document.getElementById("variants-0-card") && document.getElementById("variants-0-card").scrollIntoView({block: "end"})`))
			assert.True(t, eval[bool](t, ctx, inViewJS("#preview-heading")), "the preview is in view beside the variants")
			checkA11y(t, ctx, "edit, scrolled")
		})
	}
	for _, vp := range viewports[:2] {
		t.Run("nappies at "+vp.name, func(t *testing.T) {
			require.NoError(t, browsertest.Resize(ctx, vp.w, vp.h))
			do(t, ctx, chromedp.Navigate(srv.URL+"/answers/nappies/edit"), chromedp.WaitVisible(id("answer")))
			// The Save buttons shown, and the form's first and last fields, in
			// reading order.
			order := eval[[]string](t, ctx, `[...document.querySelectorAll("#edit-form textarea, #edit-form input:not([type=hidden]), button")]
				.filter((e) => e.offsetParent !== null && (e.tagName !== "BUTTON" || e.textContent.trim() === "Save changes"))
				.map((e) => e.tagName === "BUTTON" ? "save" : "field")`)
			require.NotEmpty(t, order)
			assert.Equal(t, "save", order[0], "Save comes before the first field")
			assert.Equal(t, "save", order[len(order)-1], "and after the last")
			assert.Less(t, eval[int](t, ctx, `document.documentElement.scrollHeight`), 16*vp.h, "the page's height")
		})
	}
	assert.Empty(t, problems())
}

// TestBrowserSectionsOpenOnError: a collapsed section holding a field with
// an error opens, so that the error summary's link reaches the field.
func TestBrowserSectionsOpenOnError(t *testing.T) {
	ctx, problems := browser(t)
	_, srv := newTestStudio(t)
	signIn(ctx, t, srv.URL, editorName, editorPassword)
	do(t, ctx, chromedp.Navigate(srv.URL+"/answers/nappies/edit"), chromedp.WaitVisible(id("answer")))
	do(t, ctx, setValue("variants-1-age", "newborn"))
	submit(t, ctx, "#save", ".nhsuk-error-summary")
	assert.Equal(t, []bool{false, false, true}, eval[[]bool](t, ctx, `["more-section", "sources-section", "variants-section"].map((s) => document.getElementById(s).open)`))
	do(t, ctx, chromedp.Click(css(`.nhsuk-error-summary__list a[href="#variants-1-age"]`)), chromedp.Sleep(100*time.Millisecond))
	assert.Equal(t, "variants-1-age", eval[string](t, ctx, `document.activeElement.id`))
	assert.True(t, eval[bool](t, ctx, inViewJS("#variants-1-age")), "the field is shown")
	checkA11y(t, ctx, "edit, an error in a variant")
	assert.Empty(t, problems())
}

// TestBrowserInsertPlaceholder: under a text box, "Insert a name or number"
// puts a placeholder in at the cursor, shows what the skill says for it, and
// the preview says it.
func TestBrowserInsertPlaceholder(t *testing.T) {
	ctx, problems := browser(t)
	_, srv := newTestStudio(t)
	signIn(ctx, t, srv.URL, editorName, editorPassword)
	do(t, ctx, chromedp.Navigate(srv.URL+"/answers/latch/edit"), chromedp.WaitVisible(id("answer")))
	const control = `details[data-insert-into="answer"]`
	require.True(t, eval[bool](t, ctx, inViewJS(control+" summary")), "the control under the short answer is shown")
	do(t, ctx, setValue("answer", "For help, call  today."))
	do(t, ctx, js(`document.getElementById("answer").setSelectionRange(15, 15)`))
	do(t, ctx, chromedp.Click(css(control+" summary")), chromedp.Sleep(100*time.Millisecond))
	button := control + ` button[data-insert="{{helpline_number}}"]`
	assert.Equal(t, "helpline number “0300 100 0212”", textContent(t, ctx, button), "it shows what the skill says")
	checkA11y(t, ctx, "edit, insert a name or number")
	do(t, ctx, chromedp.Click(css(button)))
	assert.Equal(t, "For help, call {{helpline_number}} today.", eval[string](t, ctx, `document.getElementById("answer").value`))
	assert.Equal(t, "answer", eval[string](t, ctx, `document.activeElement.id`), "the focus goes back to the box")
	waitText(ctx, t, "#preview-speech", func(s string) bool { return s == "For help, call 0300 100 0212 today." }, "the spoken preview")
	assert.Contains(t, textContent(t, ctx, "#placeholders"), "{{helpline_number}}0300 100 0212", "the names and numbers are listed for typing too")
	assert.Empty(t, problems())
}

// TestBrowserReadAloud: "Stop reading" shows only while the browser reads
// the answer aloud; when it stops, the focus goes back to "Read".
func TestBrowserReadAloud(t *testing.T) {
	ctx, problems := browser(t)
	_, srv := newTestStudio(t)
	signIn(ctx, t, srv.URL, editorName, editorPassword)
	do(t, ctx, chromedp.Navigate(srv.URL+"/answers/latch/edit"), chromedp.WaitVisible(id("answer")))
	shown := func() []bool {
		return eval[[]bool](t, ctx, `["read-aloud", "stop-reading"].map((b) => document.getElementById(b).offsetParent !== null)`)
	}
	assert.Equal(t, []bool{true, false}, shown(), "nothing is being read: no Stop")
	// The browser's voice, stood in for: what it is given to read is kept.
	do(t, ctx, js(`window.speechSynthesis.speak = (u) => { window.ffReading = u }`))
	do(t, ctx, chromedp.Click(id("read-aloud")))
	assert.Equal(t, []bool{true, true}, shown(), "reading: Stop shows")
	assert.True(t, strings.HasPrefix(eval[string](t, ctx, `window.ffReading.text`), "Hold your baby close"), "it reads the short answer")
	do(t, ctx, js(`window.ffReading.dispatchEvent(new Event("end"))`))
	assert.Equal(t, []bool{true, false}, shown(), "read to the end: Stop goes")
	do(t, ctx, chromedp.Click(id("read-aloud")), chromedp.Focus(id("stop-reading")), chromedp.KeyEvent(kb.Enter))
	assert.Equal(t, []bool{true, false}, shown(), "stopped: Stop goes")
	assert.Equal(t, "read-aloud", eval[string](t, ctx, `document.activeElement.id`), "the focus goes back to Read")
	assert.Empty(t, problems())
}

// TestBrowserEmptyBox: an empty text box shows no check figures ("Reading
// age: 0.0") and its description is its hint alone; typing brings the
// figures and their description, emptying it takes them away.
func TestBrowserEmptyBox(t *testing.T) {
	ctx, problems := browser(t)
	_, srv := newTestStudio(t)
	signIn(ctx, t, srv.URL, editorName, editorPassword)
	do(t, ctx, chromedp.Navigate(srv.URL+"/answers/latch/edit"), chromedp.WaitVisible(id("answer")))
	empty := eval[string](t, ctx, `[...document.querySelectorAll('textarea[name^="more-"]')].pop().id`)
	describedBy := func() string {
		return eval[string](t, ctx, fmt.Sprintf(`document.getElementById(%q).getAttribute("aria-describedby") || ""`, empty))
	}
	figures := func() string { return text(ctx, t, "#"+empty+"-checks") }
	assert.Empty(t, eval[[]string](t, ctx, `[...document.querySelectorAll(".ff-checks__item")].filter((i) => /0\.0|^Words\s*0$/.test(i.textContent.trim())).map((i) => i.parentElement.parentElement.id)`), "no box shows figures of no text")
	assert.Empty(t, figures())
	assert.Equal(t, empty+"-hint", describedBy(), "an empty box's description is its hint")
	do(t, ctx, js(fmt.Sprintf(`(() => { const d = document.getElementById(%q).closest("details"); if (d) d.open = true })()`, empty)),
		chromedp.Focus(id(empty)), chromedp.SendKeys(id(empty), "Feed your baby often."))
	waitText(ctx, t, "#"+empty+"-checks", func(s string) bool { return strings.Contains(s, "Reading age") }, "the figures of the text")
	assert.Equal(t, empty+"-hint "+empty+"-checks", describedBy())
	do(t, ctx, setValue(empty, ""))
	assert.Empty(t, figures())
	assert.Equal(t, empty+"-hint", describedBy())
	assert.Empty(t, problems())
}

// TestBrowserReviewTextFirst: on the review page the text being approved
// comes before the approve form, in reading and in tab order.
func TestBrowserReviewTextFirst(t *testing.T) {
	ctx, problems := browser(t)
	dir, srv := newTestStudio(t)
	approveEarlier(t, dir, "latch")
	editLatch(t, srv.URL)
	signIn(ctx, t, srv.URL, clinicianName, clinicianPassword)
	do(t, ctx, chromedp.Navigate(srv.URL+"/answers/latch/review"), chromedp.WaitVisible(id("approve-form")))
	assert.True(t, eval[bool](t, ctx, `!!(document.getElementById("fields").compareDocumentPosition(document.getElementById("approve-form")) & Node.DOCUMENT_POSITION_FOLLOWING)`), "the answer's fields come before the approve form")
	where := tabOrder(t, ctx, "approve", `(() => { const e = document.activeElement; return e.closest("#approve-form") ? "approve form" : e.closest("#fields") ? "fields" : e.id === "diff" ? "diff" : "other"; })()`)
	first := func(s string) int {
		for i, w := range where {
			if w == s {
				return i
			}
		}
		return -1
	}
	require.GreaterOrEqual(t, first("fields"), 0, "the fields take focus (their links): %v", where)
	assert.Less(t, first("diff"), first("approve form"), "the change before the form: %v", where)
	assert.Less(t, first("fields"), first("approve form"), "the text before the form: %v", where)
	assert.Empty(t, problems())
}

// tabOrder presses Tab from the top of the page until the element with id
// last has the focus, and returns what where (JavaScript) says of each
// element that took it.
func tabOrder(t *testing.T, ctx context.Context, last, where string) []string {
	t.Helper()
	do(t, ctx, js(`document.activeElement.blur(); window.scrollTo(0, 0)`))
	var out []string
	for range 200 {
		do(t, ctx, chromedp.KeyEvent(kb.Tab))
		out = append(out, eval[string](t, ctx, where))
		if eval[string](t, ctx, `document.activeElement.id`) == last {
			return out
		}
	}
	t.Fatalf("#%s never took the focus", last)
	return nil
}

// textContent is the text of sel, shown or not, with its white space
// collapsed.
func textContent(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return strings.Join(strings.Fields(eval[string](t, ctx, fmt.Sprintf(`document.querySelector(%q).textContent`, sel))), " ")
}
