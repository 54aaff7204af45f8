import type { ConditionOutcome } from '../conditions/compile-condition';
import type { LocatedString } from '../diagnostics/source-position';
import type { NotPrincipalLink, PrincipalMatchKind } from '../match/principal';
import type { Policy, PolicyStatement } from '../policy/policy-model';
import type { PolicyRole } from '../policy/policy-set';
import type { PrincipalKind } from '../request/principal';
import type { ServiceDenial } from './service-enforced/service-denial';

/**
 * The reasons `evaluate()` gives, as codes with their data. The engine writes no English: the
 * explanation module (src/explain/decision-wording.ts) words every code, and a test pins each
 * sentence (test/unit/explain/decision-wording.test.ts).
 */

/** A statement with where it was found: its policy, the policy's role in the set and, for SCPs and RCPs, the organisation level. */
export interface LocatedStatement {
  policy: Policy;
  role: PolicyRole;
  /** Organisation level for SCPs and RCPs. */
  level?: string;
  statement: PolicyStatement;
}

/**
 * The layer of the evaluation a reason belongs to: a policy type of the set (`trust` is a role's
 * trust policy, the resource-based policy of `sts:AssumeRole*`), `request` when the action itself
 * decides, and the service's own refusals (`block-public-access`, `aws-protected`).
 */
export type ReasonLayer = PolicyRole | 'trust' | 'request' | ServiceDenial['layer'];

/** The layers a policy statement can be found in. */
export type StatementLayer = PolicyRole | 'trust';

/**
 * The grant that a permissions boundary or a session policy limited: an identity-based allow, or a
 * resource-based allow whose Principal names the role (not the session), the IAM user that
 * federated the session, or an IAM user with a boundary in a trust policy.
 */
export type LimitedGrant =
  | { layer: 'identity' }
  | {
      layer: 'resource' | 'trust';
      /** The first resource-based allow that was limited. */
      statement: LocatedStatement;
      /** How its Principal named the caller. */
      principalKind: PrincipalMatchKind | 'none';
    };

/** Callers that have no identity-based policies: only a resource-based policy can grant them access. */
export type CallerWithoutIdentity = Extract<PrincipalKind, 'Anonymous' | 'Service' | 'WebIdentity' | 'CanonicalUser'>;

/**
 * Why a request was allowed or denied: one code per path of the evaluation logic (IAM User Guide,
 * reference_policies_evaluation-logic.md and reference_policies_evaluation-logic-cross-account.md),
 * with the layer that decided and the data the explanation needs.
 *
 * Allow:
 * - `no-permission-required`: the action needs no permission (sts:GetCallerIdentity, sts:GetSessionToken);
 * - `identity-allow`: an identity-based allow granted it (and every other layer that must allow did);
 * - `resource-allow`: a resource-based (or trust) policy allow granted it;
 * - `root-user-full-access`: the root user of the account, in its own account.
 *
 * Explicit deny:
 * - `explicit-deny`: a Deny statement of `layer` applies (`statement` is the first one);
 * - the service's own refusals ({@link ServiceDenial}: S3 Block Public Access, AWS-protected resources),
 *   with their codes (`bpa-restrict-public-buckets`, `aws-managed-policy`, ...).
 *
 * Implicit deny:
 * - `scp-no-allow`: no SCP of organisation level `level` allows it;
 * - `endpoint-policy-no-allow`: the VPC endpoint policy does not allow it;
 * - `boundary-no-allow`: the permissions boundary does not allow what `grant` allowed;
 * - `trust-user-boundary`: a trust policy names the IAM user, whose boundary does not allow sts:AssumeRole;
 * - `session-no-allow`: the session policy does not allow what `grant` allowed;
 * - `federated-session-without-policy`: a GetFederationToken session without a session policy has no permissions;
 * - `no-identity-policies`: a caller without identity-based policies, and no resource-based allow;
 * - `cross-account-no-identity-allow`: across accounts, the resource-based policy allows but no identity-based policy does;
 * - `no-allow`: no statement allows it;
 * - `resource-policy-required`: a KMS key policy or a role's trust policy must allow it, and does not;
 * - `cross-account-no-resource-allow`: across accounts, the identity side allows but the resource-based policy does not.
 *
 * There is no "no allow in an RCP level": every RCP level holds the implicit RCPFullAWSAccess, so
 * RCPs only deny (AWS Organizations, orgs_manage_policies_rcps_evaluation.md).
 */
export type DecisionReason =
  | { code: 'no-permission-required'; layer: 'request'; action: string }
  | { code: 'identity-allow'; layer: 'identity'; statement: LocatedStatement }
  | { code: 'resource-allow'; layer: 'resource' | 'trust'; statement: LocatedStatement }
  | { code: 'root-user-full-access'; layer: 'identity'; account: string }
  | { code: 'explicit-deny'; layer: StatementLayer; statement: LocatedStatement }
  | ServiceDenial
  | { code: 'scp-no-allow'; layer: 'scp'; level: string }
  | { code: 'endpoint-policy-no-allow'; layer: 'endpoint' }
  | { code: 'boundary-no-allow'; layer: 'boundary'; boundary: Policy; grant: LimitedGrant }
  | { code: 'trust-user-boundary'; layer: 'boundary'; boundary: Policy; grant: LimitedGrant }
  | { code: 'session-no-allow'; layer: 'session'; grant: LimitedGrant }
  | { code: 'federated-session-without-policy'; layer: 'session'; grant: LimitedGrant }
  | {
      code: 'no-identity-policies';
      layer: 'resource';
      callerKind: CallerWithoutIdentity;
      /** Whether the set has a resource-based or trust policy (none of whose statements applies). */
      resourcePolicyGiven: boolean;
    }
  | { code: 'cross-account-no-identity-allow'; layer: 'identity'; principalAccount: string; resourceAccount: string }
  | { code: 'no-allow'; layer: 'identity' }
  | { code: 'resource-policy-required'; layer: 'resource' | 'trust'; required: 'kms-key-policy' | 'trust-policy' }
  | { code: 'cross-account-no-resource-allow'; layer: 'resource'; principalAccount: string; resourceAccount: string };

