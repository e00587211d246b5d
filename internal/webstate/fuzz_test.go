package webstate_test

import (
	"testing"

	"github.com/feedingfriend/skill/internal/webstate"
)

// FuzzOpen opens any token: no panic, and nothing but a token this signer
// made opens.
func FuzzOpen(f *testing.F) {
	s, err := webstate.New(key, 0, nil)
	if err != nil {
		f.Fatal(err)
	}
	tok, _ := s.Sign(map[string]any{"topic": "latch", "ageDays": 3})
	for _, seed := range []string{tok, "", "v1..", "v1.e30.", "v1.e30." + tok[len(tok)-43:], "v2.x.y", "...."} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, token string) {
		st, err := s.Open(token)
		if err == nil && token != "" && token != tok {
			re, _ := s.Sign(st)
			if _, err2 := s.Open(re); err2 != nil {
				t.Fatalf("an opened state does not sign again: %q", token)
			}
		}
	})
}
