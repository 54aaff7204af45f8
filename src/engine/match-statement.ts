import { evaluateConditions } from '../conditions/compile-condition';
import type { ArnPattern } from '../match/arn';
import type { Glob } from '../match/glob';
import { matchNotPrincipal, matchPrincipal } from '../match/principal';
import type { LocatedString, PrincipalSpec } from '../policy/policy-model';
import type { NormalizedRequest } from '../request/access-request';
import { actionAdmits, type CompiledStatement } from './compile-policy';
import type { StatementTrace } from './decision';
import type { ElementCheck, TraceReason } from './reason-code';
import type { PolicyRole } from '../policy/policy-set';

/**
 * Decides whether one statement applies to a request, element by element (IAM User Guide,
 * reference_policies_evaluation-logic.md: a statement applies when its action, resource,
 * principal and every condition match). Every element is checked, not only up to the first
 * miss, so an explanation can say how close a statement came.
 */
export function matchStatement(cs: CompiledStatement, req: NormalizedRequest, role: PolicyRole, level?: string): StatementTrace {
  const checks: ElementCheck[] = [];
  const s = cs.statement;
  if (s.principal) checks.push(principalCheck(s.principal, req, false));
  if (s.notPrincipal) checks.push(principalCheck(s.notPrincipal, req, true));
  if (cs.actions) checks.push(listCheck('Action', cs.actions, req.action, (g, v) => g.test(v)));
  if (cs.notActions) checks.push(listCheck('NotAction', cs.notActions, req.action, (g, v) => g.test(v)));
  let unresolved: string | undefined;
  const resourceMatch = (p: ArnPattern, v: string): boolean => {
    const m = p.match(v, req.context);
    if (typeof m === 'object') {
      unresolved ??= m.missing;
      return false;
    }
    return m;
  };
  if (cs.resources)
    checks.push(
      listCheck(
        'Resource',
        cs.resources.map((r) => ({ value: r.value, glob: r.pattern })),
        req.resource,
        resourceMatch,
      ),
    );
  if (cs.notResources) {
    const c = listCheck(
      'NotResource',
      cs.notResources.map((r) => ({ value: r.value, glob: r.pattern })),
      req.resource,
      resourceMatch,
    );
    // reference_policies_variables.md: an unresolvable variable makes the statement invalid.
    checks.push(
      unresolved && c.matched ? { element: 'NotResource', code: 'variable-unresolved', matched: false, subject: req.resource, variable: unresolved } : c,
    );
  }
  if (unresolved && cs.resources) {
    const at = checks.findIndex((c) => c.element === 'Resource');
    const rc = checks[at];
    if (rc && rc.code === 'not-matched') checks[at] = { ...rc, unresolvedVariable: unresolved };
  }
  const cond = cs.conditions.length ? evaluateConditions(cs.conditions, req.context) : { matched: true, outcomes: [] };
  if (s.conditions.length)
    checks.push(
      cond.matched
        ? { element: 'Condition', code: 'conditions-matched', matched: true }
        : { element: 'Condition', code: 'conditions-not-matched', matched: false, failed: cond.outcomes.filter((o) => !o.matched) },
    );
  const firstMiss = checks.find((c) => !c.matched);
  const trace: StatementTrace = {
    policy: cs.policy,
    role,
    statement: s,
    applies: !firstMiss,
    checks,
    conditions: cond.outcomes,
    reason: firstMiss ? { code: 'check-failed', check: firstMiss } : APPLIES,
  };
  if (level !== undefined) trace.level = level;
  return trace;
}

const APPLIES: TraceReason = Object.freeze({ code: 'statement-applies' });

function listCheck<T extends { test: (v: string) => boolean } | ArnPattern | Glob>(
  element: 'Action' | 'NotAction' | 'Resource' | 'NotResource',
  values: { value: LocatedString; glob: T }[],
  subject: string,
  test: (m: T, v: string) => boolean,
): ElementCheck {
  const hit = values.find((v) => test(v.glob, subject));
  if (element === 'NotAction' || element === 'NotResource') {
    // NotAction / NotResource: the statement applies to everything except what they list.
    return hit ? { element, code: 'excluded', matched: false, subject, by: hit.value } : { element, code: 'not-listed', matched: true, subject };
  }
  return hit
    ? { element, code: 'matched', matched: true, subject, by: hit.value }
    : { element, code: 'not-matched', matched: false, subject, values: values.map((v) => v.value.value) };
}

function principalCheck(spec: PrincipalSpec, req: NormalizedRequest, negated: boolean): ElementCheck {
  const caller = req.principal?.given;
  const who = caller === undefined ? {} : { caller };
  if (negated) {
    const n = matchNotPrincipal(spec, req.principal, req.callerHasBoundary);
    const by = n.by ? { by: n.by } : {};
    if (n.exempt) return { element: 'NotPrincipal', code: 'principal-excluded', matched: false, ...who, ...by };
    // reference_policies_elements_notprincipal.md: AWS might check the account, then the role, then the session.
    if (n.boundaryDenies) return { element: 'NotPrincipal', code: 'principal-boundary-not-exempt', matched: true, ...who };
    if (n.missing && n.by) return { element: 'NotPrincipal', code: 'principal-not-exempt', matched: true, ...who, by: n.by, missing: n.missing };
    return { element: 'NotPrincipal', code: 'principal-not-listed', matched: true, ...who };
  }
  const m = matchPrincipal(spec, req.principal);
  return m.matched
    ? { element: 'Principal', code: 'principal-matched', matched: true, ...who, ...(m.by ? { by: m.by } : {}), kind: m.kind ?? 'any' }
    : { element: 'Principal', code: 'principal-not-named', matched: false, ...who };
}

/**
 * Whether a statement applies, with exactly the rules of {@link matchStatement} but without
 * building checks or reasons: the evaluator calls it for every candidate statement and
 * builds full traces only for the statements that decide (and, lazily, for `Decision.trace`).
 */
export function statementApplies(cs: CompiledStatement, req: NormalizedRequest, actionKnownToMatch = false): boolean {
  const s = cs.statement;
  if (!actionKnownToMatch && !actionAdmits(cs, req.action)) return false;
  if (s.principal && !matchPrincipal(s.principal, req.principal).matched) return false;
  if (s.notPrincipal && matchNotPrincipal(s.notPrincipal, req.principal, req.callerHasBoundary).exempt) return false;
  // Resource: some pattern must match; an unresolved variable matches nothing.
  if (cs.resources && !cs.resources.some((r) => r.pattern.match(req.resource, req.context) === true)) return false;
  // NotResource: no pattern may match, and an unresolved variable makes the statement invalid
  // (reference_policies_variables.md).
  if (cs.notResources && !cs.notResources.every((r) => r.pattern.match(req.resource, req.context) === false)) return false;
  for (const c of cs.conditions) if (!c.test(req.context)) return false;
  return true;
}
