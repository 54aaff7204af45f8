/**
 * Numeric condition operators. IAM User Guide, reference_policies_elements_condition_operators.md
 * (Numeric condition operators): compare "an integer or decimal value"; "Policy variables – Not
 * supported", "Wildcards – Not supported" (so `${...}` or `*` in a value is simply not a number).
 */

import { compareDecimal, parseDecimal, type Decimal } from './decimal';
import { parsed, rejected, type ComparisonOperator, type ParseOutcome } from './operator-descriptor';

function readNumber(raw: string): ParseOutcome<Decimal> {
  const d = parseDecimal(raw);
  return d ? parsed(d) : rejected('is not a number (an integer or decimal such as 10 or 2.5)');
}

function numericOperator(name: string, negated: boolean, relation: string, holds: (cmp: number) => boolean): ComparisonOperator<Decimal, Decimal> {
  return {
    kind: 'comparison',
    name,
    family: 'Numeric',
    negated,
    variables: false,
    wildcards: false,
    relation,
    expects: 'a number',
    parsePolicyValue: (raw) => readNumber(raw),
    parseRequestValue: (raw) => readNumber(raw),
    matches: (request, policy) => holds(compareDecimal(request, policy)),
  };
}

export const NumericEquals = numericOperator('NumericEquals', false, '', (c) => c === 0);
export const NumericNotEquals = numericOperator('NumericNotEquals', true, '', (c) => c === 0);
export const NumericLessThan = numericOperator('NumericLessThan', false, 'less than', (c) => c < 0);
export const NumericLessThanEquals = numericOperator('NumericLessThanEquals', false, 'less than or equal to', (c) => c <= 0);
export const NumericGreaterThan = numericOperator('NumericGreaterThan', false, 'greater than', (c) => c > 0);
export const NumericGreaterThanEquals = numericOperator('NumericGreaterThanEquals', false, 'greater than or equal to', (c) => c >= 0);

/** Every numeric operator, for the registry. */
export const numericOperators = [NumericEquals, NumericNotEquals, NumericLessThan, NumericLessThanEquals, NumericGreaterThan, NumericGreaterThanEquals];
