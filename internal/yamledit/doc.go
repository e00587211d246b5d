// Package yamledit changes the values of keys in a YAML document in place: the
// lines of each changed key are replaced, and every other line (comments, blank
// lines, quoting, the order of keys) is kept byte for byte. The content studio
// writes answer files with it and `skill init` writes skill.yaml with it, so a
// person's comments and layout survive a tool's edit.
//
// It imports only the YAML library; callers render the new lines themselves
// (Scalar helps) and check that the result reads back as they meant.
package yamledit
