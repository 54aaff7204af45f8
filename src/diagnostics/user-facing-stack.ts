/**
 * Stack traces for a user's mistake: the frames inside jest-iam itself are dropped, so a test
 * runner shows the message and the line of the user's own code (the assertion, the
 * `policySet()` call) and never internals.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';

let packageRoot: string | undefined;

/** The folder of jest-iam's package.json, found once from this file's location. */
function findPackageRoot(): string {
  if (packageRoot !== undefined) return packageRoot;
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    try {
      if ((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'jest-iam') break;
    } catch {
      // not here: keep walking up
    }
    const up = path.dirname(dir);
    if (up === dir) {
      dir = path.resolve(__dirname, '..', '..');
      break;
    }
    dir = up;
  }
  packageRoot = dir;
  return dir;
}

const FRAME = /^\s+at (?:.*\()?(.+?):\d+:\d+\)?$/;

/** Removes the frames of jest-iam's own code (`src/`, `dist/`, `matchers/`) from a stack. */
export function trimInternalFrames(stack: string | undefined): string | undefined {
  if (!stack) return stack;
  const root = findPackageRoot();
  const internal = ['src', 'dist', 'matchers'].map((d) => path.join(root, d) + path.sep);
  return stack
    .split('\n')
    .filter((line) => {
      const m = FRAME.exec(line);
      if (!m) return true;
      const file = m[1].replace(/^file:\/\//, '');
      return !internal.some((p) => file.startsWith(p)) && !file.startsWith('node:internal');
    })
    .join('\n');
}
