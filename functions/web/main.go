// Command web is the web chat's AWS Lambda function, behind a Lambda Function
// URL: the chat page at /chat (/ leads there), its JSON endpoint and assets.
// It reads its configuration from the environment (WEB_SESSION_KEY required;
// APPROVED_ONLY default true; SKILL_NATION; LOG_LEVEL), wires the skill with
// the offline NLU and hands the chat to the Lambda runtime. It refuses to
// start without WEB_SESSION_KEY. It links neither the Alexa nor the
// Dialogflow adapter (main_test.go holds that).
package main

import (
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/feedingfriend/skill/internal/functionurl"
	"github.com/feedingfriend/skill/internal/telemetry"
	"github.com/feedingfriend/skill/internal/web/wiring"
)

func main() {
	env, err := wiring.FromEnv(os.Getenv)
	log := env.Logger(os.Stderr)
	var h http.Handler
	if err == nil {
		h, err = wiring.Handler(env, log, &telemetry.EMF{W: os.Stdout})
	}
	if err != nil {
		log.Error("web: cannot start", "error", err.Error())
		os.Exit(1)
	}
	lambda.Start(functionurl.Handler(h))
}
