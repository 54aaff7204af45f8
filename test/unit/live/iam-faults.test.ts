import { CreateUserCommand, IAMClient, SimulateCustomPolicyCommand } from '@aws-sdk/client-iam';
import * as fs from 'node:fs';
import { evaluate } from '../../../src/engine/evaluate';
import type { PolicySet } from '../../../src/policy/policy-set';
import { crossCheck, progressLine, summaryLine, type CrossCheckCell } from '../../../src/live/cross-check';
import { checkRecordedCells, finishFileCrossCheck, recordForCrossCheck, takeRecordedCells } from '../../../src/live/cross-check-hook';
import { configureCrossCheck, resetCrossCheckSetup } from '../../../src/live/cross-check-session';
import { backoffDelay, sendIam } from '../../../src/live/iam-call';
import { bisectCallBound } from '../../../src/live/simulate-batch';
import { SimulationCache } from '../../../src/live/simulate-cache';
import { allow, deny, policyOf } from '../../support/policies';
import { startIamQueryServer, type IamQueryServer, type IamQueryServerOptions } from '../../support/iam-query-server';
import { clientFor, failure, noWait, tempDir } from './live-helpers';

/**
 * Faults of the IAM endpoint, end to end: the real @aws-sdk/client-iam against the local IAM
 * Query endpoint, with the fault injected on the wire. A cell is compared, or skipped for a
 * known limit of the simulator; whatever else happens fails it.
 */

const set: PolicySet = { identity: [policyOf([allow('s3:GetObject', 'arn:aws:s3:::bucket-1/*'), deny('s3:DeleteObject')], { name: 'app.json' })] };
const action = (i: number) => `s3:TestAction${String(i).padStart(3, '0')}`;
const cellsOf = (n: number): CrossCheckCell[] =>
  Array.from({ length: n }, (_, i) => ({ set, request: { action: action(i % 32), resource: `arn:aws:s3:::bucket-${1 + Math.floor(i / 32)}/key` } }));
const html = '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>Corporate proxy login</form></body></html>';

let server: IamQueryServer;
afterEach(async () => {
  delete process.env.JEST_IAM_CROSS_CHECK;
  resetCrossCheckSetup();
  takeRecordedCells();
  finishFileCrossCheck(() => undefined);
  await server?.close();
});

async function run(options: IamQueryServerOptions, cells: CrossCheckCell[] = cellsOf(128), cache?: SimulationCache) {
  server = await startIamQueryServer(options);
  return crossCheck(cells, { client: clientFor(server), ...(cache ? { cache } : {}) });
}

