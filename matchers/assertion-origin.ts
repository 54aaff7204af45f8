import * as path from 'node:path';
import { trimInternalFrames } from '../src/diagnostics/user-facing-stack';
import type { IamMatcherContext } from './matcher-context';

/** The parts of Jest's and Vitest's matcher context that name the running test. */
interface TestNaming {
  currentTestName?: string;
  testPath?: string;
}

const FRAME = /\(?((?:file:\/\/)?[^\s()]+):(\d+):\d+\)?$/;

/**
 * Where an assertion was made, for a warning that has no file of its own (an inline policy, a
 * request's context): `test "name" (tests/file.test.ts:12)`. The line is the first stack frame
 * outside jest-iam and node_modules: the user's `expect(...)` call.
 */
export function assertionOrigin(ctx: IamMatcherContext): string | undefined {
  const naming = ctx as IamMatcherContext & TestNaming;
  const frame = (trimInternalFrames(new Error().stack) ?? '')
    .split('\n')
    .slice(1)
    .map((l) => FRAME.exec(l.trim()))
    .find((m) => m && !m[1].startsWith('node:') && !m[1].includes(`${path.sep}node_modules${path.sep}`));
  const rel = (f: string) => path.relative(process.cwd(), f.replace(/^file:\/\//, '')) || f;
  const place = frame ? `${rel(frame[1])}:${frame[2]}` : naming.testPath ? rel(naming.testPath) : undefined;
  const test = naming.currentTestName ? `test ${JSON.stringify(naming.currentTestName)}` : undefined;
  if (!test && !place) return undefined;
  return test && place ? `${test} (${place})` : (test ?? place);
}
