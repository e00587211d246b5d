#!/usr/bin/env bash
# bench/experiments/measure.sh: measures the fixes proposed in docs/performance.md
# without touching the tree: it exports HEAD into a scratch folder, applies the
# patches in this folder there, and measures each variant the same way
# bench/run.sh does. Writes bench/results/experiments.md. About two minutes.
#
#   speech-fast-paths.patch        skip the phone-number regexp when a text has no
#                                  digit; skip clean() when a text is already clean
#   invoke-alexa-without-nlu.patch skill invoke --platform alexa does not train the
#                                  NLU, as the Lambda does not
#   GOEXPERIMENT=jsonv2            encoding/json backed by encoding/json/v2 (a build
#                                  setting, no code change)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SKILL_ID=amzn1.ask.skill.7f3c2a1e-5b4d-4c8e-9a6f-0d2e1b3c4a5f
export SKILL_ID
OUT=bench/results/experiments.md
WORK=$(mktemp -d /tmp/ffexp.XXXXXX)
SERVER_PID=""
cleanup() {
	if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
	rm -rf "$WORK"
}
trap cleanup EXIT

# tree NAME PATCH...: a scratch copy of HEAD with the patches applied.
tree() {
	local dir="$WORK/$1"
	shift
	mkdir -p "$dir"
	git archive HEAD | tar -x -C "$dir"
	for p in "$@"; do (cd "$dir" && patch -s -p1 <"$ROOT/bench/experiments/$p"); done
	echo "$dir"
}
base=$(tree base)
fixed=$(tree fixed speech-fast-paths.patch)
nonlu=$(tree nonlu invoke-alexa-without-nlu.patch)

# bench DIR [GOEXPERIMENT]: median cpu-ns/op and ns/op of the Intent and Launch benchmarks.
bench() {
	(cd "$1" && GOEXPERIMENT=${2:-} go test -tags bench -run '^$' -bench '^BenchmarkAlexa(Intent|Launch)$' \
		-benchmem -benchtime 1s -count 5 ./bench/gobench) >"$WORK/bench.txt"
	for b in Intent Launch; do
		grep "^BenchmarkAlexa$b-" "$WORK/bench.txt" | awk '{for (i = 1; i < NF; i++) if ($(i + 1) == "cpu-ns/op") print $i}' |
			sort -n | awk '{a[NR] = $1} END {printf " %.1f µs |", a[int((NR + 1) / 2)] / 1000}'
	done
}

# httpcpu BIN: the server CPU time per request of `BIN serve --dev`, pinned as in run.sh.
httpcpu() {
	local port=18099 t0 result req
	taskset -c 0 "$1" serve --dev --approved-only=false --addr "127.0.0.1:$port" >/dev/null 2>&1 &
	SERVER_PID=$!
	for _ in $(seq 50); do curl -sf -m 1 -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
	BODY=bench/requests/intent.json taskset -c 1 wrk -t2 -c32 -d3s -s bench/post.lua "http://127.0.0.1:$port/alexa" >/dev/null
	t0=$(sed 's/.*) //' /proc/"$SERVER_PID"/stat | awk '{print $12 + $13}')
	result=$(BODY=bench/requests/intent.json taskset -c 1 wrk -t2 -c32 -d10s -s bench/post.lua "http://127.0.0.1:$port/alexa" | grep '^RESULT')
	req=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$result")
	awk -v t="$(($(sed 's/.*) //' /proc/"$SERVER_PID"/stat | awk '{print $12 + $13}') - t0))" -v hz="$(getconf CLK_TCK)" -v n="$req" \
		-v rps="$(sed 's/.* rps=\([0-9.]*\).*/\1/' <<<"$result")" 'BEGIN {printf " %.1f µs | %.0f |", t / hz * 1e6 / n, rps}'
	kill "$SERVER_PID"
	wait "$SERVER_PID" 2>/dev/null || true
	SERVER_PID=""
}

echo "== in-process (cpu-ns/op, median of 5)"
rows=""
rows+="| HEAD |$(bench "$base")"$'\n'
rows+="| HEAD, GOEXPERIMENT=jsonv2 |$(bench "$base" jsonv2)"$'\n'
rows+="| speech-fast-paths.patch |$(bench "$fixed")"$'\n'
rows+="| speech-fast-paths.patch, GOEXPERIMENT=jsonv2 |$(bench "$fixed" jsonv2)"$'\n'
echo "$rows"

echo "== HTTP: skill serve --dev, server CPU per request"
(cd "$base" && go build -o "$WORK/skill-base" ./cmd/skill)
(cd "$fixed" && GOEXPERIMENT=jsonv2 go build -o "$WORK/skill-fixed" ./cmd/skill)
(cd "$nonlu" && go build -o "$WORK/skill-nonlu" ./cmd/skill)
http_rows="| HEAD |$(httpcpu "$WORK/skill-base")"$'\n'
http_rows+="| speech-fast-paths.patch + GOEXPERIMENT=jsonv2 |$(httpcpu "$WORK/skill-fixed")"$'\n'
echo "$http_rows"

echo "== cold start: skill invoke --platform alexa"
hyperfine -N --warmup 3 --runs 20 --export-json "$WORK/cold.json" \
	-n HEAD "$WORK/skill-base invoke --platform alexa bench/requests/intent.json" \
	-n invoke-alexa-without-nlu.patch "$WORK/skill-nonlu invoke --platform alexa bench/requests/intent.json" \
	-n peer "node bench/peer/oneshot.js bench/requests/intent.json" >/dev/null
cold_rows=$(node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).results;
for (const x of r) console.log(`| ${x.command} | ${(x.mean * 1000).toFixed(1)} ms ± ${(x.stddev * 1000).toFixed(1)} ms | ${(x.median * 1000).toFixed(1)} ms |`);
' "$WORK/cold.json")
echo "$cold_rows"

cat >"$OUT" <<EOF
# Proposed fixes, measured in a scratch copy

Written by \`bench/experiments/measure.sh\` on $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD),
$(nproc) cores, $(go version | cut -d' ' -f3), node $(node --version). The tree is not changed: each
variant is HEAD exported to a scratch folder with the patch in bench/experiments/ applied.

In-process CPU time per request (getrusage, all threads; median of 5), bench/gobench:

| variant | IntentRequest | LaunchRequest |
|---|---|---|
${rows}
HTTP, \`skill serve --dev --approved-only=false\` on CPU 0, \`wrk -t2 -c32 -d10s\` on CPU 1:

| variant | server CPU time per request | requests/s |
|---|---|---|
${http_rows}
Cold start, process start to first response (hyperfine -N, 3 warm-ups, 20 runs):

| command | mean ± σ | median |
|---|---|---|
${cold_rows}
EOF
cat "$OUT"
