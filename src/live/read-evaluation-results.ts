/**
 * Reads each cell (action, resource) of a simulate call from IAM's EvaluationResults. Two
 * response shapes are understood:
 * - one EvaluationResult per action, whose top-level EvalDecision is "the most restrictive
 *   decision across all resources", with each resource's own decision in
 *   `ResourceSpecificResults` (IAM API Reference, API_EvaluationResult.html and
 *   API_ResourceSpecificResult.html): the per-resource entry is read, never the aggregate;
 * - one EvaluationResult per action and resource, named by `EvalResourceName`, without
 *   `ResourceSpecificResults`: its top level is that resource's decision.
 * A top level that may aggregate several resources never stands in for one of them.
 */

import type { EvaluationResult, ResourceSpecificResult, Statement } from '@aws-sdk/client-iam';
import type { IamCellResult, IamDecision, IamStatementRef } from './iam-cell-result';
import type { Chunk } from './plan-chunks';

/**
 * Why a cell got no answer: IAM's answer could not be read for it (`unreadable`: no result for the
 * cell, an unknown decision, an empty or non-XML body), IAM rejected the call's input
 * (`rejected`), or the call failed after the SDK's retries (`error`: HTTP 5xx, throttling, a reset
 * connection). None is an answer: they are never cached and they fail the cell's test.
 */
export type CellFailure = 'unreadable' | 'rejected' | 'error';

/** The answer for one cell: IAM's result, or why IAM did not answer it. */
export type CellAnswer = { ok: true; result: IamCellResult; fromCache: boolean } | { ok: false; reason: string; failure: CellFailure };

/** One answered cell of a chunk. */
export interface ChunkCell {
  action: string;
  resource: string;
  answer: CellAnswer;
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

/** IAM API Reference, API_EvaluationResult.html (EvalDecision values). */
const DECISIONS = new Set<string>(['allowed', 'explicitDeny', 'implicitDeny']);

function cellResult(operation: Chunk['operation'], er: EvaluationResult, rs: ResourceSpecificResult | undefined, resources: number): IamCellResult | string {
  const decision = rs ? rs.EvalResourceDecision : er.EvalDecision;
  if (!decision || !DECISIONS.has(decision))
    return `IAM's answer has ${decision === undefined ? 'no decision' : `the decision ${JSON.stringify(decision)}, which is none of allowed, explicitDeny, implicitDeny`} (IAM API Reference, API_EvaluationResult.html)`;
  const r: IamCellResult = {
    operation,
    decision: decision as IamDecision,
    matchedStatements: statementRefs(rs ? rs.MatchedStatements : er.MatchedStatements),
    missingContextValues: [...((rs ? rs.MissingContextValues : er.MissingContextValues) ?? [])],
  };
  if (er.OrganizationsDecisionDetail?.AllowedByOrganizations !== undefined) {
    r.allowedByOrganizations = er.OrganizationsDecisionDetail.AllowedByOrganizations;
    if (rs && resources > 1) r.organizationsOfAction = true;
  }
  const pb = (rs ?? er).PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary;
  if (pb !== undefined) r.allowedByPermissionsBoundary = pb;
  const details = (rs ?? er).EvalDecisionDetails;
  if (details && Object.keys(details).length) r.evalDecisionDetails = { ...details };
  return r;
}

/** Exact name first, then ignoring case. */
function byName<T>(items: T[], name: (t: T) => string | undefined, wanted: string): T[] {
  const exact = items.filter((t) => name(t) === wanted);
  if (exact.length) return exact;
  const lower = wanted.toLowerCase();
  return items.filter((t) => name(t)?.toLowerCase() === lower);
}

const resourceEntry = (er: EvaluationResult, resource: string): ResourceSpecificResult | undefined =>
  byName(er.ResourceSpecificResults ?? [], (x) => x.EvalResourceName, resource)[0];

/**
 * The evaluation result (and resource-specific entry) that answers one cell, or why none does.
 * `ofAction` holds every EvaluationResult IAM returned for the action, over all pages.
 */
function locate(c: Chunk, resource: string, ofAction: EvaluationResult[]): { er: EvaluationResult; rs?: ResourceSpecificResult } | string {
  // 1. The result named by (action, EvalResourceName): prefer its own entry for the resource; with
  //    no ResourceSpecificResults its top level is this resource's decision, unless it is the
  //    action's only result in a call of several resources (then it is an aggregate).
  for (const er of byName(ofAction, (x) => x.EvalResourceName, resource)) {
    const rs = resourceEntry(er, resource);
    if (rs) return { er, rs };
    if (!er.ResourceSpecificResults?.length && (c.resources.length === 1 || ofAction.length > 1)) return { er };
  }
  // 2. Any result of the action with a ResourceSpecificResults entry for the resource.
  for (const er of ofAction) {
    const rs = resourceEntry(er, resource);
    if (rs) return { er, rs };
  }
  // 3. One resource in the call: the "most restrictive decision across all resources" is its own.
  if (c.resources.length === 1 && ofAction.length === 1) return { er: ofAction[0] };
  return `IAM returned no result for ${resource} (no EvaluationResult named by it and no ResourceSpecificResults entry for it)`;
}

/** Reads every cell of a chunk from the simulator's evaluation results (all pages). */
export function readResults(c: Chunk, results: EvaluationResult[]): ChunkCell[] {
  const byAction = new Map<string, EvaluationResult[]>();
  for (const er of results) {
    if (!er.EvalActionName) continue;
    const k = er.EvalActionName.toLowerCase();
    const list = byAction.get(k);
    if (list) list.push(er);
    else byAction.set(k, [er]);
  }
  const out: ChunkCell[] = [];
  for (const action of c.actions) {
    const ofAction = byAction.get(action.toLowerCase()) ?? [];
    for (const resource of c.resources) {
      const put = (answer: CellAnswer) => out.push({ action, resource, answer });
      if (!ofAction.length) {
        put({ ok: false, failure: 'unreadable', reason: `IAM's answer holds no evaluation result for ${action}` });
        continue;
      }
      const found = locate(c, resource, ofAction);
      if (typeof found === 'string') {
        put({ ok: false, failure: 'unreadable', reason: `${found} (action ${action})` });
        continue;
      }
      const r = cellResult(c.operation, found.er, found.rs, c.resources.length);
      put(typeof r === 'string' ? { ok: false, failure: 'unreadable', reason: r } : { ok: true, result: r, fromCache: false });
    }
  }
  return out;
}
