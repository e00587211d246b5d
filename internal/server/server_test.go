package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testConfig() Config {
	return Config{
		Routes: map[string]http.Handler{
			"POST /echo": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, err := io.ReadAll(r.Body)
				if err != nil {
					http.Error(w, "too large", http.StatusRequestEntityTooLarge)
					return
				}
				_, _ = w.Write(b)
			}),
			"POST /panic": http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("secret detail") }),
		},
		Health:  Health{ContentVersion: "abc", ApprovedOnly: true, Nation: "wales"},
		MaxBody: 16,
	}
}

func TestHandler(t *testing.T) {
	h := Handler(testConfig())
	tests := []struct {
		name, method, path, body string
		want                     int
		contains, notContains    string
	}{
		{"healthz", "GET", "/healthz", "", 200, `"content_version":"abc"`, ""},
		{"route", "POST", "/echo", "hello", 200, "hello", ""},
		{"body too large", "POST", "/echo", strings.Repeat("x", 100), 413, "", ""},
		{"panic is a plain 500", "POST", "/panic", "", 500, "internal error", "secret"},
		{"wrong method", "GET", "/echo", "", 405, "", ""},
		{"unknown path", "GET", "/nope", "", 404, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body)))
			assert.Equal(t, tc.want, rec.Code)
			if tc.contains != "" {
				assert.Contains(t, rec.Body.String(), tc.contains)
			}
			if tc.notContains != "" {
				assert.NotContains(t, rec.Body.String(), tc.notContains)
			}
		})
	}
}

func TestServeOnLoopbackAndShutDown(t *testing.T) {
	cfg := testConfig()
	cfg.Addr = "127.0.0.1:0"
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, cfg, func(a string) { addrc <- a }) }()
	addr := <-addrc
	assert.True(t, strings.HasPrefix(addr, "127.0.0.1:"))
	resp, err := http.Get("http://" + addr + "/healthz")
	require.NoError(t, err)
	var h Health
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&h))
	resp.Body.Close()
	assert.Equal(t, "ok", h.Status)
	assert.Equal(t, "wales", h.Nation)
	resp, err = http.Post("http://"+addr+"/echo", "text/plain", bytes.NewReader([]byte("hi")))
	require.NoError(t, err)
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(15 * time.Second):
		t.Fatal("server did not shut down")
	}
}

func TestDefaultAddrIsLoopback(t *testing.T) {
	assert.True(t, strings.HasPrefix(DefaultAddr, "127.0.0.1:"))
}

// TestPanicLogNamesTheRoute checks that a panic is logged with the route's
// pattern, never the path the request asked for (which is the request's text).
func TestPanicLogNamesTheRoute(t *testing.T) {
	var logs bytes.Buffer
	cfg := testConfig()
	cfg.Routes["POST /panic/{rest...}"] = cfg.Routes["POST /panic"]
	cfg.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	h := Handler(cfg)
	for _, path := range []string{"/panic", "/panic/FORGED-text-for-the-log"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", path, nil))
		assert.Equal(t, http.StatusInternalServerError, rec.Code)
	}
	assert.NotContains(t, logs.String(), "FORGED")
	assert.Contains(t, logs.String(), `"route":"POST /panic"`)
	assert.Contains(t, logs.String(), `"route":"POST /panic/{rest...}"`)
}

func TestLoopback(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"127.0.0.1:8080", true},
		{"127.9.9.9:8080", true},
		{"[::1]:8080", true},
		{"localhost:8080", true},
		{"0.0.0.0:8080", false},
		{":8080", false},
		{"[::]:8080", false},
		{"192.168.1.20:8080", false},
		{"example.org:8080", false},
		{"not an address", false},
	}
	for _, tc := range tests {
		t.Run(tc.addr, func(t *testing.T) {
			assert.Equal(t, tc.want, Loopback(tc.addr), "Loopback(%q)", tc.addr)
		})
	}
}

// TestServeRefusesBeyondLoopbackWithoutPublic: a non-loopback address is
// refused before anything listens unless Public says it is meant.
func TestServeRefusesBeyondLoopbackWithoutPublic(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0"} {
		t.Run(addr, func(t *testing.T) {
			cfg := testConfig()
			cfg.Addr = addr
			err := Serve(context.Background(), cfg, func(string) { t.Fatal("it must not listen") })
			require.Error(t, err)
			assert.Contains(t, err.Error(), "--public")
		})
	}
	assert.NoError(t, CheckAddr("0.0.0.0:8080", true), "with Public it may")
	assert.NoError(t, CheckAddr("127.0.0.1:8080", false))
}
