import type { LocatedString, PrincipalSpec } from '../policy/policy-model';
import type { RequestPrincipal } from '../engine/principal';

/**
 * Matching the `Principal` element of a resource-based policy against the caller.
 * IAM User Guide, reference_policies_elements_principal.md:
 * - `"*"` and `{"AWS": "*"}` match everyone, anonymous callers included;
 * - an account id or `arn:aws:iam::ACCOUNT:root` matches every principal of that account
 *   (it delegates to the account: its identity policies must also allow);
 * - a user ARN matches that user; a role ARN matches the role and its sessions; an
 *   assumed-role session ARN matches that session only;
 * - `Service` matches the service principal; `Federated` and `CanonicalUser` by exact value.
 */
export type PrincipalMatchKind = 'any' | 'account' | 'user' | 'role' | 'session' | 'service' | 'federated' | 'canonical';

export interface PrincipalMatch {
  matched: boolean;
  by?: LocatedString;
  kind?: PrincipalMatchKind;
}

export function matchPrincipal(spec: PrincipalSpec, who: RequestPrincipal | undefined): PrincipalMatch {
  if (spec.any) return { matched: true, kind: 'any' };
  for (const v of spec.AWS) {
    const kind = matchAwsValue(v.value, who);
    if (kind) return { matched: true, by: v, kind };
  }
  if (who?.kind === 'Service') for (const v of spec.Service) if (v.value === who.service) return { matched: true, by: v, kind: 'service' };
  if (who) {
    for (const v of spec.Federated) if (v.value === who.given) return { matched: true, by: v, kind: 'federated' };
    for (const v of spec.CanonicalUser) if (v.value === who.given) return { matched: true, by: v, kind: 'canonical' };
  }
  return { matched: false };
}

function matchAwsValue(value: string, who: RequestPrincipal | undefined): PrincipalMatchKind | undefined {
  if (value === '*') return 'any';
  if (!who || who.kind === 'Anonymous' || who.kind === 'Service') return undefined;
  const account = /^\d{12}$/.test(value) ? value : /^arn:[^:]+:iam::(\d{12}):root$/.exec(value)?.[1];
  if (account) return who.account === account ? 'account' : undefined;
  if (who.kind === 'User' && value === who.principalArn) return 'user';
  if (who.kind === 'Role' && value === who.principalArn) return 'role';
  if (who.kind === 'AssumedRole') {
    if (value === who.sessionArn) return 'session';
    if (sameRole(value, who)) return 'role';
  }
  if (who.kind === 'FederatedUser' && value === who.principalArn) return 'user';
  return undefined;
}

/** A role ARN names a session's role even when the role has a path the session ARN does not show. */
function sameRole(value: string, who: RequestPrincipal): boolean {
  if (value === who.principalArn) return true;
  const m = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(value);
  return !!m && m[1] === who.partition && m[2] === who.account && m[3] === who.roleName;
}
