// Command alexa is the Alexa skill's AWS Lambda function: it reads its
// configuration from the environment (SKILL_ID, APPROVED_ONLY default true,
// SKILL_NATION default england, LOG_LEVEL default info), wires the skill and
// hands the Alexa adapter to the Lambda runtime. It links neither Dialogflow nor
// gRPC (deps_test.go holds that).
package main

import (
	"errors"
	"log/slog"
	"os"
	"strconv"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/feedingfriend/skill/internal/alexa"
	"github.com/feedingfriend/skill/internal/app"
)

func main() {
	var level slog.Level
	levelErr := level.UnmarshalText([]byte(env("LOG_LEVEL", "info")))
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	approved, approvedErr := strconv.ParseBool(env("APPROVED_ONLY", "true"))
	a, err := app.New(app.Config{Nation: env("SKILL_NATION", "england"), ApprovedOnly: approved || approvedErr != nil, Logger: log})
	if err := errors.Join(levelErr, approvedErr, err); err != nil {
		log.Error("alexa: cannot start", "error", err.Error())
		os.Exit(1)
	}
	lambda.Start(alexa.Handler(a.Handler, alexa.Config{SkillID: os.Getenv("SKILL_ID"), Logger: log, Catalog: a.Model}))
}

// env returns the environment variable key, or def when it is unset or empty.
func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
