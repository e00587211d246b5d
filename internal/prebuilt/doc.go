// Package prebuilt turns a skill's files (skill.yaml, the answers and prompts
// in content/, the interaction model and red-flag rules in intents/) into an
// Image: loaded, checked and verified, ready to serve. Build does it from the
// YAML, through the same loaders and checks as ever (content.Load,
// content.RulesTopic, content.Verify, model.Load); Source writes an image as
// Go composite literals, which go generate keeps in package embedded for the
// files built into the binary, so a start (the Alexa Lambda's cold start
// above all) thaws it instead of parsing.
//
// It imports the domain packages and the embedded files, no platform
// adapter: the Alexa Lambda links it.
package prebuilt
