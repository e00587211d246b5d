package main

import (
	"errors"

	"github.com/feedingfriend/skill/internal/model"
)

// buildDialogflowAgent writes dialogflow/agent.zip under out.
func buildDialogflowAgent(m *model.Model, out string) error {
	return errors.New("the Dialogflow agent generator is not built yet")
}
