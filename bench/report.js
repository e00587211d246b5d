'use strict';
// Turns the raw outputs of bench/run.sh into bench/results/latest.md: one
// side-by-side table with the ratio of each figure and whether its target is met.
// Usage: node bench/report.js bench/results/raw > bench/results/latest.md
const fs = require('fs');
const path = require('path');

const raw = process.argv[2];
const read = (f) => fs.readFileSync(path.join(raw, f), 'utf8');
const exists = (f) => fs.existsSync(path.join(raw, f));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

// Go benchmark lines: BenchmarkAlexaIntent-2  N  24497 ns/op  84.79 MB/s  8606 B/op  99 allocs/op
function goBench(name, file = 'go-bench.txt') {
  const rows = read(file).split('\n').filter((l) => l.startsWith(`Benchmark${name}-`));
  const field = (l, unit) => { const m = l.match(new RegExp(`([\\d.]+) ${unit}`)); return m ? Number(m[1]) : NaN; };
  return {
    ns: median(rows.map((l) => field(l, 'ns/op'))),
    cpu: median(rows.map((l) => field(l, 'cpu-ns/op'))),
    bytes: median(rows.map((l) => field(l, 'B/op'))),
    allocs: median(rows.map((l) => field(l, 'allocs/op'))),
    runs: rows.length,
  };
}

function nodeBench(file) {
  const rows = read('node-bench.jsonl').trim().split('\n').map((l) => JSON.parse(l)).filter((r) => r.file === file);
  return {
    ns: median(rows.map((r) => r.ns_per_op)),
    cpu: median(rows.map((r) => r.cpu_ns_per_op)),
    bytes: median(rows.filter((r) => r.bytes_per_op != null).map((r) => r.bytes_per_op)),
    runs: rows.length,
  };
}

function maxRSS(text) { // KiB, from /usr/bin/time -v
  const m = text.match(/Maximum resident set size \(kbytes\): (\d+)/);
  return m ? Number(m[1]) : NaN;
}

function oneshotRSS(side) {
  const fs2 = fs.readdirSync(raw).filter((f) => f.startsWith(`oneshot-${side}-time-`));
  return median(fs2.map((f) => maxRSS(read(f))));
}

function wrkResult(side) {
  const line = read(side.endsWith('-paced') ? `http-${side.slice(0, -6)}-paced-wrk.txt` : `http-${side}-wrk.txt`).split('\n').find((l) => l.startsWith('RESULT '));
  const r = {};
  for (const kv of line.slice(7).split(' ')) { const [k, v] = kv.split('='); r[k] = Number(v); }
  r.errors = r.non2xx + r.connect + r.read + r.write + r.timeout;
  return r;
}

function sizes() {
  const out = {};
  for (const l of read('size.txt').split('\n')) {
    const [k, v] = l.split(' ');
    if (k) out[k] = Number(v);
  }
  return out;
}

const us = (ns) => (ns / 1000).toFixed(1) + ' µs';
const ms = (s) => (s * 1000).toFixed(1) + ' ms';
const mib = (kib) => (kib / 1024).toFixed(1) + ' MiB';
const mb = (b) => (Number.isFinite(b) ? (b / 1e6).toFixed(2) + ' MB' : 'n/a');
const x = (r) => (Number.isFinite(r) ? r.toFixed(1) + '×' : 'n/a');
// cmp says how Go compares when r is (peer / Go) for a figure where less is better,
// or (Go / peer) where more is better: 3.0× faster, or 2.8× slower when r < 1.
const opposite = { faster: 'slower', less: 'more', lower: 'higher', higher: 'lower', smaller: 'larger' };
const cmp = (r, word) => (!Number.isFinite(r) ? 'n/a' : r >= 1 ? `${r.toFixed(1)}× ${word}` : `${(1 / r).toFixed(1)}× ${opposite[word]}`);
const met = (ok) => (ok ? 'met' : '**missed**');

const machine = read('machine.txt');
const rows = [];
const row = (metric, go, node, ratio, target) => rows.push(`| ${metric} | ${go} | ${node} | ${ratio} | ${target} |`);

const gi = goBench('AlexaIntent');
const gl = goBench('AlexaLaunch');
const ni = nodeBench('bench/requests/intent.json');
const nl = nodeBench('bench/requests/launch.json');
row('in-process wall time per request, IntentRequest (median; see note 1)', us(gi.ns), us(ni.ns), cmp(ni.ns / gi.ns, 'faster'), '—');
row('in-process wall time per request, LaunchRequest (median; see note 1)', us(gl.ns), us(nl.ns), cmp(nl.ns / gl.ns, 'faster'), '—');
row('in-process CPU time per request, IntentRequest (median; all threads, GC included)', us(gi.cpu), us(ni.cpu), cmp(ni.cpu / gi.cpu, 'less'), `≥ 5×: ${met(ni.cpu / gi.cpu >= 5)}`);
row('in-process CPU time per request, LaunchRequest (median)', us(gl.cpu), us(nl.cpu), cmp(nl.cpu / gl.cpu, 'less'), `≥ 5×: ${met(nl.cpu / gl.cpu >= 5)}`);
row('allocated per request, IntentRequest', `${gi.bytes} B, ${gi.allocs} allocs`, `≈${ni.bytes} B (heap growth)`, cmp(ni.bytes / gi.bytes, 'less'), `under 15 allocs: ${met(gi.allocs < 15)}`);
row('allocated per request, LaunchRequest', `${gl.bytes} B, ${gl.allocs} allocs`, `≈${nl.bytes} B (heap growth)`, cmp(nl.bytes / gl.bytes, 'less'), `under 15 allocs: ${met(gl.allocs < 15)}`);

