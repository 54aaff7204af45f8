'use strict';
/**
 * The peer engine, @cloud-copilot/iam-simulate, for side-by-side figures and differential
 * testing. It is AGPL, so it is never a dependency of this package: it is installed at run time
 * into the git-ignored scratch folder `bench/.work/` and only its public `runSimulation` API is
 * called. No code of it is copied here.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const WORK = path.join(__dirname, '..', '.work');
const PEER = '@cloud-copilot/iam-simulate';

/** The installed peer's package.json path under `bench/.work`, or undefined. */
function installedManifest() {
  try {
    return require.resolve(`${PEER}/package.json`, { paths: [WORK] });
  } catch {
    // The package's `exports` may hide package.json: look for the file itself.
    const direct = path.join(WORK, 'node_modules', ...PEER.split('/'), 'package.json');
    return fs.existsSync(direct) ? direct : undefined;
  }
}

/**
 * Installs the peer into `bench/.work` (once; `PEER_REINSTALL=1` forces a fresh install) and
 * loads it. Never throws: returns `{ ok: false, reason }` when the install or the load fails,
 * e.g. offline.
 */
function loadPeer({ quiet = false } = {}) {
  fs.mkdirSync(WORK, { recursive: true });
  const manifest = path.join(WORK, 'package.json');
  if (!fs.existsSync(manifest)) fs.writeFileSync(manifest, JSON.stringify({ name: 'jest-iam-bench-work', private: true }, null, 2));
  if (!installedManifest() || process.env.PEER_REINSTALL === '1') {
    if (!quiet) console.log(`installing ${PEER} into ${path.relative(process.cwd(), WORK) || WORK} (scratch, git-ignored) ...`);
    const r = spawnSync('npm', ['install', '--prefix', WORK, PEER, '--no-audit', '--no-fund', '--loglevel=error'], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (r.error || r.status !== 0) {
      const why = r.error ? r.error.message : (r.stderr || r.stdout || `npm exited with ${r.status}`).trim().split('\n').slice(-3).join(' ');
      return { ok: false, reason: `npm install ${PEER} failed: ${why}` };
    }
  }
  try {
    const entry = require.resolve(PEER, { paths: [WORK] });
    const mod = require(entry);
    if (typeof mod.runSimulation !== 'function') return { ok: false, reason: `${PEER} has no runSimulation export` };
    const version = JSON.parse(fs.readFileSync(installedManifest(), 'utf8')).version;
    return { ok: true, runSimulation: mod.runSimulation, version };
  } catch (e) {
    return { ok: false, reason: `cannot load ${PEER}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
}

/** Our result names to the peer's, and back. */
const TO_OURS = { Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' };

/** An account id for the resource: from the ARN, else the request's resourceAccount, else the principal's. */
function resourceAccountOf(request) {
  if (request.resourceAccount) return request.resourceAccount;
  const parts = String(request.resource ?? '*').split(':');
  if (parts.length >= 6 && /^\d{12}$/.test(parts[4])) return parts[4];
  const p = String(request.principal ?? '').split(':');
  if (p.length >= 6 && /^\d{12}$/.test(p[4])) return p[4];
  if (/^\d{12}$/.test(String(request.principal ?? ''))) return request.principal;
  return '111122223333';
}

/** Context values as the peer takes them: strings, or lists of strings. */
function peerContext(context) {
  const out = {};
  for (const [k, v] of Object.entries(context ?? {})) {
    if (v === undefined || v === null) continue;
    out[k] = Array.isArray(v) ? v.map(String) : String(v);
  }
  return out;
}

/**
 * The peer's Simulation for one request against identity policies (documents as plain
 * objects). `request` is our AccessRequest shape.
 */
function toSimulation(identityDocs, request, extra = {}) {
  return {
    identityPolicies: identityDocs.map((policy, i) => ({ name: `policy${i + 1}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...extra,
    request: {
      principal: request.principal ?? 'arn:aws:iam::111122223333:user/bench',
      action: request.action,
      resource: { resource: request.resource ?? '*', accountId: resourceAccountOf(request) },
      contextVariables: peerContext(request.context),
    },
  };
}

/** The peer's validation errors in one line: its summary and the first error of each policy. */
function describeErrors(errors) {
  if (!errors) return 'error';
  const details = [];
  for (const [k, v] of Object.entries(errors)) {
    if (k === 'message' || !v) continue;
    const list = Array.isArray(v) ? v : Object.values(v).flat();
    const first = list[0];
    if (first) details.push(`${k}: ${typeof first === 'string' ? first : `${first.message ?? ''}${first.path ? ` at ${first.path}` : ''}`}`);
  }
  return `${errors.message ?? 'error'}${details.length ? ` (${details.join('; ')})` : ''}`;
}

/**
 * The keys AWS adds to every signed request from the principal and the resource (IAM User
 * Guide, reference_policies_condition-keys.md: aws:PrincipalArn, aws:PrincipalAccount,
 * aws:PrincipalType, aws:ResourceAccount; reference_policies_variables.md: aws:username for
 * IAM users). Our evaluator derives them; the peer takes them only as given
 * (docs/divergences.md, class 1), so the bench hands them over.
 */
function awsDerivedKeys(request) {
  const parts = request.principal.split(':');
  const account = parts[4];
  const resource = parts.slice(5).join(':');
  const out = { 'aws:PrincipalArn': request.principal, 'aws:PrincipalAccount': account, 'aws:ResourceAccount': request.resourceAccount };
  if (resource.startsWith('user/')) {
    out['aws:username'] = resource.slice(resource.lastIndexOf('/') + 1);
    out['aws:PrincipalType'] = 'User';
  } else if (resource.startsWith('role/')) out['aws:PrincipalType'] = 'AssumedRole';
  return out;
}

/** Runs one simulation; returns our result name, or `{ error }` when the peer refused it. */
async function peerDecide(runSimulation, simulation) {
  const r = await runSimulation(simulation, {});
  if (r.resultType === 'error') return { error: describeErrors(r.errors) };
  return { result: TO_OURS[r.overallResult] ?? r.overallResult };
}

module.exports = { loadPeer, toSimulation, peerDecide, resourceAccountOf, awsDerivedKeys, WORK };
