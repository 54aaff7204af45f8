import { PolicyValidationError } from '../diagnostics/policy-issue';
import { defaultCatalog, type ServiceCatalog } from '../catalog';
import type { Decision, StatementTrace } from '../engine/decision';
import { evaluate } from '../engine/evaluate';
import { normalizeRequest, type NormalizedRequest } from '../request/access-request';
import type { PolicySet } from '../policy/policy-set';
import { cellOutcome, formatClause, type CellOutcome } from './cell-outcome';
import { resolveScope, type AccessScope, type ResolvedScope } from './access-scope';
import { resourcePatterns } from './policy-patterns';
import { sampleResources } from './sample-resources';

/** A policy set with the name reports give it (a role's logical id, a file name, a scenario principal). */
export interface NamedPolicySet {
  name: string;
  set: PolicySet;
}

/** One request of the matrix and what the policies decide. */
export interface AccessCell {
  principal: string;
  action: string;
  resource: string;
  /** Policy-variable values the sample resource assumes (part of the request context). */
  variables: Record<string, string>;
  outcome: CellOutcome;
  decision: Decision;
  /** For `conditional`: the Allow statements whose Condition blocks decide. */
  conditionalAllows: StatementTrace[];
}

export interface AccessMatrix {
  scope: ResolvedScope;
  principals: string[];
  cells: AccessCell[];
}

export interface AccessMatrixOptions {
  catalog?: ServiceCatalog;
  /**
   * More policy sets whose Resource patterns add sample resources (a diff builds both sides of a
   * change over the same cells this way).
   */
  alsoSampleFrom?: readonly PolicySet[];
  /**
   * Most cells (principal x action x resource) the matrix may hold: a larger scope is refused
   * before any cell is decided, with its size, instead of running for minutes.
   */
  maxCells?: number;
}

/** `rekognition` from `rekognition:DetectCustomLabels` */
export function serviceOf(action: string): string {
  return action.slice(0, action.indexOf(':')).toLowerCase();
}

/**
 * Evaluates every request of a scope for every principal: the actions the scope names times the
 * scope's resources, or, without them, the sample resources of each action
 * ({@link sampleResources}). Every principal gets the same cells.
 */
export function buildAccessMatrix(principals: readonly NamedPolicySet[], scope: AccessScope | ResolvedScope, options: AccessMatrixOptions = {}): AccessMatrix {
  const catalog = options.catalog ?? defaultCatalog();
  const resolved = 'description' in scope ? scope : resolveScope(scope, catalog);
  const patterns = resourcePatterns([...principals.map((p) => p.set), ...(options.alsoSampleFrom ?? [])]);
  const cells: AccessCell[] = [];
  const plan = resolved.actions.map((action) => ({
    action,
    resources: resolved.resources
      ? resolved.resources.map((arn) => ({ arn, variables: {} as Record<string, string> }))
      : sampleResources(action, patterns, { catalog }),
  }));
  if (options.maxCells !== undefined) refuseOverCap(principals.length, plan, options.maxCells);
  for (const { action, resources } of plan) {
    // Each cell's request is normalised once and shared by every principal's policy set.
    const requests: (NormalizedRequest | undefined)[] = [];
    const requestOf = (i: number): NormalizedRequest => {
      const r = resources[i];
      return (requests[i] ??= normalizeRequest({
        action,
        resource: r.arn,
        ...(resolved.principal !== undefined ? { principal: resolved.principal } : {}),
        ...(resolved.resourceAccount !== undefined ? { resourceAccount: resolved.resourceAccount } : {}),
        context: { ...(resolved.context ?? {}), ...r.variables },
        // A fixed time keeps aws:CurrentTime conditions, and so snapshots, stable.
        now: FIXED_NOW,
      }));
    };
    for (const p of principals) {
      for (let i = 0; i < resources.length; i++) {
        const r = resources[i];
        const decision = evaluate(p.set, requestOf(i));
        const { outcome, conditionalAllows } = cellOutcome(decision);
        cells.push({ principal: p.name, action, resource: r.arn, variables: r.variables, outcome, decision, conditionalAllows });
      }
    }
  }
  return { scope: resolved, principals: principals.map((p) => p.name), cells };
}

/** Refuses a matrix of more than `cap` cells, saying how many it would have. */
function refuseOverCap(principals: number, plan: readonly { resources: readonly unknown[] }[], cap: number): void {
  const pairs = plan.reduce((n, p) => n + p.resources.length, 0);
  const cells = principals * pairs;
  if (cells <= cap) return;
  const n = (x: number) => x.toLocaleString('en-US');
  throw new PolicyValidationError(
    [
      {
        severity: 'error',
        code: 'too-many-cells',
        message: `the scope asks ${n(cells)} cells (${n(principals)} principal${principals === 1 ? '' : 's'} x ${n(pairs)} action/resource pairs), over the cap of ${n(cap)}: narrow the actions or resources, or set JEST_IAM_MAX_CELLS to raise the cap`,
      },
    ],
    'scope too large',
  );
}

/** The request time of every matrix cell, unless the scope's context sets `aws:CurrentTime`. */
export const FIXED_NOW = new Date('2025-01-01T00:00:00Z');

/** `k=v, k2=v2` for a cell's policy-variable values ('' when none). */
export function variablesText(variables: Record<string, string>): string {
  return Object.entries(variables)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** The condition clauses of a conditional cell, each statement's clauses ANDed, statements ORed. */
export function conditionsText(cell: Pick<AccessCell, 'conditionalAllows'>): string {
  const perStatement = cell.conditionalAllows.map((t) => t.statement.conditions.map(formatClause).join(' and '));
  return [...new Set(perStatement)].join(' or ');
}

/** A key naming a cell across two matrices: principal, action, resource and variables. */
export function cellKey(c: Pick<AccessCell, 'principal' | 'action' | 'resource' | 'variables'>): string {
  return `${c.principal}\0${c.action}\0${c.resource}\0${variablesText(c.variables)}`;
}
