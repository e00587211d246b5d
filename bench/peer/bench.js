'use strict';
// In-process time per request of the peer, warm: the same envelope bytes go
// through JSON.parse -> skill.invoke -> JSON.stringify N times (the Node
// equivalent of the Go benchmark's bytes in, bytes out). Prints one JSON line.
// Usage: node bench.js FILE [N]
// ns_per_op is wall time; cpu_ns_per_op is the process's CPU time (all threads:
// the garbage collector and the JIT compiler too), steadier on a shared machine.
// Allocation per op is the heap growth over batches in which v8's GCProfiler saw
// no collection (median of those batches); run with a large young generation
// (--max-semi-space-size) so that such batches exist.
const fs = require('fs');
const v8 = require('v8');
const { buildSkill } = require('./skill');

async function main() {
  const file = process.argv[2];
  const n = Number(process.argv[3] || 20000);
  const body = fs.readFileSync(file, 'utf8');
  const skill = buildSkill();
  const once = async () => JSON.stringify(await skill.invoke(JSON.parse(body)));

  const out = await once();
  if (!out.includes('outputSpeech')) throw new Error('no speech in the response: ' + out);
  for (let i = 0; i < Math.min(n, 5000); i++) await once(); // warm up the JIT

  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await once();
  const ns = Number(process.hrtime.bigint() - t0);
  const c1 = process.cpuUsage(c0); // µs, all threads (GC and JIT included)

  const batch = 50;
  const perOp = [];
  for (let r = 0; r < 40; r++) {
    const prof = new v8.GCProfiler();
    prof.start();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < batch; i++) await once();
    const after = process.memoryUsage().heapUsed;
    const stats = prof.stop();
    if (stats.statistics.length === 0 && after > before) perOp.push((after - before) / batch);
  }
  perOp.sort((a, b) => a - b);
  const mu = process.memoryUsage();
  console.log(JSON.stringify({
    name: 'peer invoke (JSON.parse + skill.invoke + JSON.stringify)',
    n,
    ns_per_op: Math.round(ns / n),
    cpu_ns_per_op: Math.round(((c1.user + c1.system) * 1000) / n),
    bytes_per_op: perOp.length ? Math.round(perOp[Math.floor(perOp.length / 2)]) : null,
    clean_batches: perOp.length,
    heap_used_bytes: mu.heapUsed,
    rss_bytes: mu.rss,
    response_bytes: Buffer.byteLength(out),
  }));
}

main().catch((err) => { console.error(err); process.exit(1); });
