import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../policy-sources/read-policy-source';
import type { CliIo } from './cli-io';

/** Why `--output` could not be written, in words. */
const WRITE_ERRORS = new Map<string, string>([
  ['ENOENT', 'its folder does not exist'],
  ['EISDIR', 'it is a directory'],
  ['ENOTDIR', 'a part of the path is not a directory'],
  ['EACCES', 'permission denied'],
  ['EPERM', 'permission denied'],
  ['EROFS', 'the file system is read-only'],
  ['ENOSPC', 'no space left on the device'],
  ['ENAMETOOLONG', 'the path is too long'],
]);

/** Why `output` names no file jest-iam may write, before any work is done; undefined when it may. */
function outputProblem(cwd: string, output: string, inputs: readonly string[]): string | undefined {
  if (!output.trim()) return 'it is empty: give a file name';
  if (/[\\/]$/.test(output)) return 'the name ends with a path separator, so it names a folder: give a file name';
  const file = path.resolve(cwd, output);
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return p;
    }
  };
  const target = real(file);
  // Flags name files as LEVEL=FILE, TYPE:FILE or FILE#NAME: any of those readings may be the input.
  const readings = (v: string) => [v, v.slice(v.indexOf('=') + 1), v.slice(v.indexOf(':') + 1), v.split('#')[0]];
  const input = inputs.find((i) => !i.startsWith('git:') && readings(i).some((r) => r && real(path.resolve(cwd, r)) === target));
  if (input !== undefined) return `it is the input ${JSON.stringify(input)}: writing the report would overwrite it`;
  return undefined;
}

/**
 * Refuses, before the command runs, a `--output` (or `--html`/`--markdown`) that cannot be a
 * report file: empty, ending in a separator, or one of the command's own inputs (a report
 * written over the policy it checks destroys the policy).
 */
export function checkOutputFlags(io: CliIo, flags: Record<string, unknown>, inputs: readonly string[]): void {
  for (const flag of ['output', 'html', 'markdown']) {
    const v = flags[flag];
    if (typeof v !== 'string') continue;
    const problem = outputProblem(io.cwd, v, inputs);
    if (problem) throw new InputError(`--${flag} ${JSON.stringify(v)}: cannot write the file: ${problem}`);
  }
}

/**
 * Writes a command's report to `--output FILE`, or to standard output without one. A folder
 * that does not exist or a directory in place of a file is the user's mistake: one line
 * (exit 2), never an errno stack.
 */
export function writeOutput(io: CliIo, output: unknown, text: string): void {
  if (typeof output !== 'string') {
    io.out(text);
    return;
  }
  const file = path.resolve(io.cwd, output);
  try {
    if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    fs.writeFileSync(file, `${text}\n`);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new InputError(`--output ${output}: cannot write the file: ${WRITE_ERRORS.get(code) ?? (e instanceof Error ? e.message.split('\n')[0] : String(e))}`);
  }
}
