import * as fs from 'node:fs';
import * as path from 'node:path';
import { crossCheck, type CrossCheckCell } from '../../../src/live/cross-check';
import { loadLivePrincipal } from '../../../src/live/load-principal';
import type { SimulationInput } from '../../../src/live/map-policy-set';
import { simulateBatch } from '../../../src/live/simulate-batch';
import { canonicalJson, defaultCacheDir, DEFAULT_PRINCIPAL_TTL_SECONDS, SimulationCache } from '../../../src/live/simulate-cache';
import { allow, deny, policyOf } from '../../support/policies';
import { startIamQueryServer, type IamQueryServer } from '../../support/iam-query-server';
import { ACCOUNT, bucketOf, clientFor, fixtureAccount, inputOf, model, model2, project, sampleProject, tempDir } from './live-helpers';

let server: IamQueryServer;
beforeEach(async () => {
  server = await startIamQueryServer();
});
afterEach(async () => {
  await server.close();
});

/** 120 cells: 3 policy sets x 10 actions x 4 resources. */
function matrix(): CrossCheckCell[] {
  const sets = [
    { identity: [policyOf([allow('rekognition:Describe*'), deny('rekognition:CreateProject', sampleProject)], { name: 'a.json' })] },
    { identity: [policyOf([allow('rekognition:*', `${project.slice(0, project.lastIndexOf(':'))}:project/MyProject/*`)], { name: 'b.json' })] },
    { identity: [policyOf([allow(['rekognition:DetectCustomLabels', 'rekognition:StartProjectVersion'], model)], { name: 'c.json' })] },
  ];
  const actions = [
    'DescribeProjects',
    'DescribeProjectVersions',
    'CreateProject',
    'CreateProjectVersion',
    'DeleteProject',
    'StartProjectVersion',
    'StopProjectVersion',
    'DetectCustomLabels',
    'ListTagsForResource',
    'TagResource',
  ].map((a) => `rekognition:${a}`);
  const cells: CrossCheckCell[] = [];
  for (const set of sets)
    for (const action of actions) for (const resource of [project, model, model2, sampleProject]) cells.push({ set, request: { action, resource } });
  return cells;
}

