package studio

import (
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"
)

// clock is a test clock that moves only when told to.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 24, 2, 13, 0, 0, time.UTC)} }

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// proxiedStudio is a test studio behind a (pretend) proxy, so each client
// can come from its own address, on a clock that stands still.
func proxiedStudio(t *testing.T) (string, *clock, *Server) {
	clk := newClock()
	_, srv, s := newTestStudioWith(t, func(c *Config) { c.BehindProxy, c.Now = true, clk.now })
	return srv.URL, clk, s
}

func clientAt(t *testing.T, base, addr string) *client {
	c := newClient(t, base)
	c.addr = addr
	c.get("/login")
	return c
}

func tryName(c *client, name, password string) (int, string) {
	resp, body := c.postForm("/login", url.Values{"name": {name}, "password": {password}})
	return resp.StatusCode, body
}

func TestFoldName(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"Sister Jones", "sister jones", true},
		{"Sister Jones", "SISTER JONES", true},
		{"Sister Jones", "ſister Joneſ", true}, // long s folds to s
		{"Kate", "\u212Aate", true},            // Kelvin sign folds to k
		{"Dr Bea Lead", "dr bea lead", true},
		{"Sister Jones", "Sister Jone", false},
		{"Straße", "STRASSE", false}, // EqualFold does simple folding only
	}
	for _, tc := range tests {
		t.Run(tc.a+" "+tc.b, func(t *testing.T) {
			assert.Equal(t, tc.same, strings.EqualFold(tc.a, tc.b), "the table agrees with EqualFold")
			assert.Equal(t, tc.same, foldName(tc.a) == foldName(tc.b), "foldName(%q) = %q, foldName(%q) = %q", tc.a, foldName(tc.a), tc.b, foldName(tc.b))
		})
	}
}

// TestThrottleCountsBeforeTheCheck posts 60 wrong passwords for one name at
// once: no more than FreeFailures of them reach the password check; the rest
// are refused (429, or 503 when the checks are busy).
// sisterJones is a clinician account for the sign-in tests.
var sisterJones = Account{Name: "Sister Jones", Role: RoleClinician, Title: "Midwife", Registration: "NMC 12A3456B"}

func TestThrottleCountsBeforeTheCheck(t *testing.T) {
	base, _, s := proxiedStudio(t)
	// A slower hash widens the window between the check and the count.
	users := filepath.Join(filepath.Dir(s.cfg.UsersFile), "studio-users.yaml")
	_, _, err := AddUser(users, sisterJones, clinicianPassword, 8)
	require.NoError(t, err)
	c := clientAt(t, base, "198.51.100.1")
	form := url.Values{"name": {"Sister Jones"}, "password": {"wrong password"}, "csrf": {c.csrf}}.Encode()
	codes := make(chan int, 60)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			req, _ := http.NewRequest(http.MethodPost, base+"/login", strings.NewReader(form))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", c.addr)
			resp, err := c.hc.Do(req)
			if err != nil {
				codes <- 0
				return
			}
			resp.Body.Close()
			codes <- resp.StatusCode
		}()
	}
	close(start)
	wg.Wait()
	close(codes)
	count := map[int]int{}
	for code := range codes {
		count[code]++
	}
	assert.LessOrEqual(t, count[http.StatusUnprocessableEntity], FreeFailures, "password checks: %v", count)
	assert.Equal(t, 60, count[http.StatusUnprocessableEntity]+count[http.StatusTooManyRequests]+count[http.StatusServiceUnavailable], "%v", count)
}

