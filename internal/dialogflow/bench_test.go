package dialogflow

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/feedingfriend/skill/internal/skill"
)

// BenchmarkDialogflowES measures one webhook call end to end from a captured
// request: authenticate, decode with protojson, route, answer with the real
// conversation (NLU guard included), encode. Run with
//
//	go test ./internal/dialogflow -run '^$' -bench Dialogflow -benchmem
func BenchmarkDialogflowES(b *testing.B) {
	benchmarkWebhook(b, NewES, "testdata/es_latch.json")
}

// BenchmarkDialogflowCX is the same for a CX request.
func BenchmarkDialogflowCX(b *testing.B) {
	benchmarkWebhook(b, NewCX, "testdata/cx_latch.json")
}

func benchmarkWebhook(b *testing.B, build func(skill.Handler, Config) (http.Handler, error), file string) {
	body, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	h, err := build(testApp(b).Handler, Config{Secret: testSecret, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set(DefaultSecretHeader, testSecret)
		rr := httptest.NewRecorder()
		h.ServeHTTP(rr, r)
		if rr.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rr.Code, rr.Body.String())
		}
	}
}
