import { evaluate, matches } from './condition-helpers';
import { describeConditionOutcome } from '../../../src/explain/decision-wording';

const TK = 'aws:TagKeys';

// IAM User Guide, reference_policies_condition-single-vs-multi-valued-context-keys.md, "ForAllValues":
// true if every request value matches a policy value, and true if the key is not in the request.
describe('ForAllValues (reference_policies_condition-single-vs-multi-valued-context-keys.md)', () => {
  const allowed = ['environment', 'cost-center'];

  test('the ec2:DeleteTags table: subsets of the allowed keys match, an extra key does not', () => {
    expect(matches('ForAllValues:StringEquals', TK, allowed, { [TK]: ['environment'] })).toBe(true);
    expect(matches('ForAllValues:StringEquals', TK, allowed, { [TK]: ['environment', 'cost-center'] })).toBe(true);
    const o = evaluate('ForAllValues:StringEquals', TK, allowed, { [TK]: ['environment', 'dept'] });
    expect(o.matched).toBe(false);
    expect(describeConditionOutcome(o)).toBe('ForAllValues:StringEquals aws:TagKeys: request value "dept" is not any of "environment", "cost-center"');
  });

  test('a missing key matches (the docs warn this is permissive)', () => {
    const o = evaluate('ForAllValues:StringEquals', TK, allowed, {});
    expect(o.matched).toBe(true);
    expect(o.missingKey).toBe(true);
  });

  test('an empty key (empty list, or only an empty string) matches (reference_policies_multi-value-conditions.md note)', () => {
    expect(matches('ForAllValues:StringEquals', TK, allowed, { [TK]: [] })).toBe(true);
    expect(matches('ForAllValues:StringEquals', TK, allowed, { [TK]: [''] })).toBe(true);
  });

  test('negated: none of the request values may match any policy value; a missing key matches', () => {
    // reference_policies_condition_examples-multi-valued-context-keys.md, ForAllValues:StringNotLike "key1*" table.
    expect(matches('ForAllValues:StringNotLike', TK, 'key1*', { [TK]: ['key1:legal'] })).toBe(false);
    expect(matches('ForAllValues:StringNotLike', TK, 'key1*', { [TK]: ['key1:hr', 'key1:personnel'] })).toBe(false);
    expect(matches('ForAllValues:StringNotLike', TK, 'key1*', { [TK]: ['key2:audit'] })).toBe(true);
    expect(matches('ForAllValues:StringNotLike', TK, 'key1*', {})).toBe(true);
    expect(matches('ForAllValues:StringNotLike', TK, ['key1*', 'key2*'], { [TK]: ['key1:hr', 'key2:audit'] })).toBe(false);
    expect(matches('ForAllValues:StringNotLike', TK, ['key1*', 'key2*'], { [TK]: ['key3:legal'] })).toBe(true);
  });

  test('the Null "false" guard makes the missing key fail the statement (AND across clauses)', () => {
    expect(matches('Null', TK, 'false', {})).toBe(false);
  });

  test('a single-valued key with ForAllValues is a one-element set', () => {
    expect(matches('ForAllValues:StringEquals', 'aws:RequestTag/env', ['dev', 'test'], { 'aws:RequestTag/env': 'dev' })).toBe(true);
    expect(matches('ForAllValues:StringEquals', 'aws:RequestTag/env', ['dev', 'test'], { 'aws:RequestTag/env': 'prod' })).toBe(false);
  });
});

// Same page, "ForAnyValue": true if any request value matches any policy value; false when the key does not exist.
describe('ForAnyValue (reference_policies_condition-single-vs-multi-valued-context-keys.md)', () => {
  const wanted = ['environment', 'cost-center'];

  test('the ec2:DeleteTags table', () => {
    expect(matches('ForAnyValue:StringEquals', TK, wanted, { [TK]: ['environment', 'dept'] })).toBe(true);
    expect(matches('ForAnyValue:StringEquals', TK, wanted, { [TK]: ['cost-center'] })).toBe(true);
    const o = evaluate('ForAnyValue:StringEquals', TK, wanted, { [TK]: ['dept'] });
    expect(o.matched).toBe(false);
    expect(describeConditionOutcome(o)).toBe('ForAnyValue:StringEquals aws:TagKeys: no request value ("dept") is any of "environment", "cost-center"');
  });

  test('a missing key does not match', () => {
    const o = evaluate('ForAnyValue:StringEquals', TK, wanted, {});
    expect(o.matched).toBe(false);
    expect(o.missingKey).toBe(true);
  });

  test('an empty key does not match (reference_policies_multi-value-conditions.md note)', () => {
    expect(matches('ForAnyValue:StringEquals', TK, wanted, { [TK]: [''] })).toBe(false);
    expect(matches('ForAnyValue:StringEquals', TK, wanted, { [TK]: [] })).toBe(false);
  });

  test('negated: at least one request value must match none of the policy values; missing is false', () => {
    // reference_policies_elements_condition_operators.md, multivalued string operators table.
    expect(matches('ForAnyValue:StringNotEquals', TK, ['DataClass', 'Owner'], { [TK]: ['Owner', 'Project'] })).toBe(true);
    expect(matches('ForAnyValue:StringNotEquals', TK, ['DataClass', 'Owner'], { [TK]: ['Owner', 'DataClass'] })).toBe(false);
    expect(matches('ForAnyValue:StringNotEquals', TK, ['DataClass', 'Owner'], {})).toBe(false);
  });

  test('ForAnyValue is case-sensitive for StringEquals (the CreateTags example: Environment is not environment)', () => {
    expect(matches('ForAnyValue:StringEquals', TK, 'environment', { [TK]: ['Environment'] })).toBe(false);
  });
});

// reference_policies_condition-single-vs-multi-valued-context-keys.md: "Multivalued context keys require a condition
// set operator." Our reading for a bare operator: several request values form no single value to compare.
describe('A multivalued request key without a set qualifier (reference_policies_condition-single-vs-multi-valued-context-keys.md)', () => {
  test('a positive operator does not match several values, and the reason says to add a qualifier', () => {
    const o = evaluate('StringEquals', 'aws:CalledVia', 'athena.amazonaws.com', { 'aws:CalledVia': ['athena.amazonaws.com', 'glue.amazonaws.com'] });
    expect(o.matched).toBe(false);
    expect(describeConditionOutcome(o)).toContain('without ForAllValues or ForAnyValue');
  });

  test('a negated operator matches several values', () => {
    expect(matches('StringNotEquals', 'aws:CalledVia', 'athena.amazonaws.com', { 'aws:CalledVia': ['athena.amazonaws.com', 'glue.amazonaws.com'] })).toBe(true);
  });

  test('a list holding one value compares like a single value', () => {
    expect(matches('StringEquals', 'aws:CalledVia', 'athena.amazonaws.com', { 'aws:CalledVia': ['athena.amazonaws.com'] })).toBe(true);
  });
});

// reference_policies_condition-logic-multiple-context-keys-or-values.md: values of one key are ORed.
describe('OR across the values of one key (reference_policies_condition-logic-multiple-context-keys-or-values.md)', () => {
  test('any one policy value matching is enough for a positive operator', () => {
    const k = 'aws:PrincipalTag/department';
    expect(matches('StringEquals', k, ['finance', 'hr', 'legal'], { [k]: 'legal' })).toBe(true);
    expect(matches('StringEquals', k, ['finance', 'hr', 'legal'], { [k]: 'payroll' })).toBe(false);
  });
});
