package studio

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/feedingfriend/skill/internal/content"
)

var replaceRE = regexp.MustCompile(`name="replace" value="([0-9a-f]{64})"`)

// TestConflictingSaveShowsTheirChangeAndAsks: when someone else saved the
// answer after you opened it, saving shows their change beside yours and
// asks; saving again does not overwrite theirs until you choose to replace
// the version you were shown.
func TestConflictingSaveShowsTheirChangeAndAsks(t *testing.T) {
	dir, srv := newTestStudio(t)
	name := filepath.Join(dir, "content", "latch.yaml")
	ann := newClient(t, srv.URL)
	ann.login(editorName, editorPassword)
	_, page := ann.get("/answers/latch/edit")
	annForm := formOfPage(page)
	annForm.Set("answer", "Ann's short answer about the latch.")

	bea := newClient(t, srv.URL)
	bea.login(clinicianName, clinicianPassword)
	_, page = bea.get("/answers/latch/edit")
	beaForm := formOfPage(page)
	beaForm.Set("answer", "Bea's short answer about the latch.")
	resp, body := bea.postForm("/answers/latch/edit", beaForm)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, body)
	theirs := read(t, name)
	require.Contains(t, theirs, "Bea's short answer")

	var replace string
	for i, step := range []string{"first save", "saving again without choosing"} {
		t.Run(step, func(t *testing.T) {
			resp, body := ann.postForm("/answers/latch/edit", annForm)
			// Next time, send the form as the page now has it (a browser
			// pressing Save again, not the replace button).
			annForm = formOfPage(body)
			assert.Equal(t, "Ann's short answer about the latch.", annForm.Get("answer"))
			assert.Equal(t, http.StatusConflict, resp.StatusCode)
			assert.Contains(t, body, "Someone else saved this answer")
			assert.Contains(t, body, clinicianName, "who saved it")
			assert.Contains(t, body, `<span class="nhsuk-u-visually-hidden">Theirs: </span>-  Bea&#39;s short answer about the latch.`, "their change is shown")
			assert.Contains(t, body, `<span class="nhsuk-u-visually-hidden">Yours: </span>&#43;  Ann&#39;s short answer about the latch.`, "beside yours")
			assert.Contains(t, body, "Ann&#39;s short answer about the latch.</textarea>", "your text is kept in the form")
			m := replaceRE.FindStringSubmatch(body)
			require.NotNil(t, m, "the page asks whether to replace their version")
			replace = m[1]
			assert.Equal(t, theirs, read(t, name), "step %d: nothing is saved", i+1)
		})
	}
	t.Run("a stale choice is asked again", func(t *testing.T) {
		f := cloneValues(annForm)
		f.Set("replace", fileHash([]byte("some older version")))
		resp, _ := ann.postForm("/answers/latch/edit", f)
		assert.Equal(t, http.StatusConflict, resp.StatusCode)
		assert.Equal(t, theirs, read(t, name))
	})
	t.Run("choosing to replace the version shown saves yours", func(t *testing.T) {
		f := cloneValues(annForm)
		f.Set("replace", replace)
		resp, body := ann.postForm("/answers/latch/edit", f)
		require.Equal(t, http.StatusSeeOther, resp.StatusCode, body)
		assert.Contains(t, read(t, name), "Ann's short answer")
		a, probs, err := content.LoadAudit(os.DirFS(filepath.Join(dir, "content")))
		require.NoError(t, err)
		require.Empty(t, probs)
		last, _ := a.Last("latch")
		assert.Equal(t, editorName, last.By)
		assert.Contains(t, last.Note, "replacing a version saved by "+clinicianName)
	})
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, x := range v {
		out[k] = append([]string(nil), x...)
	}
	return out
}
