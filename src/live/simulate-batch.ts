/**
 * Runs many cells through the policy simulator in few calls: cells are planned into calls by
 * {@link planChunks} (actions x resources, at most ceil(N / 100) calls for a group of N cells),
 * and each cell is read by `readResults` from its own per-resource result, never from an
 * aggregate. Results are paginated (`IsTruncated` / `Marker`), and IAM "might return fewer
 * results" than MaxItems (IAM API Reference, API_SimulateCustomPolicy.html), so every call
 * follows the marker.
 */

import {
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  type EvaluationResult,
  type IAMClient,
  type SimulatePolicyResponse,
} from '@aws-sdk/client-iam';
import { awsErrorCode, isInvalidInput, IamLiveError, redactSecrets } from './aws-errors';
import { sendIam, type CallCounter } from './iam-call';
import type { SimulationInput } from './map-policy-set';
import { fingerprintOf, groupOf, MAX_ACTIONS_PER_CALL, MAX_RESOURCES_PER_CALL, planChunks, type Chunk } from './plan-chunks';
import { readResults, type CellAnswer, type ChunkCell } from './read-evaluation-results';
import { SimulationCache } from './simulate-cache';

export { planChunks, MAX_ACTIONS_PER_CALL, MAX_RESOURCES_PER_CALL, type Chunk } from './plan-chunks';
export type { CellAnswer, CellFailure } from './read-evaluation-results';

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
  /** Cells done so far (from the cache or IAM), with an answer or without one. */
  done: number;
  /** Of `done`, the cells IAM gave no usable answer for (a rejected input, an unreadable answer). */
  failed: number;
  /** IAM calls made so far. */
  calls: number;
  fromCache: number;
}

export interface BatchStats {
  cells: number;
  /** Cells answered from the cache. */
  fromCache: number;
  /** Cells IAM answered in this run. */
  simulated: number;
  /** Cells without an answer (rejected input, unreadable answer): never cached. */
  failed: number;
  /** IAM requests answered (each page counts). */
  calls: number;
  /** Attempts retried after throttling or a transient failure. */
  retries: number;
  /** Milliseconds waited before those retries. */
  retryDelayMs: number;
}

