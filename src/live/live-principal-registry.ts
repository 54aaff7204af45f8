import type { PolicyIdentifier } from '@aws-sdk/client-iam';
import type { PolicySet } from '../policy/policy-set';
import type { Policy } from '../policy/policy-model';

/**
 * Remembers which policy sets were loaded from a live account, and for whom, so the cross-check
 * can ask IAM about the principal itself (SimulatePrincipalPolicy) instead of about policy text.
 * Keyed by the PolicySet object: a set a user builds from a loaded one (adding a resource policy,
 * say) is a new object and is simulated from its texts instead.
 */
export interface LivePrincipal {
  /** The IAM user or role ARN the policies were read from. */
  arn: string;
  kind: 'user' | 'role';
  /**
   * How IAM names each loaded policy in a simulation's `MatchedStatements.SourcePolicyId`: the
   * inline policy's name or the managed policy's name.
   */
  iamIds: Map<Policy, string>;
  /**
   * How SimulatePrincipalPolicy's `PolicyExclusionList` names each loaded policy: a managed
   * policy by `PolicyArn`, an inline one by `InlinePolicyIdentifier`, the boundary by `PolicyType`.
   */
  identifiers?: Map<Policy, PolicyIdentifier>;
  /** The loaded identity-based policies and boundary, as loaded. */
  identity?: Policy[];
  boundary?: Policy;
}

const registry = new WeakMap<PolicySet, LivePrincipal>();
const byPolicy = new WeakMap<Policy, LivePrincipal>();

/** Marks `set` as the policies of a live principal. */
export function registerLivePrincipal(set: PolicySet, principal: LivePrincipal): void {
  registry.set(set, principal);
  for (const p of principal.iamIds.keys()) byPolicy.set(p, principal);
}

/** The live principal a loaded policy came from (so a set built from its policies can be a what-if of it). */
export function livePrincipalOfPolicy(policy: Policy): LivePrincipal | undefined {
  return byPolicy.get(policy);
}

/** The live principal `set` was loaded from, if it was. */
export function livePrincipalOf(set: PolicySet): LivePrincipal | undefined {
  return registry.get(set);
}
