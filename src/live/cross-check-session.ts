import type { IAMClient } from '@aws-sdk/client-iam';
import { crossCheck, progressLine, type CrossCheckCell, type CrossCheckProgress, type CrossCheckReport } from './cross-check';
import { readCrossCheckSettings } from './cross-check-config';
import { configuredEndpoint, createIamClient, type IamClientOptions } from './iam-client';
import type { RetryOptions } from './iam-call';
import { SimulationCache } from './simulate-cache';

/**
 * How one test file talks to IAM: one client and one cache, built on first use from the
 * environment (the SDK's default credential chain, region and endpoint; jest-iam's
 * JEST_IAM_* settings) unless {@link configureCrossCheck} gave them.
 */
export interface CrossCheckSetup {
  /** Use this client instead of building one. */
  client?: IAMClient;
  /** Options for the client jest-iam builds (region, endpoint, profile, credentials, retry). */
  clientOptions?: IamClientOptions;
  /** A cache to use, or false for none (default: on disk, see `SimulationCache`). */
  cache?: SimulationCache | false;
  cacheDir?: string;
  refresh?: boolean;
  concurrency?: number;
  /** Retries of the client jest-iam builds (same as `clientOptions.retry`). */
  retry?: RetryOptions;
  onProgress?: (p: CrossCheckProgress) => void;
}

let setup: CrossCheckSetup = {};
let session: { client: IAMClient; cache: SimulationCache | false; endpoint?: string } | undefined;

/** Overrides how the cross-check reaches IAM (for this test file; mostly for tests and tools). */
export function configureCrossCheck(options: CrossCheckSetup): void {
  setup = { ...setup, ...options };
  session = undefined;
}

/** Forgets every override and the built client. */
export function resetCrossCheckSetup(): void {
  setup = {};
  session = undefined;
}

function progressPrinter(p: CrossCheckProgress): void {
  process.stderr.write(`${progressLine(p)}\n`);
}

async function current(): Promise<NonNullable<typeof session>> {
  if (session) return session;
  const settings = readCrossCheckSettings();
  const client = setup.client ?? createIamClient({ ...setup.clientOptions, ...(setup.retry ? { retry: setup.retry } : {}) });
  const endpoint = setup.clientOptions?.endpoint ?? (await configuredEndpoint(client)) ?? process.env.AWS_ENDPOINT_URL_IAM ?? process.env.AWS_ENDPOINT_URL;
  const cache =
    setup.cache !== undefined
      ? setup.cache
      : new SimulationCache({
          refresh: setup.refresh ?? settings.refresh,
          principalTtlSeconds: settings.cacheTtlSeconds,
          ...((setup.cacheDir ?? settings.cacheDir) ? { dir: setup.cacheDir ?? settings.cacheDir } : {}),
        });
  session = { client, cache, ...(endpoint ? { endpoint } : {}) };
  return session;
}

/** This file's IAM client and cache, e.g. for loading live principals. */
export async function sessionClient(): Promise<{ client: IAMClient; cache?: SimulationCache; endpoint?: string }> {
  const s = await current();
  return { client: s.client, ...(s.cache ? { cache: s.cache } : {}), ...(s.endpoint ? { endpoint: s.endpoint } : {}) };
}

/** Cross-checks cells with this file's client, cache and settings. */
export async function crossCheckInSession(cells: CrossCheckCell[]): Promise<CrossCheckReport> {
  const s = await current();
  const settings = readCrossCheckSettings();
  const onProgress = setup.onProgress ?? (settings.progress ? progressPrinter : undefined);
  return crossCheck(cells, {
    client: s.client,
    cache: s.cache,
    concurrency: setup.concurrency ?? settings.concurrency,
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
}
