// Command alexa is the Alexa skill's AWS Lambda function: it reads its
// configuration from the environment (SKILL_ID, APPROVED_ONLY default true,
// SKILL_NATION default skill.yaml's nation, LOG_LEVEL default info), wires the skill and
// hands the Alexa adapter to the Lambda runtime, with the offline NLU for the
// words of the Describe intents. It links neither Dialogflow nor
// gRPC (deps_test.go holds that).
package main

import (
	"errors"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/feedingfriend/skill/internal/alexa"
	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/skill"
	"github.com/feedingfriend/skill/internal/telemetry"
)

func main() {
	e, envErr := app.FromEnv(os.Getenv)
	log := e.Logger(os.Stderr)
	// The offline NLU reads the words Alexa passes in the Describe intents' phrase
	// slot (red flags first, then the topic). It is built on the first such
	// request, so a cold start that answers an intent does not pay for it.
	a, err := app.New(app.Config{Nation: e.Nation, ApprovedOnly: e.ApprovedOnly, Logger: log, LazyNLU: true})
	if err := errors.Join(envErr, err); err != nil {
		log.Error("alexa: cannot start", "error", err.Error())
		os.Exit(1)
	}
	// One CloudWatch Embedded Metric Format line per request: the request log and
	// the metrics (answers per topic, fallbacks, urgent help, blocked drafts) at once.
	h := skill.Chain(a.Handler, telemetry.Middleware("alexa", a.Store.Version(), a.Known, &telemetry.EMF{W: os.Stdout}))
	lambda.Start(alexa.Handler(h, alexa.Config{SkillID: os.Getenv("SKILL_ID"), Logger: log, Catalog: a.Model, KnownIntents: a.Known, Texts: a.Edge}))
}
