'use strict';
/**
 * Startup: a fresh Node process requires the package and makes its first decision; the service
 * reference (src/catalog) is read lazily, one service file on first use, so the time to the
 * first catalogue lookup is measured apart. Then issue 18's large policy: 10,000 statements as
 * JSON text, parsed (with positions, validated) and decided once, in CPU time of a fresh process.
 */
const { spawnSync } = require('node:child_process');
const { DIST, median, ms, mb, line, heading, verdict } = require('../lib/measure');

/** Runs in the child: prints one JSON line of timings. */
const CHILD = `
const { performance } = require('node:perf_hooks');
const path = require('node:path');
const dist = process.argv[1];
const t0 = performance.now();
const m = require(path.join(dist, 'src', 'index.js'));
const t1 = performance.now();
const policy = m.toPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] });
const d = m.evaluate(policy, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: 'arn:aws:iam::111122223333:user/u' });
const t2 = performance.now();
const out = { require: t1 - t0, firstDecision: t2 - t1, result: d.result };
const catalogFile = path.join(dist, 'src', 'catalog', 'service-catalog.js');
if (require('node:fs').existsSync(catalogFile)) {
  const c = require(catalogFile);
  const t3 = performance.now();
  const a = c.getAction('s3', 'GetObject');
  const t4 = performance.now();
  const b = c.getAction('rekognition', 'DetectCustomLabels');
  const t5 = performance.now();
  out.catalogRequire = t3 - t2;
  out.firstLookup = t4 - t3;
  out.secondService = t5 - t4;
  out.found = !!a && !!b;
  out.loaded = typeof c.loadedServices === 'function' ? c.loadedServices().length : undefined;
}
out.rss = process.memoryUsage().rss;
console.log(JSON.stringify(out));
`;

/** Runs in the child: parses a 10,000-statement policy and decides once, CPU milliseconds. */
const BIG_CHILD = `
const path = require('node:path');
const [dist, scaling, which] = process.argv.slice(1);
const m = require(path.join(dist, 'src', 'index.js'));
const build = require(scaling)[which];
const text = JSON.stringify(build(10000), null, 2);
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const c0 = cpu();
const policy = m.parsePolicy(text, { name: 'big.json' });
const c1 = cpu();
const d = m.evaluate(policy, { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket-0/k', principal: 'arn:aws:iam::111122223333:user/u' });
const c2 = cpu();
console.log(JSON.stringify({ parse: c1 - c0, first: c2 - c1, total: c2 - c0, result: d.result, chars: text.length }));
`;

function bigOnce(which) {
  const r = spawnSync(process.execPath, ['-e', BIG_CHILD, DIST, require.resolve('./scaling'), which], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`10,000-statement child failed: ${(r.stderr || '').split('\n').slice(0, 3).join(' ')}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function once() {
  const r = spawnSync(process.execPath, ['-e', CHILD, DIST], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`startup child failed: ${(r.stderr || '').split('\n').slice(0, 3).join(' ')}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function run() {
  heading('startup (fresh process, median of 5)');
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(once());
  const med = (k) => median(runs.map((r) => r[k]));
  line("require('jest-iam')", ms(med('require')));
  line('first decision (parse + compile + evaluate)', ms(med('firstDecision')), `result ${runs[0].result}`);
  line('require + first decision', ms(med('require') + med('firstDecision')));
  if (runs[0].firstLookup !== undefined) {
    line('load src/catalog/service-catalog', ms(med('catalogRequire')));
    line('first catalogue lookup (s3:GetObject)', ms(med('firstLookup')), runs[0].found ? '' : '(action not found!)');
    line('lookup in a second service (rekognition)', ms(med('secondService')));
    if (runs[0].loaded !== undefined)
      line('services loaded after both lookups', `${runs[0].loaded}`, 'the service reference is read per service, on first use');
  } else {
    console.log('  (src/catalog/service-catalog.js not built: no catalogue figures)');
  }
  line('resident memory after all of it', mb(median(runs.map((r) => r.rss))));
  for (const [which, what] of [
    ['mixedPolicy', "5 statements of the request's service, the rest of 16 others"],
    ['sameServicePolicy', "every statement names the request's action"],
  ]) {
    const big = [];
    for (let i = 0; i < 5; i++) big.push(bigOnce(which));
    const t = big.map((r) => r.total).sort((a, b) => a - b);
    console.log(`  10,000 statements (${what}; ${(big[0].chars / 1e6).toFixed(1)} MB of JSON), fresh process, CPU, 5 runs`);
    line('  parse with positions + validate', ms(median(big.map((r) => r.parse))));
    line('  first decision (compile + decide)', ms(median(big.map((r) => r.first))), `result ${big[0].result}`);
    line(
      '  parse + first decision (min / median / max)',
      `${ms(t[0])} / ${ms(median(t))} / ${ms(t[t.length - 1])}`,
      `target < 300 ms ${verdict(median(t), 300, true)}`,
    );
  }
}

module.exports = { run };
