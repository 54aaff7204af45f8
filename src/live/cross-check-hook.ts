/**
 * The Jest side of the cross-check. Matchers record each decision they make
 * ({@link recordForCrossCheck}); an async `afterEach` ({@link registerCrossCheckHooks}) sends the
 * test's cells to IAM in batches and fails the test on any divergence or any cell IAM gave no
 * usable answer for, listing each. Cells skipped for a known limit of the simulator are reported
 * once each on stderr, not failed. An `afterAll` prints the file's summary line and fails the file
 * when IAM compared none of its cells. Scenario suites check all their cells at once with
 * {@link crossCheckCells} in a `beforeAll`.
 */

import * as path from 'node:path';
import type { AccessRequest, NormalizedRequest } from '../request/access-request';
import type { Decision } from '../engine/decision';
import type { PolicySet } from '../policy/policy-set';
import { IamLiveError } from './aws-errors';
import type { CrossCheckCell, CrossCheckOutcome, CrossCheckReport } from './cross-check';
import { countOutcomes, summaryLine, type CrossCheckCounts } from './cross-check-counts';
import { readCrossCheckSettings, resolveCrossCheck } from './cross-check-config';
import { recordFileCounts } from './cross-check-run';

// The AWS SDK is loaded only when a check runs: the matchers register this hook in every test
// file, and a run without the cross-check should not pay for loading @aws-sdk/client-iam.
const inSession = async (cells: CrossCheckCell[]): Promise<CrossCheckReport> => (await import('./cross-check-session')).crossCheckInSession(cells);

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

/** Skip notes already printed in this process: the same limit meets every test of a file. */
const warnedSkips = new Set<string>();

/** Jest's state of the running test file, when there is one (expect.getState()). */
function jestState(): { currentTestName?: string; testPath?: string } | undefined {
  try {
    return (globalThis as { expect?: { getState?: () => { currentTestName?: string; testPath?: string } } }).expect?.getState?.();
  } catch {
    return undefined;
  }
}

/** The running test file, relative to the working folder. */
function testFile(): string | undefined {
  const p = jestState()?.testPath;
  return p ? path.relative(process.cwd(), p) : undefined;
}

/** The test that is running, as `file, test "name"`, when Jest says. */
function currentTest(): string | undefined {
  const state = jestState();
  if (!state?.currentTestName) return undefined;
  const file = testFile();
  return `${file ? `${file}, ` : ''}test ${JSON.stringify(state.currentTestName)}`;
}

/**
 * Notes on cells the simulator cannot take, each once per process, straight to stderr with the
 * test that met it first (console.warn would add a stack frame of jest-iam's own code).
 */
function warnSkipped(skipped: CrossCheckOutcome[], print: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
  const fresh = [...new Set(skipped.map((o) => o.message))].filter((m) => !warnedSkips.has(m));
  if (!fresh.length) return;
  for (const m of fresh) warnedSkips.add(m);
  const where = currentTest();
  print(fresh.map((m) => `jest-iam cross-check: not compared: ${m.replace(/^jest-iam cross-check: /, '')}${where ? ` [${where}]` : ''}`).join('\n'));
}

function divergenceError(divergences: CrossCheckOutcome[], total: number): IamLiveError {
  const diverged = divergences.filter((o) => o.status === 'diverge');
  const failed = divergences.filter((o) => o.status === 'failed');
  const s = total === 1 ? '' : 's';
  const heads: string[] = [];
  if (diverged.length) heads.push(`IAM's policy simulator disagrees with jest-iam on ${diverged.length} of ${total} cell${s}`);
  if (failed.length) heads.push(`IAM gave no usable answer for ${failed.length} of ${total} cell${s}`);
  const body = [
    ...diverged.map((o, i) => `Divergence ${i + 1}/${diverged.length}:\n${o.message}`),
    ...failed.map((o, i) => `Not compared ${i + 1}/${failed.length}:\n${o.message}`),
  ].join('\n\n');
  return new IamLiveError(`${heads.join('; ')}:\n\n${body}`, diverged.length ? 'CrossCheckDivergence' : 'CrossCheckFailed');
}

