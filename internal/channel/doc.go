// Package channel drives the skill the way each platform would, offline: a
// Conversation takes a user's turn (words, or an intent with slots), builds the
// request that platform would send, runs that platform's real handler code,
// parses the real response and carries session state the way the platform does.
//
// `skill ask`, `skill chat` and the conversation test harness use it, so what
// they show is what the platform code does. Platform drivers live beside the
// text driver, one file each.
package channel
