import * as fs from 'node:fs';
import * as path from 'node:path';
import { crossCheck, type CrossCheckCell } from '../../../src/live/cross-check';
import { canonicalJson, defaultCacheDir, SimulationCache } from '../../../src/live/simulate-cache';
import { allow, deny, policyOf } from '../../support/policies';
import { startIamQueryServer, type IamQueryServer } from '../../support/iam-query-server';
import { clientFor, model, model2, noWait, project, sampleProject, tempDir } from './live-helpers';

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
  const actions = ['DescribeProjects', 'DescribeProjectVersions', 'CreateProject', 'CreateProjectVersion', 'DeleteProject', 'StartProjectVersion', 'StopProjectVersion', 'DetectCustomLabels', 'ListTagsForResource', 'TagResource'].map(
    (a) => `rekognition:${a}`,
  );
  const cells: CrossCheckCell[] = [];
  for (const set of sets) for (const action of actions) for (const resource of [project, model, model2, sampleProject]) cells.push({ set, request: { action, resource } });
  return cells;
}

describe('simulate-cache: results are cached by the exact inputs, so a rerun with unchanged policies makes no call', () => {
  test('first run: 120 cells in 3 calls (one per policy set); second run: 0 calls, every cell from the cache', async () => {
    const dir = tempDir();
    const first = await crossCheck(matrix(), { client: clientFor(server), cache: new SimulationCache({ dir }), retry: noWait });
    expect(first.outcomes).toHaveLength(120);
    expect(first.divergences).toHaveLength(0);
    expect(server.count('SimulateCustomPolicy')).toBe(3);
    expect(first.stats).toMatchObject({ calls: 3, fromCache: 0, simulated: 120 });

    server.reset();
    const cache = new SimulationCache({ dir });
    const second = await crossCheck(matrix(), { client: clientFor(server), cache, retry: noWait });
    expect(server.count()).toBe(0);
    expect(second.stats).toMatchObject({ calls: 0, fromCache: 120 });
    expect(second.outcomes.every((o) => o.status === 'agree' && o.fromCache)).toBe(true);
    expect(cache.hits).toBe(120);
  });

  test('refresh (JEST_IAM_CROSS_CHECK_REFRESH=1) ignores stored results and asks IAM again', async () => {
    const dir = tempDir();
    await crossCheck(matrix(), { client: clientFor(server), cache: new SimulationCache({ dir }), retry: noWait });
    server.reset();
    const again = await crossCheck(matrix(), { client: clientFor(server), cache: new SimulationCache({ dir, refresh: true }), retry: noWait });
    expect(server.count('SimulateCustomPolicy')).toBe(3);
    expect(again.stats.fromCache).toBe(0);
  });

  test('a change to one policy text misses the cache for that policy set only', async () => {
    const dir = tempDir();
    await crossCheck(matrix(), { client: clientFor(server), cache: new SimulationCache({ dir }), retry: noWait });
    server.reset();
    const cells = matrix();
    const changed = { identity: [policyOf([allow('rekognition:DescribeProjects')], { name: 'a.json' })] };
    for (const c of cells.slice(0, 40)) c.set = changed;
    const again = await crossCheck(cells, { client: clientFor(server), cache: new SimulationCache({ dir }), retry: noWait });
    expect(server.count('SimulateCustomPolicy')).toBe(1);
    expect(again.stats).toMatchObject({ fromCache: 80, simulated: 40 });
  });

  test('the key covers action, resource, context and endpoint; equal inputs in another key order hash equally', () => {
    const base = { scope: 'aws', operation: 'SimulateCustomPolicy', params: { PolicyInputList: ['{}'], CallerArn: 'arn:aws:iam::1:user/a' }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' };
    const k = SimulationCache.key(base);
    expect(SimulationCache.key({ ...base, params: { CallerArn: 'arn:aws:iam::1:user/a', PolicyInputList: ['{}'] } })).toBe(k);
    expect(SimulationCache.key({ ...base, action: 's3:PutObject' })).not.toBe(k);
    expect(SimulationCache.key({ ...base, resource: 'arn:aws:s3:::b/other' })).not.toBe(k);
    expect(SimulationCache.key({ ...base, scope: 'http://127.0.0.1:1' })).not.toBe(k);
    expect(SimulationCache.key({ ...base, params: { ...base.params, ContextEntries: [{ ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['10.0.0.1'], ContextKeyType: 'ip' }] } })).not.toBe(k);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });

  test('a corrupt cache entry is a miss, not an error', () => {
    const dir = tempDir();
    const cache = new SimulationCache({ dir });
    const key = 'ab'.repeat(32);
    cache.set(key, { operation: 'SimulateCustomPolicy', decision: 'allowed', matchedStatements: [], missingContextValues: [] });
    expect(cache.get(key)?.decision).toBe('allowed');
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
