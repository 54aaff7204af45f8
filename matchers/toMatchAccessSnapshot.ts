import type { MatcherContext, SyncExpectationResult } from 'expect';
import type { IamMatcherContext } from './matcher-context';
import { assertReadableContext } from './kit/context-check';
import { evaluate } from '../src/engine/evaluate';
import { buildAccessMatrix, FIXED_NOW, type AccessMatrix } from '../src/analysis/access-matrix';
import type { AccessScope } from '../src/analysis/access-scope';
import { formatAccessSnapshot, type SnapshotCell } from '../src/analysis/access-snapshot-text';
import { cellOutcome } from '../src/analysis/cell-outcome';
import { compareSnapshots, formatSnapshotChange, isUnchanged } from '../src/analysis/snapshot-change';
import { asUsageErrors, IamUsageError } from './kit/usage-error';
import { checkOptions, type OptionKeys } from './kit/check-options';
import { receivedPolicySet } from './kit/received-policies';
import { recordDecisions } from './kit/record-decisions';

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

/** Options of {@link toMatchAccessSnapshot} besides the scope. */
export interface AccessSnapshotOptions {
  /** Names the snapshot within the test, as Jest's `toMatchSnapshot(hint)` does (default `access`). */
  hint?: string;
  /**
   * Also ask IAM's policy simulator about every cell of the snapshot (true) or never (false);
   * default: `JEST_IAM_CROSS_CHECK` and the file's setting.
   */
  crossCheck?: boolean;
}

const OPTION_KEYS: OptionKeys<AccessSnapshotOptions> = ['hint', 'crossCheck'];

/** `{ a: 'x', b: 'y' }` from a snapshot line's `a=x, b=y`. */
function variablesOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text ? text.split(', ') : []) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

/**
 * Stores the effective access of the received policies over `scope` with Jest's snapshot
 * mechanism, in a stable text grouped by service and decision (implicit denies counted per
 * service). When a policy edit changes access, the failure says "now allowed: ...; no longer
 * allowed: ..." before Jest's diff; `jest -u` accepts the change. Every cell is a decision the
 * policies make: it counts for statement coverage and is cross-checked with IAM when asked.
 *
 * @example
 * expect(policySet({ identity: 'policies/project.json' })).toMatchAccessSnapshot({ actions: ['rekognition:*'] });
 * expect(managerSet).toMatchAccessSnapshot({ services: ['rekognition'] }, { hint: 'manager', crossCheck: true });
 */
export function toMatchAccessSnapshot(
  this: IamMatcherContext,
  received: unknown,
  scope: AccessScope,
  hintOrOptions?: string | AccessSnapshotOptions,
): SyncExpectationResult {
  if (this.isNot) throw new IamUsageError('toMatchAccessSnapshot cannot be used with .not');
  if (
    hintOrOptions !== undefined &&
    typeof hintOrOptions !== 'string' &&
    (typeof hintOrOptions !== 'object' || hintOrOptions === null || Array.isArray(hintOrOptions))
  ) {
    throw new IamUsageError(`toMatchAccessSnapshot: the second argument is a snapshot name or { hint?, crossCheck? }, not ${JSON.stringify(hintOrOptions)}`);
  }
  const options =
    typeof hintOrOptions === 'string' ? { hint: hintOrOptions } : checkOptions<AccessSnapshotOptions>('toMatchAccessSnapshot', hintOrOptions, OPTION_KEYS);
  if (options.hint !== undefined && typeof options.hint !== 'string')
    throw new IamUsageError(`toMatchAccessSnapshot: the snapshot name (hint) must be a string, not ${JSON.stringify(options.hint)}`);
  const { set, matrix, text } = asUsageErrors('toMatchAccessSnapshot', () => {
    const set = receivedPolicySet(received);
    assertReadableContext('toMatchAccessSnapshot', (scope as AccessScope | undefined)?.context, [set]);
    const matrix: AccessMatrix = buildAccessMatrix([{ name: 'policy set', set }], scope);
    const text = formatAccessSnapshot(matrix);
    recordDecisions(
      set,
      matrix.cells.map((c) => c.decision),
      { crossCheck: options.crossCheck, ...(matrix.scope.principal !== undefined ? { principal: matrix.scope.principal } : {}) },
    );
    return { set, matrix, text };
  });
  const result = jestToMatchSnapshot().call(this as MatcherContext, text, options.hint ?? 'access');
  if (result.pass || result.expected === undefined || result.actual === undefined) return result;
  // A stored cell the current matrix no longer lists is decided again, to tell "denied now" from
  // "still allowed, but its sample resource is gone".
  const recheck = (cell: SnapshotCell) =>
    cellOutcome(
      evaluate(set, {
        action: cell.action,
        resource: cell.resource,
        ...(matrix.scope.principal !== undefined ? { principal: matrix.scope.principal } : {}),
        context: { ...(matrix.scope.context ?? {}), ...variablesOf(cell.variables) },
        now: FIXED_NOW,
      }),
    ).outcome;
  const change = compareSnapshots(result.expected, result.actual, recheck);
  const summary = isUnchanged(change) ? `Access snapshot changed: ${formatSnapshotChange(change)}` : `Access changed.\n${formatSnapshotChange(change)}`;
  return { pass: false, message: () => `${summary}\n\n${result.message()}` };
}
