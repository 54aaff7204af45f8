import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

// `jest-iam/vitest` registers the same matchers with Vitest's expect (and its types: the
// fixture is type-checked by `npm run typecheck`).
test('the matchers run under Vitest, with the same failure explanation', () => {
  const dir = path.join(__dirname, '..', '..', 'fixtures', 'vitest');
  const vitest = require.resolve('vitest/vitest.mjs');
  const run = spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.config.mjs'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: 'true' },
    timeout: 120_000,
  });
  const out = `${run.stdout}\n${run.stderr}`;
  expect(run.status).toBe(1);
  expect(out).toMatch(/Tests\s+1 failed \| 1 passed \(2\)/);
  expect(out).toContain('Received: implicit Deny');
  expect(out).toContain('Action: action "rekognition:DeleteProject" is not matched by Action "rekognition:DetectCustomLabels"');
}, 130_000);
