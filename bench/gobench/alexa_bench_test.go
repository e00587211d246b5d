//go:build bench

package gobench

import (
	"bytes"
	"context"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/feedingfriend/skill/internal/alexa"
	"github.com/feedingfriend/skill/internal/app"
)

// skillID is the application id in bench/requests/*.json; the adapter checks it,
// as the peer's withSkillId does.
const skillID = "amzn1.ask.skill.7f3c2a1e-5b4d-4c8e-9a6f-0d2e1b3c4a5f"

// benchInvoke runs the envelope in file through the Alexa adapter, wired as the
// Lambda wires it (its catalog of topic intents, the names it may log and its
// own words; no NLU, no logger, no telemetry), once per iteration.
func benchInvoke(b *testing.B, file, want string) {
	body, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	a, err := app.New(app.Config{})
	if err != nil {
		b.Fatal(err)
	}
	h := alexa.Handler(a.Handler, alexa.Config{SkillID: skillID, Catalog: a.Model, KnownIntents: a.Known, Texts: a.Edge})
	ctx := context.Background()
	out, err := h.Invoke(ctx, body)
	if err != nil {
		b.Fatal(err)
	}
	if !bytes.Contains(out, []byte(want)) {
		b.Fatalf("response lacks %q: %s", want, out)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := h.Invoke(ctx, body); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
}

// cpuTime is the CPU time the process has used, all threads (the garbage
// collector's included), user and system. Per operation it is steadier than wall
// time on a shared machine, where other work can take the CPU away.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkAlexaIntent(b *testing.B) {
	benchInvoke(b, "../requests/intent.json", "Hold your baby close")
}

func BenchmarkAlexaLaunch(b *testing.B) {
	benchInvoke(b, "../requests/launch.json", "Welcome to")
}

func BenchmarkAlexaYes(b *testing.B) {
	benchInvoke(b, "../requests/yes.json", "With a good latch")
}