/** This file's outcomes so far, for its summary line. */
let fileCounts: CrossCheckCounts | undefined;

function tally(outcomes: CrossCheckOutcome[]): void {
  fileCounts = countOutcomes(outcomes, fileCounts);
}

/**
 * The end of a file's cross-check: prints its summary line (compared / skipped by reason /
 * failed) and hands its counts to the run (`jest-iam live` or the jest-iam reporter), which
 * prints the run's line and fails the run when IAM compared no cell of it. Outside such a run
 * the file decides alone: it throws when cells were checked but IAM compared none, since a check
 * that compared nothing must not pass. Returns the counts (undefined when nothing was checked).
 */
export function finishFileCrossCheck(
  print: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  env: NodeJS.ProcessEnv = process.env,
): CrossCheckCounts | undefined {
  const counts = fileCounts;
  fileCounts = undefined;
  if (!counts?.cells) return undefined;
  // Jest runs files in parallel: the line names its file.
  const file = testFile();
  print(file ? summaryLine(counts).replace(/^jest-iam cross-check: /, `jest-iam cross-check: ${file}: `) : summaryLine(counts));
  if (recordFileCounts(counts, jestState()?.testPath, env)) return counts;
  if (!counts.compared) {
    throw new IamLiveError(
      `${summaryLine(counts)}. IAM compared none of this file's cells, so the cross-check cannot pass: give the cells parts the simulator can take (see "What a green run means" in the README), or turn the cross-check off for this file.`,
      'CrossCheckComparedNothing',
    );
  }
  return counts;
}

/**
 * Checks the cells the current test recorded: throws (failing the test) when IAM disagrees on
 * any, warns about the ones that could not be compared. The body of the `afterEach` hook.
 */
export async function checkRecordedCells(): Promise<CrossCheckReport | undefined> {
  const cells = takeRecordedCells();
  if (!cells.length) return undefined;
  const report = await inSession(cells);
  tally(report.outcomes);
  warnSkipped(report.skipped);
  if (report.divergences.length || report.failed.length) throw divergenceError([...report.divergences, ...report.failed], cells.length);
  return report;
}

/**
 * Registers the `afterEach` hook in the current test file (once). Call from a
 * setupFilesAfterEnv module; does nothing outside a Jest test file.
 */
export function registerCrossCheckHooks(): void {
  const g = globalThis as { afterEach?: (fn: () => Promise<unknown>, timeout?: number) => void; afterAll?: (fn: () => unknown) => void };
  if (registered || typeof g.afterEach !== 'function') return;
  registered = true;
  g.afterEach(async () => {
    await checkRecordedCells();
  }, readCrossCheckSettings().timeoutMs);
  g.afterAll?.(() => {
    finishFileCrossCheck();
  });
}

/** The cross-check outcomes of a scenario file's cells, checked one test at a time. */
export class CrossCheckResults {
  constructor(readonly report: CrossCheckReport) {}

  /** The outcome of cell `index` (in the order given to {@link crossCheckCells}). */
  outcome(index: number): CrossCheckOutcome {
    return this.report.outcomes[index];
  }

  /** Throws when IAM disagrees on cell `index` or gave no usable answer for it; warns when a limit of the simulator skipped it. */
  assertCell(index: number): void {
    const o = this.report.outcomes[index];
    if (!o) throw new IamLiveError(`no cross-check result for cell ${index}`, 'CrossCheckIndex');
    if (o.status === 'skipped') warnSkipped([o]);
    if (o.status === 'diverge' || o.status === 'failed') throw divergenceError([o], 1);
  }
}

/**
 * Cross-checks every cell of a scenario file at once (batched, cached). Call in an async
 * `beforeAll`; then each test calls `results.assertCell(i)`.
 */
export async function crossCheckCells(cells: CrossCheckCell[]): Promise<CrossCheckResults> {
  const report = await inSession(cells);
  tally(report.outcomes);
  return new CrossCheckResults(report);
}
