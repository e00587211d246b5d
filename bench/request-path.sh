#!/usr/bin/env bash
# request-path.sh [-r ROUNDS] [COMMIT...]: the in-process request path, commit by commit.
#
# Builds bench/gobench at each COMMIT (default 01c610c, before issue 16 part 2)
# and at the work tree ("head"), then runs them one after the other with the
# Node peer (bench/peer/bench.js), ROUNDS times (default 5), on
# bench/requests/intent.json and launch.json, so that all of them meet the same
# load from other work on a shared machine. It prints every run with the load
# average, then the median of each measure. Nothing here runs in go test or CI;
# it needs node and `npm ci` in bench/peer (done when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=5
if [ "${1:-}" = "-r" ]; then
	ROUNDS=$2
	shift 2
fi
COMMITS=("$@")
[ ${#COMMITS[@]} -gt 0 ] || COMMITS=(01c610c)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

sides=()
for c in "${COMMITS[@]}"; do
	mkdir -p "$WORK/$c"
	git archive "$c" | tar -x -C "$WORK/$c"
	(cd "$WORK/$c/bench/gobench" && go test -tags bench -c -o "$WORK/gobench-$c.test" .)
	sides+=("$c")
done
(cd bench/gobench && go test -tags bench -c -o "$WORK/gobench-head.test" .)
sides+=(head)
[ -d bench/peer/node_modules ] || (cd bench/peer && npm ci --no-audit --no-fund)

runs="$WORK/runs.txt"
for r in $(seq 1 "$ROUNDS"); do
	for v in "${sides[@]}"; do
		(cd bench/gobench && "$WORK/gobench-$v.test" -test.run '^$' -test.bench '^BenchmarkAlexa(Intent|Launch)$' \
			-test.benchmem -test.count 1 -test.benchtime 1s) |
			awk -v v="go-$v" -v l="$(cut -d' ' -f1 /proc/loadavg)" \
				'/^BenchmarkAlexa/ {sub(/BenchmarkAlexa/, "", $1); sub(/-[0-9]+$/, "", $1); print v, tolower($1), $3, $7, $9, $11, l}'
	done
	for f in intent launch; do
		node --max-semi-space-size=64 bench/peer/bench.js "bench/requests/$f.json" 20000 |
			node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);
				console.log("peer", process.argv[1], j.ns_per_op, j.cpu_ns_per_op, j.bytes_per_op, "-", process.argv[2])})' \
				"$f" "$(cut -d' ' -f1 /proc/loadavg)"
	done
done | tee "$runs"

echo
echo "median of $ROUNDS runs: side request ns/op cpu-ns/op B/op allocs/op (load average at each run above)"
for v in "${sides[@]/#/go-}" peer; do
	for f in intent launch; do
		awk -v v="$v" -v f="$f" '$1 == v && $2 == f' "$runs"
	done
done | awk '
	function median(a, n,   i, j, t) {
		for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
		return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
	}
	function flush() {
		if (key == "") return
		printf "%s %.0f %.0f %.0f %s\n", key, median(ns, n), median(cpu, n), median(b, n), allocs
	}
	{ k = $1 " " $2; if (k != key) { flush(); key = k; n = 0 } n++; ns[n] = $3; cpu[n] = $4; b[n] = $5; allocs = $6 }
	END { flush() }'
