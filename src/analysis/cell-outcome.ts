import type { Decision, StatementTrace } from '../engine/decision';
import type { ConditionClause } from '../policy/policy-model';

/**
 * What an access-matrix cell shows. `conditional`: denied with the request context given, but an
 * Allow statement matches everything except its Condition block, so some request context would
 * make it apply ("possible under condition X"), rather than hiding that possibility.
 */
export type CellOutcome = 'allow' | 'conditional' | 'explicit-deny' | 'implicit-deny';

/** Every outcome, in the order reports list them. */
export const CELL_OUTCOMES: readonly CellOutcome[] = ['allow', 'conditional', 'explicit-deny', 'implicit-deny'];

/** The words a report uses for each outcome. */
export const OUTCOME_LABEL: Record<CellOutcome, string> = {
  allow: 'allow',
  conditional: 'allow under condition',
  'explicit-deny': 'explicit deny',
  'implicit-deny': 'implicit deny',
};

/**
 * True when a statement matched the request in every element but Condition. IAM User Guide,
 * reference_policies_evaluation-logic.md: a statement applies only when its action, resource,
 * principal and every condition match, so such a statement applies exactly when the request
 * context satisfies its Condition block.
 */
export function failsOnlyOnCondition(t: StatementTrace): boolean {
  if (t.applies) return false;
  const failed = t.checks.filter((c) => !c.matched);
  return failed.length === 1 && failed[0].element === 'Condition';
}

/** `StringEquals aws:RequestTag/team 'ml'` (values ORed with `|`). */
export function formatClause(c: ConditionClause): string {
  return `${c.operator} ${c.key} ${c.values.map((v) => `'${v.value}'`).join('|') || '(none)'}`;
}

/**
 * Would the request be allowed if every statement that fails only on its Condition applied?
 * Follows the evaluation order of reference_policies_evaluation-logic.md: each SCP level needs an
 * Allow; the identity-based or the resource-based policies must allow; a permissions boundary
 * and session policies, when present, must allow too. Deny statements are left out: a context
 * that makes the allowing conditions true need not make a conditional Deny true.
 */
function allowedIfConditionsHeld(trace: StatementTrace[]): boolean {
  const usable = (t: StatementTrace) => t.statement.effect === 'Allow' && (t.applies || failsOnlyOnCondition(t));
  const groups = new Map<string, StatementTrace[]>();
  for (const t of trace) {
    const key = `${t.role}\0${t.level ?? ''}`;
    const list = groups.get(key);
    if (list) list.push(t);
    else groups.set(key, [t]);
  }
  const ok = (key: string) => (groups.get(key) ?? []).some(usable);
  for (const key of groups.keys()) {
    const [role] = key.split('\0');
    if ((role === 'scp' || role === 'boundary' || role === 'session' || role === 'endpoint') && !ok(key)) return false;
  }
  return ok('identity\0') || ok('resource\0');
}

/** The outcome of a decision, and for `conditional` the Allow statements whose conditions decide. */
export function cellOutcome(d: Decision): { outcome: CellOutcome; conditionalAllows: StatementTrace[] } {
  if (d.result === 'Allow') return { outcome: 'allow', conditionalAllows: [] };
  if (d.result === 'ExplicitDeny') return { outcome: 'explicit-deny', conditionalAllows: [] };
  const candidates = d.trace.filter((t) => t.statement.effect === 'Allow' && failsOnlyOnCondition(t));
  if (candidates.length && allowedIfConditionsHeld(d.trace)) return { outcome: 'conditional', conditionalAllows: candidates };
  return { outcome: 'implicit-deny', conditionalAllows: [] };
}
