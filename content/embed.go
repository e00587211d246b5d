// Package content holds the answer files. They are embedded so that the binary
// needs nothing else at run time; internal/content loads and validates them.
package content

import "embed"

// FS holds every answer file.
//
//go:embed *.yaml
var FS embed.FS
