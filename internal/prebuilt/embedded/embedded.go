// Package embedded holds the image of the skill built into the binary
// (skill.yaml, content/ and intents/), loaded, checked and verified at build
// time by prebuilt.Embedded and written as Go source (image.go) by go
// generate. TestImageIsFresh fails, naming the command, when the files
// changed and the image was not written again; at run time app.New uses the
// image only when its Fingerprint is that of the files the binary carries.
package embedded

import "github.com/feedingfriend/skill/internal/prebuilt"

//go:generate go run ../internal/genimage -o image.go

// Image returns the image of the files built into the binary, as they were
// when image.go was generated. It is shared: read it, never change it.
func Image() *prebuilt.Image { return image }
