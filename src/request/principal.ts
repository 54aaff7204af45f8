import { splitArn } from './arn-parts';

/**
 * Who makes a request, read from the principal given in a test. IAM User Guide,
 * reference_identifiers.md (ARN forms) and reference_policies_variables.md#principaltable
 * (which of aws:username / aws:userid / aws:PrincipalType each kind of principal has).
 */
export type PrincipalKind = 'User' | 'Role' | 'AssumedRole' | 'FederatedUser' | 'Account' | 'Service' | 'Anonymous' | 'WebIdentity' | 'CanonicalUser';

export interface RequestPrincipal {
  kind: PrincipalKind;
  /** As given by the user (ARN, service name, or `anonymous`). */
  given: string;
  /** The ARN that `aws:PrincipalArn` holds: for a role session, the role's ARN. */
  principalArn?: string;
  /** The session ARN for assumed roles (`arn:aws:sts::acct:assumed-role/Role/session`). */
  sessionArn?: string;
  account?: string;
  partition: string;
  /** Friendly user name, for IAM users only. */
  userName?: string;
  /** Role name, for roles and their sessions. */
  roleName?: string;
  /** Service principal, e.g. `s3.amazonaws.com`. */
  service?: string;
  /** For a federated-user session: the IAM user that called GetFederationToken, when the test says. */
  federatedBy?: string;
}

/** Reads a principal string; `undefined` when it is not one we understand. */
export function parsePrincipal(given: string): RequestPrincipal | undefined {
  const g = given.trim();
  if (g === '*' || g.toLowerCase() === 'anonymous') return { kind: 'Anonymous', given, partition: 'aws' };
  // Web identity and SAML callers (reference_policies_elements_principal.md, "Federated web
  // identity" and "SAML session principals"): the identity provider names them in a trust policy.
  if (/^(accounts\.google\.com|graph\.facebook\.com|www\.amazon\.com|cognito-identity\.amazonaws\.com)$/.test(g))
    return { kind: 'WebIdentity', given, partition: 'aws' };
  // An S3 canonical user id (reference_policies_elements_principal.md, "Canonical user principals").
  if (/^[0-9a-f]{64}$/.test(g)) return { kind: 'CanonicalUser', given, partition: 'aws' };
  if (!g.startsWith('arn:') && /\.amazonaws\.com(\.cn)?$/.test(g)) return { kind: 'Service', given, service: g, partition: 'aws' };
  if (/^\d{12}$/.test(g)) return { kind: 'Account', given, account: g, partition: 'aws', principalArn: `arn:aws:iam::${g}:root` };
  const arn = splitArn(g);
  if (!arn) return undefined;
  const { partition, service, account, resource } = arn;
  if (service === 'iam') {
    if (resource === 'root') return { kind: 'Account', given, partition, account, principalArn: g };
    if (resource.startsWith('user/')) {
      const name = resource.slice(resource.lastIndexOf('/') + 1);
      return { kind: 'User', given, partition, account, principalArn: g, userName: name };
    }
    if (/^(saml-provider|oidc-provider)\//.test(resource)) return { kind: 'WebIdentity', given, partition, account };
    if (resource.startsWith('role/')) {
      const name = resource.slice(resource.lastIndexOf('/') + 1);
      return { kind: 'Role', given, partition, account, principalArn: g, roleName: name };
    }
  }
  if (service === 'sts') {
    const m = /^assumed-role\/([^/]+)\/(.+)$/.exec(resource);
    if (m) {
      // aws:PrincipalArn of a session is the role's ARN (path unknown here: a test can set it).
      return { kind: 'AssumedRole', given, partition, account, sessionArn: g, principalArn: `arn:${partition}:iam::${account}:role/${m[1]}`, roleName: m[1] };
    }
    if (resource.startsWith('federated-user/')) return { kind: 'FederatedUser', given, partition, account, principalArn: g };
  }
  return undefined;
}

/** The `aws:PrincipalType` value for each kind (reference_policies_variables.md#principaltable). */
export function principalTypeValue(kind: PrincipalKind): string | undefined {
  switch (kind) {
    case 'User':
      return 'User';
    case 'Role':
    case 'AssumedRole':
      return 'AssumedRole';
    case 'FederatedUser':
      return 'FederatedUser';
    case 'Account':
      return 'Account';
    case 'Anonymous':
      return 'Anonymous';
    default:
      return undefined;
  }
}
