package main

import (
	"context"
	"errors"

	"github.com/feedingfriend/skill/internal/app"
)

// invokeDialogflowES runs a Dialogflow ES WebhookRequest through the webhook handler.
func invokeDialogflowES(ctx context.Context, a *app.App, body []byte) ([]byte, error) {
	return nil, errors.New("the Dialogflow ES adapter is not built yet")
}

// invokeDialogflowCX runs a Dialogflow CX WebhookRequest through the webhook handler.
func invokeDialogflowCX(ctx context.Context, a *app.App, body []byte) ([]byte, error) {
	return nil, errors.New("the Dialogflow CX adapter is not built yet")
}
