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

/** What a file that is not a regular file is, for the message. */
function notRegular(st: fs.Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return 'it is a folder';
  if (st.isFIFO()) return 'it is a named pipe (reading it would not end)';
  return 'it is not a regular file (reading it would not end)';
}

/**
 * Reads every record of a run directory, skipping lines that are not records (a torn write).
 * A `*.jsonl` entry that is no readable regular file (a folder, a named pipe) is skipped and
 * told to `onProblem`: reading a pipe would never end.
 */
export function readRunRecords(dir: string, onProblem?: (file: string, why: string) => void): RunRecord[] {
  const out: RunRecord[] = [];
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  } catch {
    return out;
  }
  for (const f of files) {
    let text = '';
    let why: string | undefined;
    try {
      why = notRegular(fs.statSync(path.join(dir, f)));
      if (!why) text = fs.readFileSync(path.join(dir, f), 'utf8');
    } catch (e) {
      why = (e as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : e instanceof Error ? e.message.split('\n')[0] : String(e);
    }
    if (why) {
      onProblem?.(f, why);
      continue;
    }
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