let cold = null;
if (exists('cold.json')) {
  const res = JSON.parse(read('cold.json')).results;
  const g = res.find((r) => r.command === 'go');
  const n = res.find((r) => r.command === 'node');
  cold = { g, n };
  row(`cold start, process start to first response: skill invoke vs oneshot.js (mean ± σ, ${g.times.length} runs)`,
    `${ms(g.mean)} ± ${ms(g.stddev)}`, `${ms(n.mean)} ± ${ms(n.stddev)}`, cmp(n.mean / g.mean, 'faster'), `≥ 10×: ${met(n.mean / g.mean >= 10)}`);
  row('cold start, median', ms(g.median), ms(n.median), cmp(n.median / g.median, 'faster'), '—');
}
if (exists('cold-lambda.txt') && cold) {
  const line = read('cold-lambda.txt').split('\n').find((l) => l.startsWith('SUMMARY '));
  const l = JSON.parse(line.slice(8));
  row(`cold start, Alexa Lambda binary (functions/alexa) under a local Runtime API stub, vs the peer's one-shot (mean ± σ, ${l.runs} runs)`,
    `${l.mean_ms.toFixed(1)} ms ± ${l.stddev_ms.toFixed(1)} ms`, `${ms(cold.n.mean)} ± ${ms(cold.n.stddev)}`, cmp(cold.n.mean * 1000 / l.mean_ms, 'faster'), `≥ 20×: ${met(cold.n.mean * 1000 / l.mean_ms >= 20)}`);
  row('peak memory at first response, Lambda binary vs peer one-shot', mib(l.median_peak_rss_kib), mib(oneshotRSS('node')), cmp(oneshotRSS('node') / l.median_peak_rss_kib, 'less'), `≥ 3×: ${met(oneshotRSS('node') / l.median_peak_rss_kib >= 3)}`);
}
if (exists('go-bench-startup.txt')) {
  const a = goBench('AppNew', 'go-bench-startup.txt');
  const b = goBench('AppNewNLU', 'go-bench-startup.txt');
  row('of which Go start-up work in process: app.New as the Lambda wires it / with the NLU built at once (skill serve with the web chat)', `${ms(a.ns / 1e9)} / ${ms(b.ns / 1e9)}`, '—', '—', `app.New under 1 ms: ${met(a.ns < 1e6)}`);
}
const og = oneshotRSS('go');
const on = oneshotRSS('node');
row('one-shot peak memory (max RSS, median of 5)', mib(og), mib(on), cmp(on / og, 'less'), `≥ 3×: ${met(on / og >= 3)}`);

function cpuPerReq(side, w) { // server CPU time (all threads) per request, µs
  const m = read(`http-${side}-cpu.txt`).match(/server_cpu_ticks (\d+) clk_tck (\d+)/);
  return (Number(m[1]) / Number(m[2])) * 1e6 / w.requests;
}

// others reports the share of the CPUs other work took during the measured run.
function others(side) {
  const m = read(`http-${side}-cpu.txt`).match(/others_busy_pct (\d+) attempt (\d+)/);
  return m ? `${m[1]}%${m[2] === '1' ? '' : ' (2nd try)'}` : '?';
}

