// Package browsertest is what the browser tests share: it finds and starts
// headless Chromium (chromedp), runs axe-core, the accessibility engine
// vendored unmodified in axe/, on a page, and measures how a page reflows in
// a narrow viewport (WCAG 1.4.10).
//
// The web chat (internal/web), the content studio (internal/studio) and the
// NLU report of `skill model eval --html` (cmd/skill) use it from their
// _test.go files only. Nothing that ships may import it: axe-core is embedded
// here for the tests and must never be served (TestNotInBinaries holds this).
package browsertest
