import {
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  type EvaluationResult,
  type IAMClient,
  type ResourceSpecificResult,
  type SimulatePolicyResponse,
  type Statement,
} from '@aws-sdk/client-iam';
import { awsErrorCode, isInvalidInput, IamLiveError } from './aws-errors';
import { sendIam, type CallCounter, type RetryOptions } from './iam-call';
import type { IamCellResult, IamDecision, IamStatementRef } from './iam-cell-result';
import type { SimulationInput } from './map-policy-set';
import { canonicalJson, SimulationCache } from './simulate-cache';

/**
 * Runs many cells through the policy simulator in few calls. Cells that share every input but
 * the action and resource (same policies, caller, owner and context) form one group; a group is
 * sent as ActionNames x ResourceArns, since "each operation is evaluated against each resource"
 * (IAM API Reference, API_SimulateCustomPolicy.html, ActionNames).
 *
 * Per-resource decisions are read from `ResourceSpecificResults`: the simulator returns one
 * EvaluationResult per action whose top-level EvalDecision is "the most restrictive decision
 * across all resources" (IAM API Reference, API_EvaluationResult.html), so reading the top level would
 * test the aggregate. Results are paginated (`IsTruncated` / `Marker`), and IAM "might return
 * fewer results" than MaxItems, so every call follows the marker.
 */

/** Actions per call: at most this many EvaluationResults, the default page size. */
export const MAX_ACTIONS_PER_CALL = 100;
/** Resource ARNs per call. */
export const MAX_RESOURCES_PER_CALL = 100;
/** Action x resource evaluations per call, so one answer stays a reasonable size. */
export const MAX_EVALUATIONS_PER_CALL = 1000;
/** IAM's largest MaxItems (IAM API Reference, API_SimulateCustomPolicy.html: 1 to 1000). */
const MAX_ITEMS = 1000;

/** One simulate call to make: a group's shared parameters with some actions and resources. */
export interface Chunk {
  operation: SimulationInput['operation'];
  params: SimulationInput['params'];
  fingerprint?: string;
  actions: string[];
  resources: string[];
}

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

/** The answer for one cell: IAM's result, or why IAM could not answer it. */
export type CellAnswer = { ok: true; result: IamCellResult; fromCache: boolean } | { ok: false; reason: string };

const cellKey = (action: string, resource: string) => `${action.toLowerCase()}\0${resource}`;
const fingerprintOf = (input: SimulationInput) => ('fingerprint' in input ? input.fingerprint : undefined);
const groupOf = (operation: string, params: unknown, fingerprint: string | undefined) => `${operation}\0${canonicalJson(params)}\0${fingerprint ?? ''}`;

function groupKey(input: SimulationInput): string {
  // A ResourcePolicy "must be applicable to all of the resources included in the simulation"
  // (IAM API Reference, API_SimulateCustomPolicy.html, ResourceArns): keep one service per call then.
  const service = 'ResourcePolicy' in input.params && input.params.ResourcePolicy ? input.resource.split(':')[2] ?? '' : '';
  // "*" is read from the top-level result, so it never shares a call with ARNs.
  const star = input.resource === '*' ? '*' : 'arn';
  return `${groupOf(input.operation, input.params, fingerprintOf(input))}\0${service}\0${star}`;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Splits cells into calls. A group whose actions x resources fit one call is sent whole (cells
 * of the cross product nobody asked for cost no extra call and are cached too); a larger group is
 * split by the resource set each action needs, then into calls within the per-call limits. For
 * N cells that form full products this makes at most ceil(N / 100) calls.
 */
export function planChunks(inputs: SimulationInput[]): Chunk[] {
  const groups = new Map<string, { first: SimulationInput; byAction: Map<string, { action: string; resources: Set<string> }> }>();
  for (const input of inputs) {
    const k = groupKey(input);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { first: input, byAction: new Map() }));
    const a = input.action.toLowerCase();
    let row = g.byAction.get(a);
    if (!row) g.byAction.set(a, (row = { action: input.action, resources: new Set() }));
    row.resources.add(input.resource);
  }
  const out: Chunk[] = [];
  for (const { first, byAction } of groups.values()) {
    const base = { operation: first.operation, params: first.params, ...('fingerprint' in first ? { fingerprint: first.fingerprint } : {}) };
    const actions = [...byAction.values()].map((r) => r.action);
    const resources = [...new Set([...byAction.values()].flatMap((r) => [...r.resources]))];
    if (actions.length <= MAX_ACTIONS_PER_CALL && resources.length <= MAX_RESOURCES_PER_CALL && actions.length * resources.length <= MAX_EVALUATIONS_PER_CALL) {
      out.push({ ...base, actions, resources });
      continue;
    }
    // Actions that need the same resources travel together.
    const classes = new Map<string, { actions: string[]; resources: string[] }>();
    for (const row of byAction.values()) {
      const rs = [...row.resources].sort();
      const sig = rs.join('\0');
      let c = classes.get(sig);
      if (!c) classes.set(sig, (c = { actions: [], resources: rs }));
      c.actions.push(row.action);
    }
    for (const c of classes.values())
      for (const rs of chunk(c.resources, MAX_RESOURCES_PER_CALL)) {
        const perCall = Math.max(1, Math.min(MAX_ACTIONS_PER_CALL, Math.floor(MAX_EVALUATIONS_PER_CALL / rs.length)));
        for (const as of chunk(c.actions, perCall)) out.push({ ...base, actions: as, resources: rs });
      }
  }
  return out;
}

