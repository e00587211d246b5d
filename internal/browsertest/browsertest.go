package browsertest

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Chromium finds Chromium as $CHROMIUM, chromium, chromium-browser or
// google-chrome. Without it the test skips, unless CI is set: there it fails,
// so CI cannot pass without running the browser tests.
//
// Browser tests take most of a short run's time (a fresh Chromium each), so
// `go test -short` skips them; `go test ./...`, what CI runs, does not.
func Chromium(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("a browser test: it runs without -short (go test ./..., as CI does)")
	}
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("Chromium is not installed and CI is set: the browser tests must run in CI (apt-get install -y chromium fonts-liberation)")
	}
	t.Skip("Chromium is not installed: skipping the browser tests (apt-get install -y chromium fonts-liberation, or set CHROMIUM to its path)")
	return ""
}

// Start starts a fresh headless Chromium with a viewport of w x h CSS pixels
// and returns its tab, closed when the test ends. Scrollbars are hidden, as
// on a phone, so the layout width is w. A page at 400% zoom on a 1280 x 1024
// screen is laid out as one of 320 x 256: that is how the tests zoom.
func Start(t testing.TB, w, h int, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	path := Chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(w, h),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), append(opts, extra...)...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelC := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelC(); cancelB(); cancelA() })
	if _, err := chromedp.Run(ctx, chromedp.Title()); err != nil {
		t.Fatalf("start Chromium at %s: %v", path, err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(w), int64(h))); err != nil {
		t.Fatalf("set the viewport to %dx%d: %v", w, h, err)
	}
	return ctx
}

// Resize sets the viewport of the tab to w x h CSS pixels (see Start).
func Resize(ctx context.Context, w, h int) error {
	return chromedp.Do(ctx, chromedp.EmulateViewport(int64(w), int64(h)))
}

// axeSource is axe-core, vendored unmodified in axe/ (see its README).
//
//go:embed axe/axe.min.js
var axeSource string

// AxeTags are the axe-core rules run: WCAG 2.0, 2.1 and 2.2 A and AA, and
// axe's best practices.
const AxeTags = `["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]`

// AxeResult is what axe-core found on one state of a page.
type AxeResult struct {
	Violations []AxeViolation `json:"violations"`
	Passes     int            `json:"passes"`
	Incomplete int            `json:"incomplete"`
	Version    string         `json:"version"`
}

// AxeViolation is one rule a page breaks, with the elements that break it.
type AxeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

func (v AxeViolation) String() string {
	return fmt.Sprintf("%s [%s, %s] at %s", v.Help, v.ID, v.Impact, strings.Join(v.Nodes, "; "))
}

// Axe runs axe-core on the page as it is now. The engine is evaluated by the
// test, not loaded by the page, so the page's Content-Security-Policy stays
// as strict as it is served. Scripts must be enabled while it runs.
func Axe(ctx context.Context) (AxeResult, error) {
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === "object"`))
	if err != nil {
		return AxeResult{}, err
	}
	if !loaded {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
			return AxeResult{}, fmt.Errorf("load axe-core: %w", err)
		}
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag", values: `+AxeTags+`}}).then((r) => JSON.stringify({
		version: axe.version,
		passes: r.passes.length,
		incomplete: r.incomplete.length,
		violations: r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" "))})),
	}))`, chromedp.EvalAwaitPromise))
	if err != nil {
		return AxeResult{}, fmt.Errorf("run axe-core: %w", err)
	}
	var r AxeResult
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		return AxeResult{}, fmt.Errorf("read axe-core's result: %w", err)
	}
	return r, nil
}

// Reflow is how a page fits its viewport (WCAG 1.4.10): the page's width
// against the viewport's, and the visible elements that reach outside it.
type Reflow struct {
	ScrollWidth, ClientWidth int
	// Clipped lists the visible text, controls and table cells (outside a
	// region that scrolls on its own) whose box reaches past either edge.
	Clipped []string
}

// Fits reports whether nothing needs scrolling sideways.
func (r Reflow) Fits() bool { return r.ScrollWidth <= r.ClientWidth && len(r.Clipped) == 0 }

// reflowJS measures Reflow. A region that scrolls on its own (overflow auto
// below the body) may hold wider content, as WCAG allows for code and data
// that need two dimensions; the region itself must fit. (The page's own
// scrolling, on html and body, is not such a region.)
const reflowJS = `(() => {
  const vw = document.documentElement.clientWidth;
  const scrolls = (e) => {
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll") return true;
    }
    return false;
  };
  // hidden: not shown, or shown to screen readers only (clipped to nothing,
  // as the design systems' visually-hidden classes and skip links are).
  const hidden = (e) => {
    for (let p = e; p && p !== document.body; p = p.parentElement) {
      const st = getComputedStyle(p);
      if (p.hidden || st.display === "none" || st.visibility === "hidden" || st.clipPath === "inset(50%)" || st.clip === "rect(0px, 0px, 0px, 0px)") return true;
    }
    return false;
  };
  const clipped = [...document.querySelectorAll("a, button, input:not([type=hidden]), select, textarea, label, h1, h2, h3, p, th, td, dt, dd, li, pre, summary")].filter((e) => {
    if (hidden(e) || scrolls(e)) return false;
    const r = e.getBoundingClientRect();
    // Wholly left of the page is the off-screen way of hiding (skip links):
    // nobody can scroll there, and nothing is cut.
    return r.width > 0 && r.height > 0 && r.right > 0 && (r.left < -1 || r.right > vw + 1);
  }).map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + " \"" + e.textContent.trim().replace(/\s+/g, " ").slice(0, 40) + "\" right " + Math.round(e.getBoundingClientRect().right));
  return {ScrollWidth: document.documentElement.scrollWidth, ClientWidth: vw, Clipped: clipped};
})()`

// MeasureReflow measures how the page fits its viewport now.
func MeasureReflow(ctx context.Context) (Reflow, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[Reflow](reflowJS))
}
