//go:build bench

// Command lambdarun measures the cold start of the real Alexa Lambda binary
// (functions/alexa, built for this machine) without AWS: it plays the Lambda
// Runtime API on 127.0.0.1, starts the binary with AWS_LAMBDA_RUNTIME_API
// pointing at itself, hands it one event and times process start to the
// response. It also reads the process's peak RSS at that moment. Each run is a
// fresh process; the run count and each run's time are bounded.
//
//	lambdarun -bootstrap ./bootstrap -event bench/requests/intent.json -runs 20
//
// It prints one line per run and a JSON summary, and is bench code, built only
// with -tags bench.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

const apiPrefix = "/2018-06-01/runtime/invocation/"

func main() {
	bootstrap := flag.String("bootstrap", "", "the Lambda `BINARY` to start")
	event := flag.String("event", "", "the event `FILE` to hand it")
	runs := flag.Int("runs", 20, "number of cold starts (at most 200)")
	warmup := flag.Int("warmup", 3, "cold starts to run first and not count")
	want := flag.String("want", "", "text the response must contain")
	flag.Parse()
	if err := run(*bootstrap, *event, *want, min(*runs, 200), min(*warmup, 20)); err != nil {
		fmt.Fprintln(os.Stderr, "lambdarun:", err)
		os.Exit(1)
	}
}

type result struct {
	Millis float64 `json:"ms"`
	RSSKiB int     `json:"peak_rss_kib"`
}

func run(bootstrap, eventFile, want string, runs, warmup int) error {
	body, err := os.ReadFile(eventFile)
	if err != nil {
		return err
	}
	var times []float64
	var rss []int
	for i := 0; i < warmup+runs; i++ {
		r, err := once(bootstrap, body, want)
		if err != nil {
			return fmt.Errorf("run %d: %w", i+1, err)
		}
		if i < warmup {
			continue
		}
		fmt.Printf("run %d: %.2f ms, peak RSS %d KiB\n", i-warmup+1, r.Millis, r.RSSKiB)
		times = append(times, r.Millis)
		rss = append(rss, r.RSSKiB)
	}
	mean, sd := meanSD(times)
	slices.Sort(times)
	slices.Sort(rss)
	out, _ := json.Marshal(map[string]any{
		"runs": runs, "mean_ms": mean, "stddev_ms": sd, "median_ms": times[len(times)/2],
		"min_ms": times[0], "max_ms": times[len(times)-1], "median_peak_rss_kib": rss[len(rss)/2],
	})
	fmt.Println("SUMMARY " + string(out))
	return nil
}

// once starts the binary, serves it one invocation and returns the time from
// start to its response, and its peak RSS then.
func once(bootstrap string, event []byte, want string) (result, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return result{}, err
	}
	type answer struct {
		at   time.Time
		body []byte
		err  error
	}
	done := make(chan answer, 1)
	var served atomic.Bool
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+apiPrefix+"next", func(w http.ResponseWriter, r *http.Request) {
		if served.Swap(true) { // the second poll: the function waits for more work; hold it
			<-r.Context().Done()
			return
		}
		h := w.Header()
		h.Set("Lambda-Runtime-Aws-Request-Id", "bench-1")
		h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(time.Now().Add(30*time.Second).UnixMilli(), 10))
		h.Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-1:000000000000:function:feeding-friend-alexa")
		h.Set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000")
		h.Set("Content-Type", "application/json")
		_, _ = w.Write(event)
	})
	mux.HandleFunc("POST "+apiPrefix+"bench-1/response", func(w http.ResponseWriter, r *http.Request) {
		at := time.Now()
		b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		w.WriteHeader(http.StatusAccepted)
		done <- answer{at: at, body: b, err: err}
	})
	mux.HandleFunc("POST /", func(w http.ResponseWriter, r *http.Request) { // init or invocation error
		w.WriteHeader(http.StatusAccepted)
		done <- answer{err: fmt.Errorf("the function reported an error at %s", r.URL.Path)}
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bootstrap)
	cmd.Env = append(os.Environ(), "AWS_LAMBDA_RUNTIME_API="+ln.Addr().String(),
		"AWS_LAMBDA_FUNCTION_NAME=feeding-friend-alexa", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128", "AWS_REGION=eu-west-1")
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return result{}, err
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	select {
	case a := <-done:
		if a.err != nil {
			return result{}, a.err
		}
		if want != "" && !strings.Contains(string(a.body), want) {
			return result{}, fmt.Errorf("response lacks %q: %s", want, a.body)
		}
		return result{Millis: float64(a.at.Sub(start).Microseconds()) / 1000, RSSKiB: peakRSS(cmd.Process.Pid)}, nil
	case <-ctx.Done():
		return result{}, errors.New("no response within 10 s")
	}
}

// peakRSS reads VmHWM, the process's peak resident set, in KiB.
func peakRSS(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	return 0
}

func meanSD(xs []float64) (float64, float64) {
	var s float64
	for _, x := range xs {
		s += x
	}
	m := s / float64(len(xs))
	var v float64
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	if len(xs) > 1 {
		v /= float64(len(xs) - 1)
	}
	return m, math.Sqrt(v)
}
