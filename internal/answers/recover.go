package answers

import (
	"context"
	"log/slog"
	"runtime/debug"

	"github.com/feedingfriend/skill/internal/content"
	"github.com/feedingfriend/skill/internal/skill"
)

// Recover is middleware that turns a panic or an internal error in the
// conversation into a safe spoken reply: the parent hears an apology and the
// helpline, the operator's log gets the detail (never the user's words).
func (s *Skill) Recover(log *slog.Logger) skill.Middleware {
	return func(next skill.Handler) skill.Handler {
		return skill.HandlerFunc(func(ctx context.Context, req *skill.Request) (resp *skill.Response, err error) {
			defer func() {
				if p := recover(); p != nil {
					log.Error("panic in conversation", "panic", p, "stack", string(debug.Stack()))
					resp, err = s.safeReply(), nil
				}
			}()
			resp, err = next.Handle(ctx, req)
			if err != nil && skill.KindOf(err) == skill.Internal {
				log.Error("conversation failed", "error", err)
				return s.safeReply(), nil
			}
			return resp, err
		})
	}
}

// safeReply is what the parent hears when something went wrong on our side.
func (s *Skill) safeReply() *skill.Response {
	return &skill.Response{
		Speech:     skill.Say(s.say(content.PromptSorry)),
		Card:       newCard(s.signs.SkillName, s.say(content.PromptHelplineCard)),
		EndSession: true,
		Outcome:    skill.OutcomeError,
		Approved:   s.ownApproved(),
	}
}
