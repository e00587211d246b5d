package studio

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/feedingfriend/skill/internal/content"
)

// hashOf returns the clinical text hash of an answer in dir, as the review
// page puts it in the approve form.
func hashOf(t *testing.T, dir, id string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "content", id+".yaml"))
	require.NoError(t, err)
	tp, err := decodeTopic(id+".yaml", data, testSigns())
	require.NoError(t, err)
	return tp.Hash
}

// snapshot is everything an approval would change.
func snapshot(t *testing.T, dir, id string) [3]string {
	c := filepath.Join(dir, "content")
	return [3]string{read(t, filepath.Join(c, id+".yaml")), read(t, filepath.Join(c, content.AuditFile)), read(t, filepath.Join(c, content.ApprovedDir, id+".json"))}
}

// TestEditorCannotApprove posts the approve form directly, with a valid CSRF
// token, as a signed-in editor: 403, and nothing changes on disk.
func TestEditorCannotApprove(t *testing.T) {
	dir, srv := newTestStudio(t)
	c := newClient(t, srv.URL)
	c.login(editorName, editorPassword)

	code, body := c.get("/answers/latch/review")
	require.Equal(t, http.StatusOK, code)
	assert.NotContains(t, body, `id="approve-form"`, "an editor is not offered the approve form")
	assert.Contains(t, body, "Only a clinician can approve")
	require.NotEmpty(t, c.csrf)

	before := snapshot(t, dir, "latch")
	resp, body := c.postForm("/answers/latch/approve", url.Values{"hash": {hashOf(t, dir, "latch")}, "role": {"Midwife, NMC 12A3456B"}, "months": {"12"}})
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, body)
	assert.Contains(t, body, "Only a clinician can approve")
	assert.Equal(t, before, snapshot(t, dir, "latch"), "the answer file, audit log and snapshot must not change")
}

// TestPostWithoutCSRFRefused sends forms without the token, or with another
// session's token: every one is refused and changes nothing.
func TestPostWithoutCSRFRefused(t *testing.T) {
	dir, srv := newTestStudio(t)
	clin := newClient(t, srv.URL)
	clin.login(clinicianName, clinicianPassword)
	other := newClient(t, srv.URL)
	other.login(editorName, editorPassword)
	other.get("/")

	approve := url.Values{"hash": {hashOf(t, dir, "latch")}, "role": {"Midwife, NMC 12A3456B"}, "months": {"12"}}
	_, edit := clin.get("/answers/latch/edit")
	editForm := formOfPage(edit)
	editForm.Set("answer", "Changed without a token.")
	tests := []struct {
		name, path string
		form       url.Values
		token      string
	}{
		{"approve, no token", "/answers/latch/approve", approve, ""},
		{"approve, another session's token", "/answers/latch/approve", approve, other.csrf},
		{"approve, a made-up token", "/answers/latch/approve", approve, strings.Repeat("A", 43)},
		{"save, no token", "/answers/latch/edit", editForm, ""},
		{"submit, no token", "/answers/latch/submit", url.Values{}, ""},
		{"sign out, no token", "/logout", url.Values{}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := snapshot(t, dir, "latch")
			f := url.Values{}
			for k, v := range tc.form {
				f[k] = v
			}
			f.Del("csrf")
			if tc.token != "" {
				f.Set("csrf", tc.token)
			}
			resp, body := clin.post(tc.path, f)
			assert.Equal(t, http.StatusForbidden, resp.StatusCode, body)
			assert.Contains(t, body, "This form has expired")
			assert.Equal(t, before, snapshot(t, dir, "latch"))
		})
	}
	// Still signed in: the refused sign-out did nothing.
	code, _ := clin.get("/")
	assert.Equal(t, http.StatusOK, code)

	t.Run("sign in, no token", func(t *testing.T) {
		c := newClient(t, srv.URL)
		c.get("/login")
		resp, _ := c.post("/login", url.Values{"name": {editorName}, "password": {editorPassword}})
		assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	})
}

