import type { ConditionOutcome } from '../conditions/compile-condition';
import type { UnreadableRequestValue } from './request-value-check';
import type { Policy, PolicyStatement } from '../policy/policy-model';
import type { NormalizedRequest } from '../request/access-request';
import type { PolicyRole } from '../policy/policy-set';
import type { ServiceDenial } from './service-enforced/service-denial';
import type { DecisionNote, DecisionReason, ElementCheck, RuleCode, TraceReason } from './reason-code';

export type {
  DecisionNote,
  DecisionReason,
  ElementCheck,
  ElementCheckCode,
  LimitedGrant,
  LocatedStatement,
  ReasonCode,
  ReasonLayer,
  RuleCode,
  TraceReason,
} from './reason-code';

/** What AWS decides for a request (IAM User Guide, reference_policies_evaluation-logic.md). */
export type DecisionResult = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** Why one statement did or did not apply to the request. */
export interface StatementTrace {
  policy: Policy;
  role: PolicyRole;
  /** Organisation level for SCPs and RCPs. */
  level?: string;
  statement: PolicyStatement;
  /** True when every element matched: the statement's Effect applies. */
  applies: boolean;
  /** Every element of the statement, compared with the request (codes; `describeCheck()` words one). */
  checks: ElementCheck[];
  conditions: ConditionOutcome[];
  /** The first check that did not match, or `statement-applies` (`describeTraceReason()` words it). */
  reason: TraceReason;
}

/**
 * The outcome of evaluating one request against a policy set, with the reasons as codes:
 * `describeDecision(decision)` (jest-iam's explanation module) words them.
 */
export interface Decision {
  result: DecisionResult;
  request: NormalizedRequest;
  /** The statements that decided: the explicit denies, or the allows that granted access. */
  readonly deciding: StatementTrace[];
  /**
   * Why, as a code with the layer that decided and its data, e.g.
   * `{ code: 'boundary-no-allow', layer: 'boundary', boundary, grant: { layer: 'identity' } }`.
   * `describeDecision(decision)` gives the one-line sentence.
   */
  readonly reason: DecisionReason;
  /** Policy types left out of this decision and why, e.g. `{ code: 'scps-not-applicable', layer: 'scp', cause: 'service-linked-role' }` (`describeNote()`). */
  readonly notes: DecisionNote[];
  /** Every statement of every policy, with why it did or did not apply (built on first read). */
  readonly trace: StatementTrace[];
  /**
   * Request context values that a condition of the policies cannot read as its operator's type
   * (a date, a number, an IP address...): a test mistake the front ends report (built on first read).
   */
  readonly unreadableValues?: UnreadableRequestValue[];
  /** Set when one of the special rules decided (see {@link RuleCode}): the reason's code. */
  readonly rule?: RuleCode;
  /** Set when the service refused what the policies allow (S3 Block Public Access, an AWS-protected resource): the reason itself. */
  readonly serviceDenial?: ServiceDenial;
}
