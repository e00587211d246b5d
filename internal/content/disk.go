package content

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/google/renameio/v2"
)

// Disk is the file operations that change a content directory. Repo writes
// only through it, so that a test (or `skill content attack`) can put a full
// disk or a read-only folder under a step and see what is left behind.
type Disk interface {
	// ReadFile reads a whole file.
	ReadFile(name string) ([]byte, error)
	// WriteFile replaces name with data whole or not at all: a temporary file
	// in the same folder, synced, then renamed over name (an existing file's
	// mode is kept; perm is for a new one).
	WriteFile(name string, data []byte, perm fs.FileMode) error
	// Append adds data at the end of name (created with perm when missing)
	// and syncs it.
	Append(name string, data []byte, perm fs.FileMode) error
	// Truncate cuts name to size bytes and syncs it.
	Truncate(name string, size int64) error
	// Remove deletes a file; a missing file is not an error.
	Remove(name string) error
	// MkdirAll makes a folder and its parents.
	MkdirAll(dir string) error
}

// OSDisk is the real file system.
type OSDisk struct{}

var _ Disk = OSDisk{}

// ReadFile reads name.
func (OSDisk) ReadFile(name string) ([]byte, error) { return os.ReadFile(name) }

// WriteFile replaces name through a temporary file (github.com/google/renameio).
func (OSDisk) WriteFile(name string, data []byte, perm fs.FileMode) error {
	return renameio.WriteFile(name, data, perm, renameio.WithExistingPermissions())
}

// Append writes data at the end of name and syncs it.
func (OSDisk) Append(name string, data []byte, perm fs.FileMode) error {
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, perm)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	return errors.Join(werr, serr, cerr)
}

// Truncate cuts name to size and syncs it.
func (OSDisk) Truncate(name string, size int64) error {
	f, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	terr := f.Truncate(size)
	serr := f.Sync()
	cerr := f.Close()
	return errors.Join(terr, serr, cerr)
}

// Remove deletes name; a missing file is not an error.
func (OSDisk) Remove(name string) error {
	if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// MkdirAll makes dir.
func (OSDisk) MkdirAll(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("mkdir %s: %w", dir, err)
	}
	return nil
}
