// Package deploy holds the tests that keep the deployment files true: the AWS SAM
// template (template.yaml) and the Google Cloud deploy path. It has no code of its
// own; nothing imports it.
package deploy
