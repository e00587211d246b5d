#!/usr/bin/env bash
# bench/run.sh: measures the Go skill and its Node peer (bench/peer, the official
# ask-sdk-core 2.14 SDK) one after the other, on this machine, with the same Alexa
# envelope, and writes bench/results/latest.md plus raw outputs in
# bench/results/raw/. It is not part of `go test` or CI; run it by hand:
#
#   bash bench/run.sh
#
# It installs what it lacks (apt-get: wrk hyperfine time zip; npm ci in
# bench/peer), binds only 127.0.0.1, and every loop is bounded in time and
# count: about three minutes on a quiet 2-core machine, under five on a
# busy one. Knobs (environment): HTTP_DURATION (15s), HTTP_CONNS (32), COLD_RUNS
# (20), GO_PORT (18090), NODE_PORT (18091), QUIET_BUDGET (60 s).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

SKILL_ID=amzn1.ask.skill.7f3c2a1e-5b4d-4c8e-9a6f-0d2e1b3c4a5f # the id in bench/requests/*.json
export SKILL_ID
INTENT=bench/requests/intent.json
LAUNCH=bench/requests/launch.json
HTTP_DURATION=${HTTP_DURATION:-15s}
HTTP_CONNS=${HTTP_CONNS:-32}
HTTP_THREADS=2
COLD_RUNS=${COLD_RUNS:-20}
GO_PORT=${GO_PORT:-18090}
NODE_PORT=${NODE_PORT:-18091}
NODE_BENCH_N=${NODE_BENCH_N:-20000}
OUT=bench/results
RAW=$OUT/raw
WORK=$(mktemp -d /tmp/ffbench.XXXXXX)

SERVER_PID=""
TIME_PID=""
cleanup() {
	if [ -n "$SERVER_PID" ]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; fi
	if [ -n "$TIME_PID" ]; then wait "$TIME_PID" 2>/dev/null || true; fi
	rm -rf "$WORK"
}
trap cleanup EXIT

