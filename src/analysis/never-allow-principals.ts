/**
 * Who a "never" check asks as, when the test names no principal. A request without a principal
 * reaches identity-based policies and `"Principal": "*"`, but a resource-based policy that names
 * `arn:aws:iam::111122223333:user/bob` grants bob only, so bob must be asked too. IAM User
 * Guide, reference_policies_elements_principal.md: a resource-based policy's Principal names the
 * accounts, users, roles, sessions, services or federated users it applies to; and
 * reference_policies_condition-keys.md: `aws:PrincipalArn` and `aws:username` name the caller.
 */

import { parsePrincipal } from '../request/principal';
import { policiesOf, type PolicySet } from '../policy/policy-set';

/** The account assumed for names (`aws:username`) that say none. */
export const DEFAULT_ACCOUNT = '111122223333';

/** Most principals tried besides "no principal". */
export const MAX_PRINCIPALS = 20;

const OTHER = 'jest-iam-other';

/** A wildcard principal pattern made concrete (`*` -> `jest-iam-other`, `?` -> `x`). */
function concrete(value: string): string {
  // An account field with a wildcard takes a real account id: a request principal needs 12 digits.
  const arn = /^(arn:[^:]*:[^:]*:[^:]*:)([^:]*[*?][^:]*)(:.*)$/.exec(value);
  const v = arn ? `${arn[1]}${DEFAULT_ACCOUNT}${arn[3]}` : value;
  return v.replace(/\*/g, OTHER).replace(/\?/g, 'x');
}

/**
 * An account named as a principal delegates to the identity-based policies of that account's
 * principals (reference_policies_elements_principal.md, "AWS account principals"), so it is asked
 * as one of its IAM users. The root user is never chosen: it has full access within its account
 * (id_root-user.md), so every check would find it.
 */
function fromAwsValue(value: string): string | undefined {
  if (value === '*') return undefined;
  const account = /^\d{12}$/.test(value) ? value : /^arn:[^:]+:iam::(\d{12}):root$/.exec(value)?.[1];
  if (account) return `arn:aws:iam::${account}:user/${OTHER}`;
  return concrete(value);
}

/**
 * Principals named in the set's Principal and NotPrincipal elements and in condition values of
 * `aws:PrincipalArn` and `aws:username`, that jest-iam can read as a caller; sorted, at most
 * {@link MAX_PRINCIPALS}.
 */
export function namedPrincipals(set: PolicySet): string[] {
  const out = new Set<string>();
  let notPrincipal = false;
  for (const p of policiesOf(set))
    for (const s of p.statements) {
      for (const spec of [s.principal, s.notPrincipal]) {
        if (!spec) continue;
        for (const v of spec.AWS) {
          const who = fromAwsValue(v.value);
          if (who) out.add(who);
        }
        for (const v of [...spec.Service, ...spec.Federated, ...spec.CanonicalUser]) out.add(v.value);
      }
      if (s.notPrincipal) notPrincipal = true;
      for (const c of s.conditions) {
        const key = c.key.toLowerCase();
        if (key === 'aws:principalarn') for (const v of c.values) out.add(concrete(v.value));
        if (key === 'aws:username') for (const v of c.values) out.add(`arn:aws:iam::${DEFAULT_ACCOUNT}:user/${concrete(v.value)}`);
      }
    }
  // Someone NotPrincipal does not list (reference_policies_elements_notprincipal.md).
  if (notPrincipal) out.add(`arn:aws:iam::${DEFAULT_ACCOUNT}:user/${OTHER}`);
  return [...out]
    .filter((p) => parsePrincipal(p) !== undefined)
    .sort()
    .slice(0, MAX_PRINCIPALS);
}
