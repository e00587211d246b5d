package studio

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/lazyre"
)

// workspace reads the answer files of one content directory on disk, one
// file at a time, so a broken file shows up in the list with its findings
// instead of hiding every other answer.
type workspace struct {
	dir string // the content directory
	now func() time.Time
	sp  content.Signposts // what the placeholders stand for (skill.yaml)
}

// answer is one answer file as the studio shows it.
type answer struct {
	ID       string
	File     string
	Data     []byte
	Topic    *content.Topic // nil when the file does not decode
	Findings []content.Finding
	Errors   int
	Warnings int
}

var idRE = lazyre.New(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// decodeTopic decodes an answer file leniently (content.CheckFile reports
// what is wrong with it) and fills in its file name and its hash with the
// placeholders bound to sp, as content.Repo binds them.
func decodeTopic(name string, data []byte, sp content.Signposts) (*content.Topic, error) {
	var t content.Topic
	if err := yaml.Unmarshal(data, &t); err != nil {
		return nil, err
	}
	t.File = name
	t.BindSignposts(sp)
	return &t, nil
}

// ids lists the answer ids: the top-level *.yaml files but the prompts.
func (w *workspace) ids() ([]string, error) {
	names, err := fs.Glob(os.DirFS(w.dir), "*.yaml")
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, n := range names {
		if n == content.PromptsFile {
			continue // the skill's own words are not an answer: skill content approves them
		}
		ids = append(ids, strings.TrimSuffix(n, ".yaml"))
	}
	sort.Strings(ids)
	return ids, nil
}

// all reads and checks every answer. Problems that need the other files
// (a related topic that does not exist) are added from a whole-directory load.
func (w *workspace) all() ([]*answer, error) {
	ids, err := w.ids()
	if err != nil {
		return nil, err
	}
	var out []*answer
	for _, id := range ids {
		a, err := w.read(id)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	w.addSetProblems(out)
	return out, nil
}

// one reads and checks one answer, with the problems the rest of the
// directory causes it.
func (w *workspace) one(id string) (*answer, error) {
	a, err := w.read(id)
	if err != nil {
		return nil, err
	}
	w.addSetProblems([]*answer{a})
	return a, nil
}

// errNotFound is returned for an answer id with no file.
var errNotFound = errors.New("no such answer")

func (w *workspace) read(id string) (*answer, error) {
	if !idRE().MatchString(id) || id == content.PromptsID {
		return nil, errNotFound
	}
	name := id + ".yaml"
	data, err := os.ReadFile(filepath.Join(w.dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("studio: %w", err)
	}
	a := &answer{ID: id, File: name, Data: data}
	a.Topic, _ = decodeTopic(name, data, w.sp)
	a.Findings = content.CheckFile(name, data, content.CheckOptions{Now: w.now(), Signposts: w.sp.Nations()})
	a.count()
	return a, nil
}

func (a *answer) count() {
	a.Errors, a.Warnings = 0, 0
	for _, f := range a.Findings {
		if f.Severity == content.SeverityError {
			a.Errors++
		} else {
			a.Warnings++
		}
	}
}

// addSetProblems loads the whole directory once per nation and adds the load
// problems of each answer's file that checking it alone does not find.
func (w *workspace) addSetProblems(as []*answer) {
	probs := setProblemsMemo.of(os.DirFS(w.dir))
	for _, a := range as {
		have := map[string]bool{}
		for _, f := range a.Findings {
			have[f.Msg] = true
		}
		for _, p := range probs {
			if p.File == a.File && !have[p.Msg] {
				have[p.Msg] = true
				a.Findings = append(a.Findings, content.Finding{File: p.File, Line: p.Line, Severity: content.SeverityError, Kind: content.KindLoad, Msg: p.Msg})
			}
		}
		a.count()
	}
}

// setProblemsMemo remembers the problems of the last set of files it saw.
var setProblemsMemo problemsMemo

// problemsMemo keeps setProblems for the answer files as they last were: a
// page lists them on every request, and loading the set four times (once a
// nation) is most of a page's time. The files are read and hashed each time,
// so an edit, from the studio or not, is never shown stale.
type problemsMemo struct {
	mu    sync.Mutex
	sum   [sha256.Size]byte
	probs []content.Problem
	ok    bool
}

// of returns setProblems(fsys), from the memo when the files are the same.
func (m *problemsMemo) of(fsys fs.FS) []content.Problem {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return setProblems(fsys)
	}
	h := sha256.New()
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return setProblems(fsys)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(data))
		h.Write(data)
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ok && m.sum == sum {
		return m.probs
	}
	m.probs, m.sum, m.ok = setProblems(fsys), sum, true
	return m.probs
}

// setProblems returns the problems of loading every answer in fsys together,
// for every nation.
func setProblems(fsys fs.FS) []content.Problem {
	var out []content.Problem
	seen := map[content.Problem]bool{}
	for _, sp := range allSignposts() {
		_, err := content.Load(fsys, sp)
		var le *content.LoadError
		if errors.As(err, &le) {
			for _, p := range le.Problems {
				if !seen[p] {
					seen[p] = true
					out = append(out, p)
				}
			}
		}
	}
	return out
}

// overlayFS is a directory with one file replaced, to validate a save before
// anything is written.
type overlayFS struct {
	fs.FS
	name string
	data []byte
}

func (o overlayFS) Open(name string) (fs.File, error) {
	if path.Clean(name) == o.name {
		return &memFile{Reader: bytes.NewReader(o.data), name: o.name, size: int64(len(o.data))}, nil
	}
	return o.FS.Open(name)
}

// ReadFile and Glob go through Open; Glob needs ReadDir, which the base has.
func (o overlayFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(o.FS, name) }

type memFile struct {
	*bytes.Reader
	name string
	size int64
}

func (f *memFile) Stat() (fs.FileInfo, error) { return memInfo{f.name, f.size}, nil }
func (f *memFile) Close() error               { return nil }

type memInfo struct {
	name string
	size int64
}

func (i memInfo) Name() string       { return path.Base(i.name) }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o444 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }
