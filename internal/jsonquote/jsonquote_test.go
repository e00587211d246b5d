package jsonquote

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestAppendLikeEncodingJSON holds Append to encoding/json's bytes with HTML
// escaping off, for every kind of character it treats apart, wherever in a
// word or a 32-byte run it falls.
func TestAppendLikeEncodingJSON(t *testing.T) {
	specials := []string{"\"", "\\", "\n", "\t", "\r", "\b", "\f", "\x01", "\x1f", "\x7f", "<", ">", "&", "é", "✓", "\u2028", "\u2029", "\xff", "\xe2\x80"}
	for n := range 70 {
		for _, sp := range specials {
			for _, at := range []int{0, n / 2, n} {
				s := strings.Repeat("a", at) + sp + strings.Repeat("b", n-at)
				var buf bytes.Buffer
				enc := json.NewEncoder(&buf)
				enc.SetEscapeHTML(false)
				if err := enc.Encode(s); err != nil {
					t.Fatal(err)
				}
				want := strings.TrimSuffix(buf.String(), "\n")
				if got := string(Append(nil, s)); got != want {
					t.Fatalf("Append(%q) = %s, want %s", s, got, want)
				}
			}
		}
	}
}
