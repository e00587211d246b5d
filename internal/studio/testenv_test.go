package studio

import (
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/feedingfriend/skill/internal/content"
)

// Test accounts (bcrypt.MinCost keeps the tests fast).
const (
	editorName        = "Ann Editor"
	editorPassword    = "editor-test-password"
	clinicianName     = "Dr Bea Lead"
	clinicianPassword = "clinician-test-password"
)

// copyRepo copies the repository's content/ and intents/ (and skill.yaml)
// into a temporary directory: tests never change the real answers.
func copyRepo(t testing.TB) string {
	t.Helper()
	dst := t.TempDir()
	for _, sub := range []string{"content", "intents"} {
		src := filepath.Join("..", "..", sub)
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			out := filepath.Join(dst, sub, rel)
			if d.IsDir() {
				return os.MkdirAll(out, 0o755)
			}
			if filepath.Ext(p) == ".go" {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(out, data, 0o644)
		})
		require.NoError(t, err)
	}
	if data, err := os.ReadFile(filepath.Join("..", "..", "skill.yaml")); err == nil {
		require.NoError(t, os.WriteFile(filepath.Join(dst, "skill.yaml"), data, 0o644))
	}
	return dst
}

// newTestStudio serves the studio over a copy of the repository with an
// editor and a clinician account.
func newTestStudio(t testing.TB) (dir string, srv *httptest.Server) {
	t.Helper()
	dir, srv, _ = newTestStudioWith(t, nil)
	return dir, srv
}

// newTestStudioWith is newTestStudio with the configuration changed by opt
// (a clock, BehindProxy) before the studio is built.
func newTestStudioWith(t testing.TB, opt func(*Config)) (dir string, srv *httptest.Server, s *Server) {
	t.Helper()
	dir = copyRepo(t)
	users := filepath.Join(dir, "studio-users.yaml")
	_, err := AddUser(users, editorName, RoleEditor, editorPassword, bcrypt.MinCost)
	require.NoError(t, err)
	_, err = AddUser(users, clinicianName, RoleClinician, clinicianPassword, bcrypt.MinCost)
	require.NoError(t, err)
	cfg := Config{Dir: dir, UsersFile: users, Logger: discardLogger()}
	if opt != nil {
		opt(&cfg)
	}
	s, err = New(cfg)
	require.NoError(t, err)
	srv = httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return dir, srv, s
}

// client is a browser stand-in: a cookie jar and the last CSRF token seen.
// With addr set it comes from that address, as a reverse proxy would say in
// X-Forwarded-For (for a studio with BehindProxy).
type client struct {
	t    testing.TB
	base string
	hc   *http.Client
	csrf string
	addr string
}

func newClient(t testing.TB, base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: base, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// get fetches path and remembers the page's CSRF token.
func (c *client) get(path string) (int, string) {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	require.NoError(c.t, err)
	if c.addr != "" {
		req.Header.Set("X-Forwarded-For", c.addr)
	}
	resp, err := c.hc.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if m := csrfRE.FindSubmatch(b); m != nil {
		c.csrf = string(m[1])
	}
	return resp.StatusCode, string(b)
}

// post sends a form as it is (add "csrf" yourself, or use postForm).
func (c *client) post(path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	require.NoError(c.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if c.addr != "" {
		req.Header.Set("X-Forwarded-For", c.addr)
	}
	resp, err := c.hc.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// postForm sends a form with the CSRF token of the last page fetched.
func (c *client) postForm(path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	form.Set("csrf", c.csrf)
	return c.post(path, form)
}

func (c *client) login(name, password string) {
	c.t.Helper()
	c.get("/login")
	resp, body := c.postForm("/login", url.Values{"name": {name}, "password": {password}})
	require.Equal(c.t, http.StatusSeeOther, resp.StatusCode, "sign in as %s: %s", name, body)
}

func read(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if os.IsNotExist(err) {
		return ""
	}
	require.NoError(t, err)
	return string(b)
}

// valueOf returns the value of the input or the text of the textarea with id.
func valueOf(body, id string) string {
	if m := regexp.MustCompile(`id="` + regexp.QuoteMeta(id) + `"[^>]*value="([^"]*)"`).FindStringSubmatch(body); m != nil {
		return htmlUnescape(m[1])
	}
	if m := regexp.MustCompile(`(?s)<textarea[^>]*id="` + regexp.QuoteMeta(id) + `"[^>]*>(.*?)</textarea>`).FindStringSubmatch(body); m != nil {
		return htmlUnescape(m[1])
	}
	return ""
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&#34;", `"`, "&#39;", "'", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`).Replace(s)
}

// formOfPage reads every input and textarea of a page's form into values.
func formOfPage(body string) url.Values {
	v := url.Values{}
	for _, m := range regexp.MustCompile(`<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		v.Set(m[1], htmlUnescape(m[2]))
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(body, -1) {
		v.Set(m[1], htmlUnescape(m[2]))
	}
	return v
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// approveEarlier has a clinician approve id before the test, so that there
// is an approved text to compare with and an audit history to show.
func approveEarlier(t testing.TB, dir, id string) {
	t.Helper()
	_, err := (&content.Repo{Dir: filepath.Join(dir, "content")}).Approve(id, content.Signoff{By: "Dr Earlier", Role: "Midwife, NMC 00A0000A", Note: "first approval"})
	require.NoError(t, err)
}
