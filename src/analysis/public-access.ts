/**
 * "Is anything public?": whether anyone outside the resource owner's account can be allowed.
 * Public access comes from resource-based policies (Amazon S3 User Guide,
 * access-control-block-public-access.md: "public access is granted to buckets and objects through
 * access control lists (ACLs), access point policies, bucket policies, or all"), so the check
 * asks as two callers the owner does not control, over every request context:
 * - an anonymous caller (reference_policies_elements_principal.md, "Anonymous (public) principals");
 * - a principal of an account no policy names, whose own identity-based policies allow
 *   everything (the owner cannot limit them); SCPs of the owner's organisation do not reach it,
 *   RCPs and Block Public Access do.
 * Each request is decided by `evaluate()`, so Block Public Access settings and RCPs in the set
 * take part, and every finding comes with the allowing statements. A finding counts only when a
 * statement that grants it is public by the page's definition ("The meaning of 'public'"): a
 * grant to `"*"` narrowed by a fixed `aws:SourceVpce` is reachable from the owner's VPC endpoint,
 * which is not public access.
 */

import { PolicyValidationError } from '../diagnostics/policy-issue';
import { parsePolicy } from '../policy/parse-policy';
import type { Policy } from '../policy/policy-model';
import { policiesOf, type PolicySet } from '../policy/policy-set';
import type { ContextInput } from '../request/request-context';
import { checkNeverAllow, type NeverAllowFinding } from './never-allow';
import { publicStatements } from '../engine/service-enforced/public-policy';
import type { Decision } from '../engine/decision';

export interface PublicAccessOptions {
  /** Action pattern; default: every action of the services the resource-based policies grant. */
  actions?: string;
  /** Resource pattern; default: any. */
  resource?: string;
  /** The account that owns the resources (S3 bucket ARNs do not say). */
  resourceAccount: string;
  /** Condition keys every request has; other keys are free for the search. */
  context?: ContextInput;
}

export interface PublicAccessReport {
  /** Action patterns checked. */
  patterns: string[];
  /** The outside callers asked as. */
  callers: string[];
  cellsChecked: number;
  findings: NeverAllowFinding[];
  /** Every decision made, for statement coverage and the cross-check. */
  decisions: Decision[];
}

/** The stand-in for the outside caller's own permissions: made up by the check, not a user's policy. */
export const OUTSIDE_CALLER_POLICY: Policy = parsePolicy(
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'OutsideCallerOwnPermissions', Effect: 'Allow', Action: '*', Resource: '*' }] }),
  {
    name: "the outside caller's own identity-based policy",
    policyType: 'identity',
  },
);

/** An account id that no policy of the set mentions and that is not the owner's. */
function strangerAccount(set: PolicySet, owner: string): string {
  const text = policiesOf(set)
    .map((p) => p.text)
    .join('\n');
  for (const candidate of ['999988887777', '888877776666', '777766665555']) if (candidate !== owner && !text.includes(candidate)) return candidate;
  return '000000000001';
}

/** The services the resource-based policies grant actions of, as `service:*` patterns. */
function grantedServices(set: PolicySet): string[] {
  const services = new Set<string>();
  for (const p of [...(set.resource ?? []), ...(set.trust ? [set.trust] : [])])
    for (const s of p.statements) {
      if (s.effect !== 'Allow') continue;
      for (const a of s.action ?? []) {
        const colon = a.value.indexOf(':');
        if (colon > 0 && !/[*?]/.test(a.value.slice(0, colon))) services.add(a.value.slice(0, colon).toLowerCase());
      }
      for (const r of s.resource ?? []) {
        const service = r.value.split(':')[2];
        if (r.value.startsWith('arn:') && service && !/[*?]/.test(service)) services.add(service);
      }
    }
  return [...services].sort().map((s) => `${s}:*`);
}

/**
 * Checks that no caller outside `options.resourceAccount` can be allowed any matching action.
 *
 * @example
 * checkPublicAccess(policySet({ resource: 'bucket-policy.json', blockPublicAccess: { account: { RestrictPublicBuckets: true } } }), { resourceAccount: '111122223333' }).findings // []
 */
export function checkPublicAccess(set: PolicySet, options: PublicAccessOptions): PublicAccessReport {
  const owner = options?.resourceAccount;
  if (typeof owner !== 'string' || !/^\d{12}$/.test(owner)) {
    throw new PolicyValidationError(
      [
        {
          severity: 'error',
          code: 'bad-scope',
          message: `public access is access from outside the resource owner's account: give resourceAccount (a 12-digit account id), got ${JSON.stringify(owner)}`,
        },
      ],
      'public access check',
    );
  }
  const patterns = options.actions !== undefined ? [options.actions] : grantedServices(set);
  const stranger = `arn:aws:iam::${strangerAccount(set, owner)}:user/outside-caller`;
  const outside: PolicySet = {
    identity: [],
    ...(set.resource ? { resource: set.resource } : {}),
    ...(set.trust ? { trust: set.trust } : {}),
    ...(set.rcps ? { rcps: set.rcps } : {}),
    ...(set.managementAccount ? { managementAccount: set.managementAccount } : {}),
    ...(set.blockPublicAccess ? { blockPublicAccess: set.blockPublicAccess } : {}),
    ...(set.awsManagedKeys ? { awsManagedKeys: set.awsManagedKeys } : {}),
  };
  const callers: [string, PolicySet][] = [
    ['anonymous', outside],
    [stranger, { ...outside, identity: [OUTSIDE_CALLER_POLICY] }],
  ];
  const report: PublicAccessReport = { patterns, callers: callers.map(([c]) => c), cellsChecked: 0, findings: [], decisions: [] };
  const publicKeys = new Set(
    [...(set.resource ?? []), ...(set.trust ? [set.trust] : [])].flatMap((p) => publicStatements(p).map((st) => `${p.name}\0${st.index}`)),
  );
  const isPublicFinding = (f: NeverAllowFinding) => f.statements.some((r) => r.role === 'resource' && publicKeys.has(`${r.policy}\0${r.index}`));
  for (const pattern of patterns)
    for (const [principal, callerSet] of callers) {
      const r = checkNeverAllow(callerSet, pattern, options.resource, {
        principal,
        resourceAccount: owner,
        ...(options.context ? { context: options.context } : {}),
      });
      report.cellsChecked += r.cellsChecked;
      report.findings.push(...r.findings.filter(isPublicFinding).map((f) => ({ ...f, principal })));
      report.decisions.push(...r.decisions);
    }
  return report;
}
