package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/feedingfriend/skill/internal/config"
	"github.com/feedingfriend/skill/internal/model"
)

// buildDialogflowAgent writes dialogflow/agent.zip (ES) and
// dialogflow/cx-agent.zip (CX) under out.
func buildDialogflowAgent(m *model.Model, sk *config.Skill, out string) error {
	es, err := m.DialogflowAgent(sk.Name)
	if err != nil {
		return err
	}
	cx, err := m.DialogflowCXAgent(sk.Name)
	if err != nil {
		return err
	}
	dir := filepath.Join(out, "dialogflow")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write agent: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "agent.zip"), es, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "cx-agent.zip"), cx, 0o644)
}
