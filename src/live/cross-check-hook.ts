import type { AccessRequest, NormalizedRequest } from '../request/access-request';
import type { Decision } from '../engine/decision';
import type { PolicySet } from '../policy/policy-set';
import { IamLiveError } from './aws-errors';
import type { CrossCheckCell, CrossCheckOutcome, CrossCheckReport } from './cross-check';
import { readCrossCheckSettings, resolveCrossCheck } from './cross-check-config';

// The AWS SDK is loaded only when a check runs: the matchers register this hook in every test
// file, and a run without the cross-check should not pay for loading @aws-sdk/client-iam.
const inSession = async (cells: CrossCheckCell[]): Promise<CrossCheckReport> => (await import('./cross-check-session')).crossCheckInSession(cells);

/**
 * The Jest side of the cross-check. Matchers record each decision they make
 * ({@link recordForCrossCheck}); an async `afterEach` ({@link registerCrossCheckHooks}) sends the
 * test's cells to IAM in batches and fails the test on any divergence, listing every divergent
 * cell. Cells IAM cannot be compared on are reported with console.warn, not failed.
 * Scenario suites check all their cells at once with {@link crossCheckCells} in a `beforeAll`.
 */

const pending: CrossCheckCell[] = [];
let fileSetting: boolean | undefined;
let registered = false;

/** This file's own setting (a scenario's `crossCheck:` key); undefined follows the run's setting. */
export function setFileCrossCheck(on: boolean | undefined): void {
  fileSetting = on;
}

/** Whether a decision is cross-checked, given the assertion's own `crossCheck` option. */
export function isCrossCheckWanted(assertion?: boolean): boolean {
  return resolveCrossCheck(readCrossCheckSettings().mode, fileSetting, assertion);
}

/**
 * Called by the matchers for each decision (cell) they make. Cheap when the cross-check is off.
 *
 * @param assertion the matcher's `{ crossCheck }` option, if given
 */
export function recordForCrossCheck(set: PolicySet, request: AccessRequest | NormalizedRequest, local: Decision, assertion?: boolean): void {
  if (!isCrossCheckWanted(assertion)) return;
  pending.push({ set, request, local });
}

/** The cells recorded since the last check (and forgets them). */
export function takeRecordedCells(): CrossCheckCell[] {
  return pending.splice(0, pending.length);
}

function warnSkipped(skipped: CrossCheckOutcome[]): void {
  if (skipped.length) console.warn(skipped.map((o) => o.message).join('\n'));
}

function divergenceError(divergences: CrossCheckOutcome[], total: number): IamLiveError {
  const head = `IAM's policy simulator disagrees with jest-iam on ${divergences.length} of ${total} cell${total === 1 ? '' : 's'}:`;
  const body = divergences.map((o, i) => `Divergence ${i + 1}/${divergences.length}:\n${o.message}`).join('\n\n');
  return new IamLiveError(`${head}\n\n${body}`, 'CrossCheckDivergence');
}

/**
 * Checks the cells the current test recorded: throws (failing the test) when IAM disagrees on
 * any, warns about the ones that could not be compared. The body of the `afterEach` hook.
 */
export async function checkRecordedCells(): Promise<CrossCheckReport | undefined> {
  const cells = takeRecordedCells();
  if (!cells.length) return undefined;
  const report = await inSession(cells);
  warnSkipped(report.skipped);
  if (report.divergences.length) throw divergenceError(report.divergences, cells.length);
  return report;
}

/**
 * Registers the `afterEach` hook in the current test file (once). Call from a
 * setupFilesAfterEnv module; does nothing outside a Jest test file.
 */
export function registerCrossCheckHooks(): void {
  const g = globalThis as { afterEach?: (fn: () => Promise<unknown>, timeout?: number) => void };
  if (registered || typeof g.afterEach !== 'function') return;
  registered = true;
  g.afterEach(async () => {
    await checkRecordedCells();
  }, readCrossCheckSettings().timeoutMs);
}

/** The cross-check outcomes of a scenario file's cells, checked one test at a time. */
export class CrossCheckResults {
  constructor(readonly report: CrossCheckReport) {}

  /** The outcome of cell `index` (in the order given to {@link crossCheckCells}). */
  outcome(index: number): CrossCheckOutcome {
    return this.report.outcomes[index];
  }

  /** Throws when IAM disagrees on cell `index`; warns when it could not be compared. */
  assertCell(index: number): void {
    const o = this.report.outcomes[index];
    if (!o) throw new IamLiveError(`no cross-check result for cell ${index}`, 'CrossCheckIndex');
    if (o.status === 'skipped') warnSkipped([o]);
    if (o.status === 'diverge') throw divergenceError([o], 1);
  }
}

/**
 * Cross-checks every cell of a scenario file at once (batched, cached). Call in an async
 * `beforeAll`; then each test calls `results.assertCell(i)`.
 */
export async function crossCheckCells(cells: CrossCheckCell[]): Promise<CrossCheckResults> {
  return new CrossCheckResults(await inSession(cells));
}
