import { compileCondition, type CompiledCondition } from '../conditions/compile-condition';
import { compileActionPattern } from '../match/action';
import { compileArnPattern, type ArnPattern } from '../match/arn';
import type { Glob } from '../match/glob';
import type { LocatedString, Policy, PolicyStatement } from '../policy/policy-model';
import { BoundedMemo } from '../util/bounded-memo';

/**
 * A policy turned into ready matchers, built once per Policy object and cached, so a matrix
 * of thousands of requests never re-parses or re-compiles anything.
 */
export interface CompiledStatement {
  policy: Policy;
  statement: PolicyStatement;
  actions?: { value: LocatedString; glob: Glob }[];
  notActions?: { value: LocatedString; glob: Glob }[];
  resources?: { value: LocatedString; pattern: ArnPattern }[];
  notResources?: { value: LocatedString; pattern: ArnPattern }[];
  conditions: CompiledCondition[];
}

export interface CompiledPolicy {
  policy: Policy;
  statements: CompiledStatement[];
  /**
   * Statements whose Action names one service, by lower-case service prefix; a request only
   * looks at its own service's list plus `anyService`, so unrelated statements cost nothing.
   */
  byService: Map<string, CompiledStatement[]>;
  /** Statements with NotAction or a wildcard in the service prefix. */
  anyService: CompiledStatement[];
  /**
   * Memo: request action (as given) -> the statements whose Action / NotAction admit it, in
   * policy order. Filled on first use of each action; bounded.
   */
  byAction: BoundedMemo<string, CompiledStatement[]>;
}

/** Distinct actions remembered per policy before the memo starts over. */
const MAX_ACTIONS_PER_POLICY = 2000;

const cache = new WeakMap<Policy, CompiledPolicy>();

export function compilePolicy(policy: Policy): CompiledPolicy {
  const hit = cache.get(policy);
  if (hit) return hit;
  const variables = policy.version === '2012-10-17';
  const statements = policy.statements.map((s): CompiledStatement => {
    const cs: CompiledStatement = { policy, statement: s, conditions: s.conditions.map((c) => compileCondition(c, policy.version)) };
    if (s.action) cs.actions = s.action.map((value) => ({ value, glob: compileActionPattern(value.value) }));
    if (s.notAction) cs.notActions = s.notAction.map((value) => ({ value, glob: compileActionPattern(value.value) }));
    if (s.resource) cs.resources = s.resource.map((value) => ({ value, pattern: compileArnPattern(value.value, variables, false, true) }));
    if (s.notResource) cs.notResources = s.notResource.map((value) => ({ value, pattern: compileArnPattern(value.value, variables, false, true) }));
    return cs;
  });
  const byService = new Map<string, CompiledStatement[]>();
  const anyService: CompiledStatement[] = [];
  for (const cs of statements) {
    const services = cs.actions ? serviceKeys(cs.actions.map((a) => a.value.value)) : null;
    if (!services) anyService.push(cs);
    else
      for (const svc of services) {
        const list = byService.get(svc) ?? [];
        list.push(cs);
        byService.set(svc, list);
      }
  }
  const compiled: CompiledPolicy = { policy, statements, byService, anyService, byAction: new BoundedMemo(MAX_ACTIONS_PER_POLICY) };
  cache.set(policy, compiled);
  return compiled;
}

/** Lower-case service prefixes of a statement's actions, or null when any could match. */
function serviceKeys(actions: string[]): Set<string> | null {
  const out = new Set<string>();
  for (const a of actions) {
    const c = a.indexOf(':');
    const svc = c < 0 ? a : a.slice(0, c);
    if (c < 0 || svc.includes('*') || svc.includes('?')) return null;
    out.add(svc.toLowerCase());
  }
  return out;
}

/** Statements of a compiled policy that could apply to an action of `service`, in policy order. */
export function candidateStatements(cp: CompiledPolicy, service: string): CompiledStatement[] {
  const own = cp.byService.get(service);
  if (!own) return cp.anyService;
  if (!cp.anyService.length) return own;
  return [...own, ...cp.anyService].sort((a, b) => a.statement.index - b.statement.index);
}

/** Whether the statement's Action / NotAction admit `action` (reference_policies_elements_action.md, _notaction.md). */
export function actionAdmits(cs: CompiledStatement, action: string): boolean {
  if (cs.actions && !cs.actions.some((a) => a.glob.test(action))) return false;
  if (cs.notActions && cs.notActions.some((a) => a.glob.test(action))) return false;
  return true;
}

/**
 * Statements of a compiled policy whose action element admits `action` (of `service`), in
 * policy order. Whether a statement's action matches depends on the action alone, so it is
 * worked out once per distinct action and remembered: a request then only checks the
 * resource, principal and conditions of statements that name its action, and the cost of a
 * decision grows with the statements that match, not with the size of the policy.
 */
export function statementsForAction(cp: CompiledPolicy, action: string, service: string): CompiledStatement[] {
  return cp.byAction.get(action, () => candidateStatements(cp, service).filter((cs) => actionAdmits(cs, action)));
}
