#!/usr/bin/env bash
# bench/soak.sh: a bounded soak of the Go server on loopback: 60 seconds at 64
# connections with wrk, POSTing bench/requests/intent.json to /alexa. It passes
# when there are no errors (non-2xx responses and socket errors) and the server's
# RSS stays flat: the RSS at the end is within 10% of the RSS after a 5-second
# warm-up ("start"). It samples RSS every 5 s and writes bench/results/soak.md
# and raw outputs in bench/results/soak/. Not part of `go test` or CI.
#
#   bash bench/soak.sh
#
# Knobs (environment): SOAK_DURATION (60s), SOAK_CONNS (64), GO_PORT (18090).
# The server is `skill serve --dev` once `skill serve` has POST /alexa, else
# bench/goserver (the same adapter in internal/server); SERVER=goserver forces it.
set -euo pipefail
cd "$(dirname "$0")/.."

SKILL_ID=amzn1.ask.skill.7f3c2a1e-5b4d-4c8e-9a6f-0d2e1b3c4a5f # the id in bench/requests/*.json
export SKILL_ID
DURATION=${SOAK_DURATION:-60s}
CONNS=${SOAK_CONNS:-64}
PORT=${GO_PORT:-18090}
OUT=bench/results
RAW=$OUT/soak
WORK=$(mktemp -d /tmp/ffsoak.XXXXXX)
SERVER_PID=""
cleanup() {
	if [ -n "$SERVER_PID" ]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
	rm -rf "$WORK"
}
trap cleanup EXIT

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
	timeout 300 apt-get update -qq
	DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq "${missing[@]}" >/dev/null
fi
mkdir -p "$RAW"

rss() { awk '/VmRSS/ {print $2}' /proc/"$SERVER_PID"/status; }

if curl -s -m 1 -o /dev/null "http://127.0.0.1:$PORT/"; then echo "port $PORT is busy: set GO_PORT"; exit 1; fi
go build -o "$WORK/skill" ./cmd/skill
server=goserver
serve_help=$("$WORK/skill" serve --help 2>&1 || true)
if [ "${SERVER:-}" != goserver ] && [[ $serve_help == *-dev* ]]; then
	server="skill serve --dev --approved-only=false"
	"$WORK/skill" serve --dev --approved-only=false --addr "127.0.0.1:$PORT" >"$WORK/soak-server.log" 2>&1 &
else
	go build -tags bench -o "$WORK/goserver" ./bench/goserver
	"$WORK/goserver" -addr "127.0.0.1:$PORT" >"$WORK/soak-server.log" 2>&1 &
fi
SERVER_PID=$!
for _ in $(seq 100); do
	kill -0 "$SERVER_PID" || { cat "$WORK/soak-server.log"; exit 1; }
	curl -sf -m 1 "http://127.0.0.1:$PORT/healthz" >/dev/null && break
	sleep 0.1
done
curl -sf -m 5 -XPOST -H 'Content-Type: application/json' --data-binary @bench/requests/intent.json \
	"http://127.0.0.1:$PORT/alexa" | grep -q 'Hold your baby close'

rss_boot=$(rss)
BODY=bench/requests/intent.json wrk -t2 -c"$CONNS" -d5s -s bench/post.lua "http://127.0.0.1:$PORT/alexa" >/dev/null
rss_start=$(rss)
echo "server: $server (pid $SERVER_PID); RSS after boot ${rss_boot} KiB, after 5 s warm-up ${rss_start} KiB"

# Sample the RSS every 5 s while wrk runs (bounded: wrk stops itself after DURATION).
BODY=bench/requests/intent.json wrk -t2 -c"$CONNS" -d"$DURATION" --timeout 5s --latency \
	-s bench/post.lua "http://127.0.0.1:$PORT/alexa" >"$RAW/soak-wrk.txt" &
WRK_PID=$!
: >"$RAW/soak-rss.txt"
t=0
while kill -0 "$WRK_PID" 2>/dev/null && [ "$t" -lt 600 ]; do
	echo "$t $(rss)" >>"$RAW/soak-rss.txt"
	sleep 5
	t=$((t + 5))
done
wait "$WRK_PID"
rss_end=$(rss)
echo "$t $rss_end" >>"$RAW/soak-rss.txt"
cat "$RAW/soak-wrk.txt"
log="$WORK/soak-server.log" # one line per request: too big to keep
{ echo "$(wc -l <"$log") lines; first and last 3:"; head -3 "$log"; echo ...; tail -3 "$log"; } >"$RAW/soak-server-log.txt"

result=$(grep '^RESULT ' "$RAW/soak-wrk.txt")
val() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$result"; }
errors=$(($(val non2xx) + $(val connect) + $(val read) + $(val write) + $(val timeout)))
drift=$(awk -v a="$rss_start" -v b="$rss_end" 'BEGIN {printf "%.1f", (b - a) * 100 / a}')
flat=$(awk -v d="$drift" 'BEGIN {print (d <= 10 && d >= -10) ? "yes" : "no"}')
min_rss=$(awk 'NR == 1 || $2 < m {m = $2} END {print m}' "$RAW/soak-rss.txt")
max_rss=$(awk '$2 > m {m = $2} END {print m}' "$RAW/soak-rss.txt")
verdict=pass
{ [ "$errors" -eq 0 ] && [ "$flat" = yes ]; } || verdict=FAIL

cat >"$OUT/soak.md" <<EOF
# Soak: Go server, $DURATION at $CONNS connections on loopback

Written by \`bench/soak.sh\` on $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD),
$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')), $(go version | cut -d' ' -f3).
Server: \`$server\`. Load: \`wrk -t2 -c$CONNS -d$DURATION --timeout 5s -s bench/post.lua\`, POST bench/requests/intent.json.

| figure | value |
|---|---|
| requests | $(val requests) |
| throughput | $(val rps) requests/s |
| latency p50 / p99 / max | $(val p50_us) / $(val p99_us) / $(val max_us) µs |
| errors: non-2xx, connect, read, write, timeout | $(val non2xx), $(val connect), $(val read), $(val write), $(val timeout) (total $errors; must be 0) |
| RSS after boot | $rss_boot KiB |
| RSS at start (after a 5 s warm-up) | $rss_start KiB |
| RSS at end | $rss_end KiB |
| RSS min / max while loaded (every 5 s) | $min_rss / $max_rss KiB |
| RSS drift, start to end | $drift% (flat means within ±10%: $flat) |
| verdict | $verdict |
EOF
cat "$OUT/soak.md"
[ "$verdict" = pass ]
