/**
 * Checks one `operator: { key: values }` clause of a Condition block the way IAM does when a
 * policy is saved: the operator must exist (IAM User Guide,
 * reference_policies_elements_condition_operators.md) and every value must be readable by it (a
 * number for Numeric, a date for Date, a CIDR for IpAddress, true/false for Bool and Null, base64
 * for BinaryEquals).
 */

import type { PolicyIssue } from '../diagnostics/policy-issue';
import type { ConditionClause, PolicyVersion } from './condition-clause';
import { quote } from '../diagnostics/issue-list';
import { parseOperator, type ParsedOperator } from './parse-operator';

/** A clause with its operator and values read, or the issues that stopped it. */
export interface CheckedClause {
  issues: PolicyIssue[];
  /** Present when the operator is known. */
  operator?: ParsedOperator;
  /** Parsed values in clause order; complete only when `issues` holds no error. */
  values: unknown[];
}

/** Whether `${...}` in this clause's values are policy variables. */
export function variablesApply(operator: ParsedOperator, version: PolicyVersion): boolean {
  // reference_policies_variables.md: variables exist only from policy language 2012-10-17.
  return version === '2012-10-17' && operator.descriptor.variables;
}

/** Reads the operator and every value once; shared by validation and compilation. */
export function checkConditionClause(clause: ConditionClause, version: PolicyVersion): CheckedClause {
  const issues: PolicyIssue[] = [];
  const op = parseOperator(clause.operator);
  if (!op.ok) {
    issues.push(issue('error', op.code, op.message, clause.operatorPos, ['Condition', clause.operator]));
    return { issues, values: [] };
  }
  const operator = op.operator;
  if (op.warning) issues.push(issue('warning', 'null-set-qualifier', op.warning, clause.operatorPos, ['Condition', clause.operator]));
  const d = operator.descriptor;
  const variables = variablesApply(operator, version);
  const values: unknown[] = [];
  clause.values.forEach((v, i) => {
    const r = d.kind === 'existence' ? d.parsePolicyValue(v.value) : d.parsePolicyValue(v.value, { variables });
    if (r.ok) {
      values.push(r.value);
      return;
    }
    const hint = !d.variables && v.value.includes('${') ? ` (policy variables cannot be used with ${d.family} operators)` : '';
    issues.push(
      issue(
        'error',
        'bad-condition-value',
        `${clause.operator} value ${quote(v.value, 200)} for ${cut(clause.key)} ${r.message}${hint}`,
        v.pos ?? clause.keyPos,
        ['Condition', clause.operator, clause.key, i],
      ),
    );
  });
  return { issues, operator, values };
}

/**
 * Every problem in one Condition clause: an unknown or miscased operator (error at the operator,
 * with the nearest real operator as a suggestion), `IfExists` on `Null`, and each value the
 * operator cannot read (error at that value).
 */
export function validateConditionClause(clause: ConditionClause, version: PolicyVersion): PolicyIssue[] {
  return checkConditionClause(clause, version).issues;
}

function issue(severity: PolicyIssue['severity'], code: string, message: string, pos: ConditionClause['operatorPos'], path: (string | number)[]): PolicyIssue {
  const out: PolicyIssue = { severity, code, message, path };
  if (pos) out.pos = pos;
  return out;
}

/** A condition key for a message, cut short so a 1 MB key cannot flood the output. */
function cut(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
