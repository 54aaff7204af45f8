import { evaluate, matches } from './condition-helpers';
import { describeConditionOutcome } from '../../../src/explain/decision-wording';

// IAM User Guide, reference_policies_elements_condition_operators.md, "Boolean condition operators".
describe('Bool (reference_policies_elements_condition_operators.md#Conditions_Boolean)', () => {
  const k = 'aws:SecureTransport';

  test('Bool matches the same truth value (the aws:SecureTransport table)', () => {
    expect(matches('Bool', k, 'false', { [k]: 'false' })).toBe(true);
    expect(matches('Bool', k, 'false', { [k]: true })).toBe(false);
    expect(matches('Bool', k, 'false', {})).toBe(false);
  });

  test('true/false are read case-insensitively on both sides', () => {
    expect(matches('Bool', k, 'TRUE', { [k]: 'True' })).toBe(true);
  });

  test('a request value that is not true/false does not match', () => {
    const o = evaluate('Bool', k, 'true', { [k]: 'yes' });
    expect(o.matched).toBe(false);
    expect(describeConditionOutcome(o)).toContain('request value "yes" is not true or false');
  });
});

// reference_policies_elements_condition_operators.md, "Binary condition operators": byte-for-byte against base64.
describe('BinaryEquals (reference_policies_elements_condition_operators.md#Conditions_BinaryEquals)', () => {
  const policy = 'QmluYXJ5VmFsdWVJbkJhc2U2NA==';

  test('matches the same bytes, not other values (the page table)', () => {
    expect(matches('BinaryEquals', 'key', policy, { key: policy })).toBe(true);
    expect(matches('BinaryEquals', 'key', policy, { key: Buffer.from('other').toString('base64') })).toBe(false);
    expect(matches('BinaryEquals', 'key', policy, {})).toBe(false);
  });

  test('a request value that is not base64 does not match', () => {
    const o = evaluate('BinaryEquals', 'key', policy, { key: 'ASIAIOSFODNN7EXAMPLE!' });
    expect(o.matched).toBe(false);
    expect(describeConditionOutcome(o)).toContain('is not base64');
  });
});

// reference_policies_elements_condition_operators.md, "Condition operator to check existence of condition keys".
describe('Null (reference_policies_elements_condition_operators.md#Conditions_Null)', () => {
  const k = 'aws:TokenIssueTime';

  test('"true" means the key is absent', () => {
    expect(matches('Null', k, 'true', {})).toBe(true);
    expect(matches('Null', k, 'true', { [k]: '2020-01-01T00:00:00Z' })).toBe(false);
  });

  test('"false" means the key is present', () => {
    expect(matches('Null', k, 'false', { [k]: '2020-01-01T00:00:00Z' })).toBe(true);
    const o = evaluate('Null', k, 'false', {});
    expect(o.matched).toBe(false);
    expect(o.missingKey).toBe(true);
    expect(describeConditionOutcome(o)).toBe('Null aws:TokenIssueTime: aws:TokenIssueTime is not in the request, but "false" requires it to be present');
  });

  test('a key given with an empty list has no value: it counts as null', () => {
    expect(matches('Null', 'aws:TagKeys', 'true', { 'aws:TagKeys': [] })).toBe(true);
  });
});
