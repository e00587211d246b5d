package main

import (
	"errors"

	"github.com/feedingfriend/skill/internal/model"
)

// buildAlexaPackage writes skill-package/ under out.
func buildAlexaPackage(m *model.Model, out string) error {
	return errors.New("the Alexa package generator is not built yet")
}
