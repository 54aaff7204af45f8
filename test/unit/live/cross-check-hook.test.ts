import { evaluate } from '../../../src/engine/evaluate';
import type { AccessRequest } from '../../../src/request/access-request';
import type { PolicySet } from '../../../src/policy/policy-set';
import { readCrossCheckSettings, resolveCrossCheck } from '../../../src/live/cross-check-config';
import {
  checkRecordedCells,
  crossCheckCells,
  isCrossCheckWanted,
  recordForCrossCheck,
  setFileCrossCheck,
  takeRecordedCells,
} from '../../../src/live/cross-check-hook';
import { configureCrossCheck, resetCrossCheckSetup } from '../../../src/live/cross-check-session';
import { SimulationCache } from '../../../src/live/simulate-cache';
import { allow, deny, policyOf } from '../../support/policies';
import { startIamQueryServer, type IamQueryServer } from '../../support/iam-query-server';
import { model, model2, sampleProject, tempDir } from './live-helpers';

const set: PolicySet = {
  identity: [
    policyOf([
      allow('rekognition:DetectCustomLabels', 'arn:aws:rekognition:*:*:project/MyProject/version/MyVersion/*'),
      deny('rekognition:CreateProject', 'arn:aws:rekognition:*:*:project/SampleProject/*'),
    ]),
  ],
};
const record = (request: AccessRequest, assertion?: boolean) => recordForCrossCheck(set, request, evaluate(set, request), assertion);

const saved = { ...process.env };
let server: IamQueryServer;
beforeEach(() => {
  for (const k of Object.keys(process.env)) if (k.startsWith('JEST_IAM_')) delete process.env[k];
  setFileCrossCheck(undefined);
  takeRecordedCells();
});
afterEach(async () => {
  Object.assign(process.env, saved);
  for (const k of Object.keys(process.env)) if (k.startsWith('JEST_IAM_') && !(k in saved)) delete process.env[k];
  resetCrossCheckSetup();
  await server?.close();
});

describe('cross-check-config: JEST_IAM_CROSS_CHECK (run), crossCheck: (file), { crossCheck } (assertion)', () => {
  test('0 turns it off whatever files and assertions ask; an assertion beats its file; a file beats the run setting', () => {
    expect(resolveCrossCheck('off', true, true)).toBe(false);
    expect(resolveCrossCheck('on', true, false)).toBe(false);
    expect(resolveCrossCheck('opt-in', false, true)).toBe(true);
    expect(resolveCrossCheck('on', false)).toBe(false);
    expect(resolveCrossCheck('opt-in', true)).toBe(true);
    expect(resolveCrossCheck('on')).toBe(true);
    expect(resolveCrossCheck('opt-in')).toBe(false);
  });

  test('reads the JEST_IAM_* variables; a malformed value names the variable', () => {
    expect(
      readCrossCheckSettings({
        JEST_IAM_CROSS_CHECK: '1',
        JEST_IAM_CROSS_CHECK_REFRESH: 'true',
        JEST_IAM_CACHE_DIR: '/tmp/c',
        JEST_IAM_CROSS_CHECK_CONCURRENCY: '8',
      }),
    ).toEqual({
      mode: 'on',
      refresh: true,
      cacheDir: '/tmp/c',
      cacheTtlSeconds: 86400,
      concurrency: 8,
      progress: false,
      timeoutMs: 300000,
    });
    expect(readCrossCheckSettings({ JEST_IAM_CACHE_TTL: '3600' }).cacheTtlSeconds).toBe(3600);
    expect(readCrossCheckSettings({ JEST_IAM_CACHE_TTL: '0' }).cacheTtlSeconds).toBe(0);
    expect(() => readCrossCheckSettings({ JEST_IAM_CACHE_TTL: '1h' })).toThrow('JEST_IAM_CACHE_TTL must be a whole number of seconds (0 or more), not "1h".');
    expect(readCrossCheckSettings({}).mode).toBe('opt-in');
    expect(readCrossCheckSettings({ JEST_IAM_CROSS_CHECK: 'off' }).mode).toBe('off');
    expect(() => readCrossCheckSettings({ JEST_IAM_CROSS_CHECK: 'maybe' })).toThrow('JEST_IAM_CROSS_CHECK must be 1 or 0 (true/false, on/off), not "maybe".');
    expect(() => readCrossCheckSettings({ JEST_IAM_CROSS_CHECK_CONCURRENCY: '0' })).toThrow(
      'JEST_IAM_CROSS_CHECK_CONCURRENCY must be a positive whole number, not "0".',
    );
  });
});

