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
