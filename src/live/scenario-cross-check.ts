import type { PolicySet } from '../policy/policy-set';
import type { LiveBucketRef } from './bucket-public-access';
import type { CrossCheckCell } from './cross-check';
import { readCrossCheckSettings } from './cross-check-config';
import { crossCheckCells, finishFileCrossCheck, isCrossCheckWanted, setFileCrossCheck, type CrossCheckResults } from './cross-check-hook';

/**
 * What a scenario suite (`*.iam.yaml`) needs from live mode, in one object: load its
 * `source: live` principals from the account, and cross-check all its cells in one batch, both in
 * an async `beforeAll`; then each cell's test calls `assertCell(i)` after its own check.
 */
export interface ScenarioLiveSupport {
  /** Run in `beforeAll(setup, timeoutMs)`. */
  setup(): Promise<void>;
  timeoutMs: number;
  /** Fails when IAM disagreed on cell `index` (of the cells given) or gave no usable answer; a note when a limit of the simulator skipped it. */
  assertCell(index: number): void;
  /** Run in `afterAll`: prints the file's summary line; fails when IAM compared none of its cells. */
  finish(): void;
}

export interface ScenarioLiveOptions {
  /** The file's top-level `crossCheck:` value. */
  crossCheck?: boolean;
  /** Every cell of the file, in test order. */
  cells: CrossCheckCell[];
  /** The file's `source: live` principals: their (placeholder) policy set objects, filled in by `setup`. */
  live?: { arn: string; set: PolicySet }[];
  /** The file's `source: live` bucket policy sets, filled in by `setup` (bucket policy, Block Public Access). */
  liveBuckets?: LiveBucketRef[];
}

/**
 * Prepares a scenario file's live work, or returns undefined when it has none (no cross-check
 * wanted, no live principal), so the suite adds no hook at all.
 */
export function prepareScenarioLive(options: ScenarioLiveOptions): ScenarioLiveSupport | undefined {
  setFileCrossCheck(options.crossCheck);
  const wanted = isCrossCheckWanted();
  const live = options.live ?? [];
  const buckets = options.liveBuckets ?? [];
  if (!wanted && !live.length && !buckets.length) return undefined;
  let results: CrossCheckResults | undefined;
  return {
    timeoutMs: readCrossCheckSettings().timeoutMs,
    async setup() {
      if (live.length) {
        // Loaded lazily: the SDK is only needed when a file has live principals.
        const { hydrateLivePolicySet } = await import('./load-principal');
        const { sessionClient } = await import('./cross-check-session');
        const iam = await sessionClient();
        // Progress while principals load (the `jest-iam live` command turns it on): reads can take a while.
        const say = readCrossCheckSettings().progress ? (line: string) => process.stderr.write(`${line}\n`) : undefined;
        for (const [i, p] of live.entries()) {
          say?.(`jest-iam live: live principal ${i + 1}/${live.length}: ${p.arn}`);
          await hydrateLivePolicySet(p.set, p.arn, { ...iam, ...(say ? { onProgress: say } : {}) });
        }
      }
      if (buckets.length) {
        // Loaded lazily, like the IAM client: the S3 clients are only needed for live buckets.
        const { hydrateLiveBucket } = await import('./bucket-public-access');
        for (const b of buckets) await hydrateLiveBucket(b);
      }
      if (wanted) results = await crossCheckCells(options.cells);
    },
    assertCell(index: number) {
      results?.assertCell(index);
    },
    finish() {
      finishFileCrossCheck();
    },
  };
}
