package release

import (
	"io/fs"
	"os"
	"testing"
)

// fsRoot is the repository this test runs in.
func fsRoot(t *testing.T) fs.FS {
	t.Helper()
	return os.DirFS("../..")
}