// TestClinicianApproves is the control for the two tests above: the same
// form, from a clinician with the token, approves through content.Repo.
func TestClinicianApproves(t *testing.T) {
	dir, srv := newTestStudio(t)
	ed := newClient(t, srv.URL)
	ed.login(editorName, editorPassword)
	ed.get("/answers/latch")
	resp, body := ed.postForm("/answers/latch/submit", url.Values{})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, body)
	c := newClient(t, srv.URL)
	c.login(clinicianName, clinicianPassword)
	_, body = c.get("/answers/latch/review")
	require.Contains(t, body, `id="approve-form"`)
	assert.Contains(t, body, "never been approved")
	assert.Contains(t, body, "Midwife, NMC 12A3456B", "the approver's title and registration come from the enrolment")

	resp, body = c.postForm("/answers/latch/approve", url.Values{"hash": {hashOf(t, dir, "latch")}, "note": {"checked against nhs.uk"}, "months": {"12"}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, body)

	a, probs, err := content.LoadAudit(os.DirFS(filepath.Join(dir, "content")))
	require.NoError(t, err)
	require.Empty(t, probs)
	last, ok := a.Last("latch")
	require.True(t, ok)
	assert.Equal(t, content.ActionApprove, last.Action)
	assert.Equal(t, clinicianName, last.By)
	assert.Equal(t, "Midwife", last.Role)
	assert.Equal(t, "NMC 12A3456B", last.Registration)
	tp, err := decodeTopic("latch.yaml", []byte(read(t, filepath.Join(dir, "content", "latch.yaml"))), testSigns())
	require.NoError(t, err)
	assert.Equal(t, content.Approved, tp.Status)
	require.NotNil(t, tp.Approval)
	assert.Equal(t, clinicianName, tp.Approval.By)

	t.Run("a stale review is not approved", func(t *testing.T) {
		before := snapshot(t, dir, "positions")
		c.get("/answers/positions/review")
		resp, body := c.postForm("/answers/positions/approve", url.Values{"hash": {strings.Repeat("0", 64)}, "months": {"12"}})
		assert.Equal(t, http.StatusConflict, resp.StatusCode)
		assert.Contains(t, body, "changed while you were reviewing")
		assert.Equal(t, before, snapshot(t, dir, "positions"))
	})
	t.Run("a draft is not approved: it goes for review first", func(t *testing.T) {
		before := snapshot(t, dir, "positions")
		resp, body := c.postForm("/answers/positions/approve", url.Values{"hash": {hashOf(t, dir, "positions")}, "months": {"12"}})
		assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
		assert.Contains(t, body, `class="nhsuk-error-summary"`)
		assert.Contains(t, body, "send it for review first")
		assert.Contains(t, body, `<title>Error: `)
		assert.Equal(t, before, snapshot(t, dir, "positions"))
	})
	t.Run("the clinician who sent it for review does not approve it", func(t *testing.T) {
		c.get("/answers/positions")
		resp, body := c.postForm("/answers/positions/submit", url.Values{})
		require.Equal(t, http.StatusSeeOther, resp.StatusCode, body)
		before := snapshot(t, dir, "positions")
		resp, body = c.postForm("/answers/positions/approve", url.Values{"hash": {hashOf(t, dir, "positions")}, "months": {"12"}})
		assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
		assert.Contains(t, body, "a second person must approve positions")
		assert.Equal(t, before, snapshot(t, dir, "positions"))
	})
}

