package deploy

import (
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGoogleDeployPathBuildsAndServes builds exactly what `gcloud run deploy
// --source . --set-build-env-vars GOOGLE_BUILDABLE=./functions/webhook/cmd/webhook`
// deploys (the Go buildpack runs go build on GOOGLE_BUILDABLE against the root
// go.mod, CGO off), starts it as Cloud Run would (PORT in the environment) and
// checks both targets answer with the secret and refuse without it.
func TestGoogleDeployPathBuildsAndServes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the Cloud Run binary")
	}
	bin := filepath.Join(t.TempDir(), "webhook")
	build := exec.Command("go", "build", "-trimpath", "-o", bin, "./functions/webhook/cmd/webhook")
	build.Dir = root
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)

	// Without credentials the service must refuse to start.
	bare := exec.Command(bin)
	bare.Env = []string{"PORT=" + freePort(t), "HOME=" + t.TempDir()}
	assert.Error(t, bare.Run(), "the webhook must not start without credentials")

	// With credentials, as shipped (every answer a draft), approved-only
	// serving has nothing approved: it refuses to start and says why.
	const secret = "a-long-enough-shared-secret-for-the-test"
	drafts := exec.Command(bin)
	drafts.Env = []string{"PORT=" + freePort(t), "WEBHOOK_SECRET=" + secret, "HOME=" + t.TempDir()}
	out, err = drafts.CombinedOutput()
	assert.Error(t, err, "approved-only with nothing approved must not start")
	assert.Contains(t, string(out), "none of the 47 answers is approved")

	port := freePort(t)
	srv := exec.Command(bin)
	srv.Env = []string{"PORT=" + port, "WEBHOOK_SECRET=" + secret, "HOME=" + t.TempDir(), "APPROVED_ONLY=false"}
	require.NoError(t, srv.Start())
	t.Cleanup(func() { _ = srv.Process.Kill(); _ = srv.Wait() })
	base := "http://127.0.0.1:" + port
	waitFor(t, "127.0.0.1:"+port)

	es := `{"session":"projects/p/agent/sessions/s1","queryResult":{"queryText":"how do i get a good latch","languageCode":"en",
	  "intent":{"displayName":"LatchIntent"}}}`
	cx := `{"sessionInfo":{"session":"projects/p/locations/l/agents/a/sessions/s1"},"fulfillmentInfo":{"tag":"LatchIntent"},
	  "text":"how do i get a good latch","languageCode":"en"}`
	for _, tc := range []struct{ path, body string }{{"/DialogflowES", es}, {"/DialogflowCX", cx}} {
		code, body := postJSON(t, base+tc.path, tc.body, secret)
		assert.Equal(t, 200, code, "%s: %s", tc.path, body)
		code, _ = postJSON(t, base+tc.path, tc.body, "wrong-secret-wrong-secret-wrong-secret")
		assert.Equal(t, 401, code, tc.path)
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

func waitFor(t *testing.T, addr string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("nothing listening on %s", addr)
}

func postJSON(t *testing.T, url, body, secret string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Webhook-Secret", secret)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b := new(strings.Builder)
	_, _ = io.Copy(b, resp.Body)
	return resp.StatusCode, b.String()
}
