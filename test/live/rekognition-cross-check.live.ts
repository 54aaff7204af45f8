/**
 * The Rekognition Custom Labels example, cross-checked against IAM's policy simulator in the
 * account of the AWS SDK's settings (`npm run test:live`). Every cell of the example scenario
 * is asked of SimulateCustomPolicy; jest-iam and IAM must agree on every comparable cell, and a
 * rerun must be answered from the cache.
 */
import * as path from 'node:path';
import { crossCheck, type CrossCheckCell } from '../../src/live/cross-check';
import { readCrossCheckSettings } from '../../src/live/cross-check-config';
import { createIamClient } from '../../src/live/iam-client';
import { SimulationCache } from '../../src/live/simulate-cache';
import { expandCells } from '../../src/scenario/expand-cells';
import { loadScenario } from '../../src/scenario/load-scenario';

const file = path.join(__dirname, '../../examples/rekognition-custom-labels/rekognition-custom-labels.iam.yaml');

describe('IAM API Reference, SimulateCustomPolicy: the Rekognition Custom Labels example against a real account', () => {
  const settings = readCrossCheckSettings();
  const cells: CrossCheckCell[] = expandCells(loadScenario(file)).map((c) => ({
    set: c.policySet,
    request: c.request,
    label: `${c.principal}: ${c.testName}`,
  }));
  const client = createIamClient();
  afterAll(() => client.destroy());

  test('IAM agrees with jest-iam on every comparable cell', async () => {
    const cache = new SimulationCache({
      refresh: settings.refresh,
      principalTtlSeconds: settings.cacheTtlSeconds,
      ...(settings.cacheDir ? { dir: settings.cacheDir } : {}),
    });
    const report = await crossCheck(cells, { client, cache, concurrency: settings.concurrency });
    if (report.skipped.length) console.warn(report.skipped.map((o) => o.message).join('\n'));
    console.log(
      `${cells.length} cells: ${report.stats.calls} IAM calls, ${report.stats.fromCache} from cache, ${report.stats.retries} throttled retries, ${report.skipped.length} not comparable`,
    );
    expect(report.divergences.map((o) => o.message)).toEqual([]);
  });

  test('a rerun with unchanged policies makes no IAM call', async () => {
    const cache = new SimulationCache({ principalTtlSeconds: settings.cacheTtlSeconds, ...(settings.cacheDir ? { dir: settings.cacheDir } : {}) });
    const report = await crossCheck(cells, { client, cache, concurrency: settings.concurrency });
    expect(report.stats.calls).toBe(0);
    expect(report.divergences).toEqual([]);
  });
});
