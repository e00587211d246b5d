package icon

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strings"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// The sizes Alexa asks for, in pixels (square).
const (
	Small = 108
	Large = 512
)

// Colours of a generated icon: white on NHS blue.
var (
	background = color.RGBA{0x00, 0x5e, 0xb8, 0xff}
	foreground = color.RGBA{0xff, 0xff, 0xff, 0xff}
)

// Initials are the letters an icon shows: the first letter of each of the
// first two words of name, in capitals ("Feeding Friend": "FF"), or its first
// two letters when it has one word.
func Initials(name string) string {
	var words []string
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		words = append(words, w)
	}
	var out []rune
	switch {
	case len(words) == 0:
		return "?"
	case len(words) == 1:
		out = []rune(words[0])
		if len(out) > 2 {
			out = out[:2]
		}
	default:
		out = []rune{[]rune(words[0])[0], []rune(words[1])[0]}
	}
	return strings.ToUpper(string(out))
}

// Generate draws a size x size PNG icon with the initials of name.
func Generate(name string, size int) ([]byte, error) {
	if size < 16 {
		return nil, fmt.Errorf("icon: size %d is too small", size)
	}
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	draw.Draw(img, img.Bounds(), &image.Uniform{background}, image.Point{}, draw.Src)

	f, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return nil, fmt.Errorf("icon: font: %w", err)
	}
	text := Initials(name)
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: float64(size) * 0.42, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, fmt.Errorf("icon: font: %w", err)
	}
	defer face.Close()
	d := &font.Drawer{Dst: img, Src: &image.Uniform{foreground}, Face: face}
	// Centre the ink of the text, not its advance box.
	bounds, _ := d.BoundString(text)
	w := bounds.Max.X - bounds.Min.X
	h := bounds.Max.Y - bounds.Min.Y
	half := fixed.I(size) / 2
	d.Dot = fixed.Point26_6{X: half - w/2 - bounds.Min.X, Y: half - h/2 - bounds.Min.Y}
	d.DrawString(text)

	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("icon: %w", err)
	}
	return buf.Bytes(), nil
}

// Check reports whether b is a PNG of size x size pixels.
func Check(b []byte, size int) error {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("not a PNG image: %w", err)
	}
	if format != "png" {
		return fmt.Errorf("a %s image: Alexa wants PNG", format)
	}
	if cfg.Width != size || cfg.Height != size {
		return fmt.Errorf("%d x %d pixels: Alexa wants %d x %d", cfg.Width, cfg.Height, size, size)
	}
	return nil
}
