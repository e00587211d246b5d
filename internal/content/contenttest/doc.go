// Package contenttest gives tests, and `skill content attack`, a team of
// enrolled people with their keys for a content directory in a temporary
// folder: a first clinician who enrols themself, a second clinician and an
// editor. Their keys are made from their names, so runs repeat; they must
// never be enrolled in a real content directory.
//
// It imports internal/content and internal/config, the shipped answers
// (content/) and red-flag rules (intents/).
package contenttest
