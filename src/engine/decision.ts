import type { ConditionOutcome } from '../conditions/compile-condition';
import type { UnreadableRequestValue } from './request-value-check';
import type { LocatedString, Policy, PolicyStatement, StatementElement } from '../policy/policy-model';
import type { NormalizedRequest } from '../request/access-request';
import type { PolicyRole } from '../policy/policy-set';
import type { ServiceDenial } from './service-enforced/service-denial';

/** What AWS decides for a request (IAM User Guide, reference_policies_evaluation-logic.md). */
export type DecisionResult = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** How one element of a statement compared with the request. */
export interface ElementCheck {
  element: StatementElement;
  matched: boolean;
  /** The policy value that matched (for Action/Resource/Principal) or excluded (for Not*). */
  by?: LocatedString;
  /** One line for a person, e.g. `"rekognition:CreateProject" is not matched by Action`. */
  detail: string;
}

/** Why one statement did or did not apply to the request. */
export interface StatementTrace {
  policy: Policy;
  role: PolicyRole;
  /** Organisation level for SCPs and RCPs. */
  level?: string;
  statement: PolicyStatement;
  /** True when every element matched: the statement's Effect applies. */
  applies: boolean;
  checks: ElementCheck[];
  conditions: ConditionOutcome[];
  /** The first thing that did not match, or `applies`. */
  reason: string;
}

/**
 * Rules of issue 15 that decide a request outside the statement-by-statement logic; the
 * explanation module words them (src/explain/rule-wording.ts).
 * - `no-permission-required`: the action needs no permission (sts:GetCallerIdentity, sts:GetSessionToken);
 * - `endpoint-policy-no-allow`: the VPC endpoint policy does not allow the request;
 * - `federated-session-without-policy`: a GetFederationToken session without a session policy;
 * - `trust-user-boundary`: a trust policy names the IAM user, whose boundary does not allow sts:AssumeRole.
 */
export type RuleCode = 'no-permission-required' | 'endpoint-policy-no-allow' | 'federated-session-without-policy' | 'trust-user-boundary';

/** The outcome of evaluating one request against a policy set, with the reasons. */
export interface Decision {
  result: DecisionResult;
  request: NormalizedRequest;
  /** The statements that decided: the explicit denies, or the allows that granted access. */
  readonly deciding: StatementTrace[];
  /** One line: e.g. `allowed by identity-based policy project.json, statement SpecificProject` */
  summary: string;
  /** Policy types left out of this decision and why, e.g. `SCPs do not apply: the caller is a service-linked role`. */
  notes: string[];
  /** Every statement of every policy, with why it did or did not apply (built on first read). */
  readonly trace: StatementTrace[];
  /**
   * Request context values that a condition of the policies cannot read as its operator's type
   * (a date, a number, an IP address...): a test mistake the front ends report (built on first read).
   */
  readonly unreadableValues?: UnreadableRequestValue[];
  /** Set when one of the special rules decided (see {@link RuleCode}). */
  readonly rule?: RuleCode;
  /** Set when the service refused what the policies allow (S3 Block Public Access, an AWS-protected resource). */
  readonly serviceDenial?: ServiceDenial;
}
