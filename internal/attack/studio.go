package attack

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/feedingfriend/skill/intents"
	"github.com/feedingfriend/skill/internal/content/contenttest"
	"github.com/feedingfriend/skill/internal/lazyre"
	"github.com/feedingfriend/skill/internal/studio"
	"golang.org/x/crypto/bcrypt"
)

// Studio is the group of requests tried against the content studio.
const Studio = "studio: requests to the content studio are refused, and change nothing"

// The studio's test accounts, enrolled by Dr Bea Lead of the fixture.
const (
	studioEditor    = "Sue Editor"
	studioClinician = "Dr Dee Clinician"
	studioPassword  = "attack-studio-password"
)

var (
	csrfField = lazyre.New(`name="csrf" value="([^"]+)"`)
	hashField = lazyre.New(`name="hash" value="([^"]+)"`)
)

// browser is a studio client: a cookie jar, no redirects followed, and the
// last CSRF token seen.
type browser struct {
	base string
	hc   *http.Client
	csrf string
	last string
}

func newBrowser(base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{base: base, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) get(path string) (*http.Response, []byte, error) {
	resp, err := b.hc.Get(b.base + path)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if m := csrfField().FindSubmatch(body); m != nil {
		b.csrf = string(m[1])
	}
	b.last = string(body)
	return resp, body, err
}

// post sends form as it is, with headers h.
func (b *browser) post(path string, form url.Values, h map[string]string) (*http.Response, []byte, error) {
	req, err := http.NewRequest(http.MethodPost, b.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range h {
		req.Header.Set(k, v)
	}
	resp, err := b.hc.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

// login signs in as name with password, next as given.
func (b *browser) login(name, password, next string) (*http.Response, []byte, error) {
	if _, _, err := b.get("/login"); err != nil {
		return nil, nil, err
	}
	return b.post("/login", url.Values{"csrf": {b.csrf}, "name": {name}, "password": {password}, "next": {next}}, nil)
}

// studioRepo lays out a repository for the studio in dir: the content
// directory (a copy of the fixture) and the interaction model, with an editor
// and a clinician account enrolled by the fixture's lead clinician.
func (r *runner) studioRepo(dir string) (users string, err error) {
	if err := copyTree(r.fixture, filepath.Join(dir, "content")); err != nil {
		return "", err
	}
	if err := os.CopyFS(filepath.Join(dir, "intents"), intents.FS); err != nil {
		return "", err
	}
	users = filepath.Join(dir, "studio-users.yaml")
	repo := r.repo(filepath.Join(dir, "content"))
	for _, a := range []studio.Account{
		{Name: studioEditor, Role: studio.RoleEditor, Title: "Content editor"},
		{Name: studioClinician, Role: studio.RoleClinician, Title: "Midwife", Registration: "NMC 99A9999Z"},
	} {
		_, pub, err := studio.AddUser(users, a, studioPassword, bcrypt.MinCost)
		if err != nil {
			return "", err
		}
		if _, err := repo.Enrol(a.Person(pub), contenttest.Bea.As("enrolled for the studio")); err != nil {
			return "", err
		}
	}
	return users, nil
}

// studioCases serves the studio over a repository in dir on 127.0.0.1 and
// tries each case; content/ must be as it was after each refused request.
func (r *runner) studioCases(dir string) ([]Result, error) {
	users, err := r.studioRepo(dir)
	if err != nil {
		return nil, err
	}
	s, err := studio.New(studio.Config{Dir: dir, UsersFile: users, Now: func() time.Time { return r.now }, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, err
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	cdir := filepath.Join(dir, "content")
	var out []Result
	add := func(name string, ps []probe) error {
		res, err := trial(Studio, name, cdir, ps)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, res)
		return nil
	}

	// The clinician and the editor sign in first, as staff do every day.
	ed, eb := newBrowser(srv.URL), newBrowser(srv.URL)
	for _, b := range []struct {
		b    *browser
		name string
	}{{ed, studioClinician}, {eb, studioEditor}} {
		if resp, body, err := b.b.login(b.name, studioPassword, "/"); err != nil || resp.StatusCode != http.StatusSeeOther {
			return nil, fmt.Errorf("studio: %s cannot sign in: %v %s", b.name, err, firstLine(string(body)))
		}
	}

	// 60 wrong passwords at once: each refused, and at most FreeFailures
	// of them get a password check (the rest wait: 429, or 503 when busy).
	var (
		mu      sync.Mutex
		results = make([]probe, 0, 60)
	)
	type answer struct {
		resp *http.Response
		body []byte
		err  error
	}
	answers := make([]answer, 60)
	var wg sync.WaitGroup
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := newBrowser(srv.URL)
			resp, body, err := b.login(studioEditor, fmt.Sprintf("wrong-password-%02d", i), "/")
			answers[i] = answer{resp, body, err}
		}()
	}
	before, err := tree(cdir)
	if err != nil {
		return nil, err
	}
	wg.Wait()
	checked := 0
	for i, a := range answers {
		mu.Lock()
		if a.err == nil && a.resp.StatusCode == http.StatusUnprocessableEntity {
			checked++
		}
		over := checked > studio.FreeFailures && a.resp != nil && a.resp.StatusCode == http.StatusUnprocessableEntity
		mu.Unlock()
		results = append(results, probe{name: fmt.Sprintf("attempt %d", i+1),
			ok: func(code int, body []byte) bool { return !over && refusal(code, body) },
			do: func() (*http.Response, []byte, error) { return a.resp, a.body, a.err }})
	}
	after, err := tree(cdir)
	if err != nil {
		return nil, err
	}
	if !equalTrees(before, after) {
		return nil, fmt.Errorf("wrong passwords changed content: %v", changed(before, after))
	}
	if err := add(fmt.Sprintf("60 wrong passwords for one name at once (at most %d checked, the rest told to wait)", studio.FreeFailures), results); err != nil {
		return nil, err
	}
	// Which attempt is refused first varies run to run: the example is the
	// first told to wait, so the table repeats.
	out[len(out)-1].Example = ""
	for _, a := range answers {
		if a.err == nil && a.resp.StatusCode == http.StatusTooManyRequests {
			out[len(out)-1].Example = fmt.Sprintf("%d %s", a.resp.StatusCode, said(a.body))
			break
		}
	}

	// After that lockout, the right password under other spellings of the
	// name (a long s, upper case, spaces) is still held back.
	locked := func(name, spelling string) probe {
		return probe{name: name, ok: func(code int, _ []byte) bool { return code == http.StatusTooManyRequests },
			do: func() (*http.Response, []byte, error) {
				return newBrowser(srv.URL).login(spelling, studioPassword, "/")
			}}
	}
	if err := add("the right password after the lockout, the name spelt otherwise (long s, upper case, spaces, the name itself)", []probe{
		locked("long s", "ſue Editor"), locked("upper case", "SUE EDITOR"), locked("spaces", "  Sue Editor "), locked("itself", studioEditor)}); err != nil {
		return nil, err
	}

	// next= after a good sign-in never leaves the site.
	redirect := func(next string) probe {
		return probe{name: next, ok: func(code int, _ []byte) bool { return code == http.StatusSeeOther },
			do: func() (*http.Response, []byte, error) {
				resp, body, err := newBrowser(srv.URL).login(studioClinician, studioPassword, next)
				if err == nil && !onSite(srv.URL, resp.Header.Get("Location")) {
					resp.StatusCode = 999 // left the site: not refused
				}
				return resp, append([]byte("to "+resp.Header.Get("Location")+": "), body...), err
			}}
	}
	if err := add("sign-in with next= another site (//evil, /\\evil, /%09/evil, a tab, https://evil, javascript:): kept on the site", []probe{
		redirect("//evil.example/"), redirect(`/\evil.example/`), redirect("/%09/evil.example/"), redirect("/\t/evil.example/"),
		redirect("https://evil.example/"), redirect("javascript:alert(1)")}); err != nil {
		return nil, err
	}

	if _, _, err := ed.get("/answers/nappies/edit"); err != nil {
		return nil, err
	}
	save := func(name string, form url.Values, h map[string]string) probe {
		return probe{name: name, ok: refusal, do: func() (*http.Response, []byte, error) { return ed.post("/answers/nappies/edit", form, h) }}
	}
	edit := url.Values{"title": {"Nappies"}, "answer": {"Changed by an attacker."}}
	withCSRF := func(v url.Values, token string) url.Values {
		w := url.Values{}
		for k, x := range v {
			w[k] = x
		}
		w.Set("csrf", token)
		return w
	}
	if err := add("a save without the CSRF token, with another's, or from another site", []probe{
		save("none", edit, nil), save("another's", withCSRF(edit, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), nil),
		save("cross-site", withCSRF(edit, ed.csrf), map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"})}); err != nil {
		return nil, err
	}
	if err := add("a body over the 1 MiB limit (sign-in, save)", []probe{
		{name: "sign-in", ok: refusal, do: func() (*http.Response, []byte, error) {
			return newBrowser(srv.URL).post("/login", url.Values{"name": {strings.Repeat("s", studio.MaxBody)}}, nil)
		}},
		save("save", withCSRF(url.Values{"title": {"Nappies"}, "answer": {strings.Repeat("a", studio.MaxBody)}}, ed.csrf), nil)}); err != nil {
		return nil, err
	}
	stale := withCSRF(edit, ed.csrf)
	stale.Set("base", "0000000000000000000000000000000000000000000000000000000000000000")
	if err := add("a save over a version someone else has changed since", []probe{save("stale base", stale, nil)}); err != nil {
		return nil, err
	}

	// The clinician sends thrush for review, then tries to approve it:
	// the one who sent it may not approve it.
	if _, _, err := ed.get("/answers/thrush"); err != nil {
		return nil, err
	}
	if resp, body, err := ed.post("/answers/thrush/submit", url.Values{"csrf": {ed.csrf}}, nil); err != nil || resp.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("studio: submit thrush: %v %s", err, firstLine(string(body)))
	}
	if _, _, err := ed.get("/answers/thrush/review"); err != nil {
		return nil, err
	}
	hash := ""
	if m := hashField().FindStringSubmatch(ed.last); m != nil {
		hash = m[1]
	}
	if err := add("an approval by the one who sent the answer for review, and by an editor", []probe{
		{name: "submitter", ok: refusal, do: func() (*http.Response, []byte, error) {
			return ed.post("/answers/thrush/approve", url.Values{"csrf": {ed.csrf}, "hash": {hash}, "months": {"12"}}, nil)
		}},
		{name: "editor", ok: refusal, do: func() (*http.Response, []byte, error) {
			if _, _, err := eb.get("/answers/thrush/review"); err != nil {
				return nil, nil, err
			}
			return eb.post("/answers/thrush/approve", url.Values{"csrf": {eb.csrf}, "hash": {hash}, "months": {"12"}}, nil)
		}}}); err != nil {
		return nil, err
	}
	return out, nil
}

// onSite says a redirect to loc from base stays on base's site, as a browser
// reads it: a path with one leading "/", resolving to base's host.
func onSite(base, loc string) bool {
	if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, `/\`) || strings.ContainsAny(loc, "\t\r\n") {
		return false
	}
	b, err := url.Parse(base)
	if err != nil {
		return false
	}
	u, err := b.Parse(loc)
	return err == nil && u.Host == b.Host
}
