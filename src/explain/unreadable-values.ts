import type { Decision } from '../engine/decision';
import { unreadableRequestValues, type UnreadableRequestValue } from '../engine/request-value-check';
import type { Policy } from '../policy/policy-model';
import { RequestContext, type ContextInput } from '../request/request-context';
import { formatPosition } from '../diagnostics/source-position';

/** Request values are test input: cut long ones short so they cannot flood the output. */
function shown(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

/** One line for a request value a condition cannot read, naming the condition's position. */
export function describeUnreadableValue(u: UnreadableRequestValue): string {
  const where = u.clause.keyPos ?? u.statement.pos;
  const at = where?.file ? formatPosition(where) : `${u.policy.name}${where ? ` ${formatPosition(where)}` : ''}`;
  const sid = u.statement.sid ? `, statement ${u.statement.sid}` : '';
  return `request context ${u.key} = ${shown(u.value)} is not ${u.expects}, which ${u.operator} needs (${at}${sid}); the condition would silently match nothing, so fix the test's value`;
}

/** Every unreadable request value of `decisions`, worded, once each; empty when there is none. */
export function unreadableValueMessages(decisions: Iterable<Decision>): string[] {
  const lines = new Set<string>();
  for (const d of decisions) for (const u of d.unreadableValues ?? []) lines.add(describeUnreadableValue(u));
  return [...lines];
}

/**
 * Every value of `context` that a condition of `policies` cannot read, worded, once each: for
 * front ends that give one context to many requests (`matrix`, `diff`, `toNeverAllow`), checked
 * once against the policies instead of per decision.
 */
export function unreadableContextMessages(policies: Iterable<Policy>, context: ContextInput | undefined): string[] {
  if (!context || !Object.keys(context).length) return [];
  return [...new Set(unreadableRequestValues(policies, RequestContext.from(context)).map(describeUnreadableValue))];
}
