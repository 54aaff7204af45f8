import type { Decision } from '../engine/decision';
import { describeUnreadableValue } from './decision-wording';
import { unreadableRequestValues } from '../engine/request-value-check';
import type { Policy } from '../policy/policy-model';
import { RequestContext, type ContextInput } from '../request/request-context';

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
