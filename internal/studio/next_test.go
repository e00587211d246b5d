package studio

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSafeNext: the page to go to after sign-in is a path on this site or "/".
// Browsers drop tabs and newlines from URLs and read "\" as "/", so
// "/\t/evil.example/" would leave the site.
func TestSafeNext(t *testing.T) {
	tests := []struct{ next, want string }{
		{"/", "/"},
		{"/answers/latch", "/answers/latch"},
		{"/try?q=latch+pain&approved=1", "/try?q=latch+pain&approved=1"},
		{"", "/"},
		{"answers/latch", "/"},
		{"https://evil.example/", "/"},
		{"//evil.example/", "/"},
		{`/\evil.example/`, "/"},
		{"/\t/evil.example/", "/"},
		{"/\n/evil.example/", "/"},
		{"/\r/evil.example/", "/"},
		{"/answers/\tlatch", "/"},
		{"/answers/latch\x00", "/"},
		{"/answers/latch\x7f", "/"},
		{"/answers/latch\u0085", "/"},
		{" //evil.example/", "/"},
	}
	for _, tc := range tests {
		t.Run(tc.next, func(t *testing.T) {
			assert.Equal(t, tc.want, safeNext(tc.next), "safeNext(%q)", tc.next)
		})
	}
}

// TestSignInNextStaysOnSite posts the sign-in form with next=/%09/evil.example/
// as a link would carry it: the redirect goes home.
func TestSignInNextStaysOnSite(t *testing.T) {
	_, srv := newTestStudio(t)
	for _, next := range []string{"/\t/evil.example/", "//evil.example/", "/\\evil.example/"} {
		t.Run(next, func(t *testing.T) {
			c := newClient(t, srv.URL)
			c.get("/login?next=" + url.QueryEscape(next))
			resp, _ := c.postForm("/login", url.Values{"name": {editorName}, "password": {editorPassword}, "next": {next}})
			assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
			assert.Equal(t, "/", resp.Header.Get("Location"))
		})
	}
}
