import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { takeRecordedCells } from '../../../src/live/cross-check-hook';
import { resetDecisionRecorder } from '../../../src/coverage/record-decision';
import { RUN_DIR_ENV } from '../../../src/coverage/run-records';

/**
 * A fresh run directory for each test of a describe block, with the decision recorder (statement
 * coverage) and the cross-check cell queue emptied before and after, so tests see only their own
 * records. Returns a getter for the current directory.
 */
export function useRecordingRun(prefix: string): () => string {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    resetDecisionRecorder();
    takeRecordedCells();
  });
  afterEach(() => {
    delete process.env[RUN_DIR_ENV];
    resetDecisionRecorder();
    takeRecordedCells();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}
