// Command genimage builds the image of the files built into the binary
// (skill.yaml, content/, intents/) and writes it as the Go source of package
// embedded. Run it through go generate:
//
//	go generate ./internal/prebuilt/embedded
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/prebuilt"
	"github.com/google/renameio/v2"
)

func main() {
	out := flag.String("o", "image.go", "the Go file to write")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "genimage:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	img, err := prebuilt.Embedded()
	if err != nil {
		return err
	}
	if len(img.Integrity) > 0 {
		// Recorded, as a start from the files would find it: a skill built
		// with this image refuses to start until people put it right.
		fmt.Fprintf(os.Stderr, "genimage: warning: %v\na skill built with this image refuses to start\n", &content.IntegrityError{Problems: img.Integrity})
	}
	src, err := prebuilt.Source(img, "embedded", prebuilt.Regenerate)
	if err != nil {
		return err
	}
	return renameio.WriteFile(out, src, 0o644)
}