describe('cross-check-hook: matchers record their decisions, the afterEach hook checks them', () => {
  test('with the cross-check off nothing is recorded', () => {
    record({ action: 'rekognition:DetectCustomLabels', resource: model });
    expect(takeRecordedCells()).toHaveLength(0);
    process.env.JEST_IAM_CROSS_CHECK = '0';
    record({ action: 'rekognition:DetectCustomLabels', resource: model }, true);
    expect(takeRecordedCells()).toHaveLength(0);
  });

  test('an assertion or a file can opt in without the run setting', () => {
    record({ action: 'rekognition:DetectCustomLabels', resource: model }, true);
    expect(takeRecordedCells()).toHaveLength(1);
    setFileCrossCheck(true);
    expect(isCrossCheckWanted()).toBe(true);
    record({ action: 'rekognition:DetectCustomLabels', resource: model });
    record({ action: 'rekognition:DetectCustomLabels', resource: model }, false);
    expect(takeRecordedCells()).toHaveLength(1);
  });

  test('agreeing cells pass, in one batched call', async () => {
    process.env.JEST_IAM_CROSS_CHECK = '1';
    server = await startIamQueryServer();
    configureCrossCheck({ clientOptions: server.clientOptions, cache: false });
    record({ action: 'rekognition:DetectCustomLabels', resource: model });
    record({ action: 'rekognition:DetectCustomLabels', resource: model2 });
    record({ action: 'rekognition:CreateProject', resource: sampleProject });
    const report = await checkRecordedCells();
    expect(report?.outcomes.map((o) => o.status)).toEqual(['agree', 'agree', 'agree']);
    expect(server.count('SimulateCustomPolicy')).toBe(1);
    expect(takeRecordedCells()).toHaveLength(0);
  });

  test('any divergence fails the test, listing every divergent cell', async () => {
    process.env.JEST_IAM_CROSS_CHECK = '1';
    server = await startIamQueryServer({ override: (c) => (c.action === 'rekognition:DetectCustomLabels' ? 'explicitDeny' : undefined) });
    configureCrossCheck({ clientOptions: server.clientOptions, cache: false });
    record({ action: 'rekognition:DetectCustomLabels', resource: model });
    record({ action: 'rekognition:DetectCustomLabels', resource: model2 });
    record({ action: 'rekognition:CreateProject', resource: sampleProject });
    const err = await checkRecordedCells().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/^IAM's policy simulator disagrees with jest-iam on 2 of 3 cells:\n\nDivergence 1\/2:\n/);
    expect(err?.message).toContain(
      `Divergence 2/2:\nIAM's policy simulator disagrees with jest-iam:\n  Request:  action rekognition:DetectCustomLabels, resource ${model2}`,
    );
    expect(err?.stack).toBe(`jest-iam live: ${err?.message}`);
  });

  test('cells that cannot be compared are a note on stderr, once, naming the test; not a failure', async () => {
    process.env.JEST_IAM_CROSS_CHECK = '1';
    server = await startIamQueryServer();
    configureCrossCheck({ clientOptions: server.clientOptions, cache: false });
    const lines: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const withSession: PolicySet = { ...set, session: [policyOf([allow('s3:*')], { name: 'session.json', policyType: 'session' })] };
      const request = { action: 'rekognition:DetectCustomLabels', resource: model };
      recordForCrossCheck(withSession, request, evaluate(withSession, request));
      const report = await checkRecordedCells();
      expect(report?.skipped).toHaveLength(1);
      // The same cell in a second test: the note is not repeated.
      recordForCrossCheck(withSession, request, evaluate(withSession, request));
      expect((await checkRecordedCells())?.skipped).toHaveLength(1);
      const notes = lines.filter((l) => l.startsWith('jest-iam cross-check: not compared:'));
      expect(notes).toHaveLength(1);
      expect(notes[0]).toContain('session policies (session.json): the simulator does not accept session policies');
      expect(notes[0]).toContain(`[test/unit/live/cross-check-hook.test.ts, test ${JSON.stringify(expect.getState().currentTestName)}]`);
    } finally {
      write.mockRestore();
    }
  });

  test('the settings of the environment are used: JEST_IAM_CACHE_DIR caches, so a second check makes no call', async () => {
    process.env.JEST_IAM_CROSS_CHECK = '1';
    process.env.JEST_IAM_CACHE_DIR = tempDir();
    server = await startIamQueryServer();
    configureCrossCheck({ clientOptions: server.clientOptions });
    record({ action: 'rekognition:DetectCustomLabels', resource: model });
    await checkRecordedCells();
    resetCrossCheckSetup();
    configureCrossCheck({ clientOptions: server.clientOptions });
    server.reset();
    record({ action: 'rekognition:DetectCustomLabels', resource: model });
    const report = await checkRecordedCells();
    expect(report?.stats.fromCache).toBe(1);
    expect(server.count()).toBe(0);
  });
});

