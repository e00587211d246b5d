#!/usr/bin/env bash
# bench/profile-http.sh: where a Go server's CPU goes under HTTP load. Runs
# bench/goserver (the Alexa adapter in internal/server) on CPU 0 with -cpuprofile,
# loads it from CPU 1 with wrk for 10 s (loopback), and writes the pprof top
# lists to bench/results/profile-goserver-http.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${GO_PORT:-18090}
WORK=$(mktemp -d /tmp/ffprof.XXXXXX)
SERVER_PID=""
cleanup() {
	if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
	rm -rf "$WORK"
}
trap cleanup EXIT
export SKILL_ID=amzn1.ask.skill.7f3c2a1e-5b4d-4c8e-9a6f-0d2e1b3c4a5f
if curl -s -m 1 -o /dev/null "http://127.0.0.1:$PORT/"; then echo "port $PORT is busy"; exit 1; fi
go build -tags bench -o "$WORK/goserver" ./bench/goserver
taskset -c 0 "$WORK/goserver" -addr "127.0.0.1:$PORT" -cpuprofile "$WORK/cpu.out" 2>/dev/null &
SERVER_PID=$!
for _ in $(seq 50); do curl -sf -m 1 -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
BODY=bench/requests/intent.json taskset -c 1 wrk -t2 -c32 -d10s -s bench/post.lua "http://127.0.0.1:$PORT/alexa" | grep '^RESULT' | tee "$WORK/wrk.txt"
kill -TERM "$SERVER_PID"
wait "$SERVER_PID" || true
SERVER_PID=""
{
	echo "# bench/goserver under wrk -t2 -c32 -d10s (server on CPU 0, wrk on CPU 1), $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD)"
	cat "$WORK/wrk.txt"
	echo "## go tool pprof -top -cum (first 50)"
	go tool pprof -top -cum -nodecount 50 "$WORK/goserver" "$WORK/cpu.out" 2>/dev/null
} >bench/results/profile-goserver-http.txt
grep -E 'conn\).serve|Adapter\).Invoke|json.Unmarshal|Syscall6$|writeText|alexa.marshal|answers.\(\*Skill\).Handle$' bench/results/profile-goserver-http.txt
