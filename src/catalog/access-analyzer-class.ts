import type { PolicyIssue } from '../diagnostics/policy-issue';
import type { ValidationConfig } from './validation-config';

/**
 * The finding types of IAM Access Analyzer's policy validation (IAM User Guide,
 * access-analyzer-reference-policy-checks.md): an ERROR is a part of the policy that is invalid,
 * a SECURITY_WARNING grants more than it seems to, a WARNING probably does not work as meant,
 * a SUGGESTION is a best practice.
 */
export type AccessAnalyzerFindingType = 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';

/** The Access Analyzer check each service-reference finding of a policy corresponds to. */
export const ACCESS_ANALYZER_CHECK: Readonly<Record<string, { type: AccessAnalyzerFindingType; check: string }>> = Object.freeze({
  // "Error – Invalid service in action" / "Error – Invalid service".
  'unknown-service-in-policy': { type: 'ERROR', check: 'Invalid service in action' },
  // "Error – Invalid action": "The action does not exist. Did you mean ...?"
  'unknown-action-in-policy': { type: 'ERROR', check: 'Invalid action' },
  // "Error – Invalid service condition key" and "Error – Invalid global condition key".
  'unknown-condition-key': { type: 'ERROR', check: 'Invalid condition key' },
  // "General Warning – Type mismatch": the operator does not suit the key's type.
  'condition-operator-type': { type: 'WARNING', check: 'Type mismatch' },
  // A multivalued key compared without ForAnyValue/ForAllValues probably does not work as meant.
  'missing-set-qualifier': { type: 'WARNING', check: 'Multivalued key without set operator' },
  // "Security Warning – ForAllValues with single valued key": it also allows a request without the key.
  'set-qualifier-single-valued': { type: 'SECURITY_WARNING', check: 'ForAllValues with single valued key' },
});

/**
 * The levels `jest-iam validate` starts from: each policy finding at the level of its Access
 * Analyzer class (ERROR an error, the warnings warnings). The matchers keep their own defaults:
 * AWS accepts and evaluates such a policy, and a test is about its decisions.
 */
export const VALIDATE_DEFAULT_LEVELS: Readonly<Partial<ValidationConfig>> = Object.freeze({
  unknownServiceInPolicy: 'error',
  unknownActionInPolicy: 'error',
  unknownConditionKey: 'error',
  conditionOperatorType: 'warning',
});

/** `ERROR Invalid action` for an issue code Access Analyzer has a check for. */
export function accessAnalyzerLabel(issue: Pick<PolicyIssue, 'code'>): string | undefined {
  const c = Object.prototype.hasOwnProperty.call(ACCESS_ANALYZER_CHECK, issue.code) ? ACCESS_ANALYZER_CHECK[issue.code] : undefined;
  return c ? `${c.type}: ${c.check}` : undefined;
}
