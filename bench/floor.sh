#!/usr/bin/env bash
# bench/floor.sh: the HTTP floor. Measures the server CPU time per request of the
# cheapest Go endpoint (net/http, fixed response) and the cheapest Node one (http
# module, same response), pinned like bench/run.sh (server on CPU 0, wrk on CPU 1),
# so the skill's own cost per request can be read off the figures in latest.md.
# Writes bench/results/floor.md. Loopback only; each run is 3 s warm-up + 10 s.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/results
PORT=${FLOOR_PORT:-18098}
WORK=$(mktemp -d /tmp/fffloor.XXXXXX)
SERVER_PID=""
cleanup() {
	if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
	rm -rf "$WORK"
}
trap cleanup EXIT
for t in wrk curl taskset; do command -v "$t" >/dev/null || { echo "needs $t (bash bench/run.sh installs it)"; exit 1; }; done
go build -tags bench -o "$WORK/floor" ./bench/floor
go build -o "$WORK/skill" ./cmd/skill
# A response of the real size: the skill's answer to the same envelope.
"$WORK/skill" invoke --platform alexa bench/requests/intent.json >"$WORK/response.json"
ticks() { sed 's/.*) //' /proc/"$SERVER_PID"/stat | awk '{print $12 + $13}'; }
hz=$(getconf CLK_TCK)
rows=""
for side in go node; do
	if curl -s -m 1 -o /dev/null "http://127.0.0.1:$PORT/"; then echo "port $PORT is busy"; exit 1; fi
	if [ "$side" = go ]; then
		taskset -c 0 "$WORK/floor" "127.0.0.1:$PORT" "$WORK/response.json" &
	else
		taskset -c 0 node bench/floor/floor.js "127.0.0.1:$PORT" "$WORK/response.json" &
	fi
	SERVER_PID=$!
	for _ in $(seq 50); do curl -s -m 1 -o /dev/null -XPOST -d '{}' "http://127.0.0.1:$PORT/alexa" && break; sleep 0.1; done
	BODY=bench/requests/intent.json taskset -c 1 wrk -t2 -c32 -d3s -s bench/post.lua "http://127.0.0.1:$PORT/alexa" >/dev/null
	t0=$(ticks)
	result=$(BODY=bench/requests/intent.json taskset -c 1 wrk -t2 -c32 -d10s -s bench/post.lua "http://127.0.0.1:$PORT/alexa" | grep '^RESULT')
	t1=$(ticks)
	kill "$SERVER_PID"
	wait "$SERVER_PID" 2>/dev/null || true
	SERVER_PID=""
	req=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$result")
	rps=$(sed 's/.* rps=\([0-9.]*\).*/\1/' <<<"$result")
	cpu=$(awk -v t=$((t1 - t0)) -v hz="$hz" -v n="$req" 'BEGIN {printf "%.1f", t / hz * 1e6 / n}')
	echo "$side: $result server_cpu_us_per_request=$cpu"
	rows+="| $side | $rps | $cpu µs |"$'\n'
done
cat >"$OUT/floor.md" <<EOF2
# HTTP floor: the cheapest endpoint on each side

Written by \`bench/floor.sh\` on $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(go version | cut -d' ' -f3), node $(node --version).
Server pinned to CPU 0, \`wrk -t2 -c32 -d10s\` pinned to CPU 1, POST bench/requests/intent.json,
fixed $(wc -c <"$WORK/response.json")-byte response. Throughput here is usually bounded by wrk's one core.

| side | requests/s | server CPU time per request |
|---|---|---|
${rows}
EOF2
cat "$OUT/floor.md"
