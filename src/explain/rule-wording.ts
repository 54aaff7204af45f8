import type { RuleCode } from '../engine/decision';

/** The words for each special rule a decision can carry (the engine writes only the code). */
export const RULE_WORDING: Record<RuleCode, string> = {
  'no-permission-required': 'the action needs no permission: AWS allows it whatever the policies say, even under an explicit Deny (AWS STS API Reference)',
  'endpoint-policy-no-allow': 'the request goes through a VPC endpoint whose policy does not allow it; an endpoint policy must allow every request and never grants on its own (AWS PrivateLink Guide)',
};

/** The wording of a decision's special rule, or undefined. */
export function ruleWording(rule: RuleCode | undefined): string | undefined {
  return rule ? RULE_WORDING[rule] : undefined;
}
