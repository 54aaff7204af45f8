'use strict';
/**
 * `npm run differential`: random policies and requests over a realistic vocabulary, decided by
 * our evaluator and by @cloud-copilot/iam-simulate (installed at run time into bench/.work, never
 * a dependency: AGPL; only its public runSimulation is called). Every divergence is shrunk
 * (statements, values, condition clauses and context keys dropped while it persists) and
 * printed as a minimal reproduction, grouped into classes. See docs/divergences.md for which
 * side AWS documentation supports in each class.
 *
 * Options: --runs N (default 500), --seed S (default 1), --json FILE (write all divergences),
 * --no-derive (do not hand the peer the context keys AWS derives from the principal; the peer
 * does not derive them itself, see docs/divergences.md).
 * Exit code 0 whatever is found (divergences are findings, not failures); 2 when the peer
 * cannot be installed or loaded.
 */
const fs = require('node:fs');
const path = require('node:path');
const { loadPeer, toSimulation, peerDecide, awsDerivedKeys } = require('./lib/peer');
const { dist } = require('./lib/measure');
const V = require('./lib/vocabulary');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

/** mulberry32: a small seeded PRNG, so a run can be repeated with --seed. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generator(random) {
  const int = (n) => Math.floor(random() * n);
  const pick = (xs) => xs[int(xs.length)];
  const chance = (p) => random() < p;
  const some = (xs, max) => {
    const n = 1 + int(max);
    const out = [];
    for (let i = 0; i < n; i++) {
      const x = pick(xs);
      if (!out.some((y) => JSON.stringify(y) === JSON.stringify(x))) out.push(x);
    }
    return out;
  };
  const oneOrList = (xs) => (xs.length === 1 && chance(0.5) ? xs[0] : xs);

  function condition() {
    const block = {};
    for (const [op, key, values] of some(V.CONDITIONS, 2)) (block[op] ??= {})[key] = values.length === 1 && chance(0.5) ? values[0] : [...values];
    return block;
  }

  function statement({ resourcePolicy = false, requestAction } = {}) {
    const st = { Effect: chance(0.3) ? 'Deny' : 'Allow' };
    if (resourcePolicy) st.Principal = pick(V.POLICY_PRINCIPALS);
    // Bias towards the request's action so statements often apply.
    const actions = some(V.ACTION_PATTERNS, 3);
    if (requestAction && chance(0.5)) actions[0] = requestAction;
    st[chance(0.1) ? 'NotAction' : 'Action'] = oneOrList(actions);
    st[chance(0.1) ? 'NotResource' : 'Resource'] = oneOrList(some(V.RESOURCE_PATTERNS, 3));
    if (chance(0.45)) st.Condition = condition();
    return st;
  }

  /** An RCP statement set: Deny only (AWS Organizations, orgs_manage_policies_rcps_syntax.md). */
  const rcp = (requestAction) => {
    const st = statement({ resourcePolicy: true, requestAction });
    st.Effect = 'Deny';
    st.Principal = '*';
    delete st.NotAction;
    if (!st.Action) st.Action = requestAction;
    return { Version: '2012-10-17', Statement: [st] };
  };
  const policy = (opts) => ({ Version: '2012-10-17', Statement: Array.from({ length: 1 + int(4) }, () => statement(opts)) });

  return function randomCase() {
    const [action, resource] = pick(V.REQUESTS);
    const context = {};
    for (const key of Object.keys(V.CONTEXT)) if (chance(0.4)) context[key] = pick(V.CONTEXT[key]);
    const principal = pick(V.PRINCIPALS);
    const arnAccount = resource.split(':')[4];
    const request = { action, resource, principal, context, resourceAccount: /^\d{12}$/.test(arnAccount ?? '') ? arnAccount : V.ACCOUNT };
    const c = { identity: Array.from({ length: 1 + int(2) }, () => policy({ requestAction: action })), request };
    if (chance(0.2)) c.boundary = policy({ requestAction: action });
    if (chance(0.25)) c.resource = policy({ resourcePolicy: true, requestAction: action });
    // Organisation levels: an SCP level that usually allows everything, plus a random policy.
    if (chance(0.15))
      c.scps = [
        { name: 'root', policies: [chance(0.7) ? FULL_ACCESS : policy({ requestAction: action })] },
        { name: 'account', policies: [policy({ requestAction: action })] },
      ];
    if (chance(0.1)) c.rcps = [{ name: 'root', policies: [rcp(action)] }];
    return c;
  };
}

