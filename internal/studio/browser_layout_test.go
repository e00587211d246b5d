package studio

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/feedingfriend/skill/internal/browsertest"
)

// viewports are the sizes the studio is checked at: a phone, 400% zoom of a
// 1280 x 1024 screen (WCAG 1.4.10 Reflow: 320 CSS pixels wide) and a
// desktop.
var viewports = []struct {
	name string
	w, h int
}{
	{"375 px phone", 375, 812},
	{"400% zoom", 320, 256},
	{"1280 px desktop", 1280, 1000},
}

// pageState is one state of a studio page: how to reach it, and what it
// shows when it is there.
type pageState struct {
	name string
	// open loads the state in the browser (signed in as a clinician).
	open func(t *testing.T, ctx context.Context, base string)
	// cells are elements that must be on screen, not cut off at either edge.
	cells []string
}

func navigate(path, waitFor string) func(*testing.T, context.Context, string) {
	return func(t *testing.T, ctx context.Context, base string) {
		t.Helper()
		do(t, ctx, chromedp.Navigate(base+path), chromedp.WaitVisible(css(waitFor)))
	}
}

// studioStates are the pages of the studio in each state a user meets them.
var studioStates = []pageState{
	{name: "list", open: navigate("/", "#answers"), cells: []string{
		`tr[data-id="latch"] [data-column="review-due"]`, `tr[data-id="latch"] [data-column="changed"]`, `tr[data-id="latch"] [data-column="checks"]`,
	}},
	{name: "list, nothing matches", open: navigate("/?q=zzzz", "#answers")},
	{name: "answer with history", open: navigate("/answers/latch", "#history"), cells: []string{"#history tbody tr:last-child td:last-child", "#findings tbody tr td:last-child"}},
	{name: "edit", open: navigate("/answers/nappies/edit", "#answer")},
	{name: "edit with errors", open: func(t *testing.T, ctx context.Context, base string) {
		navigate("/answers/nappies/edit", "#answer")(t, ctx, base)
		do(t, ctx, setValue("title", ""), setValue("variants-0-age", "newborn"))
		submit(t, ctx, "#save", ".nhsuk-error-summary")
	}},
	{name: "edit, someone else saved", open: func(t *testing.T, ctx context.Context, base string) {
		navigate("/answers/nappies/edit", "#answer")(t, ctx, base)
		saveAs(t, base, "nappies", func(f url.Values) { f.Set("title", f.Get("title")+".") })
		submit(t, ctx, "#save", "#conflict")
	}, cells: []string{"#conflict-diff"}},
	{name: "review", open: navigate("/answers/latch/review", "#diff")},
	{name: "review, an error", open: func(t *testing.T, ctx context.Context, base string) {
		navigate("/answers/latch/review", "#approve-form")(t, ctx, base)
		do(t, ctx, setValue("months", "0"))
		submit(t, ctx, "#approve", ".nhsuk-error-summary")
	}},
	{name: "try it", open: navigate("/try", "#q")},
	{name: "try it, an answer", open: navigate("/try?q="+url.QueryEscape("how do I get a good latch"), "#json-alexa"), cells: []string{"#candidates tbody tr td:last-child"}},
	{name: "page not found", open: navigate("/answers/no-such-answer", "h1")},
}

// TestBrowserReflow: every page of the studio, in every state, fits a
// phone, 400% zoom and a desktop without scrolling sideways, nothing is cut
// off, and axe-core finds nothing. The answers table's "Review due",
// "Changed since approval" and "Checks" stay on screen.
func TestBrowserReflow(t *testing.T) {
	ctx, problems := browser(t)
	dir, srv := newTestStudio(t)
	approveEarlier(t, dir, "latch")
	editLatch(t, srv.URL)
	do(t, ctx, chromedp.Navigate(srv.URL+"/login"), chromedp.WaitVisible(id("name")))
	for _, vp := range viewports {
		require.NoError(t, browsertest.Resize(ctx, vp.w, vp.h))
		t.Run(vp.name+"/sign in", func(t *testing.T) {
			do(t, ctx, chromedp.Navigate(srv.URL+"/login"), chromedp.WaitVisible(id("name")))
			checkReflow(t, ctx, nil)
			checkA11y(t, ctx, "sign in")
			do(t, ctx, chromedp.SendKeys(id("name"), editorName))
			submit(t, ctx, "#sign-in", ".nhsuk-error-summary")
			checkReflow(t, ctx, nil)
			checkA11y(t, ctx, "sign in, no password")
		})
	}
	signIn(ctx, t, srv.URL, clinicianName, clinicianPassword)
	for _, vp := range viewports {
		require.NoError(t, browsertest.Resize(ctx, vp.w, vp.h))
		for _, st := range studioStates {
			t.Run(vp.name+"/"+st.name, func(t *testing.T) {
				st.open(t, ctx, srv.URL)
				checkReflow(t, ctx, st.cells)
				checkA11y(t, ctx, st.name)
			})
		}
	}
	assert.Empty(t, problems())
}

