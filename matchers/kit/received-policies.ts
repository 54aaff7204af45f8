import { toPolicySet } from '../../src/engine/build-policy-set';
import type { PolicySet } from '../../src/policy/policy-set';
import type { PolicyInput } from '../../src/policy/policy-input';

/**
 * What a matcher may receive: one policy (Policy, document object, JSON/YAML text, file path),
 * a list of identity policies, or a policy set built with `policySet()`.
 */
export type ReceivedPolicies = PolicySet | PolicyInput | PolicyInput[];

/**
 * The policy set a matcher's received value (or an argument such as a baseline) stands for,
 * through the one {@link toPolicySet}; bare policies are identity policies unless `policyType`
 * says they are resource-based (a bucket policy on its own).
 */
export function receivedPolicySet(received: unknown, policyType: 'identity' | 'resource' = 'identity'): PolicySet {
  return toPolicySet(received as ReceivedPolicies, { policyType });
}
