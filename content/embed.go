// Package content holds the answer files, their audit log and approved
// snapshots. They are embedded so that the binary needs nothing else at run
// time; internal/content loads, validates and verifies them.
package content

import "embed"

// FS holds every answer file, the audit log and the approved snapshots, so
// that every binary verifies the approvals it serves (internal/content's
// Verify) before it starts.
//
//go:embed *.yaml audit.jsonl approved
var FS embed.FS
