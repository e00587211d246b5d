// Package icon draws the skill's icons and checks a department's own: Alexa
// needs a 108 x 108 and a 512 x 512 pixel PNG for every locale before a skill
// can be certified. A generated icon is the initials of the skill's name in
// white Go Bold on NHS blue, drawn with image/png, the same bytes every time.
//
// It imports only the standard library and golang.org/x/image (the font).
package icon