function statementRefs(list: Statement[] | undefined): IamStatementRef[] {
  return (list ?? []).map((s) => {
    const ref: IamStatementRef = {};
    if (s.SourcePolicyId !== undefined) ref.sourcePolicyId = s.SourcePolicyId;
    if (s.SourcePolicyType !== undefined) ref.sourcePolicyType = s.SourcePolicyType;
    if (s.StartPosition?.Line !== undefined) ref.start = { line: s.StartPosition.Line, column: s.StartPosition.Column ?? 0 };
    if (s.EndPosition?.Line !== undefined) ref.end = { line: s.EndPosition.Line, column: s.EndPosition.Column ?? 0 };
    return ref;
  });
}

const DECISIONS = new Set<string>(['allowed', 'explicitDeny', 'implicitDeny']);

function cellResult(operation: Chunk['operation'], er: EvaluationResult, rs: ResourceSpecificResult | undefined): IamCellResult | string {
  const decision = rs ? rs.EvalResourceDecision : er.EvalDecision;
  if (!decision || !DECISIONS.has(decision)) return `IAM returned an unknown decision ${JSON.stringify(decision)}`;
  const r: IamCellResult = {
    operation,
    decision: decision as IamDecision,
    matchedStatements: statementRefs(rs ? rs.MatchedStatements : er.MatchedStatements),
    missingContextValues: [...((rs ? rs.MissingContextValues : er.MissingContextValues) ?? [])],
  };
  if (er.OrganizationsDecisionDetail?.AllowedByOrganizations !== undefined) r.allowedByOrganizations = er.OrganizationsDecisionDetail.AllowedByOrganizations;
  const pb = (rs ?? er).PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary;
  if (pb !== undefined) r.allowedByPermissionsBoundary = pb;
  const details = (rs ?? er).EvalDecisionDetails;
  if (details && Object.keys(details).length) r.evalDecisionDetails = { ...details };
  return r;
}

/** One answered cell of a chunk. */
interface ChunkCell {
  action: string;
  resource: string;
  answer: CellAnswer;
}

/** Reads every cell of a chunk from the simulator's evaluation results. */
function readResults(c: Chunk, results: EvaluationResult[]): ChunkCell[] {
  const out: ChunkCell[] = [];
  const byAction = new Map<string, EvaluationResult>();
  for (const er of results) if (er.EvalActionName) byAction.set(er.EvalActionName.toLowerCase(), er);
  for (const action of c.actions) {
    const er = byAction.get(action.toLowerCase());
    for (const resource of c.resources) {
      const put = (answer: CellAnswer) => out.push({ action, resource, answer });
      if (!er) {
        put({ ok: false, reason: `IAM returned no evaluation result for ${action}` });
        continue;
      }
      let rs: ResourceSpecificResult | undefined;
      if (resource !== '*') {
        rs = er.ResourceSpecificResults?.find((x) => x.EvalResourceName === resource) ?? er.ResourceSpecificResults?.find((x) => x.EvalResourceName?.toLowerCase() === resource.toLowerCase());
        // With one resource the top level is that resource's own decision; with several it is
        // the aggregate, which must never stand in for one resource.
        if (!rs && c.resources.length > 1) {
          put({ ok: false, reason: `IAM returned no ResourceSpecificResults entry for ${resource} (action ${action})` });
          continue;
        }
      }
      const r = cellResult(c.operation, er, rs);
      put(typeof r === 'string' ? { ok: false, reason: r } : { ok: true, result: r, fromCache: false });
    }
  }
  return out;
}

/** Runs `tasks` with at most `limit` in flight. */
async function pool(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]();
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
}

/**
 * Answers every input cell: from the cache when it holds the exact inputs, else from IAM in as
 * few calls as the grouping allows. Throws an {@link IamLiveError} when IAM refuses the calls
 * (permissions, credentials, throttling after retries); input IAM rejects for one cell only
 * (found by splitting the call) becomes that cell's `reason`.
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
    const hit = options.cache?.get(keyOf(input.operation, input.params, fingerprintOf(input), input.action, input.resource));
    if (hit) {
      answers[index] = { ok: true, result: hit, fromCache: true };
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
  let done = stats.fromCache;
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
        const parts = [list.slice(0, half), list.slice(half)].map((l) => (splitActions ? { ...c, actions: l } : { ...c, resources: l }));
        const merged: ChunkCell[] = [];
        for (const part of parts) merged.push(...(await callChunk(part)));
        return merged;
      }
      return [{ action: c.actions[0], resource: c.resources[0], answer: { ok: false, reason: `IAM rejected this cell's input (${awsErrorCode(e)}): ${(e as Error).message}` } }];
    }
  };

  const chunks = planChunks(missing.map((m) => m.input));
  await pool(
    chunks.map((c) => async () => {
      for (const cell of await callChunk(c)) {
        const k = fullKey(c.operation, c.params, c.fingerprint, cell.action, cell.resource);
        received.set(k, cell.answer);
        if (cell.answer.ok) options.cache?.set(keyOf(c.operation, c.params, c.fingerprint, cell.action, cell.resource), cell.answer.result);
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
