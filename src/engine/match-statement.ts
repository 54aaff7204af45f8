import { evaluateConditions } from '../conditions/compile-condition';
import type { ArnPattern } from '../match/arn';
import type { Glob } from '../match/glob';
import { matchNotPrincipal, matchPrincipal } from '../match/principal';
import type { LocatedString, PrincipalSpec } from '../policy/policy-model';
import type { NormalizedRequest } from '../request/access-request';
import { actionAdmits, type CompiledStatement } from './compile-policy';
import type { ElementCheck, StatementTrace } from './decision';
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
  if (s.principal) checks.push(principalCheck('Principal', s.principal, req, false));
  if (s.notPrincipal) checks.push(principalCheck('NotPrincipal', s.notPrincipal, req, true));
  if (cs.actions) checks.push(listCheck('Action', cs.actions, req.action, false, (g, v) => g.test(v)));
  if (cs.notActions) checks.push(listCheck('NotAction', cs.notActions, req.action, true, (g, v) => g.test(v)));
  let unresolved: string | undefined;
  const resourceMatch = (p: ArnPattern, v: string): boolean => {
    const m = p.match(v, req.context);
    if (typeof m === 'object') {
      unresolved ??= m.missing;
      return false;
    }
    return m;
  };
  if (cs.resources) checks.push(listCheck('Resource', cs.resources.map((r) => ({ value: r.value, glob: r.pattern })), req.resource, false, resourceMatch));
  if (cs.notResources) {
    const c = listCheck('NotResource', cs.notResources.map((r) => ({ value: r.value, glob: r.pattern })), req.resource, true, resourceMatch);
    // reference_policies_variables.md: an unresolvable variable makes the statement invalid.
    if (unresolved && c.matched) Object.assign(c, { matched: false, detail: `${unresolved} has no value in the request, so NotResource cannot be checked` });
    checks.push(c);
  }
  if (unresolved && cs.resources) {
    const rc = checks.find((c) => c.element === 'Resource');
    if (rc && !rc.matched) rc.detail += ` (${unresolved} has no value in the request)`;
  }
  const cond = cs.conditions.length ? evaluateConditions(cs.conditions, req.context) : { matched: true, outcomes: [] };
  if (s.conditions.length) {
    const failed = cond.outcomes.filter((o) => !o.matched);
    checks.push({
      element: 'Condition',
      matched: cond.matched,
      detail: cond.matched ? 'every condition matched' : failed.map((o) => o.reason).join('; '),
    });
  }
  const firstMiss = checks.find((c) => !c.matched);
  const trace: StatementTrace = {
    policy: cs.policy,
    role,
    statement: s,
    applies: !firstMiss,
    checks,
    conditions: cond.outcomes,
    reason: firstMiss ? firstMiss.detail : 'applies',
  };
  if (level !== undefined) trace.level = level;
  return trace;
}

function listCheck<T extends { test: (v: string) => boolean } | ArnPattern | Glob>(
  element: 'Action' | 'NotAction' | 'Resource' | 'NotResource',
  values: { value: LocatedString; glob: T }[],
  subject: string,
  negated: boolean,
  test: (m: T, v: string) => boolean,
): ElementCheck {
  const hit = values.find((v) => test(v.glob, subject));
  const what = element.startsWith('Not') ? element.slice(3) : element;
  if (negated) {
    // NotAction / NotResource: the statement applies to everything except what they list.
    return hit
      ? { element, matched: false, by: hit.value, detail: `${what.toLowerCase()} "${subject}" is excluded by ${element} "${hit.value.value}"` }
      : { element, matched: true, detail: `${what.toLowerCase()} "${subject}" is not listed in ${element}` };
  }
  return hit
    ? { element, matched: true, by: hit.value, detail: `${element.toLowerCase()} "${subject}" matches "${hit.value.value}"` }
    : { element, matched: false, detail: `${element.toLowerCase()} "${subject}" is not matched by ${element} ${values.map((v) => JSON.stringify(v.value.value)).join(', ')}` };
}

function principalCheck(element: 'Principal' | 'NotPrincipal', spec: PrincipalSpec, req: NormalizedRequest, negated: boolean): ElementCheck {
  const who = req.principal?.given ?? '(no principal given)';
  if (negated) {
    const n = matchNotPrincipal(spec, req.principal, req.callerHasBoundary);
    if (n.exempt) return { element, matched: false, ...(n.by ? { by: n.by } : {}), detail: `principal ${who} is excluded by NotPrincipal` };
    if (n.missing) {
      // reference_policies_elements_notprincipal.md: AWS might check the account, then the role, then the session.
      return { element, matched: true, ...(n.by ? { by: n.by } : {}), detail: n.by ? `principal ${who} is listed in NotPrincipal, but ${n.missing.join(' and ')} is not, so AWS may still apply this statement to it` : `principal ${who}: ${n.missing.join('; ')}` };
    }
    return { element, matched: true, detail: `principal ${who} is not listed in NotPrincipal` };
  }
  const m = matchPrincipal(spec, req.principal);
  return m.matched
    ? { element, matched: true, ...(m.by ? { by: m.by } : {}), detail: `principal ${who} matches ${m.by ? `"${m.by.value}"` : '"*"'} (${m.kind})` }
    : { element, matched: false, detail: `principal ${who} is not named in Principal` };
}

/**
 * Whether a statement applies, with exactly the rules of {@link matchStatement} but without
 * building checks or explanation text: the evaluator calls it for every candidate statement and
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