describe('simulate-cache: results are cached by the exact inputs, so a rerun with unchanged policies makes no call', () => {
  test('first run: 120 cells in 3 calls (one per policy set); second run: 0 calls, every cell from the cache', async () => {
    const dir = tempDir();
    const first = await crossCheck(matrix(), { client: clientFor(server), cache: new SimulationCache({ dir }) });
    expect(first.outcomes).toHaveLength(120);
    expect(first.divergences).toHaveLength(0);
    expect(server.count('SimulateCustomPolicy')).toBe(3);
    expect(first.stats).toMatchObject({ calls: 3, fromCache: 0, simulated: 120 });

    server.reset();
    const cache = new SimulationCache({ dir });
    const second = await crossCheck(matrix(), { client: clientFor(server), cache });
    expect(server.count()).toBe(0);
    expect(second.stats).toMatchObject({ calls: 0, fromCache: 120 });
    expect(second.outcomes.every((o) => o.status === 'agree' && o.fromCache)).toBe(true);
    expect(cache.hits).toBe(120);
  });

  test('refresh (JEST_IAM_CROSS_CHECK_REFRESH=1) ignores stored results and asks IAM again', async () => {
    const dir = tempDir();
    await crossCheck(matrix(), { client: clientFor(server), cache: new SimulationCache({ dir }) });
    server.reset();
    const again = await crossCheck(matrix(), { client: clientFor(server), cache: new SimulationCache({ dir, refresh: true }) });
    expect(server.count('SimulateCustomPolicy')).toBe(3);
    expect(again.stats.fromCache).toBe(0);
  });

  test('a change to one policy text misses the cache for that policy set only', async () => {
    const dir = tempDir();
    await crossCheck(matrix(), { client: clientFor(server), cache: new SimulationCache({ dir }) });
    server.reset();
    const cells = matrix();
    const changed = { identity: [policyOf([allow('rekognition:DescribeProjects')], { name: 'a.json' })] };
    for (const c of cells.slice(0, 40)) c.set = changed;
    const again = await crossCheck(cells, { client: clientFor(server), cache: new SimulationCache({ dir }) });
    expect(server.count('SimulateCustomPolicy')).toBe(1);
    expect(again.stats).toMatchObject({ fromCache: 80, simulated: 40 });
  });

  test('the key covers action, resource, context and endpoint; equal inputs in another key order hash equally', () => {
    const base = {
      scope: 'aws',
      operation: 'SimulateCustomPolicy',
      params: { PolicyInputList: ['{}'], CallerArn: 'arn:aws:iam::1:user/a' },
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
    };
    const k = SimulationCache.key(base);
    expect(SimulationCache.key({ ...base, params: { CallerArn: 'arn:aws:iam::1:user/a', PolicyInputList: ['{}'] } })).toBe(k);
    expect(SimulationCache.key({ ...base, action: 's3:PutObject' })).not.toBe(k);
    expect(SimulationCache.key({ ...base, resource: 'arn:aws:s3:::b/other' })).not.toBe(k);
    expect(SimulationCache.key({ ...base, scope: 'http://127.0.0.1:1' })).not.toBe(k);
    expect(
      SimulationCache.key({
        ...base,
        params: { ...base.params, ContextEntries: [{ ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['10.0.0.1'], ContextKeyType: 'ip' }] },
      }),
    ).not.toBe(k);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });

  test('a corrupt cache entry is a miss, not an error', () => {
    const dir = tempDir();
    const cache = new SimulationCache({ dir });
    const key = 'ab'.repeat(32);
    cache.set(key, { result: { operation: 'SimulateCustomPolicy', decision: 'allowed', matchedStatements: [], missingContextValues: [] } });
    expect(cache.get(key)).toMatchObject({ result: { decision: 'allowed' } });
    fs.writeFileSync(path.join(dir, 'ab', `${key}.json`), '{not json');
    expect(cache.get(key)).toBeUndefined();
  });

  test('default directory: node_modules/.cache/jest-iam when node_modules exists, else .jest-iam-cache', () => {
    const withNm = tempDir('jest-iam-project-');
    fs.mkdirSync(path.join(withNm, 'node_modules'));
    expect(defaultCacheDir(withNm)).toBe(path.join(withNm, 'node_modules', '.cache', 'jest-iam'));
    const without = tempDir('jest-iam-project-');
    expect(defaultCacheDir(without)).toBe(path.join(without, '.jest-iam-cache'));
  });
});

describe('simulate-cache: SimulatePrincipalPolicy answers expire (IAM reads the principal and the SCPs from the account, which the key cannot see)', () => {
  const aliceArn = `arn:aws:iam::${ACCOUNT}:user/eng/alice`;
  const HOUR = 3600_000;

  test('IAM API Reference, EvaluationResult (OrganizationsDecisionDetail): an SCP changed in the account is seen once the TTL has passed', async () => {
    await server.close();
    const account = fixtureAccount();
    server = await startIamQueryServer({ account });
    const alice = await loadLivePrincipal(aliceArn, { client: clientFor(server) });
    const cells = [{ set: alice, request: { action: 'rekognition:DetectCustomLabels', resource: model } }];
    const dir = tempDir();
    let now = Date.UTC(2025, 0, 1);
    const cacheAt = () => new SimulationCache({ dir, now: () => now });

    server.reset();
    const first = await crossCheck(cells, { client: clientFor(server), cache: cacheAt() });
    expect(first.outcomes[0].status).toBe('agree');
    expect(server.count('SimulatePrincipalPolicy')).toBe(1);

    // The organization now denies the action; the key (policy texts, action, resource) is unchanged.
    account.scpDeniedActions = [...(account.scpDeniedActions ?? []), 'rekognition:DetectCustomLabels'];
    server.reset();
    now += 23 * HOUR;
    const within = await crossCheck(cells, { client: clientFor(server), cache: cacheAt() });
    expect(server.count()).toBe(0);
    expect(within.outcomes[0]).toMatchObject({ status: 'agree', fromCache: true });

    now += 2 * HOUR;
    const cache = cacheAt();
    const after = await crossCheck(cells, { client: clientFor(server), cache });
    expect(server.count('SimulatePrincipalPolicy')).toBe(1);
    expect(cache.expired).toBe(1);
    expect(after.outcomes[0].status).toBe('skipped');
    expect(after.outcomes[0].message).toContain('AllowedByOrganizations=false');
  });

  test('principalTtlSeconds (JEST_IAM_CACHE_TTL) sets the age limit; 0 never reuses a principal answer', async () => {
    await server.close();
    server = await startIamQueryServer({ account: fixtureAccount() });
    const alice = await loadLivePrincipal(aliceArn, { client: clientFor(server) });
    const cells = [{ set: alice, request: { action: 'rekognition:DetectCustomLabels', resource: model } }];
    const dir = tempDir();
    let now = Date.UTC(2025, 0, 1);
    await crossCheck(cells, { client: clientFor(server), cache: new SimulationCache({ dir, now: () => now }) });
    server.reset();
    now += 2 * HOUR;
    await crossCheck(cells, { client: clientFor(server), cache: new SimulationCache({ dir, now: () => now, principalTtlSeconds: 3 * 3600 }) });
    expect(server.count()).toBe(0);
    await crossCheck(cells, { client: clientFor(server), cache: new SimulationCache({ dir, now: () => now, principalTtlSeconds: 3600 }) });
    expect(server.count('SimulatePrincipalPolicy')).toBe(1);
    server.reset();
    await crossCheck(cells, { client: clientFor(server), cache: new SimulationCache({ dir, now: () => now, principalTtlSeconds: 0 }) });
    expect(server.count('SimulatePrincipalPolicy')).toBe(1);
    expect(DEFAULT_PRINCIPAL_TTL_SECONDS).toBe(86400);
    expect(() => new SimulationCache({ dir, principalTtlSeconds: -1 })).toThrow('principalTtlSeconds must be a number of seconds >= 0, not -1');
  });

  test('SimulateCustomPolicy answers depend only on the key and never expire', async () => {
    const dir = tempDir();
    let now = Date.UTC(2025, 0, 1);
    await crossCheck(matrix(), { client: clientFor(server), cache: new SimulationCache({ dir, now: () => now }) });
    server.reset();
    now += 1000 * 24 * HOUR;
    const again = await crossCheck(matrix(), { client: clientFor(server), cache: new SimulationCache({ dir, now: () => now, principalTtlSeconds: 0 }) });
    expect(server.count()).toBe(0);
    expect(again.stats.fromCache).toBe(120);
  });
});

