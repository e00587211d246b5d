// Package feedingfriend holds the skill's one configuration file, skill.yaml,
// embedded so every binary carries it. internal/config parses it. This package
// must import nothing but embed: the Alexa function links it.
package feedingfriend

import _ "embed"

// ConfigYAML is the content of skill.yaml.
//
//go:embed skill.yaml
var ConfigYAML []byte
