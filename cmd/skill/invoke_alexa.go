package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/feedingfriend/skill/internal/alexa"
	"github.com/feedingfriend/skill/internal/app"
)

// invokeAlexa runs an Alexa request envelope through the Lambda's handler: the
// conversation wrapped by the Alexa adapter. The skill id is checked only when
// SKILL_ID is set, as offline envelopes carry any id. Problems are logged to
// stderr; the response goes to stdout.
func invokeAlexa(ctx context.Context, a *app.App, body []byte) ([]byte, error) {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	h := alexa.Handler(a.Handler, alexa.Config{SkillID: os.Getenv("SKILL_ID"), Logger: log, Catalog: a.Model, KnownIntents: a.Known, Texts: a.Edge})
	return h.Invoke(ctx, body)
}
