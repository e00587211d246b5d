package attack

import (
	"errors"
	"io/fs"
	"sync"

	"github.com/feedingfriend/skill/internal/content"
)

// errCrash stands for the process dying: after it nothing more reaches the
// disk.
var errCrash = errors.New("attack: the process died here")

// op is one change a step asks of the disk.
type op struct {
	kind string // write, append, truncate, remove, mkdir
	name string
}

// faultDisk is the real disk with faults: fault is asked before every
// change, and a non-nil error fails it. A failed append first writes partial
// bytes, as a full disk does. After errCrash every later change fails too.
// It counts the changes asked of it.
type faultDisk struct {
	content.OSDisk
	mu      sync.Mutex
	fault   func(n int, o op) error
	partial int
	crashed bool
	n       int
}

func (d *faultDisk) check(o op) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.n++
	if d.crashed {
		return errCrash
	}
	if d.fault == nil {
		return nil
	}
	err := d.fault(d.n, o)
	if errors.Is(err, errCrash) {
		d.crashed = true
	}
	return err
}

func (d *faultDisk) WriteFile(name string, data []byte, perm fs.FileMode) error {
	if err := d.check(op{"write", name}); err != nil {
		return err
	}
	return d.OSDisk.WriteFile(name, data, perm)
}

func (d *faultDisk) Append(name string, data []byte, perm fs.FileMode) error {
	if err := d.check(op{"append", name}); err != nil {
		if d.partial > 0 && !errors.Is(err, errCrash) {
			_ = d.OSDisk.Append(name, data[:min(d.partial, len(data))], perm)
		}
		return err
	}
	return d.OSDisk.Append(name, data, perm)
}

func (d *faultDisk) Truncate(name string, size int64) error {
	if err := d.check(op{"truncate", name}); err != nil {
		return err
	}
	return d.OSDisk.Truncate(name, size)
}

func (d *faultDisk) Remove(name string) error {
	if err := d.check(op{"remove", name}); err != nil {
		return err
	}
	return d.OSDisk.Remove(name)
}

func (d *faultDisk) MkdirAll(dir string) error {
	if err := d.check(op{"mkdir", dir}); err != nil {
		return err
	}
	return d.OSDisk.MkdirAll(dir)
}
