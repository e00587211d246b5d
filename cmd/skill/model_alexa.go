package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/feedingfriend/skill/internal/config"
	"github.com/feedingfriend/skill/internal/icon"
	"github.com/feedingfriend/skill/internal/model"
)

// buildAlexaPackage writes skill-package/ (ASK CLI v2 layout) under out: the
// manifest and one interaction model per locale. Interaction models of locales no
// longer published are removed.
func buildAlexaPackage(m *model.Model, sk *config.Skill, out string) error {
	cfg := model.AlexaPackage{Name: sk.Name, Locales: sk.Locales, PrivacyPolicyURL: sk.PrivacyPolicyURL, Endpoint: sk.Endpoint}
	var err error
	if cfg.SmallIcon, err = alexaIcon(sk.Icons.Small, sk.Name, icon.Small, out); err != nil {
		return err
	}
	if cfg.LargeIcon, err = alexaIcon(sk.Icons.Large, sk.Name, icon.Large, out); err != nil {
		return err
	}
	files, err := m.Alexa(cfg)
	if err != nil {
		return err
	}
	for _, p := range model.AlexaFiles(files) {
		path := filepath.Join(out, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[p], 0o644); err != nil {
			return err
		}
	}
	custom := filepath.Join(out, "skill-package", "interactionModels", "custom")
	stale, err := filepath.Glob(filepath.Join(custom, "*.json"))
	if err != nil {
		return err
	}
	for _, path := range stale {
		rel := "skill-package/interactionModels/custom/" + filepath.Base(path)
		if _, ok := files[rel]; !ok && strings.HasSuffix(path, ".json") {
			if err := os.Remove(path); err != nil {
				return fmt.Errorf("remove stale %s: %w", rel, err)
			}
		}
	}
	return nil
}

// alexaIcon reads a department's own icon at path (from the repository's root,
// out) and checks its size, or draws one from the skill's name when path is "".
func alexaIcon(path, name string, size int, out string) ([]byte, error) {
	if path == "" {
		return icon.Generate(name, size)
	}
	p := path
	if !filepath.IsAbs(p) {
		p = filepath.Join(out, p)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("icon: %w", err)
	}
	if err := icon.Check(b, size); err != nil {
		return nil, fmt.Errorf("icon %s: %w", path, err)
	}
	return b, nil
}