let httpNote = '';
for (const mode of ['pin', 'free']) {
  if (!exists(`http-go-${mode}-wrk.txt`)) continue;
  const label = mode === 'pin' ? 'server on CPU 0, wrk on CPU 1' : 'unpinned';
  const wg = wrkResult(`go-${mode}`);
  const wn = wrkResult(`node-${mode}`);
  row(`HTTP throughput, requests/s (${label})`, wg.rps.toFixed(0), wn.rps.toFixed(0), cmp(wg.rps / wn.rps, 'higher'), mode === 'pin' ? `≥ 6×: ${met(wg.rps / wn.rps >= 6)}` : '—');
  row(`HTTP latency p50 / p99 (${label})`, `${ms(wg.p50_us / 1e6)} / ${ms(wg.p99_us / 1e6)}`, `${ms(wn.p50_us / 1e6)} / ${ms(wn.p99_us / 1e6)}`,
    `p50 ${cmp(wn.p50_us / wg.p50_us, 'lower')}, p99 ${cmp(wn.p99_us / wg.p99_us, 'lower')}`, mode === 'pin' ? `p99 ≥ 6×: ${met(wn.p99_us / wg.p99_us >= 6)}` : '—');
  row(`HTTP server CPU time per request (${label})`, us(cpuPerReq(`go-${mode}`, wg) * 1000), us(cpuPerReq(`node-${mode}`, wn) * 1000),
    cmp(cpuPerReq(`node-${mode}`, wn) / cpuPerReq(`go-${mode}`, wg), 'less'), '—');
  row(`other work on the machine during the HTTP run, share of the CPUs (${label})`, others(`go-${mode}`), others(`node-${mode}`), '—', '—');
  row(`HTTP errors, non-2xx + socket (${label})`, `${wg.errors} of ${wg.requests}`, `${wn.errors} of ${wn.requests}`, '—', `0: ${met(wg.errors === 0 && wn.errors === 0)}`);
  if (exists(`http-go-${mode}-paced-wrk.txt`)) {
    const pg = wrkResult(`go-${mode}-paced`);
    const pn = wrkResult(`node-${mode}-paced`);
    row(`HTTP latency p50 / p99 at a light steady load (4 connections, 2 ms pause; ${label})`,
      `${us(pg.p50_us * 1000)} / ${us(pg.p99_us * 1000)} (${pg.rps.toFixed(0)} req/s)`, `${us(pn.p50_us * 1000)} / ${us(pn.p99_us * 1000)} (${pn.rps.toFixed(0)} req/s)`,
      `p50 ${cmp(pn.p50_us / pg.p50_us, 'lower')}, p99 ${cmp(pn.p99_us / pg.p99_us, 'lower')}`, `${pg.errors + pn.errors} errors`);
  }
  const g = maxRSS(read(`http-go-${mode}-time.txt`));
  const n = maxRSS(read(`http-node-${mode}-time.txt`));
  row(`server peak memory under load, max RSS (${label})`, mib(g), mib(n), cmp(n / g, 'less'), mode === 'pin' ? `≥ 4×: ${met(n / g >= 4)}` : '—');
  if (exists(`http-goadapter-${mode}-wrk.txt`)) {
    const wa = wrkResult(`goadapter-${mode}`);
    const sa = maxRSS(read(`http-goadapter-${mode}-time.txt`));
    row(`reference, Go adapter alone (bench/goserver, ${label}): req/s; p50 / p99; CPU/request; max RSS`,
      `${wa.rps.toFixed(0)}; ${ms(wa.p50_us / 1e6)} / ${ms(wa.p99_us / 1e6)}; ${us(cpuPerReq(`goadapter-${mode}`, wa) * 1000)}; ${mib(sa)}`, '—',
      `${cmp(wa.rps / wn.rps, 'higher')}; p99 ${cmp(wn.p99_us / wa.p99_us, 'lower')}; RSS ${cmp(n / sa, 'less')}`, `${wa.errors} errors`);
  }
  httpNote += `HTTP (${label}): Go answered ${wg.requests} requests, Node ${wn.requests}.\n`;
}

const sz = sizes();
row('deployable: Lambda bootstrap (linux/arm64, -s -w) vs node_modules + source + data',
  mb(sz.go_bootstrap_bytes), mb(sz.node_modules_bytes + sz.node_source_bytes + sz.node_data_bytes), cmp((sz.node_modules_bytes + sz.node_source_bytes + sz.node_data_bytes) / sz.go_bootstrap_bytes, 'smaller'), '—');
row('deployable, zipped', mb(sz.go_zip_bytes), mb(sz.node_zip_bytes), cmp(sz.node_zip_bytes / sz.go_zip_bytes, 'smaller'), '—');
row('deployable, zipped, peer without express (Lambda subset)', mb(sz.go_zip_bytes), mb(sz.node_lambda_zip_bytes), cmp(sz.node_lambda_zip_bytes / sz.go_zip_bytes, 'smaller'), '—');

const same = exists('same-answer.txt') ? read('same-answer.txt').trim() : 'not checked';
console.log(`# Feeding Friend: Go vs the ASK SDK for Node.js, side by side

Written by \`bench/run.sh\` (do not edit by hand). Both sides answer the same envelope
(\`bench/requests/intent.json\`, LatchIntent, a new session) on the same machine, one after
the other. Same answer check (Go vs peer): ${same}.

| metric | Go | Node peer (ask-sdk-core 2.14) | Go vs peer | target |
|---|---|---|---|---|
${rows.join('\n')}

Machine and tools:

\`\`\`
${machine.trim()}
\`\`\`

Other work on the machine just before each phase (bench/run.sh waits up to 30 s for it to drop under 15%, 60 s in all):

\`\`\`
${exists('quiet.txt') ? read('quiet.txt').trim() : 'not recorded'}
\`\`\`

${httpNote}
Note 1: the in-process target is judged on CPU time per request (getrusage in the Go
benchmark, process.cpuUsage in bench.js; all threads, so garbage collection and the JIT
count). Wall time is shown too, but on this shared machine other work can take the CPU
away mid-run and inflate it; CPU time is what the request itself costs.

Raw outputs are in \`bench/results/raw/\`.
`);
