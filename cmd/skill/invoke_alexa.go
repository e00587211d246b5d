package main

import (
	"context"
	"errors"

	"github.com/feedingfriend/skill/internal/app"
)

// invokeAlexa runs an Alexa request envelope through the Lambda's handler.
func invokeAlexa(ctx context.Context, a *app.App, body []byte) ([]byte, error) {
	return nil, errors.New("the Alexa adapter is not built yet")
}
