import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { RUN_DIR_ENV } from '../coverage/run-records';
import { addCounts, noCounts, summaryLine, type CrossCheckCounts } from './cross-check-counts';

/**
 * The cross-check's counts for a whole Jest run. Each test file's `afterAll` writes its counts
 * (compared, skipped by reason, failed) as one small JSON file into the run's directory; at the
 * end of the run `jest-iam live` (directory {@link CROSS_CHECK_RUN_DIR_ENV}) or the jest-iam
 * reporter (its run directory, `JEST_IAM_RUN_DIR`) adds them up, prints the run's summary line
 * and fails the run when IAM compared no cell at all. Jest's workers inherit both variables from
 * the process that starts them, as the reporter's decision records do.
 */

/** The directory `jest-iam live` gives each run for the files' counts. */
export const CROSS_CHECK_RUN_DIR_ENV = 'JEST_IAM_CROSS_CHECK_RUN_DIR';

const PREFIX = 'cross-check-';

/** The run directories a test file writes its counts to (none: the file decides alone). */
export function runCountDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  return [...new Set([env[CROSS_CHECK_RUN_DIR_ENV], env[RUN_DIR_ENV]].filter((d): d is string => !!d))];
}

/**
 * Writes one file's counts into every run directory; true when some run directory took them
 * (then the run, not the file, decides whether anything was compared).
 */
export function recordFileCounts(counts: CrossCheckCounts, file?: string, env: NodeJS.ProcessEnv = process.env): boolean {
  let written = false;
  for (const dir of runCountDirs(env)) {
    try {
      fs.writeFileSync(path.join(dir, `${PREFIX}${process.pid}-${randomUUID()}.json`), JSON.stringify({ file, counts }));
      written = true;
    } catch {
      // The run directory is gone (the run was cancelled): the file's own line was printed.
    }
  }
  return written;
}

/** A run's counts added up over its files (files: how many test files checked cells). */
export interface RunCounts {
  files: number;
  counts: CrossCheckCounts;
}

/** Reads and adds up the counts the files of a run wrote (undefined when no file checked a cell). */
export function readRunCounts(dir: string): RunCounts | undefined {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((f) => f.startsWith(PREFIX) && f.endsWith('.json'));
  } catch {
    return undefined;
  }
  const total = noCounts();
  let files = 0;
  for (const f of names) {
    try {
      const { counts } = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { counts: CrossCheckCounts };
      addCounts(total, counts);
      files++;
    } catch {
      // A worker killed mid-write leaves a torn file; the others still count.
    }
  }
  return files && total.cells ? { files, counts: total } : undefined;
}

/** The run's summary line, and the error that fails the run when IAM compared none of its cells. */
export function runSummary(run: RunCounts): { line: string; error?: string } {
  const line = summaryLine(run.counts, run.files);
  if (run.counts.compared) return { line };
  return {
    line,
    error: `${line}. IAM compared no cell of this run, so the cross-check cannot pass: give the cells parts the simulator can take (see "What a green run means" in the README), or turn the cross-check off.`,
  };
}