describe('A run where IAM answered nothing does not pass', () => {
  test('a 200 answer that is an HTML page: every cell fails with a sentence saying so, and the counts (and progress) say 0 compared', async () => {
    server = await startIamQueryServer({ fault: (a) => (a === 'SimulateCustomPolicy' ? { body: html, contentType: 'text/html' } : undefined) });
    const seen: string[] = [];
    const report = await crossCheck(cellsOf(128), { client: clientFor(server), onProgress: (p) => seen.push(progressLine(p)) });
    expect(seen.at(-1)).toBe('jest-iam cross-check: 128/128 cells: 0 compared, 0 skipped, 128 failed (1 IAM call, 0 from cache)');
    expect(report.outcomes.every((o) => o.status === 'failed')).toBe(true);
    expect(report.failed[0].message).toMatch(
      /^jest-iam cross-check: IAM gave no answer for s3:TestAction000 on arn:aws:s3:::bucket-1\/key, so nothing was compared: IAM's answer to iam:SimulateCustomPolicy held no EvaluationResults \(an empty body, or a page that is not IAM's XML/,
    );
    expect(report.counts).toMatchObject({ cells: 128, compared: 0, skipped: 0, failed: 128 });
    expect(summaryLine(report.counts)).toBe('jest-iam cross-check: 128 cells: 0 compared, 0 skipped, 128 failed');
  });

  test('an empty 200 body: every cell fails; through the Jest hook the test fails and the file fails for comparing nothing', async () => {
    server = await startIamQueryServer({ fault: (a) => (a === 'SimulateCustomPolicy' ? { body: '' } : undefined) });
    process.env.JEST_IAM_CROSS_CHECK = '1';
    configureCrossCheck({ clientOptions: server.clientOptions, cache: false, retry: noWait });
    for (const c of cellsOf(3)) recordForCrossCheck(c.set, c.request, evaluate(c.set, c.request));
    const e = await failure(checkRecordedCells());
    expect(e.message).toMatch(/^IAM gave no usable answer for 3 of 3 cells:\n\nNot compared 1\/3:\njest-iam cross-check: IAM gave no answer for /);
    const printed: string[] = [];
    expect(() => finishFileCrossCheck((l) => printed.push(l))).toThrow(
      /^jest-iam cross-check: 3 cells: 0 compared, 0 skipped, 3 failed\. IAM compared none of this file's cells, so the cross-check cannot pass/,
    );
    // The printed line names its test file: Jest runs files in parallel.
    expect(printed).toEqual(['jest-iam cross-check: test/unit/live/iam-faults.test.ts: 3 cells: 0 compared, 0 skipped, 3 failed']);
  });

  test('an EvalDecision IAM does not document: every cell fails naming the value; nothing is cached', async () => {
    const dir = tempDir();
    const report = await run(
      { rewrite: (a, body) => (a === 'SimulateCustomPolicy' ? body.replace(/<EvalResourceDecision>\w+</g, '<EvalResourceDecision>allowedIfLucky<') : body) },
      cellsOf(4),
      new SimulationCache({ dir }),
    );
    expect(report.counts).toMatchObject({ compared: 0, failed: 4 });
    expect(report.failed[0].message).toContain(`IAM's answer has the decision "allowedIfLucky", which is none of allowed, explicitDeny, implicitDeny`);
    expect(fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.json'))).toHaveLength(0);
  });

  test('InvalidInput on every call: 128 cells cost at most the stated bisecting bound, all fail, nothing is cached, and a rerun asks again', async () => {
    const dir = tempDir();
    const options: IamQueryServerOptions = {
      failWith: (a) =>
        a === 'SimulateCustomPolicy' ? { code: 'InvalidInput', message: 'The policy simulator is not available for this account.' } : undefined,
    };
    const first = await run(options, cellsOf(128), new SimulationCache({ dir }));
    // 128 cells: 32 actions x 4 resources, one call; both halves rejected too, so the search stops.
    expect(server.count('SimulateCustomPolicy')).toBeLessThanOrEqual(bisectCallBound(32, 4));
    expect(server.count('SimulateCustomPolicy')).toBe(3);
    expect(first.counts).toMatchObject({ compared: 0, failed: 128 });
    expect(first.failed[0].message).toContain(
      'IAM rejected the input of a call holding this cell (InvalidInput): IAM rejected the input of iam:SimulateCustomPolicy (InvalidInput) (IAM said: The policy simulator is not available for this account.).',
    );
    expect(first.failed[0].message).toContain("so the fault is not one cell's input; jest-iam stops halving there (at most 29 calls per rejected call)");
    expect(fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.json'))).toHaveLength(0);
    server.reset();
    const again = await crossCheck(cellsOf(128), { client: clientFor(server), cache: new SimulationCache({ dir }) });
    expect(server.count('SimulateCustomPolicy')).toBe(3);
    expect(again.counts.failed).toBe(128);
  });

  test('the summary line counts compared, skipped by reason, and failed', async () => {
    const rcpSet: PolicySet = {
      ...set,
      rcps: [{ name: 'root', policies: [policyOf([deny('s3:GetObject', '*', { Principal: '*' })], { name: 'rcp.json', policyType: 'rcp' })] }],
    };
    const cells: CrossCheckCell[] = [
      { set, request: { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket-1/a' } },
      { set: rcpSet, request: { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket-1/a' } },
      { set, request: { action: 's3:Get*', resource: 'arn:aws:s3:::bucket-1/a' } },
    ];
    const report = await run({}, cells);
    expect(report.outcomes.map((o) => o.status)).toEqual(['agree', 'skipped', 'skipped']);
    expect(summaryLine(report.counts)).toBe('jest-iam cross-check: 3 cells: 1 compared, 2 skipped (1 RCPs, 1 wildcard action), 0 failed');
  });
});

describe('Transient failures are retried by the SDK retry strategy with backoff, like throttling', () => {
  test.each([
    ['ServiceFailure', 500],
    ['ServiceUnavailable', 503],
  ])('%s (HTTP %d) on the first two attempts: retried, answered, every cell compared', async (code, status) => {
    const report = await run({
      failWith: (a, _p) => (a === 'SimulateCustomPolicy' && server.count('SimulateCustomPolicy') <= 2 ? { code, message: 'try again', status } : undefined),
    });
    expect(server.count('SimulateCustomPolicy')).toBe(3);
    expect(report.stats.retries).toBe(2);
    expect(report.counts).toMatchObject({ compared: 128, failed: 0 });
  });

  test('a connection reset on the first attempt: retried and answered', async () => {
    const report = await run({ fault: (a, _p, nth) => (a === 'SimulateCustomPolicy' && nth === 1 ? 'reset' : undefined) });
    expect(server.count('SimulateCustomPolicy')).toBe(2);
    expect(report.stats.retries).toBe(1);
    expect(report.counts.compared).toBe(128);
  });

  test('a 5xx that lasts beyond the retries: every cell of the call fails with one sentence naming the attempts, not a stack trace', async () => {
    server = await startIamQueryServer({
      failWith: (a) => (a === 'SimulateCustomPolicy' ? { code: 'ServiceFailure', message: 'internal', status: 500 } : undefined),
    });
    const report = await crossCheck(cellsOf(2), { client: clientFor(server, { ...noWait, retries: 2 }) });
    expect(server.count('SimulateCustomPolicy')).toBe(3);
    expect(report.counts).toMatchObject({ compared: 0, failed: 2 });
    expect(report.failed[0].message).toBe(
      'jest-iam cross-check: IAM gave no answer for s3:TestAction000 on arn:aws:s3:::bucket-1/key, so nothing was compared: IAM gave no answer to the call holding this cell: IAM failed to answer iam:SimulateCustomPolicy (ServiceFailure, HTTP 500) after 3 attempts; rerun later.',
    );
  });

  test("a connection reset on every attempt: after the SDK's retries (bounded, here 1 + 3 attempts) each cell fails with a sentence saying so; the file is red", async () => {
    server = await startIamQueryServer({ fault: (a) => (a === 'SimulateCustomPolicy' ? 'reset' : undefined) });
    process.env.JEST_IAM_CROSS_CHECK = '1';
    configureCrossCheck({ clientOptions: server.clientOptions, cache: false, retry: { ...noWait, retries: 3 } });
    for (const c of cellsOf(2)) recordForCrossCheck(c.set, c.request, evaluate(c.set, c.request));
    const e = await failure(checkRecordedCells());
    expect(server.count('SimulateCustomPolicy')).toBe(4);
    expect(e.message).toMatch(
      /^IAM gave no usable answer for 2 of 2 cells:\n\nNot compared 1\/2:\njest-iam cross-check: IAM gave no answer for s3:TestAction000 on arn:aws:s3:::bucket-1\/key, so nothing was compared: IAM gave no answer to the call holding this cell: The connection to http:\/\/127\.0\.0\.1:\d+ was reset during iam:SimulateCustomPolicy \(ECONNRESET\) after 4 attempts: a proxy or the network dropped it/,
    );
    expect(e.stack).toBe(`jest-iam live: ${e.message}`);
    expect(() => finishFileCrossCheck(() => undefined, {})).toThrow(/0 compared, 0 skipped, 2 failed\. IAM compared none of this file's cells/);
  });

  test('a reset on every attempt is bounded: the default 6 retries make 7 attempts, waiting at most 15.75 s in all', async () => {
    server = await startIamQueryServer({ fault: (a) => (a === 'SimulateCustomPolicy' ? 'reset' : undefined) });
    const report = await crossCheck(cellsOf(1), { client: clientFor(server, { random: () => 0, baseDelayMs: 1 }) });
    expect(server.count('SimulateCustomPolicy')).toBe(7);
    expect(report.failed[0].message).toContain('(ECONNRESET) after 7 attempts');
    // The default backoff: full jitter under a cap of 250 ms that doubles each retry (250 + 500 + ... + 8000 ms).
    const longest = Array.from({ length: 6 }, (_, i) => backoffDelay(i, { random: () => 0.9999999 }));
    expect(longest.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(15_750);
  });
});

describe('The read-only guard is SDK middleware keyed on the handler context commandName (minification renames classes)', () => {
  test('a write command whose class was renamed (as a minifier does) is still refused before it is sent', async () => {
    server = await startIamQueryServer();
    const Renamed = class a extends CreateUserCommand {};
    expect(Renamed.name).toBe('a');
    const e = await failure(sendIam(clientFor(server), new Renamed({ UserName: 'x' })));
    expect(e.message).toBe('jest-iam only sends IAM simulate and read calls; refused iam:CreateUser.');
    expect(server.count()).toBe(0);
  });

  test('an allowed command with a renamed class still goes through, on a client the user built', async () => {
    server = await startIamQueryServer();
    const Renamed = class b extends SimulateCustomPolicyCommand {};
    const out = await sendIam<{ EvaluationResults?: unknown[] }>(
      new IAMClient(server.clientOptions),
      new Renamed({ PolicyInputList: [set.identity[0].text], ActionNames: ['s3:GetObject'] }),
    );
    expect(out.EvaluationResults).toHaveLength(1);
  });

  test('the guard stays on the client: a later plain client.send of a write command is refused too', async () => {
    server = await startIamQueryServer();
    const client = clientFor(server);
    await expect(client.send(new CreateUserCommand({ UserName: 'x' }))).rejects.toThrow('refused iam:CreateUser');
    expect(server.count()).toBe(0);
  });
});
