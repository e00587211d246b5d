package attack

import (
	"fmt"
	"strings"
)

// Totals sums the table.
func Totals(rs []Result) (tried, refused, lost int) {
	for _, r := range rs {
		tried, refused, lost = tried+r.Tried, refused+r.Refused, lost+r.Lost
	}
	return tried, refused, lost
}

// Markdown renders the table, a section per group, with an example of each
// refusal.
func Markdown(rs []Result) string {
	var b strings.Builder
	group := ""
	for _, r := range rs {
		if r.Group != group {
			group = r.Group
			fmt.Fprintf(&b, "\n**%s**\n\n| case | tried | refused cleanly | data lost | first refusal, as reported |\n|---|---|---|---|---|\n", upper(group))
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %s |\n", r.Case, r.Tried, r.Refused, r.Lost, cell(r.Example))
	}
	tried, refused, lost := Totals(rs)
	fmt.Fprintf(&b, "\n**Total: %d tried, %d refused cleanly, %d data lost.**\n", tried, refused, lost)
	for _, r := range rs {
		for _, f := range r.Failures {
			fmt.Fprintf(&b, "\nNOT REFUSED CLEANLY: %s: %s\n", r.Case, f)
		}
	}
	return b.String()
}

func upper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// cell makes a refusal fit one table cell: one line, a path cut to its
// content directory, pipes escaped, long text shortened.
func cell(s string) string {
	s = firstLine(s)
	if i := strings.Index(s, "/try-"); i >= 0 {
		if j := strings.Index(s[i+1:], "/"); j >= 0 {
			s = s[:strings.LastIndex(s[:i], " ")+1] + s[i+1+j+1:]
		}
	}
	s = strings.ReplaceAll(s, "|", "\\|")
	if len(s) > 160 {
		s = s[:157] + "..."
	}
	return "`" + strings.ReplaceAll(s, "`", "'") + "`"
}
