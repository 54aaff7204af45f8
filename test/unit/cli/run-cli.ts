import * as path from 'node:path';
import { run } from '../../../src/cli/main';

/** The repository root: inputs in the tests are relative to it, as a user's would be. */
export const ROOT = path.join(__dirname, '..', '..', '..');

/** Runs the CLI in-process and captures what it prints. */
export function cli(...argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(argv, { out: (t) => out.push(t), err: (t) => err.push(t), cwd: ROOT });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
