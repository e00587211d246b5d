package telemetry

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/feedingfriend/skill/internal/telemetry/telemetrytest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBufferedWriterHoldsLinesUntilFlushed(t *testing.T) {
	var out telemetrytest.Buffer
	b := NewBufferedWriter(&out, 1<<16, time.Hour)
	_, err := b.Write([]byte("one\n"))
	require.NoError(t, err)
	assert.Empty(t, out.String(), "nothing is written before a flush")
	require.NoError(t, b.Close())
	assert.Equal(t, "one\n", out.String(), "Close writes what was buffered")
}

func TestBufferedWriterFlushesOnItsInterval(t *testing.T) {
	var out telemetrytest.Buffer
	b := NewBufferedWriter(&out, 1<<16, 5*time.Millisecond)
	defer b.Close()
	_, err := b.Write([]byte("one\n"))
	require.NoError(t, err)
	assert.Eventually(t, func() bool { return out.String() == "one\n" }, 5*time.Second, time.Millisecond)
}

// writes records each write the buffer makes, to see where it cuts.
type writes struct {
	telemetrytest.Buffer
	mu    sync.Mutex
	calls []string
}

func (w *writes) Write(p []byte) (int, error) {
	w.mu.Lock()
	w.calls = append(w.calls, string(p))
	w.mu.Unlock()
	return w.Buffer.Write(p)
}

func TestBufferedWriterKeepsLinesWhole(t *testing.T) {
	var out writes
	b := NewBufferedWriter(&out, 256, time.Millisecond) // small: it fills and flushes often
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				_, _ = fmt.Fprintf(b, "goroutine %d line %d %s\n", g, i, strings.Repeat("x", 40))
			}
		})
	}
	wg.Wait()
	require.NoError(t, b.Close())
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	require.Len(t, lines, 8*200, "every line written once")
	for _, l := range lines {
		require.Regexp(t, `^goroutine \d line \d+ x{40}$`, l)
	}
	for _, c := range out.calls {
		require.True(t, strings.HasSuffix(c, "\n"), "a write ends inside a line: %q", c)
	}
}

func TestByLevel(t *testing.T) {
	var low, high bytes.Buffer
	l := slog.New(ByLevel(slog.NewJSONHandler(&low, nil), slog.NewJSONHandler(&high, nil), slog.LevelWarn)).With("platform", "alexa")
	l.Info("request", "outcome", "topic")
	l.Warn("request", "outcome", "error")
	assert.Contains(t, low.String(), `"outcome":"topic"`)
	assert.NotContains(t, low.String(), `"outcome":"error"`)
	assert.Contains(t, high.String(), `"outcome":"error"`)
	assert.Contains(t, high.String(), `"platform":"alexa"`)
}
