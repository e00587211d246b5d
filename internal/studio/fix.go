package studio

import (
	"regexp"
	"strings"

	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/lazyre"
)

// fix turns one kind of message from content's loader or checks into an
// error message that says what to do, NHS.UK style ("Enter a title", not
// "title is missing"), and puts it beside the field to change.
type fix struct {
	re func() *regexp.Regexp
	// field, when set, moves the error to that field of the source or
	// variant the message is about (".checked", ".age"): the loader reports
	// such problems at the item, not at the field.
	field string
	// say is the message, from the field's label ("the age of variant 2"),
	// the item's label ("variant 2") and the submatches of re.
	say func(field, item string, m []string) string
}

// fixes are the messages the studio knows how to put right, each once. A
// message none matches is shown as content words it, after its field's
// label (TestFixesCoverContent keeps the list complete).
var fixes = []fix{
	{re: lazyre.New(`^title is missing$`), say: func(_, _ string, _ []string) string { return "Enter a title" }},
	{re: lazyre.New(`^(?:\w+ )?is (?:empty|missing)(?:: .*)?$`), say: func(f, _ string, _ []string) string { return "Enter " + f }},
	{re: lazyre.New(`^has (\d+) words: a first answer must fit in one or two breaths \(at most (\d+)\)$`), say: func(f, _ string, m []string) string {
		return "Shorten " + f + " to " + m[2] + " words or fewer: it has " + m[1]
	}},
	{re: lazyre.New(`^(?:\w+: )?unknown placeholder (.+) \(known: (.+)\)$`), say: func(f, _ string, m []string) string {
		return "Replace " + m[1] + " in " + f + " with a name or number the skill knows: " + braced(m[2])
	}},
	{re: lazyre.New(`^(?:card )?must also show the number\(s\) spoken: (.+)$`), say: func(f, _ string, m []string) string {
		return "Add " + m[1] + " to " + f + ": every number spoken must be written on the card"
	}},
	{re: lazyre.New(`^at least one source is needed$`), say: func(_, _ string, _ []string) string { return "Enter the web address of at least one source" }},
	{re: lazyre.New(`^source "(.*)" is not a web address$`), field: ".url", say: func(_, item string, _ []string) string {
		return "Enter the web address of " + item + " in full, starting https://"
	}},
	{re: lazyre.New(`^source "(.*)": want an https address$`), field: ".url", say: func(_, item string, _ []string) string {
		return "Enter the web address of " + item + " starting https://"
	}},
	{re: lazyre.New(`^source checked date "(.*)": want YYYY-MM-DD$`), field: ".checked", say: func(f, _ string, _ []string) string {
		return "Enter " + f + " as year-month-day, for example 2026-11-25"
	}},
	{re: lazyre.New(`^variant has both age and key; use one$`), field: ".key", say: func(_, item string, _ []string) string {
		return "Remove the key or the age of " + item + ": a variant has one or the other"
	}},
	{re: lazyre.New(`^variant needs an age \(.*\) or a key$`), field: ".age", say: func(_, item string, _ []string) string {
		return "Enter an age or a key for " + item
	}},
	{re: lazyre.New(`^age "(.*)": want .*$`), field: ".age", say: func(f, _ string, _ []string) string {
		return "Enter " + f + " like 0 to 2 days, 2 to 6 weeks or from 6 weeks"
	}},
	{re: lazyre.New(`^age "(.*)" overlaps another variant$`), field: ".age", say: func(f, _ string, m []string) string {
		return "Change " + f + ": " + m[1] + " overlaps the age of another variant"
	}},
	{re: lazyre.New(`^variant key "(.*)" is used twice$`), field: ".key", say: func(f, _ string, m []string) string {
		return "Change " + f + ": another variant has the key " + m[1]
	}},
	{re: lazyre.New(`^urgent-help needs a variant with key "(.*)"$`), say: func(_, _ string, m []string) string {
		return "Add a variant with the key " + m[1] + ": urgent help needs one"
	}},
	{re: lazyre.New(`^related topic "(.*)" does not exist$`), say: func(_, _ string, m []string) string {
		return "Remove " + m[1] + " from related topics, or enter the id of an answer that exists"
	}},
	{re: lazyre.New(`^a topic cannot be related to itself$`), say: func(_, _ string, _ []string) string {
		return "Remove this answer's own id from related topics"
	}},
	{re: lazyre.New(`^(\d+) characters with (\S+) signposting: speech and cards must stay under (\d+)$`), say: func(f, _ string, m []string) string {
		return "Shorten " + f + " to under " + m[3] + " characters: it has " + m[1] + " with " + m[2] + "'s names and numbers"
	}},
	{re: lazyre.New(`^\{\{(\w+)\}\} has no value for (\S+)$`), say: func(f, _ string, m []string) string {
		return "Remove {{" + m[1] + "}} from " + f + ", or give it a value for " + m[2] + " in skill.yaml"
	}},
	{re: lazyre.New(`^a placeholder is left unfilled for (\S+)$`), say: func(f, _ string, m []string) string {
		return "Replace the placeholder in " + f + " that has no value for " + m[1]
	}},
}

// braced writes "a, b" as "{{a}}, {{b}}", as an editor types them.
func braced(names string) string {
	parts := strings.Split(names, ", ")
	for i, p := range parts {
		parts[i] = "{{" + p + "}}"
	}
	return strings.Join(parts, ", ")
}

// itemRE finds the source or variant a content path is in.
var itemRE = lazyre.New(`^(?:sources|variants)\[\d+\]`)

// errorOf turns a blocking finding into an error summary entry beside its
// field, in the NHS.UK way: say what to do (see fixes).
func errorOf(f content.Finding, at map[string]target, lineAt func(int) string) fieldError {
	path, msg := f.Field, f.Msg
	linePath := ""
	if f.Line > 0 {
		linePath = lineAt(f.Line)
	}
	if m := pathRE().FindStringSubmatch(msg); m != nil {
		msg = strings.TrimLeft(strings.TrimPrefix(msg, m[1]), ": ")
		if path == "" {
			// The loader names "card" where a variant's card is meant; the
			// line says which variant.
			path = m[1]
			if item := itemRE().FindString(linePath); item != "" && !strings.Contains(path, "[") {
				path = item + "." + path
			}
		}
	}
	if path == "" {
		path = linePath
	}
	t, ok := targetOf(at, path)
	if !ok {
		return fieldError{Msg: capital(f.Msg)}
	}
	i, m := fixFor(msg)
	if i < 0 {
		return fieldError{ID: t.ID, Msg: capital(t.Label) + ": " + msg}
	}
	item := t
	if p := itemRE().FindString(path); p != "" {
		item = at[p]
		if ft, ok := at[p+fixes[i].field]; ok && fixes[i].field != "" {
			t = ft
		}
	}
	return fieldError{ID: t.ID, Msg: fixes[i].say(t.Label, item.Label, m)}
}

// fixFor returns the index in fixes of the fix for msg (the message without
// its field's path) and the submatches; -1 when there is none.
func fixFor(msg string) (int, []string) {
	for i, x := range fixes {
		if m := x.re().FindStringSubmatch(msg); m != nil {
			return i, m
		}
	}
	return -1, nil
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