// TestThrottleFoldsNamesAsTheMatchDoes: a name locked out cannot be tried
// again written another way that signs in to the same account.
func TestThrottleFoldsNamesAsTheMatchDoes(t *testing.T) {
	base, _, s := proxiedStudio(t)
	_, _, err := AddUser(s.cfg.UsersFile, sisterJones, clinicianPassword, bcrypt.MinCost)
	require.NoError(t, err)
	c := clientAt(t, base, "198.51.100.1")
	for range FreeFailures {
		code, _ := tryName(c, "Sister Jones", "wrong password")
		require.Equal(t, http.StatusUnprocessableEntity, code)
	}
	for _, name := range []string{"Sister Jones", "sister jones", "SISTER JONES", "ſister Joneſ", "  ſister joneſ "} {
		t.Run(name, func(t *testing.T) {
			code, body := tryName(c, name, clinicianPassword)
			assert.Equal(t, http.StatusTooManyRequests, code)
			assert.Contains(t, body, "Too many failed sign-ins")
		})
	}
}

// TestLockoutIsPerNameAndAddress: failures from one address do not lock the
// name out at another; the wait grows with each failure (1 s, 2 s, 4 s...)
// rather than a flat lock; a right password forgets the failures.
func TestLockoutIsPerNameAndAddress(t *testing.T) {
	base, clk, _ := proxiedStudio(t)
	attacker := clientAt(t, base, "203.0.113.66")
	for range FreeFailures {
		code, _ := tryName(attacker, clinicianName, "guess")
		require.Equal(t, http.StatusUnprocessableEntity, code)
	}
	resp, body := attacker.postForm("/login", url.Values{"name": {clinicianName}, "password": {"guess"}})
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "the attacker waits")
	assert.Equal(t, "1", resp.Header.Get("Retry-After"))
	assert.Contains(t, body, "Wait 1 second, then try again")

	t.Run("the clinician at her own address is not locked out", func(t *testing.T) {
		clin := clientAt(t, base, "198.51.100.20")
		code, body := tryName(clin, clinicianName, clinicianPassword)
		assert.Equal(t, http.StatusSeeOther, code, body)
	})
	t.Run("the wait doubles with each failure", func(t *testing.T) {
		for i, wait := range []time.Duration{BaseDelay, 2 * BaseDelay, 4 * BaseDelay, 8 * BaseDelay} {
			clk.add(wait - time.Millisecond)
			code, _ := tryName(attacker, clinicianName, "guess")
			require.Equal(t, http.StatusTooManyRequests, code, "failure %d: still waiting just before %s", FreeFailures+i, wait)
			clk.add(time.Millisecond)
			code, _ = tryName(attacker, clinicianName, "guess")
			require.Equal(t, http.StatusUnprocessableEntity, code, "failure %d: checked again after %s", FreeFailures+i+1, wait)
		}
	})
	t.Run("the right password after the wait signs in and forgets the failures", func(t *testing.T) {
		clk.add(16 * BaseDelay)
		code, _ := tryName(attacker, clinicianName, clinicianPassword)
		require.Equal(t, http.StatusSeeOther, code)
		again := clientAt(t, base, "203.0.113.66")
		for range FreeFailures {
			code, _ := tryName(again, clinicianName, "typo")
			assert.Equal(t, http.StatusUnprocessableEntity, code)
		}
	})
	t.Run("the wait is at most MaxDelay", func(t *testing.T) {
		th := newThrottle(clk.now)
		for i := range 40 {
			if i > 0 {
				clk.add(MaxDelay)
			}
			_, wait := th.begin("Someone", "192.0.2.9")
			require.Zero(t, wait, "failure %d", i+1)
		}
		_, wait := th.begin("Someone", "192.0.2.9")
		assert.Equal(t, MaxDelay, wait)
	})
}

