package studio

import (
	"crypto/ed25519"
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

	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/content/contenttest"
	"golang.org/x/crypto/bcrypt"
)

// Test accounts (bcrypt.MinCost keeps the tests fast).
const (
	editorName        = "Ann Editor"
	editorPassword    = "editor-test-password"
	clinicianName     = "Dr Bea Lead"
	clinicianPassword = "clinician-test-password"
)

// The test accounts as the audit log enrols them.
var (
	editor    = Account{Name: editorName, Role: RoleEditor, Title: "Content editor"}
	clinician = Account{Name: clinicianName, Role: RoleClinician, Title: "Midwife", Registration: "NMC 12A3456B"}
)

// addEnrolled adds account a to the users file and enrols it in the audit
// log of the repository dir, signed by by (whose password is byPassword; a
// clinician enrolling themself when the log is empty), as `skill studio
// adduser` does.
func addEnrolled(t testing.TB, dir, users string, a Account, password string, by Account, byPassword string) {
	t.Helper()
	_, pub, err := AddUser(users, a, password, bcrypt.MinCost)
	require.NoError(t, err)
	key := signingKey(t, users, by.Name, byPassword)
	_, err = (&content.Repo{Dir: filepath.Join(dir, "content")}).Enrol(a.Person(pub), content.Signoff{By: by.Name, Key: key})
	require.NoError(t, err)
}

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
	addEnrolled(t, dir, users, clinician, clinicianPassword, clinician, clinicianPassword)
	addEnrolled(t, dir, users, editor, editorPassword, clinician, clinicianPassword)
	cfg := Config{Dir: dir, UsersFile: users, Logger: discardLogger()}
	if opt != nil {
		opt(&cfg)
	}
	s, err := New(cfg)
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

// signingKey opens the signing key of name in the users file.
func signingKey(t testing.TB, users, name, password string) ed25519.PrivateKey {
	t.Helper()
	us, err := LoadUsers(users)
	require.NoError(t, err)
	u, ok := us.Find(name)
	require.True(t, ok, name)
	key, err := u.Key(password)
	require.NoError(t, err)
	return key
}

// earlier is a clinician who approved answers before the test begins.
var earlier = contenttest.NewMember("Dr Earlier", content.RoleClinician, "Midwife", "NMC 00A0000A")

// approveEarlier enrols Dr Earlier (by the test clinician), has the test
// editor send id for review and Dr Earlier approve it, in the repository dir
// of a test studio.
func approveEarlier(t testing.TB, dir, id string) {
	t.Helper()
	users := filepath.Join(dir, "studio-users.yaml")
	r := &content.Repo{Dir: filepath.Join(dir, "content")}
	_, err := r.Enrol(earlier.Person, content.Signoff{By: clinicianName, Key: signingKey(t, users, clinicianName, clinicianPassword)})
	require.NoError(t, err)
	_, err = r.Submit(id, content.Signoff{By: editorName, Key: signingKey(t, users, editorName, editorPassword)})
	require.NoError(t, err)
	_, err = r.Approve(id, earlier.As("first approval"))
	require.NoError(t, err)
}

// approvePromptsEarlier has the test editor send the prompts and the
// red-flag rules for review and Dr Earlier (enrolled by approveEarlier)
// approve them, so that an approved-only skill over the repository dir
// starts.
func approvePromptsEarlier(t testing.TB, dir string) {
	t.Helper()
	users := filepath.Join(dir, "studio-users.yaml")
	rules, err := os.ReadFile(filepath.Join(dir, "intents", "red-flags.yaml"))
	require.NoError(t, err)
	r := &content.Repo{Dir: filepath.Join(dir, "content"), Rules: []content.Rules{{ID: content.RedFlagsID, File: "intents/red-flags.yaml", Data: rules}}}
	for _, id := range []string{content.PromptsID, content.RedFlagsID} {
		_, err := r.Submit(id, content.Signoff{By: editorName, Key: signingKey(t, users, editorName, editorPassword)})
		require.NoError(t, err)
		_, err = r.Approve(id, earlier.As("approved for the test"))
		require.NoError(t, err)
	}
}

// testSigns is the signposting the test studio binds placeholders to: the
// copied skill.yaml's nation (England, with its overrides).
func testSigns() content.Signposts {
	sp, _ := content.NationSignposts("england")
	return sp
}
