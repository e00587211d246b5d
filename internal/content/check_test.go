package content

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	contentfiles "github.com/feedingfriend/skill/content"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// clean is an answer with no findings; each case below breaks one rule.
const clean = `id: latch
title: Latch
group: getting-started
status: draft
answer: >-
  Hold your baby close. Their nose is level with your nipple.
more:
  - >-
    If it hurts, gently break the suction and try again. Call
    {{helpline_name}} on {{helpline_number}}.
card: |-
  Latch
  Help: {{helpline_number}}
related: [helplines]
sources:
  - url: https://www.nhs.uk/x
    checked: 2026-11-25
`

func TestCheckFindings(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	approval := "approval:\n  by: Dr Bea Lead\n  role: CSO\n  on: 2026-01-10\n  review_due: %s\n  hash: %s\n"
	approvedWith := func(due, hash string) string {
		return strings.Replace(clean, "status: draft", "status: approved", 1) + strings.NewReplacer("%s", "").Replace(
			strings.Replace(strings.Replace(approval, "%s", due, 1), "%s", hash, 1))
	}
	cleanHash := func() string {
		tp, _, probs := parseFile("latch.yaml", []byte(clean), england())
		require.Empty(t, probs)
		return tp.Hash
	}()
	long := "Hold your baby close to you with their head and body in a straight line and their nose level with your nipple when you start."
	tests := []struct {
		name     string
		file     string
		release  bool
		kind     string
		severity Severity
		line     int
		msg      string
	}{
		{"long sentence", strings.Replace(clean, "Hold your baby close.", long, 1), false, KindSentenceLength, SeverityWarning, 6, "sentence has 25 words"},
		{"long sentence on its line", strings.Replace(clean, "gently break the suction", "gently break the suction with a clean finger in the corner of their mouth, then wait a moment and", 1), false, KindSentenceLength, SeverityWarning, 9, "more[0]"},
		{"placeholders count as one word", strings.Replace(clean, "Hold your baby close.", "Call {{ helpline_name }} {{helpline_name}} a b c d e f g h i j k l m n o p q r.", 1), false, KindSentenceLength, SeverityWarning, 6, "sentence has 21 words"},
		{"four sentences", strings.Replace(clean, "Hold your baby close.", "Hold on. Hold on. Hold on.", 1), false, KindParagraph, SeverityWarning, 5, "4 sentences"},
		{"slow first answer", strings.Replace(clean, "Hold your baby close.", strings.Repeat("Hold your baby close. ", 2)+strings.Repeat("Hold them close now, ", 11)+"ok.", 1), false, KindSpeakingTime, SeverityWarning, 5, "about 24 seconds"},
		{"over the platform limit", strings.Replace(clean, "try again.", "try again."+strings.Repeat(" Try again.", 800), 1), false, KindPlatformLimit, SeverityError, 8, "must stay under 8000"},
		{"markup", strings.Replace(clean, "Hold your baby close.", "Hold baby & you close.", 1), false, KindMarkup, SeverityWarning, 5, "< > or &"},
		{"dash range", strings.Replace(clean, "Hold your baby close.", "Feed 8-12 times a day.", 1), false, KindNumbers, SeverityWarning, 6, `range "8-12"`},
		{"en dash range on card", strings.Replace(clean, "  Latch\n", "  Latch 2 – 3 days\n", 1), false, KindNumbers, SeverityWarning, 12, `range "2 – 3"`},
		{"number word", strings.Replace(clean, "try again.", "try two times.", 1), false, KindNumbers, SeverityWarning, 9, `"two": use numerals`},
		{"percentage", strings.Replace(clean, "Hold your baby close.", "It helps 80% of babies.", 1), false, KindNumbers, SeverityWarning, 6, "1 in 10"},
		{"should", strings.Replace(clean, "try again.", "you should try again.", 1), false, KindStyle, SeverityWarning, 9, `avoid "should"`},
		{"http source", strings.Replace(clean, "https://www.nhs.uk/x", "http://www.nhs.uk/x", 1), false, KindSources, SeverityWarning, 16, "use the https address"},
		{"source not checked for a year", strings.Replace(clean, "2026-11-25", "2025-10-01", 1), false, KindSources, SeverityWarning, 16, "over 12 months ago"},
		{"number not on card", strings.Replace(clean, "Help: {{helpline_number}}", "Help", 1), false, KindCardNumbers, SeverityError, 11, "card must also show the number(s) spoken: {{helpline_number}}"},
		{"red flag without urgent-help", strings.Replace(clean, "try again.", "try again. If baby is floppy, call {{emergency_number}}.", 1), false, KindRedFlag, SeverityWarning, 9, "related does not include urgent-help"},
		{"unknown placeholder", strings.Replace(clean, "try again.", "call {{nhs_direct}}.", 1), false, KindPlaceholders, SeverityError, 8, "unknown placeholder {{nhs_direct}}"},
		{"review overdue", approvedWith("2026-11-30", cleanHash), false, KindReview, SeverityError, 18, "clinical review was due 2026-11-30"},
		{"review due soon", approvedWith("2026-12-20", cleanHash), false, KindReview, SeverityWarning, 18, "due 2026-12-20, within 30 days"},
		{"changed since approval", approvedWith("2027-11-30", "0ld"), false, KindRelease, SeverityWarning, 18, "changed since approval on 2026-01-10 by Dr Bea Lead"},
		{"changed since approval, release", approvedWith("2027-11-30", "0ld"), true, KindRelease, SeverityError, 18, "skill content diff latch"},
		{"draft, release", clean, true, KindRelease, SeverityError, 4, "status draft: a release serves only approved answers"},
		{"load problem", strings.Replace(clean, "group: getting-started", "group: misc", 1), false, KindLoad, SeverityError, 3, `group "misc"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := CheckFile("latch.yaml", []byte(tc.file), CheckOptions{Now: now, Release: tc.release})
			var match []Finding
			for _, f := range got {
				if f.Kind == tc.kind {
					match = append(match, f)
				}
			}
			require.Len(t, match, 1, "want one %s finding, got %v", tc.kind, got)
			f := match[0]
			assert.Equal(t, tc.severity, f.Severity)
			assert.Equal(t, tc.line, f.Line, "%s", f)
			assert.Contains(t, f.String(), tc.msg)
			assert.True(t, strings.HasPrefix(f.String(), "latch.yaml:"), f.String())
		})
	}
	t.Run("clean", func(t *testing.T) {
		assert.Empty(t, CheckFile("latch.yaml", []byte(clean), CheckOptions{Now: now}))
		assert.Empty(t, CheckFile("latch.yaml", []byte(approvedWith("2027-11-30", cleanHash)), CheckOptions{Now: now, Release: true}))
	})
}

func TestCheckPlaceholdersForEveryNation(t *testing.T) {
	tp, _, probs := parseFile("latch.yaml", []byte(clean), england())
	require.Empty(t, probs)
	england, _ := NationSignposts("england")
	broken := england
	broken.Nation, broken.HelplineNumber = "atlantis", ""
	got := Check(tp, CheckOptions{Signposts: []Signposts{england, broken}})
	require.NotEmpty(t, got)
	for _, f := range got {
		assert.Equal(t, KindPlaceholders, f.Kind)
		assert.Equal(t, SeverityError, f.Severity)
		assert.Contains(t, f.Msg, "{{helpline_number}} has no value for atlantis")
		assert.Equal(t, 0, f.Line, "Check on a topic has fields, not lines")
		assert.NotEmpty(t, f.Field)
	}
}

func TestCheckDoesNotChangeTheTopic(t *testing.T) {
	tp, _, _ := parseFile("latch.yaml", []byte(strings.Replace(clean, "try again.", "try two times.", 1)), england())
	before := Hash(tp)
	Check(tp, CheckOptions{Release: true})
	assert.Equal(t, before, Hash(tp))
}

// TestShippedDraftsPassCheck holds the rule that the answers in content/ have
// no errors (warnings are advice for the editors), and that a release of them
// is refused because none is approved.
func TestShippedDraftsPassCheck(t *testing.T) {
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	got, err := CheckAll(contentfiles.FS, CheckOptions{Now: now})
	require.NoError(t, err)
	for _, f := range got {
		assert.Equal(t, SeverityWarning, f.Severity, "%s", f)
		assert.NotZero(t, f.Line, "%s", f)
	}
	rel, err := CheckAll(contentfiles.FS, CheckOptions{Now: now, Release: true})
	require.NoError(t, err)
	sp, _ := NationSignposts("england")
	s, err := Load(contentfiles.FS, sp)
	require.NoError(t, err)
	assert.Equal(t, len(s.IDs())+1, Errors(rel), "every draft, and the draft prompts, fail a release")
}

func TestCheckAllReportsLoadProblemsOnce(t *testing.T) {
	dir := copyContent(t)
	path := filepath.Join(dir, "latch.yaml")
	data := readFile(t, dir, "latch.yaml")
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(data, "related: [positions", "related: [unicorns, positions", 1)), 0o644))
	got, err := CheckAll(os.DirFS(dir), CheckOptions{})
	require.NoError(t, err)
	var load []Finding
	for _, f := range got {
		if f.Kind == KindLoad {
			load = append(load, f)
		}
	}
	require.Len(t, load, 1, "%v", load)
	assert.Equal(t, `latch.yaml:29: error: related topic "unicorns" does not exist [load]`, load[0].String())
}

func TestReadingAge(t *testing.T) {
	tests := []struct {
		text     string
		min, max float64
	}{
		{"Hold your baby close. Feed when they are hungry.", 5, 8},
		{"Antiretroviral medication considerations necessitate individualised pharmacological consultation.", 20, 60},
		{"", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			got := ReadingAge(tc.text)
			assert.GreaterOrEqual(t, got, tc.min)
			assert.LessOrEqual(t, got, tc.max)
		})
	}
}

func TestSyllables(t *testing.T) {
	tests := []struct {
		word string
		want int
	}{
		{"baby", 2}, {"close", 1}, {"feed", 1}, {"little", 2}, {"medicine", 3}, {"0300", 2}, {"8", 1}, {"a", 1},
	}
	for _, tc := range tests {
		t.Run(tc.word, func(t *testing.T) {
			assert.Equal(t, tc.want, Syllables(tc.word))
		})
	}
}

// TestHazardLogNamesRealTests holds the clinical safety file to the code: every
// test the hazard log cites as evidence for a control must exist in the package
// it names, and every hazard must cite at least one.
func TestHazardLogNamesRealTests(t *testing.T) {
	root := filepath.Join("..", "..")
	data, err := os.ReadFile(filepath.Join(root, "docs", "clinical-safety", "hazard-log.md"))
	require.NoError(t, err)
	cite := regexp.MustCompile("`(Test\\w+)` in `((?:internal|cmd)/[\\w/-]+)`")
	hazards := regexp.MustCompile(`(?m)^## (H\d+) `)
	sections := hazards.FindAllStringSubmatchIndex(string(data), -1)
	require.GreaterOrEqual(t, len(sections), 12, "hazards H1 to H12 at least")
	total := 0
	for i, sec := range sections {
		end := len(data)
		if i+1 < len(sections) {
			end = sections[i+1][0]
		}
		id := string(data[sec[2]:sec[3]])
		assert.Equal(t, fmt.Sprintf("H%d", i+1), id, "hazards are numbered in order")
		cites := cite.FindAllStringSubmatch(string(data[sec[0]:end]), -1)
		assert.NotEmpty(t, cites, "%s cites no test", id)
		for _, c := range cites {
			total++
			name, pkg := c[1], c[2]
			files, err := filepath.Glob(filepath.Join(root, pkg, "*_test.go"))
			require.NoError(t, err)
			found := false
			for _, f := range files {
				src, err := os.ReadFile(f)
				require.NoError(t, err)
				if strings.Contains(string(src), "func "+name+"(t *testing.T)") {
					found = true
					break
				}
			}
			assert.True(t, found, "%s cites %s in %s, which does not exist", id, name, pkg)
		}
	}
	assert.Greater(t, total, 20)
}

// england is England's built-in signposting.
func england() Signposts {
	sp, _ := NationSignposts("england")
	return sp
}
