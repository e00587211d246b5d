package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/dialogflow"
	"github.com/feedingfriend/skill/internal/skill"
)

// invokeDialogflowES runs a Dialogflow ES WebhookRequest through the webhook handler.
func invokeDialogflowES(ctx context.Context, a *app.App, body []byte) ([]byte, error) {
	return invokeWebhook(ctx, a, body, dialogflow.NewES)
}

// invokeDialogflowCX runs a Dialogflow CX WebhookRequest through the webhook handler.
func invokeDialogflowCX(ctx context.Context, a *app.App, body []byte) ([]byte, error) {
	return invokeWebhook(ctx, a, body, dialogflow.NewCX)
}

// invokeWebhook posts body to the same webhook handler the functions serve, with
// authentication off (the request comes from this machine, not from Dialogflow),
// and returns the response body. A refusal is an error carrying its status and
// short reason, of kind skill.Invalid for a request the webhook cannot read.
func invokeWebhook(ctx context.Context, a *app.App, body []byte, build func(skill.Handler, dialogflow.Config) (http.Handler, error)) ([]byte, error) {
	h, err := build(a.Handler, dialogflow.Config{Insecure: true, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, err
	}
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rr := httptest.NewRecorder()
	h.ServeHTTP(rr, req)
	switch {
	case rr.Code == http.StatusBadRequest:
		return nil, skill.Errorf(skill.Invalid, "the webhook answered %d %s: %s", rr.Code, http.StatusText(rr.Code), strings.TrimSpace(rr.Body.String()))
	case rr.Code != http.StatusOK:
		return nil, fmt.Errorf("the webhook answered %d %s: %s", rr.Code, http.StatusText(rr.Code), strings.TrimSpace(rr.Body.String()))
	}
	return rr.Body.Bytes(), nil
}
