/**
 * ARN condition operators. IAM User Guide, reference_policies_elements_condition_operators.md
 * (Amazon Resource Name (ARN) condition operators): "Case-sensitive matching of the ARN. Each of
 * the six colon-delimited components of the ARN is checked separately and each can include
 * multi-character match wildcards (*) or single-character match wildcards (?). The ArnEquals and
 * ArnLike condition operators behave identically" (likewise ArnNotEquals and ArnNotLike);
 * "Policy variables – Supported". The segment-wise matching lives in `src/match/arn.ts`.
 */

import { compileArnPattern, type ArnPattern } from '../../match/arn';
import { quote } from '../../diagnostics/issue-list';
import { parsed, rejected, type ComparisonOperator } from './operator-descriptor';

/** `arn:` followed by five more colon-separated parts (the last may hold further colons). */
function isArnPattern(value: string): boolean {
  return /^arn:[^:]*:[^:]*:[^:]*:[^:]*:.+/.test(value);
}

function arnOperator(name: string, negated: boolean): ComparisonOperator<ArnPattern, string> {
  return {
    kind: 'comparison',
    name,
    family: 'Arn',
    negated,
    variables: true,
    wildcards: true,
    relation: 'like',
    expects: 'an ARN',
    parsePolicyValue: (raw, opts) => {
      // A value that is no ARN matches no ARN: with a negated operator it would match every
      // request, so a typo there is an error, not a silent allow or deny. Values holding a
      // policy variable are checked once it is substituted.
      if (raw !== '*' && !(opts.variables && raw.includes('${')) && !isArnPattern(raw)) {
        return rejected(`${quote(raw, 80)} is not an ARN (arn:partition:service:region:account-id:resource, wildcards allowed in each part)`);
      }
      return parsed(compileArnPattern(raw, opts.variables, true));
    },
    // AWS fills ARN keys (aws:SourceArn, aws:PrincipalArn) with ARNs; a test value that is no
    // ARN matches no pattern, so in a Deny with ArnEquals it would quietly argue the Deny away.
    // It is flagged (request-value-check.ts) and, as AWS reads it, matches nothing.
    parseRequestValue: (raw) => (isArnPattern(raw) ? parsed(raw) : rejected(`is not an ARN (arn:partition:service:region:account-id:resource)`)),
    matches(request, policy, ctx) {
      const m = policy.match(request, ctx);
      return typeof m === 'boolean' ? m : { unresolved: m.missing };
    },
  };
}

export const ArnEquals = arnOperator('ArnEquals', false);
export const ArnLike = arnOperator('ArnLike', false);
export const ArnNotEquals = arnOperator('ArnNotEquals', true);
export const ArnNotLike = arnOperator('ArnNotLike', true);

/** Every ARN operator, for the registry. */
export const arnOperators = [ArnEquals, ArnLike, ArnNotEquals, ArnNotLike];
