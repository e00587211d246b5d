// Package telemetry records one event per request — platform, request type,
// intent, topic, outcome, latency and content version — as a structured log line
// (log/slog), as CloudWatch Embedded Metric Format on Lambda, or as Prometheus
// counters in `skill serve`.
//
// It never records user ids, session ids, device ids, access tokens or what the
// user said: an Event has no field that could hold them, and intent names not in
// the model are recorded as "other" (skill.LogValue, the one rule every adapter's
// log follows) so a caller cannot smuggle text in.
package telemetry