/** Every reason code of {@link DecisionReason}. */
export type ReasonCode = DecisionReason['code'];

/**
 * The reasons that are special rules outside the statement-by-statement logic (issue 15): a
 * decision carries them in `Decision.rule` too, and explanations add a line on the rule.
 */
export type RuleCode = Extract<ReasonCode, 'no-permission-required' | 'endpoint-policy-no-allow' | 'federated-session-without-policy' | 'trust-user-boundary'>;

/** Why SCPs take no part (AWS Organizations, orgs_manage_policies_scps.md, "Tasks and entities not restricted by SCPs"). */
export type ScpExemption =
  { cause: 'service-principal' } | { cause: 'anonymous' } | { cause: 'service-linked-role' } | { cause: 'management-account'; account: string };

/** Why RCPs take no part (AWS Organizations, orgs_manage_policies_rcps.md). */
export type RcpExemption =
  { cause: 'service-linked-role' } | { cause: 'management-account'; account: string } | { cause: 'service-unsupported'; service: string };

/**
 * A policy type of the set left out of the decision, and why:
 * - `session-policies-not-applicable`: the caller (`caller`, as the test named it) is not a role or federated-user session;
 * - `scps-not-applicable` / `rcps-not-applicable`: the organisation policies do not restrict this caller or resource.
 */
export type DecisionNote =
  | { code: 'session-policies-not-applicable'; layer: 'session'; caller: string }
  | ({ code: 'scps-not-applicable'; layer: 'scp' } & ScpExemption)
  | ({ code: 'rcps-not-applicable'; layer: 'rcp' } & RcpExemption);

/** What every element check holds. */
interface CheckBase {
  /** The policy value that matched (for Action/Resource/Principal) or excluded (for Not*). */
  by?: LocatedString;
}

/**
 * How one element of a statement compared with the request, as a code with its data
 * (`subject` is the request's action or resource; `caller` the principal as given, absent when
 * the request names none):
 * - Action / Resource: `matched` (by `by`), `not-matched` (none of `values`; `unresolvedVariable`
 *   when a policy variable of a pattern had no value);
 * - NotAction / NotResource: `excluded` (by `by`), `not-listed`, and for NotResource
 *   `variable-unresolved` (an unresolvable variable makes the statement invalid, reference_policies_variables.md);
 * - Principal: `principal-matched` (how: `kind`), `principal-not-named`;
 * - NotPrincipal: `principal-excluded`, `principal-not-listed`, `principal-not-exempt` (listed, but
 *   `missing` links of the caller's chain are not, so AWS may still apply the statement),
 *   `principal-boundary-not-exempt` (a caller with a permissions boundary is never exempt,
 *   reference_policies_elements_notprincipal.md);
 * - Condition: `conditions-matched`, `conditions-not-matched` (the `failed` clauses).
 */
export type ElementCheck = CheckBase &
  (
    | { element: 'Action' | 'Resource'; code: 'matched'; matched: true; subject: string; by: LocatedString }
    | { element: 'Action' | 'Resource'; code: 'not-matched'; matched: false; subject: string; values: string[]; unresolvedVariable?: string }
    | { element: 'NotAction' | 'NotResource'; code: 'excluded'; matched: false; subject: string; by: LocatedString }
    | { element: 'NotAction' | 'NotResource'; code: 'not-listed'; matched: true; subject: string }
    | { element: 'NotResource'; code: 'variable-unresolved'; matched: false; subject: string; variable: string }
    | { element: 'Principal'; code: 'principal-matched'; matched: true; caller?: string; kind: PrincipalMatchKind }
    | { element: 'Principal'; code: 'principal-not-named'; matched: false; caller?: string }
    | { element: 'NotPrincipal'; code: 'principal-excluded'; matched: false; caller?: string }
    | { element: 'NotPrincipal'; code: 'principal-not-exempt'; matched: true; caller?: string; by: LocatedString; missing: NotPrincipalLink[] }
    | { element: 'NotPrincipal'; code: 'principal-boundary-not-exempt'; matched: true; caller?: string }
    | { element: 'NotPrincipal'; code: 'principal-not-listed'; matched: true; caller?: string }
    | { element: 'Condition'; code: 'conditions-matched'; matched: true }
    | { element: 'Condition'; code: 'conditions-not-matched'; matched: false; failed: ConditionOutcome[] }
  );

/** Every code of {@link ElementCheck}. */
export type ElementCheckCode = ElementCheck['code'];

/** Why one statement did or did not apply: it applies, or the first element check that failed. */
export type TraceReason = { code: 'statement-applies' } | { code: 'check-failed'; check: ElementCheck };
