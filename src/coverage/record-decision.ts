/**
 * The evaluation-path hook of the jest-iam reporter. Matchers and the scenario runner call
 * `recordDecision(decision)` for every decision they check; when the reporter is not active
 * (no {@link RUN_DIR_ENV}) the call returns after one comparison, once the environment has been
 * read on the first call.
 */

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Decision } from '../engine/decision';
import type { Policy } from '../policy/policy-model';
import { explainDecision, formatRequest } from '../explain/explain-decision';
import { cellOutcome } from '../analysis/cell-outcome';
import { RUN_DIR_ENV, type CellRecord, type PolicyRecord } from './run-records';

/** `undefined`: not looked up yet; `null`: reporter inactive; else this process's record file. */
let target: string | null | undefined;
const policyKeys = new WeakMap<Policy, string>();
const written = new Set<string>();

/** Who made the request, for the report's principal axis. */
export interface DecisionOrigin {
  /** A principal name (scenario principal, role); default: the request's principal or the policy names. */
  principal?: string;
  /** Policies the check made up itself (not the user's), left out of the coverage. */
  synthetic?: ReadonlySet<Policy>;
}

function recordFile(): string | null {
  const dir = process.env[RUN_DIR_ENV];
  if (!dir) return null;
  const worker = process.env.JEST_WORKER_ID ?? '0';
  return path.join(dir, `${process.pid}-${worker}.jsonl`);
}

/** The key of a policy version: where it came from and a hash of its text. */
function policyKey(p: Policy): string {
  let k = policyKeys.get(p);
  if (!k) {
    const hash = createHash('sha1').update(p.text).digest('hex').slice(0, 12);
    k = `${p.file ?? p.name}@${hash}`;
    policyKeys.set(p, k);
  }
  return k;
}

/** Jest's current test, when called inside one. */
function currentTest(): { test?: string; testPath?: string } {
  const state = (globalThis as { expect?: { getState?: () => { currentTestName?: string; testPath?: string } } }).expect?.getState?.();
  return { ...(state?.currentTestName ? { test: state.currentTestName } : {}), ...(state?.testPath ? { testPath: state.testPath } : {}) };
}

function append(line: string): void {
  try {
    fs.appendFileSync(target as string, `${line}\n`);
  } catch {
    // The run directory is gone (the reporter finished or was interrupted): stop recording.
    target = null;
  }
}

/**
 * Records one decision for statement coverage and the access-matrix report. Costs nothing
 * measurable when the jest-iam reporter is not configured.
 */
export function recordDecision(decision: Decision, origin: DecisionOrigin = {}): void {
  if (target === null) return;
  if (target === undefined) {
    target = recordFile();
    if (target === null) return;
  }
  const trace = decision.trace;
  const policies = new Map<Policy, string>();
  for (const t of trace) if (!policies.has(t.policy) && !origin.synthetic?.has(t.policy)) policies.set(t.policy, policyKey(t.policy));
  for (const [p, key] of policies) {
    if (written.has(`p\0${key}`)) continue;
    written.add(`p\0${key}`);
    const rec: PolicyRecord = {
      t: 'policy',
      key,
      name: p.name,
      ...(p.file !== undefined ? { file: p.file } : {}),
      statements: p.statements.map((s) => ({
        index: s.index,
        effect: s.effect,
        ...(s.sid !== undefined ? { sid: s.sid } : {}),
        ...(s.pos ? { line: s.pos.line, column: s.pos.column } : {}),
      })),
    };
    append(JSON.stringify(rec));
  }
  const principal = origin.principal ?? decision.request.principal?.given ?? [...policies.keys()].map((p) => p.name).join(' + ');
  const request = formatRequest(decision);
  const { outcome } = cellOutcome(decision);
  const deciding = decision.deciding.filter((t) => !origin.synthetic?.has(t.policy)).map((t) => `${policyKey(t.policy)}#${t.statement.index}`);
  const test = currentTest();
  const cellId = `c\0${principal}\0${request}\0${outcome}\0${deciding.join(',')}\0${test.test ?? ''}`;
  if (written.has(cellId)) return;
  written.add(cellId);
  const rec: CellRecord = {
    t: 'cell',
    principal,
    action: decision.request.action,
    resource: decision.request.resource,
    request,
    outcome,
    deciding,
    explanation: explainDecision(decision),
    ...test,
  };
  append(JSON.stringify(rec));
}

/** Forgets the cached environment lookup (for tests that switch the reporter on and off). */
export function resetDecisionRecorder(): void {
  target = undefined;
  written.clear();
}
