import { SimulateCustomPolicyCommand, SimulatePrincipalPolicyCommand, type EvaluationResult, type IAMClient, type SimulatePolicyResponse } from '@aws-sdk/client-iam';
import { awsErrorCode, isInvalidInput, IamLiveError } from './aws-errors';
import { sendIam, type CallCounter, type RetryOptions } from './iam-call';
import type { SimulationInput } from './map-policy-set';
import { fingerprintOf, groupOf, planChunks, type Chunk } from './plan-chunks';
import { readResults, type CellAnswer, type ChunkCell } from './read-evaluation-results';
import { SimulationCache } from './simulate-cache';

export { planChunks, MAX_ACTIONS_PER_CALL, MAX_RESOURCES_PER_CALL, type Chunk } from './plan-chunks';
export type { CellAnswer } from './read-evaluation-results';

/**
 * Runs many cells through the policy simulator in few calls: cells are planned into calls by
 * {@link planChunks} (actions x resources, at most ceil(N / 100) calls for a group of N cells),
 * and each cell is read by `readResults` from its own per-resource result, never from an
 * aggregate. Results are paginated (`IsTruncated` / `Marker`), and IAM "might return fewer
 * results" than MaxItems (IAM API Reference, API_SimulateCustomPolicy.html), so every call
 * follows the marker.
 */

/** IAM's largest MaxItems (IAM API Reference, API_SimulateCustomPolicy.html: 1 to 1000). */
const MAX_ITEMS = 1000;

/**
 * Cells of a call's product nobody asked for are cached only when the product has at most this
 * many cells: a 100 x 100 call packed from 100 scattered cells would otherwise write 10,000
 * cache files to answer 100.
 */
const FREE_CELLS_CACHED_UP_TO = 1000;

export interface BatchProgress {
  /** Cells asked for. */
  cells: number;
  /** Cells answered so far (from the cache or IAM). */
  done: number;
  /** IAM calls made so far. */
  calls: number;
  fromCache: number;
}

export interface BatchStats {
  cells: number;
  /** Cells answered from the cache (rejected cells included). */
  fromCache: number;
  simulated: number;
  /** IAM requests answered (each page counts). */
  calls: number;
  /** Throttled requests retried. */
  retries: number;
}

export interface BatchOptions {
  client: IAMClient;
  /** Omit for no caching. */
  cache?: SimulationCache;
  /** Calls in flight at once (default 4). */
  concurrency?: number;
  retry?: RetryOptions;
  /** The endpoint, for messages and to keep a test server's results apart in the cache. */
  endpoint?: string;
  onProgress?: (p: BatchProgress) => void;
}

const cellKey = (action: string, resource: string) => `${action.toLowerCase()}\0${resource}`;

/** Runs `tasks` with at most `limit` in flight. */
async function pool(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]();
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
}

/**
 * Answers every input cell: from the cache when it holds the exact inputs (and, for
 * SimulatePrincipalPolicy, is younger than the cache's TTL), else from IAM in as few calls as the
 * grouping allows. Throws an {@link IamLiveError} when IAM refuses the calls (permissions,
 * credentials, throttling after retries); input IAM rejects for one cell only (found by
 * splitting the call) becomes that cell's `reason`, and is cached like an answer.
 */
