// Command lambda is the Dialogflow webhook's AWS Lambda function, behind a Lambda
// Function URL: ES requests go to /es and CX requests to /cx. It reads its
// configuration from the environment (WEBHOOK_USERNAME and WEBHOOK_PASSWORD, or
// WEBHOOK_SECRET and WEBHOOK_SECRET_HEADER; APPROVED_ONLY default true;
// SKILL_NATION; LOG_LEVEL), wires the skill and hands it to the Lambda runtime.
// It refuses to start without credentials.
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/feedingfriend/skill/functions/webhook/internal/wiring"
	"github.com/feedingfriend/skill/internal/telemetry"
)

func main() {
	cfg, err := wiring.FromEnv(os.Getenv)
	log := cfg.Logger(os.Stderr)
	var h *wiring.Handlers
	if err == nil {
		h, err = wiring.New(cfg, log, &telemetry.EMF{W: os.Stdout})
	}
	if err != nil {
		log.Error("webhook: cannot start", "error", err.Error())
		os.Exit(1)
	}
	lambda.Start(functionURL(h.Mux()))
}
