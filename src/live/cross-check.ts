/**
 * The cross-check: every cell decided locally is also asked of IAM's policy simulator, on the
 * parts of the policy set the simulator can take, and the two decisions are compared. A cell is
 * skipped (with the reason) when a part IAM cannot be given changes jest-iam's decision, so the
 * comparison is only ever made like for like.
 */

import type { IAMClient } from '@aws-sdk/client-iam';
import { normalizeRequest, type AccessRequest, type NormalizedRequest } from '../request/access-request';
import type { Decision } from '../engine/decision';
import { evaluate } from '../engine/evaluate';
import type { PolicySet } from '../policy/policy-set';
import { RequestContext } from '../request/request-context';
import { RESULT_LABEL } from '../explain/explain-decision';
import { decisionsAgree, formatDivergence } from './compare';
import { layerDifferences } from './compare-layers';
import type { IamCellResult } from './iam-cell-result';
import { mapPolicySet, type SimulationInput, type SkipReason } from './map-policy-set';
import { simulateBatch, type BatchProgress, type BatchStats } from './simulate-batch';
import { countOutcomes, type CrossCheckCounts } from './cross-check-counts';
import type { SimulationCache } from './simulate-cache';

export { countOutcomes, summaryLine, addCounts, type CrossCheckCounts } from './cross-check-counts';

/** One decision to check: a policy set and a request (and the local decision, when already made). */
export interface CrossCheckCell {
  set: PolicySet;
  request: AccessRequest | NormalizedRequest;
  local?: Decision;
  /** Names the cell in messages (a scenario test name, say). */
  label?: string;
}

/**
 * `agree` and `diverge`: IAM answered and the decisions (and the layers IAM reported) were
 * compared. `skipped`: a known limit of the simulator kept the cell from it (`skipReason`).
 * `failed`: IAM gave no usable answer (its input rejected, its answer unreadable): the cell's
 * test fails.
 */
export type CrossCheckStatus = 'agree' | 'diverge' | 'skipped' | 'failed';

export interface CrossCheckOutcome {
  status: CrossCheckStatus;
  cell: CrossCheckCell;
  local: Decision;
  iam?: IamCellResult;
  fromCache?: boolean;
  /** Parts of the set IAM was not given. */
  notComparable: string[];
  /** For `skipped`: the simulator's limit that kept the cell from it. */
  skipReason?: SkipReason;
  /** For `diverge` and `failed` the failure message, for `skipped` the note; empty for `agree`. */
  message: string;
}

/**
 * Progress of a check: `compared` are the cells IAM answered so far (from the cache or a call),
 * `skipped` the cells a limit of the simulator kept from it, `failed` those IAM gave no usable
 * answer for (never "answered").
 */
export interface CrossCheckProgress {
  cells: number;
  compared: number;
  skipped: number;
  failed: number;
  /** Cells still waiting for IAM. */
  pending: number;
  calls: number;
  fromCache: number;
}

/** `jest-iam cross-check: 100/128 cells: 90 compared, 6 skipped, 4 failed (3 IAM calls, 0 from cache)` */
export function progressLine(p: CrossCheckProgress): string {
  const done = p.cells - p.pending;
  return `jest-iam cross-check: ${done}/${p.cells} cells: ${p.compared} compared, ${p.skipped} skipped, ${p.failed} failed (${p.calls} IAM call${p.calls === 1 ? '' : 's'}, ${p.fromCache} from cache)`;
}

export interface CrossCheckOptions {
  client: IAMClient;
  /** Omit (or false) for no caching. */
  cache?: SimulationCache | false;
  concurrency?: number;
  endpoint?: string;
  onProgress?: (p: CrossCheckProgress) => void;
}

export interface CrossCheckReport {
  outcomes: CrossCheckOutcome[];
  stats: BatchStats;
  divergences: CrossCheckOutcome[];
  skipped: CrossCheckOutcome[];
  failed: CrossCheckOutcome[];
  counts: CrossCheckCounts;
}

const isNormalized = (r: AccessRequest | NormalizedRequest): r is NormalizedRequest => r.context instanceof RequestContext;

function cellName(cell: CrossCheckCell, req: NormalizedRequest): string {
  if (cell.label) return cell.label;
  return `${req.action} on ${req.resource}${req.principal ? ` by ${req.principal.given}` : ''}`;
}

function skippedNote(name: string, reasons: string[], why?: string): string {
  return [`jest-iam cross-check: ${name} was not compared with IAM${why ? ` (${why})` : ''}:`, ...reasons.map((r) => `  - ${r}`)].join('\n');
}

function failedNote(name: string, reason: string): string {
  return `jest-iam cross-check: IAM gave no answer for ${name}, so nothing was compared: ${reason}`;
}

/**
 * Cross-checks cells in as few IAM calls as possible (see `simulateBatch`) and returns one
 * outcome per cell. Throws an `IamLiveError` when IAM cannot be asked at all (credentials,
 * permissions, throttling after retries).
 */
