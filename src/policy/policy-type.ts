/**
 * The kinds of policy the parser knows, which decide the element rules a statement follows
 * (IAM User Guide, access_policies.md "Policy types"; AWS Organizations User Guide,
 * orgs_manage_policies_scps_syntax.md and orgs_manage_policies_rcps_syntax.md):
 * - `identity`: attached to a user, group or role;
 * - `resource`: attached to a resource (S3 bucket policy, KMS key policy, ...);
 * - `boundary`: a permissions boundary (an identity-style managed policy);
 * - `scp`: an AWS Organizations service control policy;
 * - `rcp`: an AWS Organizations resource control policy;
 * - `session`: a session policy passed to AssumeRole / GetFederationToken;
 * - `trust`: a role trust policy (the role's resource-based policy);
 * - `endpoint`: a VPC endpoint policy (AWS PrivateLink Guide, vpc-endpoints-access.md: a
 *   resource-based policy attached to the endpoint that controls which principals can use it
 *   to reach which resources).
 */
export type PolicyType = 'identity' | 'resource' | 'boundary' | 'scp' | 'rcp' | 'session' | 'trust' | 'endpoint';

/** Every policy type, for validating user input such as a scenario file. */
export const POLICY_TYPES: readonly PolicyType[] = ['identity', 'resource', 'boundary', 'scp', 'rcp', 'session', 'trust', 'endpoint'];

/** Whether `value` names a policy type. */
export function isPolicyType(value: unknown): value is PolicyType {
  return typeof value === 'string' && (POLICY_TYPES as readonly string[]).includes(value);
}