const DERIVE = !process.argv.includes('--no-derive');

/** Both engines' results for one case. */
async function decideBoth(c, peer, ours) {
  let mine;
  try {
    const set = ours.policySet({
      identity: c.identity,
      ...(c.boundary ? { boundary: c.boundary } : {}),
      ...(c.resource ? { resource: c.resource } : {}),
      ...(c.scps ? { scps: c.scps } : {}),
      ...(c.rcps ? { rcps: c.rcps } : {}),
    });
    mine = ours.evaluate(set, { ...c.request, now: new Date('2024-06-01T12:00:00Z') }).result;
  } catch (e) {
    mine = `error: ${e instanceof Error ? e.message.split('\n').slice(0, 2).join(' ') : String(e)}`;
  }
  const extra = {};
  if (c.boundary) extra.permissionBoundaryPolicies = [{ name: 'boundary', policy: c.boundary }];
  if (c.resource) extra.resourcePolicy = c.resource;
  const orgLevels = (levels) =>
    levels.map((l) => ({ orgIdentifier: l.name, policies: l.policies.map((policy, i) => ({ name: `${l.name}-${i + 1}`, policy })) }));
  if (c.scps) extra.serviceControlPolicies = orgLevels(c.scps);
  if (c.rcps) extra.resourceControlPolicies = orgLevels(c.rcps);
  const sim = toSimulation(c.identity, c.request, extra);
  // The same clock for both engines, and (unless --no-derive) the keys AWS always adds.
  sim.request.contextVariables = {
    'aws:CurrentTime': '2024-06-01T12:00:00Z',
    'aws:EpochTime': '1717243200',
    ...(DERIVE ? awsDerivedKeys(c.request) : {}),
    ...sim.request.contextVariables,
  };
  let theirs;
  try {
    const d = await peerDecide(peer.runSimulation, sim);
    theirs = d.error ? `error: ${d.error}` : d.result;
  } catch (e) {
    theirs = `error: ${e instanceof Error ? e.message : String(e)}`;
  }
  return { ours: mine, peer: theirs };
}

