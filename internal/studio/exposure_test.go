package studio

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"
)

// TestServeBeyondLoopback: the studio listens beyond this machine only when
// told to (Public), never with the demo accounts, and with real accounts only
// over HTTPS, its own (CertFile, KeyFile) or a reverse proxy's (BehindProxy).
// Refusals come before anything listens; nothing here binds beyond 127.0.0.1.
func TestServeBeyondLoopback(t *testing.T) {
	dir := copyRepo(t)
	users := filepath.Join(dir, "studio-users.yaml")
	_, _, err := AddUser(users, editor, editorPassword, bcrypt.MinCost)
	require.NoError(t, err)
	demoUsers := filepath.Join(dir, "demo-users.yaml")
	_, _, err = AddUser(demoUsers, Account{Name: "Demo Editor", Role: RoleEditor, Title: "Content editor"}, DemoPassword, bcrypt.MinCost)
	require.NoError(t, err)

	tests := []struct {
		name        string
		users       string
		behindProxy bool
		cfg         ServeConfig
		want        string // part of the refusal; "" when it may serve
	}{
		{"loopback", users, false, ServeConfig{Addr: "127.0.0.1:0"}, ""},
		{"loopback with demo accounts", demoUsers, false, ServeConfig{Addr: "127.0.0.1:0"}, ""},
		{"all addresses without --public", users, false, ServeConfig{Addr: "0.0.0.0:8090"}, "--public"},
		{"empty host without --public", users, false, ServeConfig{Addr: ":8090"}, "--public"},
		{"public over plain HTTP", users, false, ServeConfig{Addr: "0.0.0.0:8090", Public: true}, "--tls-cert"},
		{"public with demo accounts", demoUsers, false, ServeConfig{Addr: "0.0.0.0:8090", Public: true, CertFile: "c.pem", KeyFile: "k.pem"}, "demo accounts"},
		{"public over TLS", users, false, ServeConfig{Addr: "0.0.0.0:8090", Public: true, CertFile: "c.pem", KeyFile: "k.pem"}, ""},
		{"public behind a proxy", users, true, ServeConfig{Addr: "0.0.0.0:8090", Public: true}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := New(Config{Dir: dir, UsersFile: tc.users, BehindProxy: tc.behindProxy, Logger: discardLogger()})
			require.NoError(t, err)
			err = s.checkServe(tc.cfg)
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			// Serve refuses the same way, before listening.
			err = Serve(context.Background(), tc.cfg, s, func(string) { t.Fatal("it must not listen") })
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestBehindProxy: behind a TLS-terminating reverse proxy the session cookie
// is Secure with the __Host- prefix and HSTS is sent, as over the studio's
// own TLS; the client address is the one the proxy appended to
// X-Forwarded-For.
func TestBehindProxy(t *testing.T) {
	dir := copyRepo(t)
	users := filepath.Join(dir, "studio-users.yaml")
	_, _, err := AddUser(users, editor, editorPassword, bcrypt.MinCost)
	require.NoError(t, err)
	s, err := New(Config{Dir: dir, UsersFile: users, BehindProxy: true, Logger: discardLogger()})
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/login", nil))
	resp := rec.Result()
	require.Len(t, resp.Cookies(), 1)
	assert.True(t, resp.Cookies()[0].Secure)
	assert.Equal(t, "__Host-studio", resp.Cookies()[0].Name)
	assert.NotEmpty(t, resp.Header.Get("Strict-Transport-Security"))

	tests := []struct {
		name, remote string
		xff          []string
		want         string
	}{
		{"the address the proxy appended", "127.0.0.1:5555", []string{"203.0.113.9, 198.51.100.7"}, "198.51.100.7"},
		{"the last of several headers", "127.0.0.1:5555", []string{"203.0.113.9", "198.51.100.8"}, "198.51.100.8"},
		{"no header: the proxy's address", "127.0.0.1:5555", nil, "127.0.0.1"},
		{"not an address: the proxy's address", "127.0.0.1:5555", []string{"FORGED"}, "127.0.0.1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/login", nil)
			r.RemoteAddr = tc.remote
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			assert.Equal(t, tc.want, s.clientIP(r))
		})
	}
	t.Run("without BehindProxy the header is ignored", func(t *testing.T) {
		s2, err := New(Config{Dir: dir, UsersFile: users, Logger: discardLogger()})
		require.NoError(t, err)
		r := httptest.NewRequest(http.MethodGet, "/login", nil)
		r.RemoteAddr = "192.0.2.1:5555"
		r.Header.Set("X-Forwarded-For", "198.51.100.7")
		assert.Equal(t, "192.0.2.1", s2.clientIP(r))
	})
}

// TestLogsNameRoutesNotPaths: a refused form is logged with the route it was
// posted to, never the path as the request wrote it.
func TestLogsNameRoutesNotPaths(t *testing.T) {
	var logs strings.Builder
	var mu sync.Mutex
	_, srv, _ := newTestStudioWith(t, func(c *Config) {
		c.Logger = slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
			mu.Lock()
			defer mu.Unlock()
			return logs.Write(p)
		}), nil))
	})
	c := newClient(t, srv.URL)
	c.get("/login")
	for _, path := range []string{"/answers/FORGED-id/edit", "/FORGED/text/for/the/log"} {
		resp, _ := c.post(path, url.Values{"csrf": {"FORGED-token"}})
		assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	}
	mu.Lock()
	defer mu.Unlock()
	assert.NotContains(t, logs.String(), "FORGED")
	assert.Contains(t, logs.String(), `route="POST /answers/{id}/edit"`)
	assert.Contains(t, logs.String(), "route=other")
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
