import { evaluate, matches } from './condition-helpers';
import { describeConditionOutcome } from '../../../src/explain/decision-wording';

// IAM User Guide, reference_policies_elements_condition_operators.md (Important): "If the key that you specify in a
// policy condition is not present in the request context, the values do not match and the condition is false. If the
// policy condition requires that the key is not matched, such as StringNotLike or ArnNotLike, and the right key is not
// present, the condition is true."
describe('A key missing from the request (reference_policies_elements_condition_operators.md)', () => {
  test.each([
    ['StringEquals', 'x'],
    ['StringLike', '*'],
    ['NumericLessThan', '10'],
    ['DateGreaterThan', '2020-01-01T00:00:00Z'],
    ['Bool', 'true'],
    ['BinaryEquals', 'QQ=='],
    ['IpAddress', '0.0.0.0/0'],
    ['ArnLike', '*'],
  ])('positive operator %s is false', (op, value) => {
    const o = evaluate(op, 'custom:absent', value, { other: '1' });
    expect(o.matched).toBe(false);
    expect(o.missingKey).toBe(true);
    expect(describeConditionOutcome(o)).toBe(`${op}: custom:absent is not in the request`);
  });

  test.each([
    ['StringNotEquals', 'x'],
    ['StringNotLike', '*'],
    ['StringNotEqualsIgnoreCase', 'x'],
    ['NumericNotEquals', '10'],
    ['DateNotEquals', '2020-01-01T00:00:00Z'],
    ['NotIpAddress', '10.0.0.0/8'],
    ['ArnNotLike', 'arn:aws:iam::*:user/x'],
    ['ArnNotEquals', 'arn:aws:iam::*:user/x'],
  ])('negated operator %s is true', (op, value) => {
    const o = evaluate(op, 'custom:absent', value, {});
    expect(o.matched).toBe(true);
    expect(o.missingKey).toBe(true);
  });

  test('a key given with an empty list counts as missing', () => {
    expect(matches('StringEquals', 'custom:k', 'x', { 'custom:k': [] })).toBe(false);
    expect(matches('StringNotEquals', 'custom:k', 'x', { 'custom:k': [] })).toBe(true);
  });
});

// reference_policies_elements_condition_operators.md (...IfExists): "If the key is not present, evaluate the condition
// element as true"; when present, the key is processed as the operator specifies.
describe('...IfExists (reference_policies_elements_condition_operators.md#Conditions_IfExists)', () => {
  const k = 'ec2:InstanceType';
  const types = ['t1.*', 't2.*', 'm3.*'];

  test('StringLikeIfExists: the page table (t1.micro match, m2.micro no match, missing match)', () => {
    expect(matches('StringLikeIfExists', k, types, { [k]: 't1.micro' })).toBe(true);
    expect(matches('StringLikeIfExists', k, types, { [k]: 'm2.micro' })).toBe(false);
    const o = evaluate('StringLikeIfExists', k, types, {});
    expect(o.matched).toBe(true);
    expect(o.missingKey).toBe(true);
    expect(describeConditionOutcome(o)).toContain('IfExists makes a missing key match');
  });

  test('a negated IfExists operator is true for a missing key and negated when present', () => {
    expect(matches('StringNotEqualsIfExists', 'aws:ResourceTag/env', 'prod', {})).toBe(true);
    expect(matches('StringNotEqualsIfExists', 'aws:ResourceTag/env', 'prod', { 'aws:ResourceTag/env': 'prod' })).toBe(false);
    expect(matches('StringNotEqualsIfExists', 'aws:ResourceTag/env', 'prod', { 'aws:ResourceTag/env': 'dev' })).toBe(true);
  });

  test('IfExists works on every family, e.g. NumericLessThanIfExists and IpAddressIfExists', () => {
    expect(matches('NumericLessThanIfExists', 's3:max-keys', '10', {})).toBe(true);
    expect(matches('NumericLessThanIfExists', 's3:max-keys', '10', { 's3:max-keys': '20' })).toBe(false);
    expect(matches('IpAddressIfExists', 'aws:SourceIp', '10.0.0.0/8', {})).toBe(true);
  });

  test('ForAnyValue with IfExists is true when the key is missing', () => {
    expect(matches('ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', 'env', {})).toBe(true);
    expect(matches('ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', 'env', { 'aws:TagKeys': ['dept'] })).toBe(false);
  });
});