const clone = (x) => JSON.parse(JSON.stringify(x));
const FULL_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const asList = (x) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** Every case one step smaller than `c`. */
function* smaller(c) {
  if (c.boundary) yield (({ boundary: _b, ...rest }) => rest)(c);
  if (c.resource) yield (({ resource: _r, ...rest }) => rest)(c);
  if (c.scps) yield (({ scps: _s, ...rest }) => rest)(c);
  if (c.rcps) yield (({ rcps: _s, ...rest }) => rest)(c);
  for (const kind of ['scps', 'rcps']) {
    for (let l = 0; l < (c[kind]?.length ?? 0); l++) if (c[kind].length > 1) yield { ...c, [kind]: c[kind].filter((_, i) => i !== l) };
  }
  for (let p = 0; p < c.identity.length; p++) if (c.identity.length > 1) yield { ...c, identity: c.identity.filter((_, i) => i !== p) };
  const policies = [
    ...c.identity.map((_, i) => ['identity', i]),
    ...(c.boundary ? [['boundary']] : []),
    ...(c.resource ? [['resource']] : []),
    ...(c.scps ?? []).flatMap((l, i) => l.policies.map((_, j) => ['scps', i, j])),
    ...(c.rcps ?? []).flatMap((l, i) => l.policies.map((_, j) => ['rcps', i, j])),
  ];
  const get = (cc, where) => (where[0] === 'identity' ? cc.identity[where[1]] : where.length === 3 ? cc[where[0]][where[1]].policies[where[2]] : cc[where[0]]);
  for (const where of policies) {
    const doc = get(c, where);
    for (let s = 0; s < doc.Statement.length; s++) {
      if (doc.Statement.length > 1) {
        const n = clone(c);
        get(n, where).Statement.splice(s, 1);
        yield n;
      }
      const st = doc.Statement[s];
      for (const el of ['Action', 'NotAction', 'Resource', 'NotResource']) {
        const list = asList(st[el]);
        if (list.length > 1) {
          for (let k = 0; k < list.length; k++) {
            const n = clone(c);
            const left = list.filter((_, i) => i !== k);
            get(n, where).Statement[s][el] = left.length === 1 ? left[0] : left;
            yield n;
          }
        }
      }
      if (st.Principal && typeof st.Principal === 'object') {
        const n = clone(c);
        get(n, where).Statement[s].Principal = '*';
        yield n;
      }
      if (st.Condition) {
        const n = clone(c);
        delete get(n, where).Statement[s].Condition;
        yield n;
        for (const op of Object.keys(st.Condition)) {
          for (const key of Object.keys(st.Condition[op])) {
            if (Object.keys(st.Condition).length + Object.keys(st.Condition[op]).length > 2) {
              const m = clone(c);
              const cond = get(m, where).Statement[s].Condition;
              delete cond[op][key];
              if (!Object.keys(cond[op]).length) delete cond[op];
              yield m;
            }
            const values = asList(st.Condition[op][key]);
            if (values.length > 1) {
              for (let k = 0; k < values.length; k++) {
                const m = clone(c);
                get(m, where).Statement[s].Condition[op][key] = values.filter((_, i) => i !== k);
                yield m;
              }
            }
          }
        }
      }
    }
  }
  for (const key of Object.keys(c.request.context)) {
    const n = clone(c);
    delete n.request.context[key];
    yield n;
  }
}

/** Drops parts of the case while the same divergence (same pair of results) persists. */
async function shrink(c, outcome, peer, ours) {
  let current = c;
  let steps = 0;
  for (let changed = true; changed && steps < 400;) {
    changed = false;
    for (const candidate of smaller(current)) {
      steps++;
      const o = await decideBoth(candidate, peer, ours);
      if (o.ours === outcome.ours && o.peer === outcome.peer) {
        current = candidate;
        changed = true;
        break;
      }
    }
  }
  return current;
}

/** What a reproduction uses: its class, for grouping. */
function classify(c, outcome) {
  const features = new Set();
  const docs = [
    ...c.identity.map((d) => ['identity', d]),
    ...(c.boundary ? [['boundary', c.boundary]] : []),
    ...(c.resource ? [['resource', c.resource]] : []),
    ...(c.scps ?? []).flatMap((l) => l.policies.map((d) => ['SCP', d])),
    ...(c.rcps ?? []).flatMap((l) => l.policies.map((d) => ['RCP', d])),
  ];
  for (const [kind, d] of docs) {
    if (kind !== 'identity') features.add(`${kind} policy`);
    for (const st of d.Statement) {
      features.add(st.Effect);
      for (const el of ['NotAction', 'NotResource']) if (st[el]) features.add(el);
      if (st.Principal) features.add(`Principal ${JSON.stringify(st.Principal)}`);
      const values = [...asList(st.Action), ...asList(st.NotAction), ...asList(st.Resource), ...asList(st.NotResource)];
      if (values.some((v) => v.includes('${'))) features.add('policy variable in Resource');
      if (values.some((v) => v.includes('?'))) features.add('? wildcard');
      if (asList(st.Action).some((v) => v !== v.toLowerCase() && /^[A-Z]/.test(v))) features.add('upper-case service prefix');
      for (const [op, keys] of Object.entries(st.Condition ?? {})) for (const key of Object.keys(keys)) features.add(`${op} ${key}`);
    }
  }
  const crossAccount = c.request.principal.split(':')[4] !== c.request.resourceAccount;
  if (crossAccount) features.add('cross-account');
  return `ours ${outcome.ours} / peer ${outcome.peer} | ${[...features].sort().join(', ')}`;
}