say() { printf '\n== %s\n' "$*"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# quiet waits (at most 30 s, and 60 s over the whole run) until the rest of the machine is nearly idle (under
# 15% of the CPUs busy over one second): other work on a shared machine would
# otherwise be measured too. It logs what it saw to raw/quiet.txt.
cpu_busy() {
	local a b
	a=($(awk '/^cpu / {print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat))
	sleep 1
	b=($(awk '/^cpu / {print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat))
	echo $(((b[0] - a[0]) * 100 / (b[1] - a[1] + 1)))
}
QUIET_LEFT=${QUIET_BUDGET:-60} # seconds of waiting the whole run may spend
quiet() {
	local busy waited=0
	busy=$(cpu_busy)
	while [ "$busy" -ge 15 ] && [ "$waited" -lt 30 ] && [ "$QUIET_LEFT" -gt 0 ]; do
		sleep 4
		waited=$((waited + 5)) QUIET_LEFT=$((QUIET_LEFT - 5))
		busy=$(cpu_busy)
	done
	echo "$1: others busy ${busy}% after waiting ${waited}s (load $(load))" | tee -a "$RAW/quiet.txt"
}

# --- tools ----------------------------------------------------------------
say "tools"
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v hyperfine >/dev/null || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
command -v zip >/dev/null || missing+=(zip)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
	echo "installing ${missing[*]}"
	timeout 300 apt-get update -qq
	DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v node >/dev/null || { echo "node is required for the peer (Debian: apt-get install nodejs npm)"; exit 1; }
(cd bench/peer && timeout 300 npm ci --no-audit --no-fund --loglevel=error)

rm -rf "$RAW"
mkdir -p "$RAW"
{
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
	echo "nproc: $(nproc)"
	echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
	echo "mem: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
	echo "kernel: $(uname -sr)"
	echo "go: $(go version)"
	echo "node: $(node --version)"
	echo "ask-sdk-core: $(node -p "require('./bench/peer/node_modules/ask-sdk-core/package.json').version")"
	echo "ask-sdk-express-adapter: $(node -p "require('./bench/peer/node_modules/ask-sdk-express-adapter/package.json').version")"
	echo "express: $(node -p "require('./bench/peer/node_modules/express/package.json').version")"
	echo "wrk: $(wrk -v 2>&1 | head -1)"
	echo "hyperfine: $(hyperfine --version)"
	echo "wrk: -t$HTTP_THREADS -c$HTTP_CONNS -d$HTTP_DURATION --latency, 3 s warm-up, bench/post.lua"
	echo "cold runs: $COLD_RUNS after 3 warm-ups (hyperfine -N)"
	echo "load before: $(load)"
} >"$RAW/machine.txt"
cat "$RAW/machine.txt"

# --- build ------------------------------------------------------------------
say "build"
go build -o "$WORK/skill" ./cmd/skill
go build -tags bench -o "$WORK/goserver" ./bench/goserver
go test -tags bench -c -o "$WORK/gobench.test" ./bench/gobench
go build -tags bench -o "$WORK/lambdarun" ./bench/lambdarun
# The Alexa Lambda itself, built for this machine, for its cold start under a local Runtime API.
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$WORK/bootstrap-host" ./functions/alexa

# Both sides must give the same answer to the same envelope, or the race is unfair.
"$WORK/skill" invoke --platform alexa "$INTENT" >"$RAW/oneshot-go.json"
node bench/peer/oneshot.js "$INTENT" >"$RAW/oneshot-node.json"
node -e '
const fs = require("fs");
const [g, n] = process.argv.slice(1).map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const r = (e) => e.response;
const checks = {
  speech: same(r(g).outputSpeech, r(n).outputSpeech),
  reprompt: same(r(g).reprompt, r(n).reprompt),
  card: same(r(g).card, r(n).card),
  shouldEndSession: r(g).shouldEndSession === r(n).shouldEndSession,
  sessionAttributes: same(Object.entries(g.sessionAttributes).sort(), Object.entries(n.sessionAttributes).sort()),
};
console.log(Object.entries(checks).map(([k, v]) => `${k}=${v ? "same" : "DIFFERENT"}`).join(" "));
if (!checks.speech) { console.error("the two sides answer differently:\n", JSON.stringify(r(g).outputSpeech), "\n", JSON.stringify(r(n).outputSpeech)); process.exit(1); }
' "$RAW/oneshot-go.json" "$RAW/oneshot-node.json" | tee "$RAW/same-answer.txt"

# --- a. in-process time per request ------------------------------------------
say "a. in-process: Go benchmark (bench/gobench, same envelope)"
quiet in-process-go
(cd bench/gobench && "$WORK/gobench.test" -test.run '^$' -test.bench '^BenchmarkAlexa(Intent|Launch)$' \
	-test.benchmem -test.benchtime 1s -test.count 5) | tee "$RAW/go-bench.txt"
say "a. start-up work in process: app.New as the Lambda wires it, and with the NLU as skill invoke/serve do"
(cd bench/gobench && "$WORK/gobench.test" -test.run '^$' -test.bench '^BenchmarkAppNew' \
	-test.benchmem -test.benchtime 1s -test.count 3) | tee "$RAW/go-bench-startup.txt"
if grep -qs 'func BenchmarkAlexaIntent' internal/alexa/*_test.go; then
	say "a. in-process: internal/alexa's own BenchmarkAlexaIntent (its testdata), for reference"
	timeout 300 go test -run '^$' -bench '^BenchmarkAlexaIntent$' -benchmem -benchtime 1s -count 3 \
		-cpuprofile "$WORK/alexa-cpu.out" -o "$WORK/alexa.test" ./internal/alexa | tee "$RAW/go-bench-alexa.txt"
	say "a. where the Go time goes: go tool pprof -top on internal/alexa's BenchmarkAlexaIntent"
	{
		echo "## go tool pprof -top -cum (first 45)"
		go tool pprof -top -cum -nodecount 45 "$WORK/alexa.test" "$WORK/alexa-cpu.out" 2>/dev/null
		echo "## go tool pprof -top (flat, first 25)"
		go tool pprof -top -nodecount 25 "$WORK/alexa.test" "$WORK/alexa-cpu.out" 2>/dev/null
	} >"$RAW/profile-alexa-intent.txt"
	head -30 "$RAW/profile-alexa-intent.txt"
fi
say "a. where the Go start-up time goes: go tool pprof on BenchmarkAppNew (the Lambda's wiring)"
(cd bench/gobench && "$WORK/gobench.test" -test.run '^$' -test.bench '^BenchmarkAppNew$' -test.benchtime 2s \
	-test.cpuprofile "$WORK/startup-cpu.out" >/dev/null)
go tool pprof -top -cum -nodecount 45 "$WORK/gobench.test" "$WORK/startup-cpu.out" 2>/dev/null >"$RAW/profile-startup.txt"
grep -E 'feedingfriend|yaml.*Unmarshal|regexp.*FindAll' "$RAW/profile-startup.txt" | head -15
say "a. in-process: Node peer (JSON.parse + skill.invoke + JSON.stringify)"
quiet in-process-node
: >"$RAW/node-bench.jsonl"
for f in "$INTENT" "$LAUNCH"; do
	for _ in 1 2 3 4 5; do
		node --max-semi-space-size=64 bench/peer/bench.js "$f" "$NODE_BENCH_N" | sed "s|^{|{\"file\":\"$f\",|" >>"$RAW/node-bench.jsonl"
	done
done
cat "$RAW/node-bench.jsonl"

# --- b. cold start and d. one-shot peak memory --------------------------------
say "b. cold start: process start to first response, $COLD_RUNS runs each"
quiet cold-start
GO_ONESHOT="$WORK/skill invoke --platform alexa $INTENT"
NODE_ONESHOT="node bench/peer/oneshot.js $INTENT"
hyperfine -N --warmup 3 --runs "$COLD_RUNS" --export-json "$RAW/cold.json" \
	-n go "$GO_ONESHOT" -n node "$NODE_ONESHOT" | tee "$RAW/cold.txt"

say "b. cold start of the Alexa Lambda binary (functions/alexa) under a local Runtime API stub (bench/lambdarun)"
quiet cold-start-lambda
APPROVED_ONLY=false LOG_LEVEL=error "$WORK/lambdarun" -bootstrap "$WORK/bootstrap-host" -event "$INTENT" \
	-runs "$COLD_RUNS" -warmup 3 -want 'Hold your baby close' | tee "$RAW/cold-lambda.txt"

say "d. one-shot peak memory (/usr/bin/time -v, 5 runs each)"
for side in go node; do
	cmd=$GO_ONESHOT
	[ "$side" = node ] && cmd=$NODE_ONESHOT
	for i in 1 2 3 4 5; do
		# shellcheck disable=SC2086 # the command is split into words on purpose
		/usr/bin/time -v -o "$RAW/oneshot-$side-time-$i.txt" $cmd >/dev/null
	done
	grep -h 'Maximum resident' "$RAW"/oneshot-"$side"-time-*.txt | awk -v s="$side" '{print s, $NF, "KiB"}'
done

# --- c. HTTP throughput and latency, d. server peak memory ------------------------
# wait_up waits (at most 10 s) for the server on port $1 to answer /healthz.
wait_up() {
	for _ in $(seq 100); do
		kill -0 "$SERVER_PID" 2>/dev/null || break
		curl -sf -m 1 "http://127.0.0.1:$1/healthz" >/dev/null && return 0
		sleep 0.1
	done
	echo "server on port $1 did not start"
	return 1
}

# cpu_ticks prints the user+system CPU time of the server so far, all threads, in ticks;
# sys_busy the user+nice+system time of the whole machine, all CPUs.
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { sed 's/.*) //' /proc/"$SERVER_PID"/stat | awk '{print $12 + $13}'; }
sys_busy() { awk '/^cpu / {print $2 + $3 + $4}' /proc/stat; }

# http_side NAME PORT MODE COMMAND...: runs the server under /usr/bin/time -v,
# checks one answer, warms it up for 3 s, then loads it with wrk and stops it.
# MODE pin puts the server on CPU 0 and wrk on CPU 1 (so they do not fight for a
# core; Go's GOMAXPROCS follows the affinity and becomes 1); MODE free lets the
# kernel place both. It records the server's CPU time over the measured run.
http_side() {
	local name=$1 port=$2 mode=$3
	shift 3
	local srv=() gen=()
	if [ "$mode" = pin ]; then srv=(taskset -c 0) gen=(taskset -c 1); fi
	local f="$RAW/http-$name-$mode"
	if curl -s -m 1 -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is busy"; return 1; fi
	quiet "http-$name-$mode"
	local log="$WORK/http-$name-$mode-server.log" # one line per request: too big to keep
	"${srv[@]}" /usr/bin/time -v -o "$f-time.txt" "$@" >"$log" 2>&1 &
	TIME_PID=$!
	sleep 0.2
	SERVER_PID=$(pgrep -P "$TIME_PID" | head -1)
	wait_up "$port"
	curl -sf -m 5 -XPOST -H 'Content-Type: application/json' --data-binary @"$INTENT" \
		"http://127.0.0.1:$port/alexa" >"$f-response.json"
	grep -q 'Hold your baby close' "$f-response.json"
	echo "rss after start: $(awk '/VmRSS/ {print $2, $3}' /proc/"$SERVER_PID"/status)" >"$f-rss.txt"
	BODY="$INTENT" "${gen[@]}" wrk -t"$HTTP_THREADS" -c"$HTTP_CONNS" -d3s -s bench/post.lua "http://127.0.0.1:$port/alexa" >/dev/null
	# The measured run. Other work on this shared machine is estimated as all user and
	# system CPU time less the server's and wrk's; past 10% of the CPUs the run is
	# repeated once, and the share is reported either way.
	local attempt t0 b0 server busy others
	for attempt in 1 2; do
		t0=$(cpu_ticks) b0=$(sys_busy)
		BODY="$INTENT" "${gen[@]}" /usr/bin/time -f '%U %S' -o "$WORK/wrk-cpu.txt" \
			wrk -t"$HTTP_THREADS" -c"$HTTP_CONNS" -d"$HTTP_DURATION" --timeout 5s --latency \
			-s bench/post.lua "http://127.0.0.1:$port/alexa" >"$f-wrk.txt"
		server=$(($(cpu_ticks) - t0)) busy=$(($(sys_busy) - b0))
		others=$(awk -v busy="$busy" -v server="$server" -v hz="$CLK_TCK" -v n="$(nproc)" \
			-v us="$(sed -n 's/.*duration_us=\([0-9]*\).*/\1/p' "$f-wrk.txt")" \
			'{w = ($1 + $2) * hz; o = (busy - server - w) * 100 / (n * us / 1e6 * hz); printf "%.0f", (o < 0 ? 0 : o)}' "$WORK/wrk-cpu.txt")
		echo "server_cpu_ticks $server clk_tck $CLK_TCK others_busy_pct $others attempt $attempt" >"$f-cpu.txt"
		cat "$f-wrk.txt"
		[ "$others" -gt 10 ] || break
		echo "other work took ${others}% of the CPUs during the run: measuring again"
	done
	if [ "$mode" = pin ]; then # light, steady load: 4 connections, 2 ms pause between requests
		DELAY_MS=2 BODY="$INTENT" "${gen[@]}" wrk -t1 -c4 -d10s --timeout 5s --latency \
			-s bench/post.lua "http://127.0.0.1:$port/alexa" | grep '^RESULT' | tee "$f-paced-wrk.txt"
	fi
	echo "rss after load: $(awk '/VmRSS/ {print $2, $3}' /proc/"$SERVER_PID"/status)" >>"$f-rss.txt"
	echo "peak rss (VmHWM): $(awk '/VmHWM/ {print $2, $3}' /proc/"$SERVER_PID"/status)" >>"$f-rss.txt"
	kill -TERM "$SERVER_PID"
	wait "$TIME_PID" || true
	SERVER_PID="" TIME_PID=""
	{ echo "$(wc -l <"$log") lines; first and last 3:"; head -3 "$log"; echo ...; tail -3 "$log"; } >"$f-server-log.txt"
	cat "$f-rss.txt" "$f-cpu.txt"
}

# Alexa alone, as the peer serves: the NLU is then built only when a request
# carries words (none of these does), as in the Alexa Lambda.
GO_SERVE=("$WORK/skill" serve --dev --channels alexa --approved-only=false --addr "127.0.0.1:$GO_PORT")
GO_ADAPTER=("$WORK/goserver" -addr "127.0.0.1:$GO_PORT")
NODE_SERVE=(env PORT="$NODE_PORT" node bench/peer/server.js)
for mode in pin free; do
	say "c. HTTP ($mode): Go, skill serve --dev --channels alexa (a telemetry log line and metrics per request) — wrk -t$HTTP_THREADS -c$HTTP_CONNS -d$HTTP_DURATION"
	http_side go "$GO_PORT" "$mode" "${GO_SERVE[@]}"
	if [ "$mode" = pin ]; then
		say "c. HTTP ($mode): Go, the adapter alone in internal/server (bench/goserver), for reference"
		http_side goadapter "$GO_PORT" "$mode" "${GO_ADAPTER[@]}"
	fi
	say "c. HTTP ($mode): Node, express + ask-sdk-express-adapter (verification off)"
	http_side node "$NODE_PORT" "$mode" "${NODE_SERVE[@]}"
done

# --- e. deployable size ----------------------------------------------------------
say "e. deployable size"
{
	if compgen -G "functions/alexa/*.go" >/dev/null; then
		CGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build -trimpath -ldflags "-s -w" -o "$WORK/lambda/bootstrap" ./functions/alexa
		(cd "$WORK/lambda" && zip -q -9 ../alexa.zip bootstrap)
		echo "go_bootstrap_bytes $(stat -c %s "$WORK/lambda/bootstrap")"
		echo "go_zip_bytes $(stat -c %s "$WORK/alexa.zip")"
	else
		echo "go_bootstrap_bytes n/a (functions/alexa has no Go files yet)"
	fi
	# The peer's deployable: its source, the files it reads at start-up (the Go
	# binary embeds them) and node_modules; the Lambda subset leaves out express.
	mkdir -p "$WORK/peer"
	cp bench/peer/skill.js bench/peer/oneshot.js bench/peer/server.js bench/peer/package.json "$WORK/peer/"
	cp -r bench/peer/node_modules "$WORK/peer/"
	cp -r content "$WORK/peer/content"
	mkdir -p "$WORK/peer/intents" && cp -r intents/topics "$WORK/peer/intents/topics"
	cp skill.yaml "$WORK/peer/"
	echo "node_modules_bytes $(du -sb bench/peer/node_modules | cut -f1)"
	echo "node_source_bytes $(cat bench/peer/*.js bench/peer/package.json | wc -c)"
	echo "node_data_bytes $(du -scb content/*.yaml intents/topics skill.yaml | tail -1 | cut -f1)"
	(cd "$WORK/peer" && zip -q -9 -r ../peer.zip .)
	echo "node_zip_bytes $(stat -c %s "$WORK/peer.zip")"
	lambda_mods="ask-sdk-core ask-sdk-runtime ask-sdk-model js-yaml argparse"
	(cd bench/peer/node_modules && echo "node_lambda_modules_bytes $(du -scb $lambda_mods | tail -1 | cut -f1)")
	rm -rf "$WORK/peer-lambda" && mkdir -p "$WORK/peer-lambda/node_modules"
	for m in $lambda_mods; do cp -r "bench/peer/node_modules/$m" "$WORK/peer-lambda/node_modules/"; done
	cp -r "$WORK/peer/skill.js" "$WORK/peer/package.json" "$WORK/peer/content" "$WORK/peer/intents" "$WORK/peer/skill.yaml" "$WORK/peer-lambda/"
	(cd "$WORK/peer-lambda" && zip -q -9 -r ../peer-lambda.zip .)
	echo "node_lambda_zip_bytes $(stat -c %s "$WORK/peer-lambda.zip")"
} | tee "$RAW/size.txt"

echo "load after: $(load)" >>"$RAW/machine.txt"

# --- report -----------------------------------------------------------------------
say "report"
node bench/report.js "$RAW" >"$OUT/latest.md"
cat "$OUT/latest.md"
