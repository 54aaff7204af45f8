/**
 * jest-iam: test AWS IAM policies with a local evaluator that decides as AWS does and
 * explains why. See README.md for a user's guide.
 */
export { evaluate } from './engine/evaluate';
export { toPolicySet } from './engine/build-policy-set';
export { policySet, isPolicySet, type PolicySetInput, type OrgLevelInput, type PolicyInputs } from './engine/build-policy-set';
export type { PolicySet, OrgLevel, PolicyRole } from './policy/policy-set';
export type {
  Decision,
  DecisionResult,
  StatementTrace,
  ElementCheck,
  ElementCheckCode,
  DecisionReason,
  DecisionNote,
  ReasonCode,
  ReasonLayer,
  RuleCode,
  TraceReason,
  LocatedStatement,
  LimitedGrant,
} from './engine/decision';
export { normalizeRequest, type AccessRequest, type NormalizedRequest } from './request/access-request';
export { RequestContext, type ContextInput, type ContextInputValue } from './request/request-context';
export { explainDecision, formatRequest, traceLines } from './explain/explain-decision';
export {
  describeDecision,
  describeReason,
  describeNote,
  describeCheck,
  describeTraceReason,
  describeConditionOutcome,
  describeStatement,
  describeServiceDenial,
} from './explain/decision-wording';
export type { ConditionOutcome, ConditionReason, ComparisonVerdict, ConditionRule } from './conditions/compile-condition';
export { toPolicy, isPolicy, type PolicyInput, type PolicyDocument, type PolicyInputOptions } from './policy/policy-input';
export { parsePolicy, checkPolicy } from './policy/parse-policy';
export { loadPolicyFile } from './policy/load-policy-file';
export type { PolicyType } from './policy/policy-type';
export { PolicyValidationError, formatIssue, type PolicyIssue } from './diagnostics/policy-issue';
export type { Policy, PolicyStatement, ConditionClause, PrincipalSpec, LocatedString } from './policy/policy-model';
export { formatPosition, type SourcePosition } from './diagnostics/source-position';
// Importing anything from 'jest-iam' also brings the matcher type declarations (the
// `expect(...).toAllow(...)` augmentation of Jest's and @jest/globals' types).
export type { IamMatchers, IamMatcherOptions, ReceivedPolicies } from '../matchers';
export { loadScenario, expandCells, defineScenarioSuite, type Scenario, type ScenarioCell } from './scenario';
export { buildAccessMatrix, type AccessMatrix } from './analysis/access-matrix';
export type { AccessScope } from './analysis/access-scope';
export { diffAccess, hasNewAccess, type AccessDiff } from './analysis/access-diff';
export { formatDiff } from './report/access-diff-format';
export { checkNeverAllow, type NeverAllowReport } from './analysis/never-allow';
export {
  proveNeverAllows,
  proveNoNewAccess,
  proveEquivalent,
  prove,
  formatWitness,
  type ProofResult,
  type ProofVerdict,
  type ProofWitness,
  type ProofDomain,
  type ProofQuestionOptions,
} from './proof';
export { checkPublicAccess, type PublicAccessOptions, type PublicAccessReport } from './analysis/public-access';
export { isPublicPolicy, publicStatements } from './engine/service-enforced/public-policy';
export type { ServiceDenial } from './engine/service-enforced/service-denial';
export {
  effectiveBlockPublicAccess,
  type BlockPublicAccess,
  type BlockPublicAccessSettings,
  type BlockPublicAccessSetting,
} from './policy/block-public-access-settings';
export { formatAccessSnapshot } from './analysis/access-snapshot-text';
export { renderHtmlReport } from './report/html-report';
export { recordDecision } from './coverage/record-decision';
export { statementCoverage } from './coverage/statement-coverage';
export { readPolicySource } from './policy-sources/read-policy-source';
