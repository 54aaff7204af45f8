/**
 * jest-iam: test AWS IAM policies with a local evaluator that decides as AWS does and
 * explains why. See README.md for a user's guide.
 */
export { evaluate, toPolicySet } from './engine/evaluate';
export { policySet, isPolicySet, type PolicySetInput, type OrgLevelInput, type PolicyInputs } from './engine/build-policy-set';
export type { PolicySet, OrgLevel, PolicyRole } from './engine/policy-set';
export type { Decision, DecisionResult, StatementTrace, ElementCheck } from './engine/decision';
export { normalizeRequest, type AccessRequest, type NormalizedRequest } from './engine/access-request';
export { RequestContext, type ContextInput, type ContextInputValue } from './engine/request-context';
export { explainDecision, formatRequest, traceLines } from './report/explain-decision';
export { toPolicy, isPolicy, type PolicyInput, type PolicyDocument, type PolicyInputOptions } from './policy/policy-input';
export { parsePolicy, checkPolicy } from './policy/parse-policy';
export { loadPolicyFile } from './policy/load-policy-file';
export type { PolicyType } from './policy/policy-type';
export { PolicyValidationError, formatIssue, type PolicyIssue } from './policy/policy-issue';
export type { Policy, PolicyStatement, ConditionClause, PrincipalSpec, LocatedString } from './policy/policy-model';
export { formatPosition, type SourcePosition } from './policy/source-position';
// Importing anything from 'jest-iam' also brings the matcher type declarations (the
// `expect(...).toAllow(...)` augmentation of Jest's and @jest/globals' types).
export type { IamMatchers, IamMatcherOptions, ReceivedPolicies } from '../matchers';
export { loadScenario, expandCells, defineScenarioSuite, type Scenario, type ScenarioCell } from './scenario';
export { buildAccessMatrix, type AccessMatrix } from './report/access-matrix';
export type { AccessScope } from './report/access-scope';
export { diffAccess, hasNewAccess, type AccessDiff } from './report/access-diff';
export { formatDiff } from './report/access-diff-format';
export { checkNeverAllow, type NeverAllowReport } from './report/never-allow';
export { formatAccessSnapshot } from './report/access-snapshot-text';
export { renderHtmlReport } from './report/html-report';
export { recordDecision } from './report/record-decision';
export { statementCoverage } from './report/statement-coverage';
export { readPolicySource } from './policy-sources/read-policy-source';
