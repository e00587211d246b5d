package webhook

import (
	"net/http"
	"os"
	"sync"

	"github.com/GoogleCloudPlatform/functions-framework-go/functions"
	"github.com/feedingfriend/skill/functions/webhook/internal/wiring"
)

// Function targets (GOOGLE_FUNCTION_TARGET, or the path when the framework serves
// every function: /DialogflowES and /DialogflowCX).
const (
	ESTarget = "DialogflowES"
	CXTarget = "DialogflowCX"
)

func init() {
	functions.HTTP(ESTarget, serve(func(h *wiring.Handlers) http.Handler { return h.ES }))
	functions.HTTP(CXTarget, serve(func(h *wiring.Handlers) http.Handler { return h.CX }))
}

// handlers builds the webhooks once, from the environment, on first use.
var handlers = sync.OnceValues(func() (*wiring.Handlers, error) {
	cfg, err := wiring.FromEnv(os.Getenv)
	log := cfg.Logger(os.Stderr)
	if err == nil {
		var h *wiring.Handlers
		if h, err = wiring.New(cfg, log); err == nil {
			return h, nil
		}
	}
	log.Error("webhook: cannot start", "error", err.Error())
	return nil, err
})

// Ready builds the webhooks now and reports whether they can serve. A main calls
// it before listening so that a misconfigured service does not start.
func Ready() error {
	_, err := handlers()
	return err
}

// serve adapts one of the webhooks to the Functions Framework. When the webhooks
// could not be built, every request gets a 503 and the reason is in the log.
func serve(pick func(*wiring.Handlers) http.Handler) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		h, err := handlers()
		if err != nil {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"error":"service unavailable"}` + "\n"))
			return
		}
		pick(h).ServeHTTP(w, r)
	}
}
