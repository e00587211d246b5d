package telemetry

import (
	"bufio"
	"io"
	"sync"
	"time"
)

// BufferedWriter gathers a long-running server's per-request log lines and
// writes them together: when its buffer fills, every interval, and on Close.
// One write call a request is a system call a request, which under load cost
// the HTTP server a quarter of its throughput (docs/performance.md). The
// price is that a crash loses at most one interval of request lines; so only
// the per-request telemetry goes through it, never warnings or errors, and
// never a function (a Lambda is frozen as soon as it has answered).
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

// Write buffers p, which the slog handlers pass whole (one line a call), so
// lines are never split between flushes.
func (b *BufferedWriter) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
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