async function main() {
  const runs = Number(option('runs', '500'));
  const seed = Number(option('seed', '1'));
  const jsonOut = option('json', undefined);
  const peer = loadPeer();
  if (!peer.ok) {
    console.log(`peer not available: ${peer.reason}`);
    process.exitCode = 2;
    return;
  }
  const ours = dist('src/index.js');
  console.log(
    `differential: ${runs} random cases, seed ${seed}; jest-iam vs @cloud-copilot/iam-simulate ${peer.version}${DERIVE ? '' : ' (--no-derive: the peer gets only the context keys the case gives)'}`,
  );
  const randomCase = generator(prng(seed));
  const tally = { agree: 0, diverge: 0, peerRefused: 0, oursRefused: 0 };
  const results = {};
  const divergences = [];
  for (let i = 0; i < runs; i++) {
    const c = randomCase();
    const o = await decideBoth(c, peer, ours);
    if (o.ours.startsWith('error') && o.peer.startsWith('error')) {
      tally.peerRefused++;
      tally.oursRefused++;
      continue;
    }
    if (o.peer.startsWith('error')) {
      tally.peerRefused++;
      divergences.push({ index: i, kind: 'peer refused', outcome: o, case: await shrink(c, o, peer, ours) });
      continue;
    }
    if (o.ours.startsWith('error')) {
      tally.oursRefused++;
      divergences.push({ index: i, kind: 'ours refused', outcome: o, case: await shrink(c, o, peer, ours) });
      continue;
    }
    results[o.ours] = (results[o.ours] ?? 0) + 1;
    if (o.ours === o.peer) tally.agree++;
    else {
      tally.diverge++;
      divergences.push({ index: i, kind: 'decision', outcome: o, case: await shrink(c, o, peer, ours) });
    }
  }
  const classes = new Map();
  for (const d of divergences) {
    // Refusals group by their message without the position it names.
    const refusal = (d.kind === 'peer refused' ? d.outcome.peer : d.outcome.ours).replace(/ at Statement\S*/g, '').slice(0, 200);
    d.class = d.kind === 'decision' ? classify(d.case, d.outcome) : `${d.kind}: ${refusal}`;
    const list = classes.get(d.class) ?? [];
    list.push(d);
    classes.set(d.class, list);
  }
  const seen = new Map();
  let n = 0;
  for (const [cls, list] of [...classes].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`\n### ${list.length} x ${cls}`);
    for (const d of list) {
      n++;
      const key = JSON.stringify(d.case);
      if (seen.has(key)) {
        console.log(`  #${n} (case ${d.index}): same minimal reproduction as #${seen.get(key)}`);
        continue;
      }
      seen.set(key, n);
      console.log(`  #${n} (case ${d.index}): ours ${d.outcome.ours}, peer ${d.outcome.peer}`);
      console.log(`    ${JSON.stringify(d.case)}`);
    }
  }
  console.log(
    `\nsummary: ${runs} cases; ${tally.agree} agree, ${tally.diverge} diverge on the decision, ${tally.peerRefused} refused by the peer, ${tally.oursRefused} refused by jest-iam; ${classes.size} classes`,
  );
  console.log(`our decisions where both decided: ${JSON.stringify(results)}`);
  if (jsonOut) {
    fs.writeFileSync(path.resolve(jsonOut), JSON.stringify({ seed, runs, tally, divergences }, null, 2));
    console.log(`written: ${jsonOut}`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exitCode = 1;
});
