package studio

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/feedingfriend/skill/internal/content"
)

// listRow is one answer in the list.
type listRow struct {
	ID, Title, Group, Status string
	ReviewDue                string
	ReviewOverdue            bool
	Changed                  bool
	Errors, Warnings         int
}

type listPage struct {
	Rows                   []listRow
	Total                  int
	Status, Group, Q       string
	Statuses               []string
	Groups                 []content.Group
	Counts                 map[string]int
	Filtered               bool
	ChangedCount, DueCount int
}

// list shows every answer with its status, review date and whether it
// changed since approval, filtered by status, group and text.
func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	all, err := s.ws.all()
	if err != nil {
		s.log.Error("studio: list", "err", err)
		s.fail(w, r, http.StatusInternalServerError, "Sorry, there is a problem with the studio", "The answer files cannot be read.")
		return
	}
	q := r.URL.Query()
	p := listPage{Status: q.Get("status"), Group: q.Get("group"), Q: strings.TrimSpace(q.Get("q")),
		Statuses: []string{content.Draft, content.InReview, content.Approved, content.Retired}, Groups: content.Groups,
		Counts: map[string]int{}, Total: len(all)}
	p.Filtered = p.Status != "" || p.Group != "" || p.Q != ""
	now := s.cfg.Now()
	needle := strings.ToLower(p.Q)
	for _, a := range all {
		row := listRow{ID: a.ID, Title: a.ID, Status: "unreadable", Errors: a.Errors, Warnings: a.Warnings}
		var texts []string
		if t := a.Topic; t != nil {
			row.Title, row.Group, row.Status = t.Title, t.Group, t.Status
			if t.Approval != nil {
				row.ReviewDue, row.ReviewOverdue, row.Changed = t.Approval.ReviewDue, t.ReviewOverdue(now), t.ChangedSinceApproval()
			}
			texts = append(t.Texts(), t.ID, t.Title)
		}
		p.Counts[row.Status]++
		if row.Changed {
			p.ChangedCount++
		}
		if row.ReviewOverdue {
			p.DueCount++
		}
		if p.Status == "changed" && !row.Changed || p.Status != "" && p.Status != "changed" && row.Status != p.Status {
			continue
		}
		if p.Group != "" && row.Group != p.Group {
			continue
		}
		if needle != "" && !slices.ContainsFunc(append(texts, a.ID), func(t string) bool { return strings.Contains(strings.ToLower(t), needle) }) {
			continue
		}
		p.Rows = append(p.Rows, row)
	}
	slices.SortFunc(p.Rows, func(a, b listRow) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)), strings.Compare(a.ID, b.ID))
	})
	s.render(w, r, nil, http.StatusOK, "list.html", view{Title: "Answers", Nav: "answers", Page: p})
}

// groupName is how the studio names a group: the help menu's words for it,
// up to its examples ("your own health, like medicines..." is "Your own
// health"). An id that is no group is shown as it is.
func groupName(id string) string {
	for _, g := range content.Groups {
		if g.ID == id {
			name, _, _ := strings.Cut(g.Label, ", like ")
			return capital(name)
		}
	}
	return id
}
