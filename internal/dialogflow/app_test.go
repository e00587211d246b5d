package dialogflow

import (
	"sync"
	"testing"
	"time"

	"github.com/feedingfriend/skill/internal/app"
	"github.com/stretchr/testify/require"
)

// The tests run the real conversation (content, model, NLU guard) behind the
// adapter, with a fixed clock so approval dates cannot change the goldens.
var (
	appOnce sync.Once
	theApp  *app.App
	appErr  error
)

func testApp(t testing.TB) *app.App {
	t.Helper()
	appOnce.Do(func() {
		day := time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)
		theApp, appErr = app.New(app.Config{NLU: true, Now: func() time.Time { return day }})
	})
	require.NoError(t, appErr)
	return theApp
}
