import type { Decision } from '../engine/decision';
import { describeUnreadableValue } from './decision-wording';

/** Every unreadable request value of `decisions`, worded, once each; empty when there is none. */
export function unreadableValueMessages(decisions: Iterable<Decision>): string[] {
  const lines = new Set<string>();
  for (const d of decisions) for (const u of d.unreadableValues ?? []) lines.add(describeUnreadableValue(u));
  return [...lines];
}