export interface BatchOptions {
  /** An IAM client; build it with `createIamClient` to get jest-iam's retries and read-only guard. */
  client: IAMClient;
  /** Omit for no caching. */
  cache?: SimulationCache;
  /** Calls in flight at once (default 4). */
  concurrency?: number;
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

const log2 = (n: number) => (n <= 1 ? 0 : Math.ceil(Math.log2(n)));

/**
 * The most calls a rejected call of `actions` x `resources` leads to, itself included. A rejected
 * call is halved (actions first, then resources) and both halves are sent; when both are
 * rejected too, the rejection is not one bad cell and the search stops (every cell of the call
 * fails); when one is, only that one is halved again. So each halving costs 2 calls and there are
 * at most ceil(log2 A) + ceil(log2 R) of them.
 */
export function bisectCallBound(actions: number, resources: number): number {
  return 1 + 2 * (log2(actions) + log2(resources));
}

/** What one simulate call (all its pages) gave: the results, or IAM's rejection of its input. */
type Attempt = { results: EvaluationResult[] } | { rejected: unknown };

/**
 * Answers every input cell: from the cache when it holds the exact inputs (and, for
 * SimulatePrincipalPolicy, is younger than the cache's TTL), else from IAM in as few calls as the
 * grouping allows. Throws an {@link IamLiveError} when IAM cannot be asked (permissions,
 * credentials, an unreachable endpoint). A cell IAM did not answer (its input rejected, its answer
 * unreadable, its call failed with a 5xx, throttling or a reset connection after the SDK's
 * retries) gets `ok: false` with the reason; such cells are never cached.
 */
export async function simulateBatch(inputs: SimulationInput[], options: BatchOptions): Promise<{ answers: CellAnswer[]; stats: BatchStats }> {
  const scope = options.endpoint ?? 'aws';
  const counter: CallCounter = { calls: 0, retries: 0, retryDelayMs: 0 };
  const stats: BatchStats = { cells: inputs.length, fromCache: 0, simulated: 0, failed: 0, calls: 0, retries: 0, retryDelayMs: 0 };
  const answers: (CellAnswer | undefined)[] = new Array(inputs.length);
  const keyOf = (operation: string, params: unknown, fingerprint: string | undefined, action: string, resource: string) =>
    SimulationCache.key({ scope, operation, params, action, resource, ...(fingerprint ? { extra: fingerprint } : {}) });

  const missing: { input: SimulationInput; index: number }[] = [];
  inputs.forEach((input, index) => {
    const hit = options.cache?.get(
      keyOf(input.operation, input.params, fingerprintOf(input), input.action, input.resource),
      options.cache.maxAgeMs(input.operation),
    );
    if (hit) {
      answers[index] = { ok: true, result: hit.result, fromCache: true };
      stats.fromCache++;
    } else missing.push({ input, index });
  });

  const received = new Map<string, CellAnswer>();
  const fullKey = (operation: string, params: unknown, fingerprint: string | undefined, action: string, resource: string) =>
    `${groupOf(operation, params, fingerprint)}\0${cellKey(action, resource)}`;
  // How many asked-for cells each key answers (cells of the cross product nobody asked for do not count).
  const asked = new Map<string, number>();
  for (const { input } of missing) {
    const k = fullKey(input.operation, input.params, fingerprintOf(input), input.action, input.resource);
    asked.set(k, (asked.get(k) ?? 0) + 1);
  }
  const wanted = new Set(asked.keys());
  let done = stats.fromCache;
  let failedSoFar = 0;
  const failedFirst = new Map<string, number>();
  const progress = () => options.onProgress?.({ cells: inputs.length, done, failed: failedSoFar, calls: counter.calls, fromCache: stats.fromCache });

  const attempt = async (c: Chunk): Promise<Attempt> => {
    try {
      const results: EvaluationResult[] = [];
      let marker: string | undefined;
      for (;;) {
        const input = {
          ...c.params,
          ActionNames: c.actions,
          MaxItems: MAX_ITEMS,
          ...(c.resources[0] === '*' ? {} : { ResourceArns: c.resources }),
          ...(marker ? { Marker: marker } : {}),
        };
        const command =
          c.operation === 'SimulateCustomPolicy' ? new SimulateCustomPolicyCommand(input as never) : new SimulatePrincipalPolicyCommand(input as never);
        const target = 'PolicySourceArn' in c.params ? c.params.PolicySourceArn : undefined;
        const out = await sendIam<SimulatePolicyResponse>(options.client, command, {
          counter,
          ...(options.endpoint ? { endpoint: options.endpoint } : {}),
          ...(target ? { target } : {}),
        });
        // The SDK reads an empty body, or a 200 page that is not IAM's XML (a proxy's HTML login
        // page, say), as an answer with no EvaluationResults at all: that answers no cell.
        if (!out.EvaluationResults) return { results };
        results.push(...out.EvaluationResults);
        if (!out.IsTruncated) break;
        if (!out.Marker) throw new IamLiveError(`iam:${c.operation} said its results are truncated but gave no Marker to continue from.`, 'MissingMarker');
        marker = out.Marker;
      }
      return { results };
    } catch (e) {
      if (isInvalidInput(e)) return { rejected: e };
      throw e;
    }
  };

  /** The asked cells of a chunk, each failed with `reason`. */
  const failAll = (c: Chunk, reason: string): ChunkCell[] =>
    c.actions.flatMap((action) =>
      c.resources
        .filter((r) => wanted.has(fullKey(c.operation, c.params, c.fingerprint, action, r)))
        .map((resource) => ({ action, resource, answer: { ok: false as const, failure: 'rejected' as const, reason } })),
    );
  const said = (e: unknown) => redactSecrets(String((e as Error).message ?? '').split('\n')[0]);

  /** Halves a rejected chunk, keeping in each half only the resources some asked cell of its actions needs. */
  const halves = (c: Chunk): Chunk[] => {
    const splitActions = c.actions.length > 1;
    const list = splitActions ? c.actions : c.resources;
    const half = Math.ceil(list.length / 2);
    return [list.slice(0, half), list.slice(half)]
      .map((l) => (splitActions ? { ...c, actions: l } : { ...c, resources: l }))
      .map((part) => ({
        ...part,
        resources: part.resources.filter((r) => part.actions.some((a) => wanted.has(fullKey(c.operation, c.params, c.fingerprint, a, r)))),
      }))
      .filter((part) => part.resources.length > 0 && part.actions.length > 0);
  };

  /** Narrows a rejected chunk down to its bad cell, within {@link bisectCallBound}. */
  const narrow = async (c: Chunk, error: unknown): Promise<ChunkCell[]> => {
    if (c.actions.length * c.resources.length <= 1) return failAll(c, `IAM rejected this cell's input (${awsErrorCode(error)}): ${said(error)}`);
    const parts = halves(c);
    if (parts.length < 2) return parts.length ? narrow(parts[0], error) : [];
    const tried: Attempt[] = [];
    for (const part of parts) tried.push(await attempt(part));
    if (tried.every((t) => 'rejected' in t)) {
      const first = (tried[0] as { rejected: unknown }).rejected;
      const every = `IAM rejected the input of a call holding this cell (${awsErrorCode(first)}): ${said(first)} It rejected both halves of a call of ${c.actions.length} action(s) x ${c.resources.length} resource(s) too, so the fault is not one cell's input; jest-iam stops halving there (at most ${bisectCallBound(MAX_ACTIONS_PER_CALL, MAX_RESOURCES_PER_CALL)} calls per rejected call).`;
      return failAll(c, every);
    }
    const out: ChunkCell[] = [];
    for (let i = 0; i < parts.length; i++) {
      const t = tried[i];
      out.push(...('rejected' in t ? await narrow(parts[i], t.rejected) : readResults(parts[i], t.results)));
    }
    return out;
  };

  const callChunk = async (c: Chunk): Promise<ChunkCell[]> => {
    try {
      return await answerChunk(c);
    } catch (e) {
      // A call that kept failing after the SDK's retries fails its own cells; the other calls go on.
      if (e instanceof IamLiveError && e.transient)
        return failAll(c, `IAM gave no answer to the call holding this cell: ${e.message}`).map((x) => ({
          ...x,
          answer: { ...x.answer, failure: 'error' as const },
        }));
      throw e;
    }
  };

  const answerChunk = async (c: Chunk): Promise<ChunkCell[]> => {
    const t = await attempt(c);
    if ('rejected' in t) return narrow(c, t.rejected);
    if (!t.results.length) {
      return failAll(
        c,
        `IAM's answer to iam:${c.operation} held no EvaluationResults (an empty body, or a page that is not IAM's XML, e.g. a proxy's HTML page): nothing was compared`,
      ).map((x) => ({ ...x, answer: { ...x.answer, failure: 'unreadable' as const } }));
    }
    return readResults(c, t.results);
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
        // Only answers are cached: a rejection or an unreadable answer is asked again next run.
        if (cell.answer.ok) options.cache?.set(keyOf(c.operation, c.params, c.fingerprint, cell.action, cell.resource), { result: cell.answer.result });
        const n = asked.get(k) ?? 0;
        if (n) {
          done += n;
          asked.delete(k);
          if (!cell.answer.ok) failedFirst.set(k, n);
          if (!cell.answer.ok) failedSoFar += n;
        } else if (cell.answer.ok && failedFirst.has(k)) {
          // Failed in one call, answered in another: it counts as answered.
          failedSoFar -= failedFirst.get(k)!;
          failedFirst.delete(k);
        }
      }
      progress();
    }),
    options.concurrency ?? 4,
  );

  for (const { input, index } of missing) {
    const a = received.get(fullKey(input.operation, input.params, fingerprintOf(input), input.action, input.resource));
    answers[index] = a ?? { ok: false, failure: 'unreadable', reason: `IAM returned no result for ${input.action} on ${input.resource}` };
    if (answers[index].ok) stats.simulated++;
    else stats.failed++;
  }
  stats.calls = counter.calls;
  stats.retries = counter.retries;
  stats.retryDelayMs = counter.retryDelayMs ?? 0;
  return { answers: answers as CellAnswer[], stats };
}
