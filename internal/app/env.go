package app

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
)

// Env is what every deployed function reads from its environment the same
// way. Each function's own settings (the skill id, the webhook's credentials,
// the chat's key) are read beside it; these are read here only.
type Env struct {
	// Nation is SKILL_NATION: england, scotland, wales or northern-ireland
	// ("" is skill.yaml's).
	Nation string
	// ApprovedOnly is APPROVED_ONLY: true unless set false; a value that is not
	// true or false is an error and still serves approved answers only.
	ApprovedOnly bool
	// Level is LOG_LEVEL: debug, info (default), warn or error.
	Level slog.Level
}

// FromEnv reads SKILL_NATION, APPROVED_ONLY and LOG_LEVEL, reporting every
// problem at once.
func FromEnv(getenv func(string) string) (Env, error) {
	var errs []error
	e := Env{ApprovedOnly: true, Nation: strings.TrimSpace(getenv("SKILL_NATION"))}
	if v := getenv("APPROVED_ONLY"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("APPROVED_ONLY=%q is not true or false", v))
		}
		e.ApprovedOnly = b || err != nil // a typo never serves drafts
	}
	if v := getenv("LOG_LEVEL"); v != "" {
		if err := e.Level.UnmarshalText([]byte(v)); err != nil {
			errs = append(errs, fmt.Errorf("LOG_LEVEL=%q is not debug, info, warn or error", v))
		}
	}
	return e, errors.Join(errs...)
}

// Logger returns the JSON logger the functions write to standard error, which
// CloudWatch and Cloud Logging both read.
func (e Env) Logger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: e.Level}))
}