export async function crossCheck(cells: CrossCheckCell[], options: CrossCheckOptions): Promise<CrossCheckReport> {
  const outcomes: CrossCheckOutcome[] = new Array(cells.length);
  const toSimulate: {
    index: number;
    input: SimulationInput;
    local: Decision;
    sources: ReturnType<typeof mapPolicySet>['sources'];
    notComparable: string[];
    limits: SkipReason[];
  }[] = [];

  cells.forEach((cell, index) => {
    const req = cell.local?.request ?? (isNormalized(cell.request) ? cell.request : normalizeRequest(cell.request));
    const local = cell.local ?? evaluate(cell.set, req);
    const mapped = mapPolicySet(cell.set, req);
    const name = cellName(cell, req);
    if (mapped.unsendable) {
      outcomes[index] = { status: 'failed', cell, local, notComparable: mapped.notComparable, message: failedNote(name, mapped.unsendable) };
      return;
    }
    if (!mapped.input) {
      outcomes[index] = {
        status: 'skipped',
        cell,
        local,
        notComparable: mapped.notComparable,
        skipReason: mapped.limits[0],
        message: skippedNote(name, mapped.notComparable),
      };
      return;
    }
    if (mapped.notComparable.length) {
      const reduced = evaluate(mapped.reduced.set, mapped.reduced.request);
      if (reduced.result !== local.result) {
        const why = `without them jest-iam decides ${RESULT_LABEL[reduced.result]}, with them ${RESULT_LABEL[local.result]}`;
        outcomes[index] = {
          status: 'skipped',
          cell,
          local,
          notComparable: mapped.notComparable,
          skipReason: mapped.limits[0],
          message: skippedNote(name, mapped.notComparable, why),
        };
        return;
      }
    }
    toSimulate.push({ index, input: mapped.input, local, sources: mapped.sources, notComparable: mapped.notComparable, limits: mapped.limits });
  });

  // Cells decided before any call: skipped for a limit of the simulator, or failed (not sendable).
  const skippedBefore = outcomes.filter((o) => o?.status === 'skipped').length;
  const failedBefore = outcomes.filter((o) => o?.status === 'failed').length;
  const onProgress = options.onProgress;
  const progress = onProgress
    ? (p: BatchProgress) =>
        onProgress({
          cells: cells.length,
          compared: p.done - p.failed,
          skipped: skippedBefore,
          failed: failedBefore + p.failed,
          pending: p.cells - p.done,
          calls: p.calls,
          fromCache: p.fromCache,
        })
    : undefined;
  const batch = await simulateBatch(
    toSimulate.map((t) => t.input),
    {
      client: options.client,
      ...(options.cache ? { cache: options.cache } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(progress ? { onProgress: progress } : {}),
    },
  );

  toSimulate.forEach((t, i) => {
    const cell = cells[t.index];
    const local = t.local;
    const name = cellName(cell, local.request);
    const answer = batch.answers[i];
    if (!answer.ok) {
      outcomes[t.index] = { status: 'failed', cell, local, notComparable: t.notComparable, message: failedNote(name, answer.reason) };
      return;
    }
    const iam = answer.result;
    const base = { cell, local, iam, fromCache: answer.fromCache, notComparable: t.notComparable };
    if (decisionsAgree(local.result, iam.decision)) {
      // The same final decision can hide different layers ("both implicit deny, for different reasons").
      const sent = {
        scps: t.input.operation === 'SimulateCustomPolicy' && !!t.input.params.OrderedOrganizationPolicyInputList?.length,
        boundary: t.input.operation === 'SimulatePrincipalPolicy' ? !!cell.set.boundary : !!t.input.params.PermissionsBoundaryPolicyInputList?.length,
      };
      const layers = layerDifferences(local, iam, sent);
      if (layers.length) {
        outcomes[t.index] = {
          status: 'diverge',
          ...base,
          message: formatDivergence({ local, iam, sources: t.sources, layers, ...(cell.label ? { label: cell.label } : {}), notComparable: t.notComparable }),
        };
        return;
      }
      outcomes[t.index] = { status: 'agree', ...base, message: '' };
      return;
    }
    // SimulatePrincipalPolicy applies the account's real SCPs (IAM API Reference, API_EvaluationResult.html,
    // OrganizationsDecisionDetail); a set without SCPs cannot be compared with a decision they made.
    const sentScps = t.input.operation === 'SimulateCustomPolicy' && !!t.input.params.OrderedOrganizationPolicyInputList?.length;
    if (iam.allowedByOrganizations === false && !sentScps) {
      const reason = `IAM applied the account's own SCPs, which deny ${local.request.action} (OrganizationsDecisionDetail.AllowedByOrganizations=false); the policy set has no SCPs to compare`;
      outcomes[t.index] = { status: 'skipped', ...base, skipReason: "account's own SCPs", message: skippedNote(name, [reason, ...t.notComparable]) };
      return;
    }
    // "If you don't provide a value for a context key, the simulation still runs. But the results
    // might not be reliable" (IAM User Guide, access_policies_testing-policies.md): IAM's answer
    // for a key the request does not have cannot stand against ours.
    const absent = iam.missingContextValues.filter((k) => !local.request.context.has(k));
    if (absent.length) {
      const reason = `IAM had no value for ${absent.join(', ')} (absent from the request) and says ${iam.decision}, jest-iam says ${RESULT_LABEL[local.result]}; the simulator's results without a key's value "might not be reliable": give the key a value to compare`;
      outcomes[t.index] = { status: 'skipped', ...base, skipReason: 'missing context value', message: skippedNote(name, [reason, ...t.notComparable]) };
      return;
    }
    outcomes[t.index] = {
      status: 'diverge',
      ...base,
      message: formatDivergence({ local, iam, sources: t.sources, ...(cell.label ? { label: cell.label } : {}), notComparable: t.notComparable }),
    };
  });

  return {
    outcomes,
    stats: batch.stats,
    divergences: outcomes.filter((o) => o.status === 'diverge'),
    skipped: outcomes.filter((o) => o.status === 'skipped'),
    failed: outcomes.filter((o) => o.status === 'failed'),
    counts: countOutcomes(outcomes),
  };
}
