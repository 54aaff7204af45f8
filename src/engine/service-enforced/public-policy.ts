import type { ConditionClause } from '../../conditions/condition-clause';
import type { Policy, PolicyStatement } from '../../policy/policy-model';

/**
 * Whether Amazon S3 considers a bucket policy public. Amazon S3 User Guide,
 * access-control-block-public-access.md, "The meaning of 'public'" (and the API reference's
 * PublicAccessBlockConfiguration): a policy is public unless each statement that allows access
 * grants it only to fixed values, meaning values without a wildcard or a policy variable (AWS
 * Config, s3-bucket-public-read-prohibited: "values that don't contain a wildcard or ... Variables"):
 * - a fixed AWS principal, user, role or service principal; or
 * - a condition that limits access to a set of CIDRs with `aws:SourceIp`; or
 * - a condition that fixes `aws:SourceArn`, `aws:SourceVpc`, `aws:SourceVpce`, `aws:SourceOwner`,
 *   `aws:SourceAccount`, `s3:x-amz-server-side-encryption-aws-kms-key-id`, or `aws:userid`
 *   outside the pattern `AROLEID:*`.
 * Deny statements never make a policy public.
 */

/** The condition keys whose fixed values make a wide grant non-public (lower case). */
const NARROWING_KEYS = new Set([
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceowner',
  'aws:sourceaccount',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
  'aws:userid',
]);

/** Operators that fix a value: equality and ARN/string matching without a negation or set qualifier that lets other values in. */
const FIXING_OPERATORS = /^(ForAnyValue:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/;
const IP_OPERATOR = /^(ForAnyValue:)?IpAddress$/;

const hasWildcardOrVariable = (v: string) => /[*?]|\$\{/.test(v);

/** A principal value that names everyone or a pattern of principals. */
function widePrincipalValue(v: string): boolean {
  return v === '*' || hasWildcardOrVariable(v);
}

/** Whether one statement's Principal is wide (everyone, or a pattern). `NotPrincipal` with Allow grants to everyone else. */
function widePrincipal(s: PolicyStatement): boolean {
  if (s.notPrincipal) return true;
  const p = s.principal;
  if (!p) return false;
  if (p.any) return true;
  return [...p.AWS, ...p.Service, ...p.Federated, ...p.CanonicalUser].some((v) => widePrincipalValue(v.value));
}

/** Whether a clause limits the caller to fixed values of a narrowing key (or to a set of CIDRs). */
function narrowingClause(c: ConditionClause): boolean {
  const key = c.key.toLowerCase();
  if (!c.values.length) return false;
  if (key === 'aws:sourceip') {
    // "limits access to a set of CIDRs": 0.0.0.0/0 or ::/0 limits nothing.
    return IP_OPERATOR.test(c.operator) && c.values.every((v) => !/\/0$/.test(v.value.trim()));
  }
  if (!NARROWING_KEYS.has(key) || !FIXING_OPERATORS.test(c.operator)) return false;
  if (c.values.some((v) => hasWildcardOrVariable(v.value))) return false;
  // aws:userid "outside the pattern AROLEID:*": a role's unique id followed by any session name is not fixed.
  if (key === 'aws:userid') return c.values.every((v) => !v.value.endsWith(':'));
  return true;
}

/** Why a statement makes its policy public, or `undefined` when it does not. */
export function publicGrant(s: PolicyStatement): boolean {
  if (s.effect !== 'Allow' || !widePrincipal(s)) return false;
  return !s.conditions.some(narrowingClause);
}

/** The statements of a bucket policy that make it public (none: the policy is not public). */
export function publicStatements(policy: Policy): PolicyStatement[] {
  return policy.statements.filter(publicGrant);
}

/** Whether any of the resource-based policies is public. */
export function isPublicPolicy(policies: readonly Policy[]): boolean {
  return policies.some((p) => publicStatements(p).length > 0);
}