func TestSaveValidatesAndAudits(t *testing.T) {
	dir, srv := newTestStudio(t)
	c := newClient(t, srv.URL)
	c.login(editorName, editorPassword)
	name := filepath.Join(dir, "content", "nappies.yaml")

	_, body := c.get("/answers/nappies/edit")
	form := formOfPage(body)
	require.NotEmpty(t, form.Get("answer"))
	require.NotEmpty(t, form.Get("variants-0-answer"))

	t.Run("an empty answer is refused with an error summary", func(t *testing.T) {
		before := snapshot(t, dir, "nappies")
		f := formOfPage(body)
		f.Set("answer", "   ")
		resp, page := c.postForm("/answers/nappies/edit", f)
		assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
		assert.Contains(t, page, `<div class="nhsuk-error-summary" data-module="nhsuk-error-summary">`)
		assert.Contains(t, page, `<a href="#answer">Enter the short answer</a>`)
		assert.Contains(t, page, `id="answer-error"`)
		assert.Contains(t, page, `nhsuk-textarea--error" id="answer"`)
		assert.Equal(t, before, snapshot(t, dir, "nappies"))
	})
	t.Run("a number spoken but not on the card is refused", func(t *testing.T) {
		before := snapshot(t, dir, "nappies")
		f := formOfPage(body)
		f.Set("more-1", f.Get("more-1")+" Or call 0300 123 4567.")
		resp, page := c.postForm("/answers/nappies/edit", f)
		assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
		assert.Contains(t, page, `<a href="#card">Add 0300 123 4567 to the card: every number spoken must be written on the card</a>`)
		assert.Equal(t, before, snapshot(t, dir, "nappies"))
	})
	t.Run("a related topic that does not exist is refused", func(t *testing.T) {
		f := formOfPage(body)
		f.Set("related", f.Get("related")+", no-such-topic")
		resp, page := c.postForm("/answers/nappies/edit", f)
		assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
		assert.Contains(t, page, `<a href="#related">Remove no-such-topic from related topics, or enter the id of an answer that exists</a>`)
	})
	t.Run("overlapping ages are refused next to the variant", func(t *testing.T) {
		f := formOfPage(body)
		f.Set("variants-1-age", "0 to 3 days")
		resp, page := c.postForm("/answers/nappies/edit", f)
		assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
		assert.Contains(t, page, `<a href="#variants-1-age">`)
	})
	t.Run("a valid change is written, keeps the other fields and is audited", func(t *testing.T) {
		old := read(t, name)
		f := formOfPage(body)
		f.Set("answer", f.Get("answer")+" Ask your midwife if unsure.")
		resp, page := c.postForm("/answers/nappies/edit", f)
		require.Equal(t, http.StatusSeeOther, resp.StatusCode, page)
		now := read(t, name)
		assert.Contains(t, now, "Ask your midwife if unsure.")
		i := strings.Index(old, "more:")
		assert.Equal(t, old[i:], now[strings.Index(now, "more:"):], "everything after the answer is unchanged, byte for byte")
		a, probs, err := content.LoadAudit(os.DirFS(filepath.Join(dir, "content")))
		require.NoError(t, err)
		require.Empty(t, probs)
		last, ok := a.Last("nappies")
		require.True(t, ok)
		assert.Equal(t, content.ActionEdit, last.Action)
		assert.Equal(t, editorName, last.By)
		assert.Equal(t, "edited in the studio: answer", last.Note)
		assert.Equal(t, hashOf(t, dir, "nappies"), last.ContentHash)
	})
	t.Run("a form opened before someone else saved is refused", func(t *testing.T) {
		before := snapshot(t, dir, "nappies")
		f := formOfPage(body) // base is the file before the save above
		f.Set("answer", "Someone else's version.")
		resp, page := c.postForm("/answers/nappies/edit", f)
		assert.Equal(t, http.StatusConflict, resp.StatusCode)
		assert.Contains(t, page, "Someone else saved this answer")
		assert.Equal(t, before, snapshot(t, dir, "nappies"))
	})
}