export async function simulateBatch(inputs: SimulationInput[], options: BatchOptions): Promise<{ answers: CellAnswer[]; stats: BatchStats }> {
  const scope = options.endpoint ?? 'aws';
  const counter: CallCounter = { calls: 0, retries: 0 };
  const stats: BatchStats = { cells: inputs.length, fromCache: 0, simulated: 0, calls: 0, retries: 0 };
  const answers: (CellAnswer | undefined)[] = new Array(inputs.length);
  const keyOf = (operation: string, params: unknown, fingerprint: string | undefined, action: string, resource: string) =>
    SimulationCache.key({ scope, operation, params, action, resource, ...(fingerprint ? { extra: fingerprint } : {}) });

  const missing: { input: SimulationInput; index: number }[] = [];
  inputs.forEach((input, index) => {
    const hit = options.cache?.get(keyOf(input.operation, input.params, fingerprintOf(input), input.action, input.resource), options.cache.maxAgeMs(input.operation));
    if (hit) {
      answers[index] = 'result' in hit ? { ok: true, result: hit.result, fromCache: true } : { ok: false, reason: hit.rejected, fromCache: true };
      stats.fromCache++;
    } else missing.push({ input, index });
  });

  const received = new Map<string, CellAnswer>();
  const fullKey = (operation: string, params: unknown, fingerprint: string | undefined, action: string, resource: string) => `${groupOf(operation, params, fingerprint)}\0${cellKey(action, resource)}`;
  // How many asked-for cells each key answers (cells of the cross product nobody asked for do not count).
  const asked = new Map<string, number>();
  for (const { input } of missing) {
    const k = fullKey(input.operation, input.params, fingerprintOf(input), input.action, input.resource);
    asked.set(k, (asked.get(k) ?? 0) + 1);
  }
  const wanted = new Set(asked.keys());
  let done = stats.fromCache;
  /** Answers that are IAM rejecting a cell's input (cached); other failures are not. */
  const rejected = new WeakSet<CellAnswer>();
  const progress = () => options.onProgress?.({ cells: inputs.length, done, calls: counter.calls, fromCache: stats.fromCache });

  const callChunk = async (c: Chunk): Promise<ChunkCell[]> => {
    try {
      const results: EvaluationResult[] = [];
      let marker: string | undefined;
      for (;;) {
        const input = { ...c.params, ActionNames: c.actions, MaxItems: MAX_ITEMS, ...(c.resources[0] === '*' ? {} : { ResourceArns: c.resources }), ...(marker ? { Marker: marker } : {}) };
        const command = c.operation === 'SimulateCustomPolicy' ? new SimulateCustomPolicyCommand(input as never) : new SimulatePrincipalPolicyCommand(input as never);
        const target = 'PolicySourceArn' in c.params ? c.params.PolicySourceArn : undefined;
        const out = await sendIam<SimulatePolicyResponse>(options.client, command, { retry: options.retry, counter, ...(options.endpoint ? { endpoint: options.endpoint } : {}), ...(target ? { target } : {}) });
        results.push(...(out.EvaluationResults ?? []));
        if (!out.IsTruncated) break;
        if (!out.Marker) throw new IamLiveError(`iam:${c.operation} said its results are truncated but gave no Marker to continue from.`, 'MissingMarker');
        marker = out.Marker;
      }
      return readResults(c, results);
    } catch (e) {
      if (!isInvalidInput(e)) throw e;
      // One bad cell (an action IAM does not know, say) fails the whole call: split to find it.
      if (c.actions.length > 1 || c.resources.length > 1) {
        const splitActions = c.actions.length > 1;
        const list = splitActions ? c.actions : c.resources;
        const half = Math.ceil(list.length / 2);
        // Each half keeps only the resources some asked cell of its actions needs: the free cells
        // of the product are not worth extra calls while a bad cell is being looked for.
        const parts = [list.slice(0, half), list.slice(half)]
          .map((l) => (splitActions ? { ...c, actions: l } : { ...c, resources: l }))
          .map((part) => ({ ...part, resources: part.resources.filter((r) => part.actions.some((a) => wanted.has(fullKey(c.operation, c.params, c.fingerprint, a, r)))) }))
          .filter((part) => part.resources.length > 0);
        const merged: ChunkCell[] = [];
        for (const part of parts) merged.push(...(await callChunk(part)));
        return merged;
      }
      const answer: CellAnswer = { ok: false, reason: `IAM rejected this cell's input (${awsErrorCode(e)}): ${(e as Error).message}` };
      // IAM's verdict on this exact input: cache it, so a rerun does not ask again.
      rejected.add(answer);
      return [{ action: c.actions[0], resource: c.resources[0], answer }];
    }
  };

  const chunks = planChunks(missing.map((m) => m.input));
  await pool(
    chunks.map((c) => async () => {
      const cacheFree = c.actions.length * c.resources.length <= FREE_CELLS_CACHED_UP_TO;
      for (const cell of await callChunk(c)) {
        const k = fullKey(c.operation, c.params, c.fingerprint, cell.action, cell.resource);
        if (!cacheFree && !wanted.has(k)) continue;
        // A cell in two calls' products keeps the answer that succeeded.
        if (!received.get(k)?.ok) received.set(k, cell.answer);
        const stored = cell.answer.ok ? { result: cell.answer.result } : rejected.has(cell.answer) ? { rejected: cell.answer.reason } : undefined;
        if (stored) options.cache?.set(keyOf(c.operation, c.params, c.fingerprint, cell.action, cell.resource), stored);
        done += asked.get(k) ?? 0;
        asked.delete(k);
      }
      progress();
    }),
    options.concurrency ?? 4,
  );

  for (const { input, index } of missing) {
    const a = received.get(fullKey(input.operation, input.params, fingerprintOf(input), input.action, input.resource));
    answers[index] = a ?? { ok: false, reason: `IAM returned no result for ${input.action} on ${input.resource}` };
    if (a?.ok) stats.simulated++;
  }
  stats.calls = counter.calls;
  stats.retries = counter.retries;
  return { answers: answers as CellAnswer[], stats };
}
