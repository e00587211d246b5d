package prebuilt

import (
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"strconv"

	feedingfriend "github.com/feedingfriend/skill"
	contentfiles "github.com/feedingfriend/skill/content"
	"github.com/feedingfriend/skill/intents"
	"github.com/feedingfriend/skill/internal/config"
	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/model"
)

// RulesFile is where the red-flag rules are, in the model's folder and as
// people name them.
const (
	RulesFile     = "red-flags.yaml"
	RulesFileName = "intents/" + RulesFile
)

// Regenerate is the command that writes the image of the files built into
// the binary again (package embedded), after they change. It must not import
// package embedded, so it runs even when the old image no longer compiles.
const Regenerate = "go generate ./internal/prebuilt/embedded"

// ImageFile is the generated image, from the repository's root.
const ImageFile = "internal/prebuilt/embedded/image.go"

// Image is a skill's files loaded, checked and verified, ready to serve from:
// what every start would otherwise work out again from the YAML.
type Image struct {
	// Fingerprint is that of the files the image was built from
	// (EmbeddedFingerprint) when they are the ones built into the binary; ""
	// when they were read at run time.
	Fingerprint string
	// Skill is skill.yaml, parsed and validated.
	Skill *config.Skill
	// Content is the answers and the prompts as written, checked, hashed and
	// bound to the signposting of every nation.
	Content content.FrozenStore
	// Rules are the files outside the content folder under the same
	// approval (the red-flag rules), as the lifecycle sees them.
	Rules []content.Frozen
	// Model is the interaction model, validated.
	Model *model.Model
	// Integrity is what content.Verify found wrong with the approvals (the
	// audit log's chain and signatures, the approval records, the approved
	// snapshots, an interrupted step): a skill with any must not start.
	Integrity []content.Problem
}

// Build loads and checks the files as the skill sk, speaking with sp, would
// serve them: the answers and prompts in cfs (content.Load), the interaction
// model in mfs (model.Load), the red-flag rules in mfs with their status from
// cfs's audit log (content.RulesTopic), and whether the approvals verify
// (content.Verify). A file that does not load is an error, with its file and
// line; approvals that do not verify are recorded in Integrity. It is the
// one way files become a skill: app.New calls it for an editor's working
// copy, and go generate for the files built into the binary.
func Build(sk *config.Skill, sp content.Signposts, cfs, mfs fs.FS) (*Image, error) {
	store, err := content.Load(cfs, sp)
	if err != nil {
		return nil, err
	}
	var rules []*content.Topic
	if data, err := fs.ReadFile(mfs, RulesFile); err == nil {
		a, _, err := content.LoadAudit(cfs)
		if err != nil {
			return nil, err
		}
		t, err := content.RulesTopic(content.Rules{ID: content.RedFlagsID, File: RulesFileName, Data: data}, a)
		if err != nil {
			return nil, err
		}
		rules = append(rules, t)
	}
	m, err := model.Load(mfs)
	if err != nil {
		return nil, err
	}
	// A route to a missing answer is a start-up error (answers.New); an
	// answer no intent reaches is one too.
	reached := map[string]bool{content.UrgentHelpID: true}
	for _, id := range m.TopicIntents() {
		reached[id] = true
	}
	for _, id := range store.IDs() {
		if !reached[id] {
			return nil, fmt.Errorf("prebuilt: topic %q has no intent in the interaction model", id)
		}
	}
	img := &Image{Skill: sk, Content: store.Freeze(), Model: m,
		Integrity: content.Verify(cfs, append(store.Approvables(), rules...))}
	for _, r := range rules {
		img.Rules = append(img.Rules, content.Freeze(r))
	}
	return img, nil
}

// Embedded builds the image of the files built into the binary (skill.yaml,
// content/ and intents/) for skill.yaml's own nation, with their
// fingerprint: what go generate writes into package embedded.
func Embedded() (*Image, error) {
	sk, err := config.Embedded()
	if err != nil {
		return nil, err
	}
	sp, err := sk.SignpostsFor("")
	if err != nil {
		return nil, err
	}
	img, err := Build(sk, sp, contentfiles.FS, intents.FS)
	if err != nil {
		return nil, err
	}
	if img.Fingerprint, err = EmbeddedFingerprint(); err != nil {
		return nil, err
	}
	return img, nil
}

// Thaw returns the image's answers and prompts filled for sp, with the
// rules folded into the content version (content.Store.Include), and the
// rules. Signposting other than the image was checked with is refused
// (content.FrozenStore.Thaw).
func (img *Image) Thaw(sp content.Signposts) (*content.Store, []*content.Topic, error) {
	store, err := img.Content.Thaw(sp)
	if err != nil {
		return nil, nil, err
	}
	rules := make([]*content.Topic, len(img.Rules))
	for i, r := range img.Rules {
		rules[i] = r.Thaw()
	}
	store.Include(rules...)
	return store, rules, nil
}

// EmbeddedFingerprint is a CRC-32C (Castagnoli) of every file built into the
// binary that an image is made from: skill.yaml, content/ (answers, prompts,
// audit log, approved snapshots) and intents/, with their names and lengths.
// An image whose Fingerprint it is was built, checked and verified from these
// files, unless they were changed on purpose to keep the CRC (see app.New
// for why that can only bring back the image built earlier, never unverified
// text). It reads some 440 KB: a CRC, in hardware on amd64 and arm64, takes
// a tenth of the time SHA-256 does.
func EmbeddedFingerprint() (string, error) {
	h := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	buf := make([]byte, 32<<10)
	fmt.Fprintf(h, "skill.yaml\x00%d\x00", len(feedingfriend.ConfigYAML))
	h.Write(feedingfriend.ConfigYAML)
	for _, d := range []struct {
		name string
		fsys fs.FS
	}{{"content", contentfiles.FS}, {"intents", intents.FS}} {
		if err := fingerprint(h, buf, d.name, d.fsys); err != nil {
			return "", fmt.Errorf("prebuilt: fingerprint %s: %w", d.name, err)
		}
	}
	return fmt.Sprintf("crc32c:%08x", h.Sum32()), nil
}

// fingerprint writes every file of fsys, in lexical order, into h: its path
// under dir, its length and its bytes.
func fingerprint(h hash.Hash, buf []byte, dir string, fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := fsys.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil {
			return err
		}
		h.Write(strconv.AppendInt([]byte(dir+"/"+p+"\x00"), fi.Size(), 10))
		h.Write([]byte{0})
		n, err := io.CopyBuffer(h, f, buf)
		if err == nil && n != fi.Size() {
			err = errors.New("short read")
		}
		return err
	})
}
