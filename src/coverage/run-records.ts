/**
 * What test processes record during a Jest run for the jest-iam reporter: the policies they
 * evaluated (every statement, with its position) and every decided cell. The reporter sets
 * {@link RUN_DIR_ENV} to a fresh directory in `onRunStart`, before Jest starts its workers, so
 * every worker inherits it; each process appends JSON lines to its own file there (no two
 * writers share a file), and the reporter reads the directory in `onRunComplete`.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CellOutcome } from '../analysis/cell-outcome';

/** The environment variable naming the run's record directory. */
export const RUN_DIR_ENV = 'JEST_IAM_RUN_DIR';

/** One statement of a recorded policy. */
export interface RecordedStatement {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  line?: number;
  column?: number;
}

/** A policy seen in a decision. `key` tells versions apart (file or name, and a content hash). */
export interface PolicyRecord {
  t: 'policy';
  key: string;
  name: string;
  file?: string;
  statements: RecordedStatement[];
  /** A file the reporter's `policies` option names that no test loaded. */
  unloaded?: boolean;
}

/** One decided request. */
export interface CellRecord {
  t: 'cell';
  principal: string;
  action: string;
  resource: string;
  /** The request in one line (action, resource, principal, context). */
  request: string;
  outcome: CellOutcome;
  /** `<policy key>#<statement index>` of each deciding statement. */
  deciding: string[];
  explanation: string;
  test?: string;
  testPath?: string;
}

export type RunRecord = PolicyRecord | CellRecord;

/** Reads every record of a run directory, skipping lines that are not records (a torn write). */
export function readRunRecords(dir: string): RunRecord[] {
  const out: RunRecord[] = [];
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  } catch {
    return out;
  }
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const r = JSON.parse(line) as RunRecord;
        if (r && (r.t === 'policy' || r.t === 'cell')) out.push(r);
      } catch {
        // A process killed mid-write leaves a partial last line; the rest is still good.
      }
    }
  }
  return out;
}
