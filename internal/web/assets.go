package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
)

//go:embed static
var staticFS embed.FS

// asset is one file the page loads, with a hash of its bytes that its URL
// carries, so a browser may keep it as long as it likes.
type asset struct {
	body        []byte
	contentType string
	hash        string
}

// assets are the page's files, read once at start-up: the embedded ones and
// theme.css, drawn from the configured colours.
type assets struct{ files map[string]asset }

func newAssets(t Theme) (*assets, error) {
	a := &assets{files: map[string]asset{}}
	for name, ct := range map[string]string{
		"chat.css": "text/css; charset=utf-8",
		"chat.js":  "text/javascript; charset=utf-8",
	} {
		b, err := staticFS.ReadFile("static/" + name)
		if err != nil {
			return nil, fmt.Errorf("web: %w", err)
		}
		a.add(name, ct, b)
	}
	a.add("theme.css", "text/css; charset=utf-8", []byte(themeCSS(t)))
	return a, nil
}

func (a *assets) add(name, ct string, b []byte) {
	sum := sha256.Sum256(b)
	a.files[name] = asset{body: b, contentType: ct, hash: hex.EncodeToString(sum[:6])}
}

// url is where the page loads name from.
func (a *assets) url(name string) string {
	return "/chat/assets/" + name + "?v=" + a.files[name].hash
}

func (a *assets) serve(w http.ResponseWriter, r *http.Request) {
	f, ok := a.files[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.contentType)
	if r.URL.Query().Get("v") == f.hash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Header().Set("ETag", `"`+f.hash+`"`)
	if r.Header.Get("If-None-Match") == `"`+f.hash+`"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, _ = w.Write(f.body)
}

// themeCSS sets the page's colours: the header, links and focus ring from
// Colour, the main button from ButtonColour, each with a darker shade for
// the button's edge and pressed state, as the NHS.UK design system does.
func themeCSS(t Theme) string {
	return fmt.Sprintf(`:root{--ff-colour:%s;--ff-colour-dark:%s;--ff-button:%s;--ff-button-dark:%s;--ff-button-hover:%s}
`, t.Colour, shade(t.Colour, 0.5), t.ButtonColour, shade(t.ButtonColour, 0.5), shade(t.ButtonColour, 0.8))
}

// rgb reads #rrggbb.
func rgb(hexColour string) [3]float64 {
	var out [3]float64
	for i := range 3 {
		v, _ := strconv.ParseUint(strings.TrimPrefix(hexColour, "#")[2*i:2*i+2], 16, 8)
		out[i] = float64(v)
	}
	return out
}

// shade darkens a colour to f of its brightness.
func shade(hexColour string, f float64) string {
	c := rgb(hexColour)
	return fmt.Sprintf("#%02x%02x%02x", int(c[0]*f), int(c[1]*f), int(c[2]*f))
}

// luminance is WCAG 2's relative luminance.
func luminance(hexColour string) float64 {
	c := rgb(hexColour)
	var l [3]float64
	for i, v := range c {
		v /= 255
		if v <= 0.04045 {
			l[i] = v / 12.92
		} else {
			l[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}

// contrast is WCAG 2's contrast ratio of two colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}