// checkReflow fails the test when the page scrolls sideways, anything is
// cut off, or one of cells is not wholly on screen.
func checkReflow(t *testing.T, ctx context.Context, cells []string) {
	t.Helper()
	r, err := browsertest.MeasureReflow(ctx)
	require.NoError(t, err)
	assert.LessOrEqual(t, r.ScrollWidth, r.ClientWidth, "no sideways scrolling")
	assert.Empty(t, r.Clipped, "nothing cut off")
	for _, sel := range cells {
		box := eval[[]float64](t, ctx, fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return []; const r = e.getBoundingClientRect(); return [r.left, r.right, r.width, r.height]; })()`, sel))
		if assert.Len(t, box, 4, "%s is on the page", sel) {
			assert.True(t, box[0] >= 0 && box[1] <= float64(r.ClientWidth)+1 && box[2] > 0 && box[3] > 0, "%s is on screen: left %.0f, right %.0f of %d", sel, box[0], box[1], r.ClientWidth)
		}
	}
}

// editLatch saves a change to latch as the editor, so that it has changed
// since approval.
func editLatch(t *testing.T, base string) {
	t.Helper()
	saveAs(t, base, "latch", func(f url.Values) { f.Set("answer", f.Get("answer")+" Take your time.") })
}

// saveAs has the editor, in a session of their own, change answer id and
// save it.
func saveAs(t *testing.T, base, id string, change func(url.Values)) {
	t.Helper()
	c := newClient(t, base)
	c.login(editorName, editorPassword)
	_, page := c.get("/answers/" + id + "/edit")
	f := formOfPage(page)
	change(f)
	resp, body := c.postForm("/answers/"+id+"/edit", f)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, "%v", errorSummary(body))
}

// TestBrowserScreenshots takes the screenshots of the studio's list and edit
// pages at 375 and 1280 px wide in docs/studio:
//
//	STUDIO_DOCS=docs/studio go test ./internal/studio -run TestBrowserScreenshots
//
// Without STUDIO_DOCS they go to a temporary folder (the test still checks
// the pages reflow and pass axe-core at both widths).
func TestBrowserScreenshots(t *testing.T) {
	dir := os.Getenv("STUDIO_DOCS")
	switch {
	case dir == "":
		dir = t.TempDir()
	case !filepath.IsAbs(dir):
		dir = filepath.Join("..", "..", dir) // from the repository's root, where the command runs
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	ctx, problems := browser(t)
	tmp, srv := newTestStudio(t)
	approveEarlier(t, tmp, "latch")
	editLatch(t, srv.URL)
	signIn(ctx, t, srv.URL, editorName, editorPassword)
	for _, w := range []struct {
		width, height int
	}{{375, 812}, {1280, 1000}} {
		require.NoError(t, browsertest.Resize(ctx, w.width, w.height))
		// Each page from its heading: the list from its table.
		for _, page := range []struct{ name, path, top string }{
			{"list", "/", "#answers"},
			{"edit", "/answers/nappies/edit", ".nhsuk-back-link"},
		} {
			do(t, ctx, chromedp.Navigate(srv.URL+page.path), chromedp.WaitVisible(css(page.top)),
				js(fmt.Sprintf(`document.querySelector(%q).scrollIntoView({block: "start"}); window.scrollBy(0, -16)`, page.top)), chromedp.Sleep(200*time.Millisecond))
			checkReflow(t, ctx, nil)
			checkA11y(t, ctx, page.name)
			buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			require.NoError(t, err)
			name := filepath.Join(dir, fmt.Sprintf("%s-%d.png", page.name, w.width))
			require.NoError(t, os.WriteFile(name, buf, 0o644))
			t.Logf("screenshot: %s", name)
		}
	}
	assert.Empty(t, problems())
}
