// Package jsonquote writes a string as a JSON string literal, byte for byte
// as encoding/json writes it with HTML escaping off (<, > and & left as they
// are; U+2028, U+2029 and invalid UTF-8 escaped as encoding/json escapes
// them). It is the one quoting the Alexa encoder uses, so that speech and
// cards quoted once, when they are rendered, are the bytes it would have
// written for every request.
package jsonquote

import (
	"math/bits"
	"unicode/utf8"
)

// SWAR constants: a byte of a 64-bit word in each lane (Lanes), and each
// byte's high bit (Highs). The Alexa envelope scanner reads with them too.
const (
	Lanes = 0x0101010101010101
	Highs = 0x8080808080808080
)

// Special8 flags the bytes of x (eight bytes of a string, little-endian)
// that end a run of plain characters: a quote, a backslash or a control
// character. Its lowest set bit is the high bit of the first such byte; bits
// above it may be false alarms.
func Special8(x uint64) uint64 {
	q := x ^ (Lanes * '"')
	s := x ^ (Lanes * '\\')
	return ((x - Lanes*0x20) | (q - Lanes) | (s - Lanes)) &^ x & Highs
}

const hexDigits = "0123456789abcdef"

// load64 is the eight bytes of s from i as a little-endian word (the compiler
// makes it one load).
func load64(s string, i int) uint64 {
	w := s[i : i+8]
	return uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
}

// plainByte says which bytes Append copies as they are: printable
// ASCII but the quote and the backslash. A look-up is one load where the
// comparisons it replaces were four branches a byte.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// Append appends s quoted as encoding/json quotes it with HTML escaping
// off. Runs of plain ASCII, the whole of most SSML, are found 32 and
// eight bytes at a time and copied at once.
func Append(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		// Skip plain ASCII 32, then eight bytes at a time. The 32 bytes are
		// sliced once, so that their four words are loaded without a
		// bounds check each.
		for i+32 <= len(s) {
			w := s[i : i+32]
			x0, x1, x2, x3 := load64(w, 0), load64(w, 8), load64(w, 16), load64(w, 24)
			if (Special8(x0) | Special8(x1) | Special8(x2) | Special8(x3) | (x0|x1|x2|x3)&Highs) != 0 {
				break
			}
			i += 32
		}
		for i+8 <= len(s) {
			x := load64(s, i)
			m := Special8(x) | x&Highs
			if m != 0 {
				i += bits.TrailingZeros64(m) / 8
				break
			}
			i += 8
		}
		for i < len(s) && plainByte[s[i]] {
			i++ // the last few bytes
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
