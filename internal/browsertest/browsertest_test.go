package browsertest

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNotInBinaries: no command or function links this package (and so
// axe-core); only tests do.
func TestNotInBinaries(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "../../cmd/...", "../../functions/...").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.NotContains(t, strings.Fields(string(out)), "github.com/feedingfriend/skill/internal/browsertest")
	assert.Contains(t, strings.Fields(string(out)), "github.com/feedingfriend/skill/internal/studio", "the list is of the binaries' dependencies")
}

// TestAxeVendored: the embedded engine is the file the README names, by
// version and sha256.
func TestAxeVendored(t *testing.T) {
	readme, err := os.ReadFile("axe/README.md")
	require.NoError(t, err)
	version := regexp.MustCompile(`(?m)^\| version \| axe-core (\S+) \|$`).FindSubmatch(readme)
	sum := regexp.MustCompile(`(?m)^\| sha256 \| ([0-9a-f]{64}) \|$`).FindSubmatch(readme)
	require.NotNil(t, version, "the README's version row")
	require.NotNil(t, sum, "the README's sha256 row")
	assert.True(t, strings.HasPrefix(axeSource, "/*! axe v"+string(version[1])+"\n"), "the embedded file is axe-core %s", version[1])
	got := sha256.Sum256([]byte(axeSource))
	assert.Equal(t, string(sum[1]), hex.EncodeToString(got[:]))
}
