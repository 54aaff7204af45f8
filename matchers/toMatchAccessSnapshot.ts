import type { MatcherContext, SyncExpectationResult } from 'expect';
import { PolicyValidationError } from '../src/policy/policy-issue';
import { buildAccessMatrix } from '../src/report/access-matrix';
import type { AccessScope } from '../src/report/access-scope';
import { formatAccessSnapshot } from '../src/report/access-snapshot-text';
import { compareSnapshots, formatSnapshotChange, isUnchanged } from '../src/report/snapshot-change';
import { IamUsageError } from './assert-decision';
import { receivedPolicySet } from './received-policy-set';

/** What jest-snapshot's `toMatchSnapshot` returns (its result carries the stored and the new text). */
interface SnapshotResult extends SyncExpectationResult {
  actual?: string;
  expected?: string;
}

type ToMatchSnapshot = (this: MatcherContext, received: unknown, hint?: string) => SnapshotResult;

/**
 * jest-snapshot, loaded when a snapshot is first asked for (so other runners never need it),
 * from Jest's own installation: a custom snapshot matcher must call the `toMatchSnapshot` of the
 * Jest that runs the test, with that test's matcher context.
 */
function jestToMatchSnapshot(): ToMatchSnapshot {
  try {
    return (require('jest-snapshot') as { toMatchSnapshot: ToMatchSnapshot }).toMatchSnapshot;
  } catch {
    throw new IamUsageError('toMatchAccessSnapshot needs Jest (jest-snapshot could not be loaded); it works only in tests run by Jest');
  }
}

/**
 * Stores the effective access of the received policies over `scope` with Jest's snapshot
 * mechanism, in a stable text grouped by service and decision. When a policy edit changes
 * access, the failure says "now allowed: ...; no longer allowed: ..." before Jest's diff;
 * `jest -u` accepts the change.
 *
 * @example
 * expect(policySet({ identity: 'policies/project.json' })).toMatchAccessSnapshot({ actions: ['rekognition:*'] });
 */
export function toMatchAccessSnapshot(this: MatcherContext, received: unknown, scope: AccessScope, hint?: string): SyncExpectationResult {
  if (this.isNot) throw new IamUsageError('toMatchAccessSnapshot cannot be used with .not');
  let text: string;
  try {
    const set = receivedPolicySet(received);
    const matrix = buildAccessMatrix([{ name: 'policy set', set }], scope);
    text = formatAccessSnapshot(matrix);
  } catch (e) {
    if (e instanceof PolicyValidationError || e instanceof TypeError) throw new IamUsageError(`toMatchAccessSnapshot: ${e.message}`);
    throw e;
  }
  const result = jestToMatchSnapshot().call(this, text, hint ?? 'access');
  if (result.pass || result.expected === undefined || result.actual === undefined) return result;
  const change = compareSnapshots(result.expected, result.actual);
  const summary = isUnchanged(change) ? `Access snapshot changed: ${formatSnapshotChange(change)}` : `Access changed.\n${formatSnapshotChange(change)}`;
  return { pass: false, message: () => `${summary}\n\n${result.message()}` };
}
