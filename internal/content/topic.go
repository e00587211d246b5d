package content

import (
	"encoding/json"
	"strings"
	"time"
)

// Statuses of an answer's lifecycle.
const (
	Draft    = "draft"
	InReview = "in-review"
	Approved = "approved"
	Retired  = "retired"
)

// Groups are the help menu's sections, in menu order.
var Groups = []Group{
	{"getting-started", "getting started, like latching and feeding positions"},
	{"going-well", "knowing feeding is going well, like nappies and weight"},
	{"problems", "problems, like sore nipples or mastitis"},
	{"expressing", "expressing and storing milk"},
	{"your-health", "your own health, like medicines, food and drink"},
	{"life", "life and work, like feeding in public or going back to work"},
	{"safety", "urgent help and where to get support"},
}

// Group is one section of the help menu.
type Group struct {
	ID    string
	Label string
}

// Topic is one answer, as written in its file.
type Topic struct {
	ID          string    `yaml:"id"`
	Title       string    `yaml:"title"`
	Group       string    `yaml:"group"`
	Status      string    `yaml:"status"`
	Answer      string    `yaml:"answer"`
	More        []string  `yaml:"more,omitempty"`
	Card        string    `yaml:"card"`
	Related     []string  `yaml:"related,omitempty"`
	Sources     []Source  `yaml:"sources"`
	Variants    []Variant `yaml:"variants,omitempty"`
	ReviewNotes []string  `yaml:"review_notes,omitempty"`
	Approval    *Approval `yaml:"approval,omitempty"`

	// File is the file name the topic was loaded from.
	File string `yaml:"-"`
	// Hash is the hash of the canonical clinical text (see Canonical).
	Hash string `yaml:"-"`
	// StatusLine and ApprovalLine are where the status and approval fields
	// are in File, for problems.
	StatusLine, ApprovalLine int `yaml:"-"`

	// values are what the placeholders of the text stand for, per nation
	// (see BindSignposts): part of the approved text.
	values map[string]map[string]string
	// prompts is set when this is the skill's own words (prompts.yaml) as
	// the lifecycle sees them, not an answer.
	prompts *Prompts
	// rules is set when this is rules outside the content directory (the
	// red-flag rules, RulesTopic): their meaning, as YAML decoded it, in
	// JSON (maps with sorted keys), so that it can be kept and compared.
	rules json.RawMessage
}

// IsPrompts reports whether t stands for the skill's own words
// (prompts.yaml) rather than an answer.
func (t *Topic) IsPrompts() bool { return t.prompts != nil }

// BindSignposts records the values t's placeholders take in every nation as
// sp is configured (Signposts.Nations) and sets t.Hash over the clinical text
// and those values: the approval hash. Loading does it; code that decodes an
// answer file itself must do it too.
func (t *Topic) BindSignposts(sp Signposts) {
	t.values = usedValues(t.Texts(), sp)
	t.Hash = Hash(t)
}

// Source is where the advice comes from and when someone last checked it.
type Source struct {
	URL     string `yaml:"url"`
	Checked string `yaml:"checked"`
}

// Variant is an answer for a range of baby ages, or for a named case (urgent-help
// uses the keys "emergency" and "urgent").
type Variant struct {
	Age    string   `yaml:"age,omitempty"`
	Key    string   `yaml:"key,omitempty"`
	Answer string   `yaml:"answer"`
	More   []string `yaml:"more,omitempty"`
	Card   string   `yaml:"card,omitempty"`

	// Range is the parsed Age.
	Range AgeRange `yaml:"-"`
}

// Approval is a clinician's sign-off, written only by the approval tool.
type Approval struct {
	By   string `yaml:"by"`
	Role string `yaml:"role"`
	// Registration is the approver's professional registration.
	Registration string `yaml:"registration,omitempty"`
	On           string `yaml:"on"`
	ReviewDue    string `yaml:"review_due"`
	Hash         string `yaml:"hash"`
	Note         string `yaml:"note,omitempty"`
}

// DateLayout is how dates are written in the files.
const DateLayout = "2006-01-02"

// ChangedSinceApproval reports whether the text differs from what was approved.
func (t *Topic) ChangedSinceApproval() bool {
	return t.Approval != nil && t.Approval.Hash != t.Hash
}

// ReviewOverdue reports whether the approval's review date has passed at now.
func (t *Topic) ReviewOverdue(now time.Time) bool {
	if t.Approval == nil {
		return false
	}
	due, err := time.Parse(DateLayout, t.Approval.ReviewDue)
	return err != nil || !now.Before(due.AddDate(0, 0, 1))
}

// ServableAsApproved reports whether the answer is approved, unchanged since
// approval and within its review date at now.
func (t *Topic) ServableAsApproved(now time.Time) bool {
	return t.Status == Approved && t.Approval != nil && !t.ChangedSinceApproval() && !t.ReviewOverdue(now)
}

// ForAge returns the variant for a baby of ageDays (ok false when none fits or the
// age is unknown, ageDays < 0).
func (t *Topic) ForAge(ageDays int) (Variant, bool) {
	if ageDays < 0 {
		return Variant{}, false
	}
	for _, v := range t.Variants {
		if v.Age != "" && v.Range.Contains(ageDays) {
			return v, true
		}
	}
	return Variant{}, false
}

// ForKey returns the variant with the given key.
func (t *Topic) ForKey(key string) (Variant, bool) {
	for _, v := range t.Variants {
		if key != "" && v.Key == key {
			return v, true
		}
	}
	return Variant{}, false
}

// HasAgeVariants reports whether the answer changes with the baby's age.
func (t *Topic) HasAgeVariants() bool {
	for _, v := range t.Variants {
		if v.Age != "" {
			return true
		}
	}
	return false
}

// Texts returns every piece of text in the topic that is shown or spoken, in a
// fixed order, for checks and searches.
func (t *Topic) Texts() []string {
	if t.prompts != nil {
		return t.prompts.texts()
	}
	if t.rules != nil {
		return nil
	}
	out := []string{t.Title, t.Answer}
	out = append(out, t.More...)
	out = append(out, t.Card)
	for _, v := range t.Variants {
		out = append(out, v.Answer)
		out = append(out, v.More...)
		out = append(out, v.Card)
	}
	return out
}

// Spoken returns the spoken texts only (answers and further parts).
func (t *Topic) Spoken() []string {
	out := append([]string{t.Answer}, t.More...)
	for _, v := range t.Variants {
		out = append(out, v.Answer)
		out = append(out, v.More...)
	}
	return out
}

// WordCount counts words in s.
func WordCount(s string) int { return len(strings.Fields(s)) }
