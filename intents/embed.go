// Package intents holds the platform-neutral interaction model. It is embedded so
// the offline NLU and the model generators need nothing else at run time;
// internal/model loads and validates it. testdata/ (the held-out evaluation set)
// is deliberately not embedded.
package intents

import "embed"

// FS holds model.yaml, red-flags.yaml, out-of-scope.yaml and topics/*.yaml.
//
//go:embed *.yaml topics/*.yaml
var FS embed.FS
