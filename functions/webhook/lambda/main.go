package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/feedingfriend/skill/functions/webhook/internal/wiring"
	"github.com/feedingfriend/skill/internal/functionurl"
	"github.com/feedingfriend/skill/internal/secret"
	"github.com/feedingfriend/skill/internal/telemetry"
)

func main() {
	cfg, err := wiring.FromEnv(os.Getenv)
	log := cfg.Logger(os.Stderr)
	if cfg.PasswordSecretARN != "" {
		// Read at run time and kept for secret.DefaultTTL: a rotated password
		// is taken up within minutes, without a stack update.
		cfg.Webhook.PasswordFunc = (&secret.Cached{Fetch: readSecret(secretsManager(os.Getenv), cfg.PasswordSecretARN)}).Get
	}
	var h *wiring.Handlers
	if err == nil {
		h, err = wiring.New(cfg, log, &telemetry.EMF{W: os.Stdout})
	}
	if err != nil {
		log.Error("webhook: cannot start", "error", err.Error())
		os.Exit(1)
	}
	lambda.Start(functionurl.Handler(h.Mux()))
}
