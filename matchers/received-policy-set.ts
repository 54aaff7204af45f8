import { isPolicySet } from '../src/engine/build-policy-set';
import type { PolicySet } from '../src/policy/policy-set';
import { toPolicy, type PolicyInput } from '../src/policy/policy-input';

/**
 * What a matcher may receive: one policy (Policy, document object, JSON/YAML text, file path),
 * a list of identity policies, or a policy set built with `policySet()`.
 */
export type ReceivedPolicies = PolicySet | PolicyInput | PolicyInput[];

export function receivedPolicySet(received: unknown): PolicySet {
  if (isPolicySet(received)) return received;
  if (Array.isArray(received)) return { identity: received.map((p) => toPolicy(p as PolicyInput)) };
  if (typeof received === 'string' || (typeof received === 'object' && received !== null)) return { identity: [toPolicy(received as PolicyInput)] };
  throw new TypeError(
    `expected a policy (document object, JSON/YAML text or a file path), a list of policies, or a policySet(); received ${received === null ? 'null' : typeof received}`,
  );
}