describe('JEST_IAM_CROSS_CHECK_PROGRESS=1 (set by `jest-iam live`): progress lines on long runs', () => {
  test('each batch prints the cells compared, skipped and failed so far, IAM calls and cache hits to stderr', async () => {
    process.env.JEST_IAM_CROSS_CHECK = '1';
    process.env.JEST_IAM_CROSS_CHECK_PROGRESS = '1';
    server = await startIamQueryServer();
    configureCrossCheck({ clientOptions: server.clientOptions, cache: false });
    const lines: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      record({ action: 'rekognition:DetectCustomLabels', resource: model });
      record({ action: 'rekognition:DetectCustomLabels', resource: model2 });
      // A wildcard action is a limit of the simulator: skipped, never "answered".
      record({ action: 'rekognition:Detect*', resource: model2 });
      await checkRecordedCells();
    } finally {
      write.mockRestore();
    }
    expect(lines.filter((l) => l.startsWith('jest-iam cross-check: 3/3'))).toEqual([
      'jest-iam cross-check: 3/3 cells: 2 compared, 1 skipped, 0 failed (1 IAM call, 0 from cache)\n',
    ]);
  });
});

describe('cross-check-hook: a scenario file checks all its cells at once (crossCheckCells in beforeAll), then each test', () => {
  test('one batch for the file; assertCell throws only for the divergent cell', async () => {
    server = await startIamQueryServer({ override: (c) => (c.resource === model2 ? 'allowed' : undefined) });
    configureCrossCheck({ clientOptions: server.clientOptions, cache: new SimulationCache({ dir: tempDir() }) });
    const cells = [model, model2].map((resource, i) => ({ set, request: { action: 'rekognition:DetectCustomLabels', resource }, label: `cell ${i + 1}` }));
    const results = await crossCheckCells(cells);
    expect(server.count('SimulateCustomPolicy')).toBe(1);
    expect(() => results.assertCell(0)).not.toThrow();
    expect(() => results.assertCell(1)).toThrow(/IAM's policy simulator disagrees with jest-iam on cell 2:/);
    expect(results.outcome(1).status).toBe('diverge');
  });
});

describe('registerCrossCheckHooks: registers one async afterEach with the configured timeout', () => {
  test('registers once, and the hook checks the recorded cells', async () => {
    process.env.JEST_IAM_CROSS_CHECK_TIMEOUT = '12345';
    const registered: { fn: () => Promise<unknown>; timeout?: number }[] = [];
    const finals: (() => unknown)[] = [];
    const g = globalThis as { afterEach: unknown; afterAll: unknown };
    const real = g.afterEach;
    const realAfterAll = g.afterAll;
    g.afterEach = (fn: () => Promise<unknown>, timeout?: number) => registered.push({ fn, timeout });
    g.afterAll = (fn: () => unknown) => finals.push(fn);
    try {
      await jest.isolateModulesAsync(async () => {
        const hook = await import('../../../src/live/cross-check-hook');
        hook.registerCrossCheckHooks();
        hook.registerCrossCheckHooks();
        expect(registered).toHaveLength(1);
        expect(registered[0].timeout).toBe(12345);
        await expect(registered[0].fn()).resolves.toBeUndefined();
        // The file's summary hook: nothing was checked, so it neither prints nor fails.
        expect(finals).toHaveLength(1);
        expect(finals[0]()).toBeUndefined();
      });
    } finally {
      g.afterEach = real;
      g.afterAll = realAfterAll;
    }
  });
});
