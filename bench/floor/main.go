//go:build bench

// Command floor is the cheapest possible Alexa endpoint in Go: net/http reads the
// body and writes a fixed response of the skill's size. bench/floor.sh measures
// its CPU time per request against floor.js, the same in Node's http module, to
// show what the HTTP stack and the kernel cost before any skill work is done.
// Bench code, built only with -tags bench.
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: floor 127.0.0.1:PORT RESPONSE.json")
		os.Exit(2)
	}
	body, err := os.ReadFile(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	http.HandleFunc("POST /alexa", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		_, _ = w.Write(body)
	})
	http.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {})
	if err := http.ListenAndServe(os.Args[1], nil); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}
