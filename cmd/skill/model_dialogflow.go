package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/feedingfriend/skill/internal/config"
	"github.com/feedingfriend/skill/internal/model"
)

// buildDialogflowAgent writes dialogflow/agent.zip under out.
func buildDialogflowAgent(m *model.Model, sk *config.Skill, out string) error {
	zip, err := m.DialogflowAgent(sk.Name)
	if err != nil {
		return err
	}
	dir := filepath.Join(out, "dialogflow")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write agent: %w", err)
	}
	return os.WriteFile(filepath.Join(dir, "agent.zip"), zip, 0o644)
}
