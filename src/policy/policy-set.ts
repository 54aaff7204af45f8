import type { Policy } from './policy-model';

/**
 * The policies that take part in one decision. IAM User Guide,
 * reference_policies_evaluation-logic.md: identity-based policies, resource-based policies,
 * permissions boundaries, Organizations SCPs and RCPs, and session policies.
 */
export interface PolicySet {
  /** Identity-based policies of the principal (inline, managed, group policies). */
  identity: Policy[];
  /** The resource-based policy of the resource (bucket policy, key policy, ...). */
  resource?: Policy[];
  /**
   * The role's trust policy, for `sts:AssumeRole*` on the role: evaluated as the resource-based
   * policy of that request (IAM User Guide, id_roles_terms-and-concepts.md, "Trust policy").
   */
  trust?: Policy;
  /** The principal's permissions boundary. */
  boundary?: Policy;
  /** SCPs, one entry per organisation level (root, OUs, account): every level must allow. */
  scps?: OrgLevel[];
  /** RCPs, one entry per organisation level: every level must allow. */
  rcps?: OrgLevel[];
  /** Session policies passed when the role session or federated session was created. */
  session?: Policy[];
  /**
   * VPC endpoint policies of the endpoint the request goes through. An endpoint policy "does not
   * override or replace" identity-based or resource-based policies: the request must be allowed
   * by it and by the other policies (AWS PrivateLink Guide, vpc-endpoints-access.md).
   */
  endpoint?: Policy[];
  /**
   * The organisation's management account. SCPs do not restrict its principals and RCPs do not
   * restrict its resources (AWS Organizations User Guide, orgs_manage_policies_scps.md and
   * orgs_manage_policies_rcps.md).
   */
  managementAccount?: string;
}

/** One level of an organisation (root, an OU, the account) with the policies attached there. */
export interface OrgLevel {
  /** e.g. `root`, `ou-prod`, `account 111122223333`. */
  name: string;
  policies: Policy[];
}

/** The kind of policy a statement came from, as explanations name it. */
export type PolicyRole = 'identity' | 'resource' | 'boundary' | 'scp' | 'rcp' | 'session' | 'endpoint';

export const POLICY_ROLE_LABEL: Record<PolicyRole, string> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  boundary: 'permissions boundary',
  scp: 'SCP',
  rcp: 'RCP',
  session: 'session policy',
  endpoint: 'VPC endpoint policy',
};

/** Every policy of a set, whatever its role, in evaluation order. */
export function policiesOf(set: PolicySet): Policy[] {
  return [
    ...set.identity,
    ...(set.resource ?? []),
    ...(set.trust ? [set.trust] : []),
    ...(set.boundary ? [set.boundary] : []),
    ...(set.scps ?? []).flatMap((l) => l.policies),
    ...(set.rcps ?? []).flatMap((l) => l.policies),
    ...(set.session ?? []),
    ...(set.endpoint ?? []),
  ];
}
