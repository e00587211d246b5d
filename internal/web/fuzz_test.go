package web_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/feedingfriend/skill/internal/web"
)

// FuzzAPI sends any body to /chat/api: never a 5xx or a panic, a refusal
// always carries the safety net, and an answer always speaks.
func FuzzAPI(f *testing.F) {
	for _, seed := range []string{
		`{"action":"start"}`,
		`{"text":"how do I get a good latch"}`,
		`{"text":"my baby is blue","age_days":3}`,
		`{"topic":"mastitis","state":"v1.e30.AAAA"}`,
		`{"text":"","action":"","topic":""}`,
		`[]`, `null`, `{"age_days":1e309}`, "{\"text\":\"\xff\"}",
	} {
		f.Add(seed)
	}
	c := newChat(f, false, nil)
	f.Fuzz(func(t *testing.T, body string) {
		w := c.do(t, "POST", "/chat/api", "application/json", body)
		if w.Code >= 500 {
			t.Fatalf("%d for %q: %s", w.Code, body, w.Body.String())
		}
		if w.Code != http.StatusOK {
			var e struct {
				SafetyNet []web.Segment `json:"safety_net"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || len(e.SafetyNet) == 0 {
				t.Fatalf("a refusal without the safety net for %q: %s", body, w.Body.String())
			}
			return
		}
		var r web.Reply
		if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil || r.Speech == "" {
			t.Fatalf("an answer that does not speak for %q: %s", body, w.Body.String())
		}
	})
}
