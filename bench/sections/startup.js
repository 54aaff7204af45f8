'use strict';
/**
 * Startup: a fresh Node process requires the package and makes its first decision; the service
 * reference (src/catalog) is read lazily, one service file on first use, so the time to the
 * first catalogue lookup is measured apart.
 */
const { spawnSync } = require('node:child_process');
const { DIST, median, ms, mb, line, heading } = require('../lib/measure');

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
    if (runs[0].loaded !== undefined) line('services loaded after both lookups', `${runs[0].loaded}`, 'the service reference is read per service, on first use');
  } else {
    console.log('  (src/catalog/service-catalog.js not built: no catalogue figures)');
  }
  line('resident memory after all of it', mb(median(runs.map((r) => r.rss))));
}

module.exports = { run };
