import type { LocatedString } from '../diagnostics/source-position';
import type { PrincipalSpec } from './principal-spec';
import type { RequestPrincipal } from '../request/principal';

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
export type PrincipalMatchKind = 'any' | 'account' | 'user' | 'role' | 'session' | 'service' | 'federated' | 'canonical' | 'federating-user';

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

/** Callers that are IAM principals of an account (the ones an `AWS` principal value can name). */
const IAM_KINDS = new Set(['User', 'Role', 'AssumedRole', 'FederatedUser', 'Account']);

function matchAwsValue(value: string, who: RequestPrincipal | undefined): PrincipalMatchKind | undefined {
  if (value === '*') return 'any';
  if (!who || !IAM_KINDS.has(who.kind)) return undefined;
  const account = /^\d{12}$/.test(value) ? value : /^arn:[^:]+:iam::(\d{12}):root$/.exec(value)?.[1];
  if (account) return who.account === account ? 'account' : undefined;
  if (who.kind === 'User' && value === who.principalArn) return 'user';
  if (who.kind === 'Role' && value === who.principalArn) return 'role';
  if (who.kind === 'AssumedRole') {
    if (value === who.sessionArn) return 'session';
    if (sameRole(value, who)) return 'role';
  }
  if (who.kind === 'FederatedUser' && value === who.principalArn) return 'user';
  // IAM User Guide, reference_policies_evaluation-logic.md ("Resource-based policies"): a
  // resource-based policy naming the IAM user that called GetFederationToken applies to its
  // federated-user sessions too, limited by the user's boundary and the session policy.
  if (who.kind === 'FederatedUser' && who.federatedBy && value === who.federatedBy) return 'federating-user';
  return undefined;
}

/** A role ARN names a session's role even when the role has a path the session ARN does not show. */
function sameRole(value: string, who: RequestPrincipal): boolean {
  if (value === who.principalArn) return true;
  const m = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(value);
  return !!m && m[1] === who.partition && m[2] === who.account && m[3] === who.roleName;
}

/**
 * A link of the caller's chain that a `NotPrincipal` must list to exempt it: the account, the IAM
 * user, role or federated user itself (`principal`), and for a role session the role and the session.
 */
export interface NotPrincipalLink {
  link: 'account' | 'principal' | 'role' | 'session';
  /** The ARN the link is listed by (`arn:aws:iam::ACCOUNT:root` for the account). */
  arn: string;
}

/** Whether the caller is exempted by a `NotPrincipal`, and if not, why (as data: src/explain words it). */
export interface NotPrincipalMatch {
  exempt: boolean;
  by?: LocatedString;
  /** The links of the caller's chain not listed, when the caller itself is named but not exempt. */
  missing?: NotPrincipalLink[];
  /** The caller has a permissions boundary: NotPrincipal with Deny always applies to it. */
  boundaryDenies?: true;
}

/**
 * `NotPrincipal` (IAM User Guide, reference_policies_elements_notprincipal.md): only the principals
 * named are excepted, and "AWS might validate the account first, then the role, and then the
 * assumed-role user", so a caller is exempt only when every link of its chain is listed: a user
 * with its account, a role session with its role and account (sessions by exact ARN: "you cannot
 * use a wildcard (*) to mean all sessions"). Listing an account or a role does not exempt the
 * principals under it. Read this way, a statement AWS "might" apply to the caller does apply:
 * a test then sees the explicit deny a real request could meet.
 */
export function matchNotPrincipal(spec: PrincipalSpec, who: RequestPrincipal | undefined, callerHasBoundary = false): NotPrincipalMatch {
  if (spec.any) return { exempt: true };
  if (!who) return { exempt: false };
  // reference_policies_elements_notprincipal.md (current page): "The NotPrincipal element with a
  // Deny effect will always deny any IAM principal that has a permissions boundary policy
  // attached, regardless of the values specified in the NotPrincipal element."
  if (callerHasBoundary && IAM_KINDS.has(who.kind)) return { exempt: false, boundaryDenies: true };
  const exact = (list: LocatedString[], value: string | undefined) => (value === undefined ? undefined : list.find((v) => v.value === value));
  if (who.kind === 'Service') return found(exact(spec.Service, who.service));
  if (who.kind === 'WebIdentity') return found(exact(spec.Federated, who.given));
  if (who.kind === 'CanonicalUser') return found(exact(spec.CanonicalUser, who.given));
  if (!IAM_KINDS.has(who.kind) || !who.account) return { exempt: false };
  const account = spec.AWS.find((v) => v.value === who.account || v.value === `arn:${who.partition}:iam::${who.account}:root`);
  const chain: { what: NotPrincipalLink; hit: LocatedString | undefined }[] = [
    { what: { link: 'account', arn: `arn:${who.partition}:iam::${who.account}:root` }, hit: account },
  ];
  if (who.kind === 'User' || who.kind === 'FederatedUser' || who.kind === 'Role')
    chain.push({ what: { link: 'principal', arn: who.principalArn! }, hit: exact(spec.AWS, who.principalArn) });
  if (who.kind === 'AssumedRole') {
    chain.push({ what: { link: 'role', arn: who.principalArn! }, hit: spec.AWS.find((v) => sameRole(v.value, who)) });
    chain.push({ what: { link: 'session', arn: who.sessionArn! }, hit: exact(spec.AWS, who.sessionArn) });
  }
  const named = chain[chain.length - 1].hit;
  const missing = chain.filter((c) => !c.hit).map((c) => c.what);
  if (!missing.length) return { exempt: true, by: named! };
  return named ? { exempt: false, by: named, missing } : { exempt: false };
}

function found(hit: LocatedString | undefined): NotPrincipalMatch {
  return hit ? { exempt: true, by: hit } : { exempt: false };
}