describe('simulate-cache: a rejection is not an answer, so it is never cached', () => {
  test('IAM API Reference, SimulateCustomPolicy: InvalidInput for one cell; the rerun answers the good cells from the cache and asks IAM about the rejected one again', async () => {
    const set = { identity: [policyOf([allow('s3:*')])] };
    const good = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'].map((action) => inputOf(set, { action, resource: bucketOf(1) }));
    // The local mapper refuses wildcard actions; hand one to the batch directly to play an action IAM rejects.
    const bad: SimulationInput = { ...good[0], action: 's3:Get*' };
    const dir = tempDir();
    const first = await simulateBatch([...good, bad], { client: clientFor(server), cache: new SimulationCache({ dir }) });
    expect(first.answers[3]).toMatchObject({ ok: false, failure: 'rejected' });
    expect(server.count('SimulateCustomPolicy')).toBeGreaterThan(1);

    server.reset();
    const cache = new SimulationCache({ dir });
    const again = await simulateBatch([...good, bad], { client: clientFor(server), cache });
    expect(server.count('SimulateCustomPolicy')).toBe(1);
    expect(again.stats).toMatchObject({ calls: 1, fromCache: 3, failed: 1 });
    expect(again.answers[3].ok ? '' : again.answers[3].reason).toMatch(/IAM rejected this cell's input \(InvalidInput\)/);
    expect(cache.hits).toBe(3);
  });

  test('a cell IAM gave no result for (not a rejection of its input) is not cached: the rerun asks again', async () => {
    await server.close();
    server = await startIamQueryServer({ resultShape: 'aggregate-only' });
    const set = { identity: [policyOf([allow('s3:GetObject', 'arn:aws:s3:::bucket-1/*')])] };
    const cells = [inputOf(set, { action: 's3:GetObject', resource: bucketOf(1) }), inputOf(set, { action: 's3:GetObject', resource: bucketOf(2) })];
    const dir = tempDir();
    const first = await simulateBatch(cells, { client: clientFor(server), cache: new SimulationCache({ dir }) });
    expect(first.answers.every((a) => !a.ok)).toBe(true);
    server.reset();
    await simulateBatch(cells, { client: clientFor(server), cache: new SimulationCache({ dir }) });
    expect(server.count('SimulateCustomPolicy')).toBe(1);
  });
});
