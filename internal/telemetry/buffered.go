package telemetry

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"sync"
	"time"
)

// BufferedWriter gathers a long-running server's per-request log lines and
// writes them together: when its buffer fills, every interval, and on Close.
// One write call a request is a system call a request, which under load cost
// the HTTP server a quarter of its throughput (docs/performance.md). The
// price is that a crash loses at most one interval of request lines; so only
// the per-request telemetry at Info goes through it (ByLevel sends warnings
// and errors past it), and never a function's (a Lambda is frozen as soon as
// it has answered).
//
// Hand-written rather than taken from a library: zapcore's
// BufferedWriteSyncer does the same, but would bring all of zap for 40 lines.
type BufferedWriter struct {
	mu   sync.Mutex
	buf  *bufio.Writer
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

// NewBufferedWriter writes to w through a buffer of size bytes, flushed at
// least every interval.
func NewBufferedWriter(w io.Writer, size int, interval time.Duration) *BufferedWriter {
	b := &BufferedWriter{buf: bufio.NewWriterSize(w, size), stop: make(chan struct{}), done: make(chan struct{})}
	go b.flushEvery(interval)
	return b
}

// Write buffers p, which the slog handlers pass whole (one line a call). A
// line that does not fit in what is left of the buffer is not split: the
// buffer is written first (and a line longer than the buffer goes out alone).
func (b *BufferedWriter) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(p) > b.buf.Available() && b.buf.Buffered() > 0 {
		if err := b.buf.Flush(); err != nil {
			return 0, err
		}
	}
	return b.buf.Write(p)
}

// Flush writes what is buffered.
func (b *BufferedWriter) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Flush()
}

// Close stops the timer and writes what is buffered. Writes after Close are
// still buffered and need a Flush.
func (b *BufferedWriter) Close() error {
	b.once.Do(func() {
		close(b.stop)
		<-b.done
	})
	return b.Flush()
}

func (b *BufferedWriter) flushEvery(interval time.Duration) {
	defer close(b.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			_ = b.Flush()
		case <-b.stop:
			return
		}
	}
}

// ByLevel sends records below at to low and the rest to high: the request
// lines of a long-running server to a BufferedWriter, and a failed request's
// warning straight out.
func ByLevel(low, high slog.Handler, at slog.Level) slog.Handler {
	return byLevel{low: low, high: high, at: at}
}

type byLevel struct {
	low, high slog.Handler
	at        slog.Level
}

func (h byLevel) Enabled(ctx context.Context, l slog.Level) bool {
	if l >= h.at {
		return h.high.Enabled(ctx, l)
	}
	return h.low.Enabled(ctx, l)
}

func (h byLevel) Handle(ctx context.Context, r slog.Record) error {
	if r.Level >= h.at {
		return h.high.Handle(ctx, r)
	}
	return h.low.Handle(ctx, r)
}

func (h byLevel) WithAttrs(as []slog.Attr) slog.Handler {
	return byLevel{low: h.low.WithAttrs(as), high: h.high.WithAttrs(as), at: h.at}
}

func (h byLevel) WithGroup(name string) slog.Handler {
	return byLevel{low: h.low.WithGroup(name), high: h.high.WithGroup(name), at: h.at}
}
