import { compareDecimal, parseDecimal } from '../../../src/conditions/operators/decimal';
import { evaluate, matches } from './condition-helpers';
import { describeConditionOutcome } from '../../../src/explain/decision-wording';

// IAM User Guide, reference_policies_elements_condition_operators.md, "Numeric condition operators".
describe('Numeric operators (reference_policies_elements_condition_operators.md#Conditions_Numeric)', () => {
  const k = 's3:max-keys';

  test('NumericLessThanEquals allows up to the policy value (the s3:max-keys example)', () => {
    expect(matches('NumericLessThanEquals', k, '10', { [k]: '10' })).toBe(true);
    expect(matches('NumericLessThanEquals', k, '10', { [k]: 9 })).toBe(true);
    expect(matches('NumericLessThanEquals', k, '10', { [k]: '11' })).toBe(false);
  });

  test.each([
    ['NumericEquals', '5', '5.0', true],
    ['NumericEquals', '5', '5.01', false],
    ['NumericNotEquals', '5', '6', true],
    ['NumericNotEquals', '5', '05', false],
    ['NumericLessThan', '2.5', '2.49', true],
    ['NumericLessThan', '2.5', '2.5', false],
    ['NumericGreaterThan', '-1', '0', true],
    ['NumericGreaterThan', '-1', '-1.5', false],
    ['NumericGreaterThanEquals', '100', '100', true],
    ['NumericGreaterThanEquals', '100', '99.999', false],
  ])('%s %s against request %s -> %s (integers and decimals)', (op, policy, request, expected) => {
    expect(matches(op, 'custom:n', policy, { 'custom:n': request })).toBe(expected);
  });

  test('large integers compare exactly, without float rounding', () => {
    expect(matches('NumericGreaterThan', 'custom:n', '9007199254740992', { 'custom:n': '9007199254740993' })).toBe(true);
    expect(matches('NumericEquals', 'custom:n', '0.1', { 'custom:n': '0.10000000000000001' })).toBe(false);
  });

  test('a request value that is not a number does not match, and the reason says so (no request-time error)', () => {
    const o = evaluate('NumericLessThan', k, '10', { [k]: 'abc' });
    expect(o.matched).toBe(false);
    expect(describeConditionOutcome(o)).toContain('request value "abc" is not a number');
    expect(matches('NumericNotEquals', k, '10', { [k]: 'abc' })).toBe(false);
  });

  test('decimal parsing normalises zeros and signs', () => {
    expect(compareDecimal(parseDecimal('-0')!, parseDecimal('0.000')!)).toBe(0);
    expect(compareDecimal(parseDecimal('+.5')!, parseDecimal('0.50')!)).toBe(0);
    expect(compareDecimal(parseDecimal('-2')!, parseDecimal('-10')!)).toBe(1);
    expect(parseDecimal('1e3')).toBeNull();
    expect(parseDecimal('')).toBeNull();
    expect(parseDecimal('.')).toBeNull();
  });
});