func TestSecurityHeadersAndCookie(t *testing.T) {
	_, srv := newTestStudio(t)
	resp, err := http.Get(srv.URL + "/login")
	require.NoError(t, err)
	resp.Body.Close()
	h := resp.Header
	assert.Contains(t, h.Get("Content-Security-Policy"), "script-src 'self';")
	assert.Contains(t, h.Get("Content-Security-Policy"), "frame-ancestors 'none'")
	assert.NotContains(t, h.Get("Content-Security-Policy"), "unsafe-inline")
	assert.Equal(t, "nosniff", h.Get("X-Content-Type-Options"))
	assert.Equal(t, "DENY", h.Get("X-Frame-Options"))
	assert.Equal(t, "no-store", h.Get("Cache-Control"))
	require.Len(t, resp.Cookies(), 1)
	ck := resp.Cookies()[0]
	assert.True(t, ck.HttpOnly)
	assert.Equal(t, http.SameSiteStrictMode, ck.SameSite)
	assert.False(t, ck.Secure, "plain HTTP on loopback")
	assert.GreaterOrEqual(t, len(ck.Value), 43, "32 random bytes")

	t.Run("over TLS the cookie is Secure and __Host-", func(t *testing.T) {
		dir := copyRepo(t)
		users := filepath.Join(dir, "studio-users.yaml")
		_, _, err := AddUser(users, editor, editorPassword, bcrypt.MinCost)
		require.NoError(t, err)
		s, err := New(Config{Dir: dir, UsersFile: users, Logger: discardLogger()})
		require.NoError(t, err)
		ts := httptest.NewTLSServer(s)
		defer ts.Close()
		resp, err := ts.Client().Get(ts.URL + "/login")
		require.NoError(t, err)
		resp.Body.Close()
		require.Len(t, resp.Cookies(), 1)
		assert.True(t, resp.Cookies()[0].Secure)
		assert.Equal(t, "__Host-studio", resp.Cookies()[0].Name)
		assert.NotEmpty(t, resp.Header.Get("Strict-Transport-Security"))
	})
	t.Run("cross-site form posts are refused", func(t *testing.T) {
		c := newClient(t, srv.URL)
		c.login(clinicianName, clinicianPassword)
		c.get("/")
		req, _ := http.NewRequest("POST", srv.URL+"/logout", strings.NewReader(url.Values{"csrf": {c.csrf}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		resp, err := c.hc.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	})
}

func TestSignIn(t *testing.T) {
	dir, srv := newTestStudio(t)
	t.Run("a new session id at sign-in", func(t *testing.T) {
		c := newClient(t, srv.URL)
		c.get("/login")
		u, _ := url.Parse(srv.URL)
		before := c.hc.Jar.Cookies(u)[0].Value
		c.login(editorName, editorPassword)
		after := c.hc.Jar.Cookies(u)[0].Value
		assert.NotEqual(t, before, after)
	})
	t.Run("wrong password", func(t *testing.T) {
		c := newClient(t, srv.URL)
		c.get("/login")
		resp, body := c.postForm("/login", url.Values{"name": {editorName}, "password": {"wrong"}, "next": {"/"}})
		assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
		assert.Contains(t, body, `<a href="#name">Enter a correct name and password</a>`)
	})
	t.Run("throttled after repeated failures", func(t *testing.T) {
		c := newClient(t, srv.URL)
		c.get("/login")
		for range FreeFailures {
			c.postForm("/login", url.Values{"name": {clinicianName}, "password": {"wrong"}})
		}
		resp, body := c.postForm("/login", url.Values{"name": {clinicianName}, "password": {clinicianPassword}})
		assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
		assert.Contains(t, body, "Too many failed sign-ins")
	})
	t.Run("an open redirect after sign-in goes home instead", func(t *testing.T) {
		c := newClient(t, srv.URL)
		c.get("/login")
		resp, _ := c.postForm("/login", url.Values{"name": {editorName}, "password": {editorPassword}, "next": {"//evil.example/"}})
		assert.Equal(t, "/", resp.Header.Get("Location"))
	})
	t.Run("a removed user is signed out at once", func(t *testing.T) {
		c := newClient(t, srv.URL)
		c.login(editorName, editorPassword)
		code, _ := c.get("/")
		require.Equal(t, http.StatusOK, code)
		users := filepath.Join(dir, "studio-users.yaml")
		us, err := LoadUsers(users)
		require.NoError(t, err)
		var keep []User
		for _, u := range us.Users {
			if u.Name != editorName {
				keep = append(keep, u)
			}
		}
		require.NoError(t, os.Remove(users))
		for _, u := range keep {
			_, _, err := AddUser(users, Account{Name: u.Name, Role: u.Role, Title: u.Title, Registration: u.Registration}, clinicianPassword, bcrypt.MinCost)
			require.NoError(t, err)
		}
		code, _ = c.get("/")
		assert.Equal(t, http.StatusSeeOther, code)
	})
	t.Run("pages need a signed-in user", func(t *testing.T) {
		c := newClient(t, srv.URL)
		for _, p := range []string{"/", "/answers/latch", "/answers/latch/edit", "/answers/latch/review", "/try?q=latch"} {
			code, _ := c.get(p)
			assert.Equal(t, http.StatusSeeOther, code, p)
		}
	})
}
