import * as fs from 'node:fs';
import { backoffDelay } from '../../../src/live/iam-call';
import type { SimulationInput } from '../../../src/live/map-policy-set';
import { planChunks, simulateBatch, type BatchProgress } from '../../../src/live/simulate-batch';
import { SimulationCache } from '../../../src/live/simulate-cache';
import { allow, deny, policyOf } from '../../support/policies';
import { startIamQueryServer, type IamQueryServer } from '../../support/iam-query-server';
import { clientFor, inputOf, noWait, tempDir } from './live-helpers';

const bucket = (i: number) => `arn:aws:s3:::bucket-${i}/key`;
const s3Action = (i: number) => `s3:TestAction${String(i).padStart(3, '0')}`;

/** N cells of one policy set: `actions` x `resources`. */
function grid(actions: string[], resources: string[]): SimulationInput[] {
  const set = { identity: [policyOf([allow('s3:*', 'arn:aws:s3:::bucket-1/*'), deny('s3:TestAction000')])] };
  const out: SimulationInput[] = [];
  for (const action of actions) for (const resource of resources) out.push(inputOf(set, { action, resource }));
  return out;
}

const diagonalSet = { identity: [policyOf([allow('s3:*', 'arn:aws:s3:::bucket-1/*')], { name: 'diagonal.json' })] };

// A 100 x 100 call makes the local endpoint evaluate 10,000 cells: on a shared 2-CPU machine that
// can pass Jest's 5 s default. This is a safety limit, not a speed target.
jest.setTimeout(30_000);

let server: IamQueryServer;
afterEach(async () => {
  await server?.close();
});

describe('IAM API Reference, SimulateCustomPolicy: ActionNames x ResourceArns, "each operation is evaluated against each resource"', () => {
  test('250 cells (50 actions x 5 resources) of one policy set take exactly 1 call', async () => {
    server = await startIamQueryServer();
    const cells = grid(
      Array.from({ length: 50 }, (_, i) => s3Action(i)),
      [1, 2, 3, 4, 5].map(bucket),
    );
    expect(cells).toHaveLength(250);
    const { answers, stats } = await simulateBatch(cells, { client: clientFor(server) });
    expect(server.count('SimulateCustomPolicy')).toBe(1);
    expect(stats).toMatchObject({ cells: 250, simulated: 250, calls: 1, fromCache: 0 });
    expect(answers.every((a) => a.ok)).toBe(true);
  });

  test('250 cells (250 actions x 1 resource) take ceil(250/100) = 3 calls: at most 100 actions per call', async () => {
    server = await startIamQueryServer();
    const cells = grid(
      Array.from({ length: 250 }, (_, i) => s3Action(i)),
      [bucket(1)],
    );
    const { stats } = await simulateBatch(cells, { client: clientFor(server) });
    expect(server.count('SimulateCustomPolicy')).toBe(3);
    expect(stats.calls).toBe(3);
    const sizes = server.requests.map((r) => [...r.params.keys()].filter((k) => k.startsWith('ActionNames.member.')).length);
    expect(sizes.sort((a, b) => b - a)).toEqual([100, 100, 50]);
  });

  test('cells of different policy sets are never sent in the same call', async () => {
    server = await startIamQueryServer();
    const a = { identity: [policyOf([allow('s3:GetObject')], { name: 'a.json' })] };
    const b = { identity: [policyOf([allow('s3:PutObject')], { name: 'b.json' })] };
    const cells = [
      inputOf(a, { action: 's3:GetObject', resource: bucket(1) }),
      inputOf(b, { action: 's3:GetObject', resource: bucket(1) }),
      inputOf(a, { action: 's3:PutObject', resource: bucket(2) }),
    ];
    const { answers } = await simulateBatch(cells, { client: clientFor(server) });
    expect(server.count('SimulateCustomPolicy')).toBe(2);
    expect(answers.map((x) => (x.ok ? x.result.decision : x.reason))).toEqual(['allowed', 'implicitDeny', 'implicitDeny']);
  });

  test('a sparse group that fits one call is sent whole; progress counts the cells asked for; the other cells of the product are cached too', async () => {
    server = await startIamQueryServer();
    const cache = new SimulationCache({ dir: tempDir() });
    const diagonal = [inputOf(diagonalSet, { action: s3Action(1), resource: bucket(1) }), inputOf(diagonalSet, { action: s3Action(2), resource: bucket(2) })];
    const seen: BatchProgress[] = [];
    await simulateBatch(diagonal, { client: clientFor(server), cache, onProgress: (p) => seen.push(p) });
    expect(server.count('SimulateCustomPolicy')).toBe(1);
    expect(seen.at(-1)).toEqual({ cells: 2, done: 2, failed: 0, calls: 1, fromCache: 0 });
    server.reset();
    const { stats } = await simulateBatch([inputOf(diagonalSet, { action: s3Action(1), resource: bucket(2) })], { client: clientFor(server), cache });
    expect(stats.fromCache).toBe(1);
    expect(server.count()).toBe(0);
  });

  test('planChunks: a sparse group too large for one call is split by the resources each action needs', () => {
    const cells = grid(
      Array.from({ length: 200 }, (_, i) => s3Action(i)),
      [bucket(1)],
    ).concat(
      grid(
        [s3Action(500)],
        Array.from({ length: 30 }, (_, i) => bucket(i + 10)),
      ),
    );
    const chunks = planChunks(cells);
    const evaluations = chunks.reduce((n, c) => n + c.actions.length * c.resources.length, 0);
    expect(evaluations).toBe(230);
    expect(chunks.every((c) => c.actions.length <= 100 && c.resources.length <= 100)).toBe(true);
    expect(chunks).toHaveLength(3);
  });
});

