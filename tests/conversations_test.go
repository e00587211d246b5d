package tests

import (
	"context"
	"path"
	"strings"
	"testing"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/feedingfriend/skill/internal/skilltest"
	"github.com/stretchr/testify/require"
)

// TestConversations runs tests/conversations/*.yaml on every platform. Each
// conversation is a subtest (go test ./tests -run 'TestConversations/urgent.yaml'),
// and each failure is reported with the message `skill test` prints.
func TestConversations(t *testing.T) {
	files, err := skilltest.Load("conversations")
	require.NoError(t, err)
	for _, f := range files {
		f.Path = path.Join("tests", f.Path) // as `skill test` names it from the repository root
	}
	a, err := app.New(app.Config{NLU: true})
	require.NoError(t, err)
	runner, err := skilltest.ForApp(a)
	require.NoError(t, err)
	res, err := runner.Run(context.Background(), files, skilltest.Options{})
	require.NoError(t, err)

	skipped := map[*skilltest.Conversation]string{}
	for _, r := range res.Runs {
		if r.Skipped != "" {
			skipped[r.Conversation] = r.Skipped
		}
	}
	byConv := map[*skilltest.Conversation][]skilltest.Message{}
	for _, m := range skilltest.Messages(res) {
		byConv[m.Conversation] = append(byConv[m.Conversation], m)
	}
	for _, f := range files {
		for _, c := range f.Conversations {
			name := strings.TrimPrefix(f.Path, "tests/conversations/") + "/" + c.Name
			t.Run(name, func(t *testing.T) {
				if why, ok := skipped[c]; ok {
					t.Skip(why)
				}
				for _, m := range byConv[c] {
					t.Error(m.Text)
				}
			})
		}
	}
	t.Logf("platforms %s: %s", strings.Join(runner.Platforms(), ", "), skilltest.Summary(res))
}
