// Package lazyre compiles a regular expression on its first use rather than at
// package start-up, so a binary that never reaches the code that needs it (the
// command line answering one request, a function that serves one channel) does
// not pay for it when it starts.
package lazyre