/** Cells of one group built without re-mapping the policy set for each (planChunks only reads action and resource). */
function cellsOf(pairs: [string, string][]): SimulationInput[] {
  const base = inputOf(diagonalSet, { action: s3Action(0), resource: bucket(0) });
  return pairs.map(([action, resource]) => ({ ...base, action, resource }));
}

/** Deterministic pseudo-random numbers (a linear congruential generator), so the cases never change. */
function lcg(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

/** Checks a plan against the bound and the caps, and that every asked cell is in some call's product. */
function checkPlan(cells: SimulationInput[]): number {
  const chunks = planChunks(cells);
  const distinct = new Set(cells.map((c) => `${c.action.toLowerCase()}\0${c.resource}`));
  expect(chunks.length).toBeLessThanOrEqual(Math.ceil(distinct.size / 100));
  expect(chunks.every((c) => c.actions.length >= 1 && c.actions.length <= 100 && c.resources.length >= 1 && c.resources.length <= 100)).toBe(true);
  const products = chunks.map((c) => ({ actions: new Set(c.actions.map((a) => a.toLowerCase())), resources: new Set(c.resources) }));
  const uncovered = cells.filter((cell) => !products.some((p) => p.actions.has(cell.action.toLowerCase()) && p.resources.has(cell.resource)));
  expect(uncovered).toEqual([]);
  return chunks.length;
}

describe('IAM API Reference, SimulateCustomPolicy: at most ceil(N/100) calls for N cells of one policy set (at most 100 ActionNames and 100 ResourceArns per call)', () => {
  test('200 "diagonal" cells (each action on its own ARN) take 2 calls, not 200; every cell is answered from its own resource', async () => {
    server = await startIamQueryServer();
    const cells = Array.from({ length: 200 }, (_, i) => inputOf(diagonalSet, { action: s3Action(i), resource: bucket(i + 1) }));
    const { answers, stats } = await simulateBatch(cells, { client: clientFor(server) });
    expect(server.count('SimulateCustomPolicy')).toBe(2);
    expect(stats).toMatchObject({ cells: 200, simulated: 200, calls: 2 });
    const counts = (prefix: string) => server.requests.map((r) => [...r.params.keys()].filter((k) => k.startsWith(prefix)).length);
    expect(counts('ActionNames.member.')).toEqual([100, 100]);
    expect(counts('ResourceArns.member.')).toEqual([100, 100]);
    // diagonal.json allows s3:* on bucket-1/* only: cell 0 (bucket-1) is allowed, the other 199 are not.
    expect(answers.map((a) => (a.ok ? a.result.decision : a.reason))).toEqual(['allowed', ...Array.from({ length: 199 }, () => 'implicitDeny')]);
  });

  test('100 actions x 2 resources (200 cells) take 1 call, within ceil(200/100) = 2', async () => {
    server = await startIamQueryServer();
    const cells = grid(
      Array.from({ length: 100 }, (_, i) => s3Action(i)),
      [bucket(1), bucket(2)],
    );
    const { answers, stats } = await simulateBatch(cells, { client: clientFor(server) });
    expect(server.count('SimulateCustomPolicy')).toBe(1);
    expect(stats).toMatchObject({ cells: 200, simulated: 200, calls: 1 });
    expect(answers.every((a) => a.ok)).toBe(true);
  });

  test('100 actions x 2 resources each (each action on its own 2 ARNs, 200 cells) take 2 calls, not 100', async () => {
    server = await startIamQueryServer();
    const cells = Array.from({ length: 100 }, (_, i) =>
      [2 * i + 1, 2 * i + 2].map((b) => inputOf(diagonalSet, { action: s3Action(i), resource: bucket(b) })),
    ).flat();
    const { answers, stats } = await simulateBatch(cells, { client: clientFor(server) });
    expect(server.count('SimulateCustomPolicy')).toBe(2);
    expect(stats).toMatchObject({ cells: 200, simulated: 200, calls: 2 });
    // Only bucket-1 is allowed (cell 0: s3:TestAction000 on bucket-1).
    expect(answers.map((a) => (a.ok ? a.result.decision : a.reason))).toEqual(['allowed', ...Array.from({ length: 199 }, () => 'implicitDeny')]);
  });

  test('planChunks: a full 150 x 150 product is tiled into 4 calls of at most 100 x 100', () => {
    const actions = Array.from({ length: 150 }, (_, i) => s3Action(i));
    const resources = Array.from({ length: 150 }, (_, i) => bucket(i));
    const cells = cellsOf(actions.flatMap((a) => resources.map((r): [string, string] => [a, r])));
    expect(checkPlan(cells)).toBe(4);
  });

  test('planChunks: the bound holds for diagonal, single-action, single-resource and random sparse groups', () => {
    const diagonal = cellsOf(Array.from({ length: 1000 }, (_, i): [string, string] => [s3Action(i), bucket(i)]));
    expect(checkPlan(diagonal)).toBe(10);
    expect(checkPlan(cellsOf(Array.from({ length: 250 }, (_, i): [string, string] => [s3Action(1), bucket(i)])))).toBe(3);
    expect(checkPlan(cellsOf(Array.from({ length: 250 }, (_, i): [string, string] => [s3Action(i), bucket(1)])))).toBe(3);
    for (const seed of [1, 2, 3, 4, 5]) {
      const rnd = lcg(seed);
      const spread = 20 + Math.floor(rnd() * 400);
      const pairs = Array.from({ length: 100 + Math.floor(rnd() * 2900) }, (): [string, string] => [
        s3Action(Math.floor(rnd() * spread)),
        bucket(Math.floor(rnd() * spread)),
      ]);
      checkPlan(cellsOf(pairs));
    }
  });

  test('planChunks: action names differing only in case are one action (IAM User Guide, reference_policies_elements_action.md: action names are case-insensitive)', () => {
    const chunks = planChunks(
      cellsOf([
        ['s3:GetObject', bucket(1)],
        ['S3:GETOBJECT', bucket(2)],
      ]),
    );
    expect(chunks).toHaveLength(1);
    expect(chunks[0].actions).toEqual(['s3:GetObject']);
    expect(chunks[0].resources.sort()).toEqual([bucket(1), bucket(2)].sort());
  });

  test('an InvalidInput in a packed call is searched for only among the cells that were asked (no call per free cell)', async () => {
    server = await startIamQueryServer();
    // 99 diagonal cells and one bad one: 100 actions x 100 resources, one packed call.
    const cells = Array.from({ length: 99 }, (_, i) => inputOf(diagonalSet, { action: s3Action(i), resource: bucket(i + 1) }));
    const bad: SimulationInput = { ...cells[0], action: 's3:Get*', resource: bucket(500) };
    expect(planChunks([...cells, bad])).toHaveLength(1);
    const { answers } = await simulateBatch([...cells, bad], { client: clientFor(server) });
    expect(answers.slice(0, 99).every((a) => a.ok)).toBe(true);
    expect(answers[99].ok ? '' : answers[99].reason).toMatch(/IAM rejected this cell's input \(InvalidInput\)/);
    // Halving keeps only the resources the asked cells of each half need: about 2 calls per halving
    // (2 x ceil(log2 100) + 1 = 15), never one call per resource of the product (over 100).
    expect(server.count('SimulateCustomPolicy')).toBeLessThanOrEqual(15);
    expect(
      server.requests.every(
        (r) =>
          [...r.params.keys()].filter((k) => k.startsWith('ResourceArns.member.')).length ===
          [...r.params.keys()].filter((k) => k.startsWith('ActionNames.member.')).length,
      ),
    ).toBe(true);
  });

  test('a packed call of scattered cells caches only the cells asked for, not its whole 100 x 100 product', async () => {
    server = await startIamQueryServer();
    const dir = tempDir();
    const cells = Array.from({ length: 200 }, (_, i) => inputOf(diagonalSet, { action: s3Action(i), resource: bucket(i + 1) }));
    await simulateBatch(cells, { client: clientFor(server), cache: new SimulationCache({ dir }) });
    const files = fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.json'));
    expect(files).toHaveLength(200);
  });
});

describe('IAM API Reference, EvaluationResult: the top-level EvalDecision is the most restrictive across resources; per-resource decisions are in ResourceSpecificResults', () => {
  test('one resource explicitly denied does not turn the other resources of the same call into denies', async () => {
    server = await startIamQueryServer();
    const set = { identity: [policyOf([allow('s3:GetObject', 'arn:aws:s3:::*'), deny('s3:GetObject', 'arn:aws:s3:::secret/*')])] };
    const cells = [
      inputOf(set, { action: 's3:GetObject', resource: 'arn:aws:s3:::open/a' }),
      inputOf(set, { action: 's3:GetObject', resource: 'arn:aws:s3:::secret/a' }),
      inputOf(set, { action: 's3:GetObject', resource: 'arn:aws:s3:::open/b' }),
    ];
    const { answers } = await simulateBatch(cells, { client: clientFor(server) });
    expect(server.count('SimulateCustomPolicy')).toBe(1);
    // The top-level decision of the one EvaluationResult was explicitDeny (the aggregate).
    expect(server.requests).toHaveLength(1);
    expect(answers.map((a) => (a.ok ? a.result.decision : a.reason))).toEqual(['allowed', 'explicitDeny', 'allowed']);
  });

  test('a resource "*" is read from the top level and never shares a call with ARNs', async () => {
    server = await startIamQueryServer();
    const set = { identity: [policyOf([allow('s3:ListAllMyBuckets')])] };
    const cells = [inputOf(set, { action: 's3:ListAllMyBuckets' }), inputOf(set, { action: 's3:ListAllMyBuckets', resource: bucket(1) })];
    const { answers } = await simulateBatch(cells, { client: clientFor(server) });
    expect(server.count('SimulateCustomPolicy')).toBe(2);
    const starCall = server.requests.find((r) => !r.params.has('ResourceArns.member.1'));
    expect(starCall).toBeDefined();
    expect(answers.every((a) => a.ok && a.result.decision === 'allowed')).toBe(true);
  });
});

describe('IAM API Reference, EvaluationResult: results given per action and resource (EvalResourceName, no ResourceSpecificResults) are read per cell', () => {
  const set = { identity: [policyOf([allow('s3:GetObject', 'arn:aws:s3:::*'), deny('s3:GetObject', 'arn:aws:s3:::secret/*')])] };
  const cellsOn = (resources: string[]) => resources.map((resource) => inputOf(set, { action: 's3:GetObject', resource }));

  test('one EvaluationResult per (action, resource): each cell gets its own decision, none is dropped', async () => {
    server = await startIamQueryServer({ resultShape: 'per-resource' });
    const { answers } = await simulateBatch(cellsOn(['arn:aws:s3:::open/a', 'arn:aws:s3:::secret/a', 'arn:aws:s3:::open/b']), { client: clientFor(server) });
    expect(server.count('SimulateCustomPolicy')).toBe(1);
    expect(answers.map((a) => (a.ok ? a.result.decision : a.reason))).toEqual(['allowed', 'explicitDeny', 'allowed']);
    expect(answers[1].ok && answers[1].result.matchedStatements).toHaveLength(1);
  });

  test('per (action, resource) results across pages (Marker) are all read', async () => {
    server = await startIamQueryServer({ resultShape: 'per-resource', pageSize: 20 });
    const cells = grid(
      Array.from({ length: 50 }, (_, i) => s3Action(i)),
      [bucket(1), bucket(2)],
    );
    const { answers, stats } = await simulateBatch(cells, { client: clientFor(server) });
    // 100 EvaluationResults in pages of 20.
    expect(stats.calls).toBe(5);
    expect(answers.map((a) => (a.ok ? a.result.decision : a.reason))).toEqual(
      cells.map((c) => (c.action === s3Action(0) ? 'explicitDeny' : c.resource === bucket(1) ? 'allowed' : 'implicitDeny')),
    );
  });

  test('both shapes give the same answers', async () => {
    const resources = ['arn:aws:s3:::open/a', 'arn:aws:s3:::secret/a', 'arn:aws:s3:::secret/b'];
    server = await startIamQueryServer({ resultShape: 'per-action' });
    const perAction = await simulateBatch(cellsOn(resources), { client: clientFor(server) });
    await server.close();
    server = await startIamQueryServer({ resultShape: 'per-resource' });
    const perResource = await simulateBatch(cellsOn(resources), { client: clientFor(server) });
    expect(perResource.answers).toEqual(perAction.answers);
  });

  test('a top level that aggregates several resources is never read for one of them, even when named by one', async () => {
    server = await startIamQueryServer({ resultShape: 'aggregate-only' });
    const { answers } = await simulateBatch(cellsOn(['arn:aws:s3:::open/a', 'arn:aws:s3:::secret/a']), { client: clientFor(server) });
    expect(answers.every((a) => !a.ok)).toBe(true);
    expect(answers[0].ok ? '' : answers[0].reason).toContain('IAM returned no result for arn:aws:s3:::open/a');
  });

  test("with one resource in the call, its top-level result is that resource's own decision", async () => {
    server = await startIamQueryServer({ resultShape: 'aggregate-only' });
    const { answers } = await simulateBatch(cellsOn(['arn:aws:s3:::secret/a']), { client: clientFor(server) });
    expect(answers.map((a) => (a.ok ? a.result.decision : a.reason))).toEqual(['explicitDeny']);
  });
});

describe('IAM API Reference, SimulateCustomPolicy: MaxItems / Marker / IsTruncated pagination', () => {
  test('when IAM returns fewer results than MaxItems, every page is fetched by Marker', async () => {
    server = await startIamQueryServer({ pageSize: 20 });
    const cells = grid(
      Array.from({ length: 50 }, (_, i) => s3Action(i)),
      [bucket(1), bucket(2)],
    );
    const { answers, stats } = await simulateBatch(cells, { client: clientFor(server) });
    expect(server.count('SimulateCustomPolicy')).toBe(3);
    expect(stats.calls).toBe(3);
    expect(server.requests.filter((r) => r.params.has('Marker'))).toHaveLength(2);
    expect(answers.every((a) => a.ok)).toBe(true);
    // s3:TestAction000 is explicitly denied; the rest are allowed on bucket-1, implicitly denied on bucket-2.
    const decisions = new Set(answers.map((a) => (a.ok ? a.result.decision : '')));
    expect(decisions).toEqual(new Set(['allowed', 'implicitDeny', 'explicitDeny']));
  });
});

describe('IAM API Reference, Common Errors: Throttling ("Rate exceeded") is retried with jittered backoff', () => {
  test('throttled three times, then answered: the SDK retry strategy retries, the cells are answered and the retries counted', async () => {
    server = await startIamQueryServer({ throttle: { count: 3 } });
    const cells = grid([s3Action(1)], [bucket(1)]);
    const { answers, stats } = await simulateBatch(cells, { client: clientFor(server, { random: () => 0.5, baseDelayMs: 4 }) });
    expect(answers[0]).toMatchObject({ ok: true, result: { decision: 'allowed' } });
    expect(server.count('SimulateCustomPolicy')).toBe(4);
    expect(stats).toMatchObject({ calls: 1, retries: 3 });
    // Full jitter: half (random 0.5) of a cap that doubles: 2 + 4 + 8 ms.
    expect(stats.retryDelayMs).toBe(14);
  });

  test('backoff waits never exceed maxDelayMs', () => {
    expect(backoffDelay(30, { random: () => 0.999, baseDelayMs: 250, maxDelayMs: 20_000 })).toBeLessThan(20_000);
  });

  test("throttled beyond the retry limit: the call's cells fail with a clear message naming the action and the attempts; nothing is cached", async () => {
    server = await startIamQueryServer({ throttle: { count: 100 } });
    const cells = grid([s3Action(1)], [bucket(1)]);
    const dir = tempDir();
    const { answers, stats } = await simulateBatch(cells, { client: clientFor(server, { ...noWait, retries: 2 }), cache: new SimulationCache({ dir }) });
    expect(answers[0]).toMatchObject({ ok: false, failure: 'error' });
    expect(answers[0].ok ? '' : answers[0].reason).toMatch(
      /^IAM gave no answer to the call holding this cell: IAM kept throttling iam:SimulateCustomPolicy \(Rate exceeded\) after 3 attempts: lower JEST_IAM_CROSS_CHECK_CONCURRENCY/,
    );
    expect(stats).toMatchObject({ failed: 1, simulated: 0 });
    expect(server.count('SimulateCustomPolicy')).toBe(3);
    expect(fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.json'))).toHaveLength(0);
  });

  test('concurrency is bounded: no more calls in flight than asked', async () => {
    server = await startIamQueryServer({ delayMs: 15 });
    const sets = Array.from({ length: 8 }, (_, i) => ({ identity: [policyOf([allow(s3Action(i))], { name: `p${i}.json` })] }));
    const cells = sets.map((set, i) => inputOf(set, { action: s3Action(i), resource: bucket(1) }));
    await simulateBatch(cells, { client: clientFor(server), concurrency: 2 });
    expect(server.count('SimulateCustomPolicy')).toBe(8);
    expect(server.maxInFlight).toBeLessThanOrEqual(2);
  });
});

describe('IAM API Reference, SimulateCustomPolicy: an InvalidInput fails the whole call', () => {
  test('the call is split until the one bad cell is found; the other cells are answered', async () => {
    server = await startIamQueryServer();
    const set = { identity: [policyOf([allow('s3:*')])] };
    const good = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'].map((action) => inputOf(set, { action, resource: bucket(1) }));
    // The local mapper refuses wildcard actions; hand one to the batch directly to play an action IAM rejects.
    const bad: SimulationInput = { ...good[0], action: 's3:Get*' };
    const { answers } = await simulateBatch([...good, bad], { client: clientFor(server) });
    expect(answers.slice(0, 3).map((a) => a.ok && a.result.decision)).toEqual(['allowed', 'allowed', 'allowed']);
    expect(answers[3]).toMatchObject({ ok: false });
    expect(answers[3].ok ? '' : answers[3].reason).toMatch(/IAM rejected this cell's input \(InvalidInput\)/);
  });
});
