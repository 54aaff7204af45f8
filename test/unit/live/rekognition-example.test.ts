import * as path from 'node:path';
import { crossCheck, summaryLine, type CrossCheckCell } from '../../../src/live/cross-check';
import { SimulationCache } from '../../../src/live/simulate-cache';
import { expandCells } from '../../../src/scenario/expand-cells';
import { loadScenario } from '../../../src/scenario/load-scenario';
import { startIamQueryServer, type IamQueryServer } from '../../support/iam-query-server';
import { clientFor, tempDir } from './live-helpers';
import { allow, policyOf } from '../../support/policies';

/**
 * The README's walk-through, offline: every cell of the Rekognition Custom Labels example
 * scenario cross-checked against the local IAM endpoint, as `JEST_IAM_CROSS_CHECK=1` would.
 */
const file = path.join(__dirname, '../../../examples/rekognition-custom-labels/rekognition-custom-labels.iam.yaml');

let server: IamQueryServer;
afterAll(async () => {
  await server?.close();
});

describe('The Rekognition Custom Labels example, cross-checked (IAM API Reference, SimulateCustomPolicy)', () => {
  const cells: CrossCheckCell[] = expandCells(loadScenario(file)).map((c) => ({
    set: c.policySet,
    request: c.request,
    label: `${c.principal}: ${c.testName}`,
  }));
  // One call per policy set and kind of resource ("*" or ARNs) at most: the bound batching must meet.
  const sets = [...new Set(cells.map((c) => c.set))];
  const groups = new Set(cells.map((c) => `${sets.indexOf(c.set)}:${((c.request as { resource?: string }).resource ?? '*') === '*' ? '*' : 'arn'}`));
  const dir = tempDir();

  test('every comparable cell agrees, in no more calls than policy-set groups; only the cross-account cell of a role is not comparable', async () => {
    server = await startIamQueryServer();
    const report = await crossCheck(cells, { client: clientFor(server), cache: new SimulationCache({ dir }) });
    expect(report.divergences).toEqual([]);
    expect(report.stats.calls).toBe(server.count('SimulateCustomPolicy'));
    expect(report.stats.calls).toBeLessThanOrEqual(groups.size);
    expect(report.skipped.map((o) => o.notComparable[0])).toEqual([
      'cross-account request (principal account 111122223333, resource account 444455556666) by arn:aws:iam::111122223333:role/ModelManager: the simulator sees who asks, and so a cross-account request, only through CallerArn, which takes IAM user ARNs',
    ]);
    expect(report.outcomes.filter((o) => o.status === 'agree')).toHaveLength(cells.length - 1);
    // The summary line the README quotes.
    expect(summaryLine(report.counts)).toBe('jest-iam cross-check: 129 cells: 128 compared, 1 skipped (1 cross-account caller), 0 failed');
    // The call bound the README states: 4 policy sets, each with "*" and ARN cells.
    expect(report.stats.calls).toBe(8);
  });

  test('a rerun with unchanged policies makes 0 calls', async () => {
    server.reset();
    const report = await crossCheck(cells, { client: clientFor(server), cache: new SimulationCache({ dir }) });
    expect(server.count()).toBe(0);
    expect(report.stats.fromCache).toBe(cells.length - 1);
  });
});

describe("the README's 2,000-cell matrix, end to end: as many calls as the plan, within the stated bound", () => {
  test('5 policy sets x 40 actions x 10 ARNs: 2,000 cells compared in 5 calls (bound: sum of ceil(N_g / 100) = 20)', async () => {
    const srv = await startIamQueryServer();
    try {
      const action = (i: number) => `s3:TestAction${String(i).padStart(3, '0')}`;
      const cells: CrossCheckCell[] = [];
      for (let s = 0; s < 5; s++) {
        const set = { identity: [policyOf([allow('s3:*', `arn:aws:s3:::bucket-${s}/*`)], { name: `set-${s}.json` })] };
        for (let a = 0; a < 40; a++) for (let r = 0; r < 10; r++) cells.push({ set, request: { action: action(a), resource: `arn:aws:s3:::bucket-${r}/key` } });
      }
      const report = await crossCheck(cells, { client: clientFor(srv) });
      expect(report.counts).toMatchObject({ cells: 2000, compared: 2000, failed: 0 });
      expect(srv.count('SimulateCustomPolicy')).toBe(5);
      expect(report.stats.calls).toBe(5);
    } finally {
      await srv.close();
    }
  });
});
