package httpedge

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLimitBody(t *testing.T) {
	read := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			http.Error(w, "too much", http.StatusRequestEntityTooLarge)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	h := LimitBody(10)(read)
	tests := []struct {
		name    string
		body    string
		chunked bool
		want    int
	}{
		{"within the limit", "0123456789", false, http.StatusNoContent},
		{"declared too large", "0123456789a", false, http.StatusRequestEntityTooLarge},
		{"too large without a length", "0123456789abc", true, http.StatusRequestEntityTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tc.body))
			if tc.chunked {
				req.ContentLength = -1
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			assert.Equal(t, tc.want, rec.Code)
		})
	}
}

func TestRecover(t *testing.T) {
	var reported any
	var route string
	mux := http.NewServeMux()
	mux.HandleFunc("POST /boom/{id}", func(http.ResponseWriter, *http.Request) { panic("kaput") })
	h := Chain(mux, Recover(func(r *http.Request, p any) { route, reported = r.Pattern, p }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/boom/secret-words", nil))
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.Equal(t, "internal error\n", rec.Body.String())
	assert.Equal(t, "kaput", reported)
	assert.Equal(t, "POST /boom/{id}", route, "the route's pattern, never the path asked for")

	abort := Recover(nil)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }))
	require.PanicsWithValue(t, http.ErrAbortHandler, func() {
		abort.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	})
}

func TestChainOrder(t *testing.T) {
	var order []string
	mw := func(name string) Middleware {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				order = append(order, name)
				next.ServeHTTP(w, r)
			})
		}
	}
	Chain(http.NotFoundHandler(), mw("outer"), mw("inner")).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	assert.Equal(t, []string{"outer", "inner"}, order)
}