// TestAddressLimitSparesKnownUsers: many failures from one address (an
// office behind one NAT, where someone tries many names) slow down new names
// from that address, but not a person who has signed in from there before.
func TestAddressLimitSparesKnownUsers(t *testing.T) {
	base, _, _ := proxiedStudio(t)
	const office = "198.51.100.50"
	ed := clientAt(t, base, office)
	code, _ := tryName(ed, editorName, editorPassword)
	require.Equal(t, http.StatusSeeOther, code)

	sprayer := clientAt(t, base, office)
	for i := range FreeFailuresPerAddress {
		code, _ := tryName(sprayer, "Nobody "+string(rune('A'+i)), "guess")
		require.Equal(t, http.StatusUnprocessableEntity, code)
	}
	code, _ = tryName(sprayer, "Nobody Else", "guess")
	assert.Equal(t, http.StatusTooManyRequests, code, "a new name from the address waits")

	ed2 := clientAt(t, base, office)
	code, body := tryName(ed2, editorName, editorPassword)
	assert.Equal(t, http.StatusSeeOther, code, "the editor who signed in from the office before is spared: %s", body)

	elsewhere := clientAt(t, base, "192.0.2.77")
	code, _ = tryName(elsewhere, clinicianName, clinicianPassword)
	assert.Equal(t, http.StatusSeeOther, code, "other addresses are not affected")
}

// TestPasswordChecksAreBounded: sign-ins posted at once beyond what the
// password gate admits are refused at once with 503 and Retry-After, not
// queued; nothing is counted against them.
func TestPasswordChecksAreBounded(t *testing.T) {
	base, _, _ := proxiedStudio(t)
	const n = 24
	codes := make(chan *http.Response, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	clients := make([]*client, n)
	for i := range clients {
		clients[i] = clientAt(t, base, "192.0.2."+string(rune('1'+i%9))+string(rune('0'+i/9)))
	}
	for i := range n {
		wg.Add(1)
		go func(c *client) {
			defer wg.Done()
			<-start
			// Unknown names are checked against a DefaultCost hash.
			form := url.Values{"name": {"No Such Person " + c.addr}, "password": {"guess"}, "csrf": {c.csrf}}.Encode()
			req, _ := http.NewRequest(http.MethodPost, base+"/login", strings.NewReader(form))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", c.addr)
			resp, err := c.hc.Do(req)
			if err != nil {
				codes <- nil
				return
			}
			resp.Body.Close()
			codes <- resp
		}(clients[i])
	}
	close(start)
	wg.Wait()
	close(codes)
	busy := 0
	for resp := range codes {
		require.NotNil(t, resp)
		switch resp.StatusCode {
		case http.StatusServiceUnavailable:
			busy++
			assert.NotEmpty(t, resp.Header.Get("Retry-After"))
		case http.StatusUnprocessableEntity:
		default:
			t.Errorf("status %d", resp.StatusCode)
		}
	}
	assert.Positive(t, busy, "some of %d simultaneous checks are refused", n)
}

// TestThrottleTakesBack: an attempt whose password was never checked
// (cancel) counts for nothing; a right password forgets the pair's failures
// and no longer counts against the address.
func TestThrottleTakesBack(t *testing.T) {
	clk := newClock()
	th := newThrottle(clk.now)
	for range 10 {
		a, wait := th.begin("Ann", "192.0.2.1")
		require.Zero(t, wait)
		th.cancel(a)
	}
	for range FreeFailures {
		_, wait := th.begin("Ann", "192.0.2.1")
		require.Zero(t, wait)
	}
	_, wait := th.begin("ANN", "192.0.2.1")
	assert.Equal(t, BaseDelay, wait, "the same name folded waits")
	_, wait = th.begin("Ann", "192.0.2.2")
	assert.Zero(t, wait, "the same name from elsewhere does not")
	clk.add(BaseDelay)
	a, wait := th.begin("Ann", "192.0.2.1")
	require.Zero(t, wait)
	th.succeeded(a)
	for range FreeFailures {
		_, wait := th.begin("Ann", "192.0.2.1")
		assert.Zero(t, wait, "failures forgotten after a success")
	}
}

func TestWaitWords(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{time.Second, "1 second"},
		{1500 * time.Millisecond, "2 seconds"},
		{64 * time.Second, "64 seconds"},
		{128 * time.Second, "3 minutes"},
		{MaxDelay, "15 minutes"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, waitWords(tc.d), "waitWords(%s)", tc.d)
	}
}
