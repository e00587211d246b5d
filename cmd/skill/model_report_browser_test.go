package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/feedingfriend/skill/internal/browsertest"
	"github.com/feedingfriend/skill/internal/nlu"
)

// TestBrowserEvalReportFitsADesktop: the HTML report of `skill model eval`
// on the held-out set, opened in Chromium 1280 px wide, shows the whole
// confusion matrix without scrolling sideways, and its "weakest first" list
// starts with a label that has examples, not one the set never expects
// (YesIntent).
func TestBrowserEvalReportFitsADesktop(t *testing.T) {
	items, err := readLabelled([]string{"../../intents/testdata/heldout.yaml"})
	require.NoError(t, err)
	m, err := loadModel("")
	require.NoError(t, err)
	n, err := nlu.New(m)
	require.NoError(t, err)
	rep := nlu.Evaluate(n, items)
	name := filepath.Join(t.TempDir(), "report.html")
	f, err := os.Create(name)
	require.NoError(t, err)
	require.NoError(t, writeEvalHTML(f, "heldout.yaml", rep, 10))
	require.NoError(t, f.Close())

	ctx := browsertest.Start(t, 1280, 900)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("file://"+name), chromedp.WaitVisible(chromedp.ID("confusion-matrix"))))
	columns, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#confusion-matrix th.col").length`))
	require.NoError(t, err)
	require.Greater(t, columns, 40, "the matrix of the held-out set")
	r, err := browsertest.MeasureReflow(ctx)
	require.NoError(t, err)
	assert.LessOrEqual(t, r.ScrollWidth, r.ClientWidth, "no sideways scrolling at 1280 px")
	right, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.getElementById("confusion-matrix").getBoundingClientRect().right`))
	require.NoError(t, err)
	assert.LessOrEqual(t, right, float64(r.ClientWidth), "the whole matrix is on screen")

	weakest, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelector("#per-label tr:nth-child(2)").cells].map((c) => c.textContent)`))
	require.NoError(t, err)
	require.Len(t, weakest, 5)
	assert.NotEqual(t, "0", weakest[1], "the weakest label has examples: %v", weakest)
	a, err := browsertest.Axe(ctx)
	require.NoError(t, err)
	for _, v := range a.Violations {
		t.Errorf("axe on the report: %s", v)
	}
}
