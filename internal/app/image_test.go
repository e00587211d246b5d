package app

import (
	"bytes"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	contentfiles "github.com/feedingfriend/skill/content"
	"github.com/feedingfriend/skill/intents"
	"github.com/feedingfriend/skill/internal/config"
	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/model"
	"github.com/feedingfriend/skill/internal/prebuilt"
	"github.com/feedingfriend/skill/internal/prebuilt/embedded"
)

// TestImageIsTheFiles: a skill started from the image built into the binary
// is, field for field, the skill the YAML makes when it is loaded the old way
// (content.Load, the red-flag rules from the audit log, model.Load), for
// every nation: the answers as written and as spoken, the prompts, hashes,
// content version, model, configuration and edge texts.
func TestImageIsTheFiles(t *testing.T) {
	sk, err := config.Embedded()
	require.NoError(t, err)
	for _, nation := range content.Nations {
		t.Run(nation, func(t *testing.T) {
			cfg := Config{Nation: nation, Logger: slog.New(slog.DiscardHandler)}
			img, _, _, err := image(cfg, embedded.Image())
			require.NoError(t, err)
			require.Same(t, embedded.Image(), img, "the built-in image is used")
			got, err := New(cfg)
			require.NoError(t, err)

			sp, err := sk.SignpostsFor(nation)
			require.NoError(t, err)
			store, err := content.Load(contentfiles.FS, sp)
			require.NoError(t, err)
			rulesData, err := fs.ReadFile(intents.FS, "red-flags.yaml")
			require.NoError(t, err)
			audit, _, err := content.LoadAudit(contentfiles.FS)
			require.NoError(t, err)
			rules, err := content.RulesTopic(content.Rules{ID: content.RedFlagsID, File: "intents/red-flags.yaml", Data: rulesData}, audit)
			require.NoError(t, err)
			store.Include(rules)
			m, err := model.Load(intents.FS)
			require.NoError(t, err)
			m.Invocation = sk.Invocation

			assert.Equal(t, store, got.Store)
			assert.Equal(t, m, got.Model)
			assert.Equal(t, sk, got.Config)
			assert.Equal(t, sp.Nation, got.Nation)
			assert.Empty(t, content.Verify(contentfiles.FS, append(store.Approvables(), rules)), "the shipped approvals verify")
		})
	}
}

// TestStaleImageReadsTheFiles: an image that is not of the files the binary
// carries (go generate was not run after they changed) is never served: the
// skill reads the files, and says so with the command to run.
func TestStaleImageReadsTheFiles(t *testing.T) {
	stale := *embedded.Image()
	stale.Fingerprint = "crc32c:00000000"
	stale.Content.Topics = slices.Clone(stale.Content.Topics)
	for i, f := range stale.Content.Topics {
		if f.Topic.ID == "latch" {
			f.Topic.Answer = "What the files said before."
			stale.Content.Topics[i] = f
		}
	}
	var logs bytes.Buffer
	a, err := newFrom(Config{Logger: slog.New(slog.NewTextHandler(&logs, nil))}, &stale)
	require.NoError(t, err)
	latch, ok := a.Store.Raw("latch")
	require.True(t, ok)
	assert.NotEqual(t, "What the files said before.", latch.Answer)
	assert.Contains(t, logs.String(), prebuilt.Regenerate)
}

// TestEditorsCopiesAreRead: a working copy, another skill.yaml or other
// signposting is read from the files, never served from the image.
func TestEditorsCopiesAreRead(t *testing.T) {
	sk, err := config.Embedded()
	require.NoError(t, err)
	renamed := *sk
	renamed.Name = "Milk Matters"
	sp, err := sk.SignpostsFor("")
	require.NoError(t, err)
	sp.HelplineNumber = "0900 123 4567"
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"content", Config{Content: contentfiles.FS}},
		{"model", Config{Model: intents.FS}},
		{"skill.yaml", Config{Skill: &renamed}},
		{"signposts", Config{Signposts: &sp}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.Logger = slog.New(slog.DiscardHandler)
			img, _, _, err := image(tc.cfg, embedded.Image())
			require.NoError(t, err)
			assert.NotSame(t, embedded.Image(), img)
			assert.Empty(t, img.Fingerprint)
		})
	}
}

// TestImageCarriesVerification: approvals are verified when the image is
// built (prebuilt.Build runs content.Verify), and a skill started from an
// image whose approvals did not verify refuses to start, as one started from
// the files does; one whose approvals verify serves them as approved.
func TestImageCarriesVerification(t *testing.T) {
	sk, err := config.Embedded()
	require.NoError(t, err)
	sp, err := sk.SignpostsFor("")
	require.NoError(t, err)
	builtIn := func(t *testing.T, dir string) *prebuilt.Image {
		t.Helper()
		img, err := prebuilt.Build(sk, sp, os.DirFS(dir), intents.FS)
		require.NoError(t, err)
		// As if go generate had built it from the files the binary carries.
		img.Fingerprint = embedded.Image().Fingerprint
		return img
	}
	cfg := Config{ApprovedOnly: true, Now: func() time.Time { return day }, Logger: slog.New(slog.DiscardHandler)}

	dir := approvedCopy(t)
	img := builtIn(t, dir)
	require.Empty(t, img.Integrity)
	a, err := newFrom(cfg, img)
	require.NoError(t, err)
	latch, ok := a.Store.Topic("latch")
	require.True(t, ok)
	assert.True(t, latch.ServableAsApproved(day))

	path := filepath.Join(dir, content.AuditFile)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(b), `"note":"",`, `"note":"x",`, 1)), 0o644))
	img = builtIn(t, dir)
	require.NotEmpty(t, img.Integrity)
	for _, approvedOnly := range []bool{true, false} {
		cfg.ApprovedOnly = approvedOnly
		_, err = newFrom(cfg, img)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "refusing to start")
		assert.Contains(t, err.Error(), "audit.jsonl:4: entry 4: hash does not match")
	}
}
