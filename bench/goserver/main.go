//go:build bench

// Command goserver is the Go side of the HTTP figures in bench/run.sh until
// `skill serve` lands: the Alexa adapter (the code the Lambda runs) behind the
// project's own HTTP server (internal/server: body limit, panic recovery,
// timeouts), on loopback, with request verification off like `--dev`, so it does
// the same work per request as the peer's express server.
//
// It is bench code, built only with -tags bench, so `go build ./...`, `go vet`
// and `go test ./...` never see it.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/feedingfriend/skill/internal/alexa"
	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/server"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8090", "loopback `ADDR` to listen on")
	skillID := flag.String("skill-id", os.Getenv("SKILL_ID"), "the skill's application `ID`")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to `FILE`")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "goserver:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(*addr, *skillID); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "goserver:", err)
		os.Exit(1)
	}
}

func run(addr, skillID string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := app.New(app.Config{Logger: log})
	if err != nil {
		return err
	}
	h := alexa.Handler(a.Handler, alexa.Config{SkillID: skillID, Logger: log})
	cfg := server.Config{
		Addr:   addr,
		Routes: map[string]http.Handler{"POST /alexa": h},
		Logger: log,
	}
	return server.Serve(ctx, cfg, func(addr string) {
		fmt.Fprintf(os.Stderr, "goserver listening on http://%s/alexa\n", addr)
	})
}
