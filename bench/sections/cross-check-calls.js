'use strict';
/**
 * Cross-check: IAM calls per cell. How many SimulateCustomPolicy calls the batching plans for
 * the Rekognition Custom Labels example and for 2,000-cell matrices, against the bound the
 * README states: per group of cells that share every input but action and resource (one policy
 * set, caller, owner, context; "*" and ARN cells apart), at most ceil(N_g / 100) calls, so at
 * most sum ceil(N_g / 100) for a run. A call is one request here: with at most 100 actions per
 * call IAM's per-action answer fits one page (MaxItems 1000).
 */
const path = require('node:path');
const { dist: fromDist } = require('../lib/measure');

function plan(cells) {
  const { mapPolicySet } = fromDist('src/live/map-policy-set');
  const { planChunks } = fromDist('src/live/plan-chunks');
  const { normalizeRequest } = fromDist('src/request/access-request');
  const inputs = [];
  for (const c of cells) {
    const m = mapPolicySet(c.set, normalizeRequest(c.request));
    if (m.input) inputs.push(m.input);
  }
  const chunks = planChunks(inputs);
  // The stated bound: sum over groups of ceil(N_g / 100), a group being one call's shared inputs and "*" or ARN.
  const groups = new Map();
  for (const i of inputs) {
    const k = `${JSON.stringify(i.params)}|${i.resource === '*' ? '*' : 'arn'}|${'ResourcePolicy' in i.params ? i.resource.split(':')[2] : ''}`;
    const g = groups.get(k) ?? new Set();
    g.add(`${i.action.toLowerCase()}\0${i.resource}`);
    groups.set(k, g);
  }
  const bound = [...groups.values()].reduce((n, g) => n + Math.ceil(g.size / 100), 0);
  return { cells: cells.length, simulated: inputs.length, calls: chunks.length, bound, groups: groups.size };
}

function line(name, r) {
  const perCell = r.simulated ? (r.calls / r.simulated).toFixed(4) : 'n/a';
  console.log(
    `  ${name}: ${r.cells} cells, ${r.simulated} sent to IAM, ${r.groups} group(s), ${r.calls} call(s) = ${perCell} calls per cell; stated bound ${r.bound} (ceil(N/100) would be ${Math.ceil(r.simulated / 100)})`,
  );
}

function policy(parsePolicy, name, statements) {
  return parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2), { name, policyType: 'identity' });
}

/** Deterministic pseudo-random numbers, so the matrices never change. */
function lcg(seed) {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function run() {
  console.log('\ncross-check: IAM calls per cell (planned SimulateCustomPolicy requests)');
  const { loadScenario } = fromDist('src/scenario/load-scenario');
  const { expandCells } = fromDist('src/scenario/expand-cells');
  const { parsePolicy } = fromDist('src/policy/parse-policy');
  const file = path.join(__dirname, '../../examples/rekognition-custom-labels/rekognition-custom-labels.iam.yaml');
  const rek = expandCells(loadScenario(file)).map((c) => ({ set: c.policySet, request: c.request }));
  line('Rekognition Custom Labels example', plan(rek));

  const action = (i) => `s3:TestAction${String(i).padStart(3, '0')}`;
  const bucket = (i) => `arn:aws:s3:::bucket-${i}/key`;
  // Dense: 5 policy sets x 40 actions x 10 ARNs.
  const dense = [];
  for (let s = 0; s < 5; s++) {
    const set = { identity: [policy(parsePolicy, `set-${s}.json`, [{ Effect: 'Allow', Action: 's3:*', Resource: `arn:aws:s3:::bucket-${s}/*` }])] };
    for (let a = 0; a < 40; a++) for (let r = 0; r < 10; r++) dense.push({ set, request: { action: action(a), resource: bucket(r) } });
  }
  line('2,000-cell matrix, dense (5 sets x 40 actions x 10 ARNs)', plan(dense));
  // Sparse: one set, 2,000 distinct random cells of 300 actions x 300 ARNs, 10% of them on "*".
  const rnd = lcg(7);
  const set = { identity: [policy(parsePolicy, 'sparse.json', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }])] };
  const seen = new Set();
  const sparse = [];
  while (sparse.length < 2000) {
    const a = action(Math.floor(rnd() * 300));
    const r = rnd() < 0.1 ? '*' : bucket(Math.floor(rnd() * 300));
    if (seen.has(`${a} ${r}`)) continue;
    seen.add(`${a} ${r}`);
    sparse.push({ set, request: { action: a, resource: r } });
  }
  line('2,000-cell matrix, sparse (1 set, random cells of 300 actions x 300 ARNs, 10% on "*")', plan(sparse));
}

module.exports = { run };
