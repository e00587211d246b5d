// Package config reads skill.yaml, the one file a department edits to make the
// skill its own (name, invocation, locales, nation, numbers, disclaimer, privacy
// policy), and rewrites it for `skill init`.
//
// It imports the content package for the nation's signposting, and yamledit to
// rewrite skill.yaml in place.
package config
