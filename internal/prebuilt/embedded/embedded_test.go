package embedded

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"testing"

	"github.com/feedingfriend/skill/internal/prebuilt"
	"github.com/stretchr/testify/require"
)

// TestImageIsFresh fails when skill.yaml, content/ or intents/ changed (an
// answer, a prompt, an approval, the audit log, a sample, a red-flag rule)
// and image.go was not generated again: what the binary serves must be what
// the files say. It loads the files the old way (prebuilt.Embedded: the YAML,
// checked and verified), compares the source go generate would write from
// them with image.go, line for line, and the image image.go declares with
// them, field for field.
func TestImageIsFresh(t *testing.T) {
	want, err := prebuilt.Embedded()
	require.NoError(t, err, "the files built into the binary do not load: fix them, then run %s", prebuilt.Regenerate)
	src, err := prebuilt.Source(want, "embedded", prebuilt.Regenerate)
	require.NoError(t, err)
	got, err := os.ReadFile("image.go")
	require.NoError(t, err)
	if !bytes.Equal(src, got) {
		// Say where what they say differs, past the fingerprint, which always does.
		same := *want
		same.Fingerprint = Image().Fingerprint
		where, err := prebuilt.Source(&same, "embedded", prebuilt.Regenerate)
		require.NoError(t, err)
		diff := firstDiff(where, got)
		if diff == "" {
			diff = "Only their fingerprint changed (a comment or the layout of a file): a start would not use image.go, but read the YAML."
		}
		t.Fatalf("image.go is not what skill.yaml, content/ and intents/ say: run %s\n%s", prebuilt.Regenerate, diff)
	}
	require.True(t, reflect.DeepEqual(want, Image()), "image.go does not declare the image it spells out: the writer (prebuilt.Source) loses something")
}

// firstDiff says where a, what go generate writes, and b, the file, first
// differ.
func firstDiff(a, b []byte) string {
	al, bl := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := 0; i < len(al) || i < len(bl); i++ {
		if i >= len(al) || i >= len(bl) || !bytes.Equal(al[i], bl[i]) {
			line := func(l [][]byte) string {
				if i < len(l) {
					return string(bytes.TrimSpace(l[i]))
				}
				return "(end of file)"
			}
			return fmt.Sprintf("image.go:%d is\n\t%s\nbut the files say\n\t%s", i+1, line(bl), line(al))
		}
	}
	return ""
}
