package dialogflow

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden responses in testdata/")

// TestGolden passes every captured request in testdata/ through the real webhook
// and compares the response with its golden file by meaning: protojson output
// has deliberately random whitespace, so bytes are never compared. After a
// deliberate change (content copy included), run
//
//	go test ./internal/dialogflow -run TestGolden -update
func TestGolden(t *testing.T) {
	a := testApp(t)
	esH, err := NewES(a.Handler, Config{Insecure: true})
	require.NoError(t, err)
	cxH, err := NewCX(a.Handler, Config{Insecure: true})
	require.NoError(t, err)

	files, err := filepath.Glob("testdata/*.json")
	require.NoError(t, err)
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".golden.json") {
			continue
		}
		n++
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(name, func(t *testing.T) {
			h := esH
			if strings.HasPrefix(name, "cx_") {
				h = cxH
			}
			body, err := os.ReadFile(f)
			require.NoError(t, err)
			rr := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			h.ServeHTTP(rr, req)
			require.Equal(t, http.StatusOK, rr.Code, rr.Body.String())

			golden := strings.TrimSuffix(f, ".json") + ".golden.json"
			if *update {
				var pretty bytes.Buffer
				require.NoError(t, json.Indent(&pretty, rr.Body.Bytes(), "", "  "))
				pretty.WriteByte('\n')
				require.NoError(t, os.WriteFile(golden, pretty.Bytes(), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "no golden file; run with -update")
			assert.JSONEq(t, string(want), rr.Body.String(), "response differs from %s (run with -update after a deliberate change)", golden)
		})
	}
	require.GreaterOrEqual(t, n, 10, "the testdata requests are missing")
}
