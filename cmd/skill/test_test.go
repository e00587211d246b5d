package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/feedingfriend/skill/internal/channel"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTestCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o600))
		return p
	}
	pass := write("pass.yaml", `tags: [smoke]
conversations:
  - name: latch
    steps:
      - {user: "how do i get a good latch", topic: latch}
  - name: skipped
    skip: true
    steps:
      - {launch: true}
`)
	fail := write("fail.yaml", `conversations:
  - name: wrong topic
    steps:
      - user: how do i get a good latch
        topic: thrush
`)
	bad := write("bad.yaml", `conversations:
  - name: typo
    steps:
      - {user: latch, topik: latch}
`)
	n := len(channel.Names())
	tests := []struct {
		name     string
		args     []string
		wantErr  error
		wantLast string
		want     string
	}{
		{"every platform", []string{pass}, nil, fmt.Sprintf("%d passed, 0 failed, %d skipped", n, n), ""},
		{"flags after the path", []string{pass, "--platform", "text", "--tags", "smoke"}, nil, "1 passed, 0 failed, 1 skipped", ""},
		{"failing file", []string{"--platform", "text", pass, fail}, errTestsFailed, "1 passed, 1 failed, 1 skipped",
			`FAIL ` + fail + `:4: "wrong topic" step 1 (user "how do i get a good latch") on text`},
		{"tags leave out everything", []string{"--tags", "nothing", pass}, nil, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			err := testConversations(context.Background(), &env{strings.NewReader(""), &out, &errb}, tc.args)
			if tc.wantLast == "" {
				assert.ErrorContains(t, err, "no conversation ran")
				return
			}
			assert.ErrorIs(t, err, tc.wantErr)
			lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
			assert.Equal(t, tc.wantLast, lines[len(lines)-1])
			assert.Contains(t, out.String(), tc.want)
		})
	}

	var out, errb bytes.Buffer
	code := run(context.Background(), &env{strings.NewReader(""), &out, &errb}, []string{"test", bad})
	assert.Equal(t, 1, code)
	assert.Contains(t, errb.String(), bad+`:4: unknown key "topik" in a step`)

	code = run(context.Background(), &env{strings.NewReader(""), &out, &errb}, []string{"test", "--platform", "nope", pass})
	assert.Equal(t, 1, code)
	assert.Contains(t, errb.String(), `unknown platform "nope"`)
}
