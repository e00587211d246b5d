package icon

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInitials(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"Feeding Friend", "FF"},
		{"Milk Matters", "MM"},
		{"milk-matters for Fife", "MM"},
		{"Bump", "BU"},
		{"NHS 24 feeding", "N2"},
		{"  ", "?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Initials(tc.name))
		})
	}
}

func TestGenerateSizesAndInk(t *testing.T) {
	for _, size := range []int{Small, Large} {
		b, err := Generate("Feeding Friend", size)
		require.NoError(t, err)
		require.NoError(t, Check(b, size))
		img, err := png.Decode(bytes.NewReader(b))
		require.NoError(t, err)
		// The corners are the background and the centre column has white ink:
		// the initials were drawn, and drawn in the middle.
		assert.Equal(t, background, color.RGBAModel.Convert(img.At(0, 0)), "size %d corner", size)
		white := 0
		for y := 0; y < size; y++ {
			for x := size / 4; x < size*3/4; x++ {
				if r, _, _, _ := img.At(x, y).RGBA(); r > 0xf000 {
					white++
				}
			}
		}
		assert.Greater(t, white, size*size/50, "size %d: the initials should cover part of the icon", size)
		left, right := ink(img, 0, size/2), ink(img, size/2, size)
		assert.InDelta(t, 1.0, float64(left)/float64(right), 0.35, "size %d: the initials should be centred", size)
	}
}

func ink(img image.Image, x0, x1 int) int {
	n := 0
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := x0; x < x1; x++ {
			if r, _, _, _ := img.At(x, y).RGBA(); r > 0x8000 {
				n++
			}
		}
	}
	return n
}

func TestGenerateIsDeterministicAndFollowsTheName(t *testing.T) {
	a, err := Generate("Feeding Friend", Small)
	require.NoError(t, err)
	b, err := Generate("Feeding Friend", Small)
	require.NoError(t, err)
	assert.Equal(t, a, b)
	c, err := Generate("Milk Matters", Small)
	require.NoError(t, err)
	assert.NotEqual(t, a, c)
}

func TestCheck(t *testing.T) {
	pngOf := func(w, h int) []byte {
		var buf bytes.Buffer
		require.NoError(t, png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, w, h))))
		return buf.Bytes()
	}
	var jpg bytes.Buffer
	require.NoError(t, jpeg.Encode(&jpg, image.NewRGBA(image.Rect(0, 0, 108, 108)), nil))
	for _, tc := range []struct {
		name string
		b    []byte
		size int
		want string
	}{
		{"right", pngOf(108, 108), Small, ""},
		{"wrong size", pngOf(100, 108), Small, "100 x 108 pixels"},
		{"small for large", pngOf(108, 108), Large, "wants 512 x 512"},
		{"jpeg", jpg.Bytes(), Small, "Alexa wants PNG"},
		{"not an image", []byte("hello"), Small, "not a PNG"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(tc.b, tc.size)
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
