import { nearestOperator, parseOperator } from '../../../src/conditions/parse-operator';
import { lookupOperator, operatorRegistry } from '../../../src/conditions/operators/registry';

// IAM User Guide, reference_policies_elements_condition_operators.md lists the operators; the set qualifiers come
// from reference_policies_condition-single-vs-multi-valued-context-keys.md.
describe('Operator names (reference_policies_elements_condition_operators.md)', () => {
  test('the registry holds every documented base operator, keyed by lower-case name', () => {
    const names = [...operatorRegistry.values()].map((d) => d.name).sort();
    expect(names).toEqual(
      [
        'ArnEquals',
        'ArnLike',
        'ArnNotEquals',
        'ArnNotLike',
        'BinaryEquals',
        'Bool',
        'DateEquals',
        'DateGreaterThan',
        'DateGreaterThanEquals',
        'DateLessThan',
        'DateLessThanEquals',
        'DateNotEquals',
        'IpAddress',
        'NotIpAddress',
        'Null',
        'NumericEquals',
        'NumericGreaterThan',
        'NumericGreaterThanEquals',
        'NumericLessThan',
        'NumericLessThanEquals',
        'NumericNotEquals',
        'StringEquals',
        'StringEqualsIgnoreCase',
        'StringLike',
        'StringNotEquals',
        'StringNotEqualsIgnoreCase',
        'StringNotLike',
      ].sort(),
    );
    expect(operatorRegistry.get('stringequals')?.name).toBe('StringEquals');
  });

  test('negation, variables and wildcards per family', () => {
    expect(lookupOperator('StringNotLike')).toMatchObject({ negated: true, variables: true, wildcards: true });
    expect(lookupOperator('StringEquals')).toMatchObject({ negated: false, variables: true, wildcards: false });
    expect(lookupOperator('ArnNotEquals')).toMatchObject({ negated: true, variables: true, wildcards: true });
    expect(lookupOperator('NotIpAddress')).toMatchObject({ negated: true, variables: false });
    expect(lookupOperator('NumericLessThan')).toMatchObject({ negated: false, variables: false, wildcards: false });
    expect(lookupOperator('Bool')).toMatchObject({ variables: false });
  });

  test('splits ForAllValues: / ForAnyValue: and IfExists', () => {
    const r = parseOperator('ForAnyValue:StringLikeIfExists');
    expect(r.ok && { q: r.operator.qualifier, ifExists: r.operator.ifExists, base: r.operator.descriptor.name }).toEqual({
      q: 'ForAnyValue',
      ifExists: true,
      base: 'StringLike',
    });
    const plain = parseOperator('NumericLessThan');
    expect(plain.ok && { q: plain.operator.qualifier, ifExists: plain.operator.ifExists }).toEqual({ q: undefined, ifExists: false });
  });

  test('operator names are case-sensitive: a miscased name is unknown, with the right spelling suggested', () => {
    // IAM answers "MalformedPolicyDocument: Invalid Condition type : stringEquals".
    const r = parseOperator('stringEquals');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.suggestion).toBe('StringEquals');
    expect(!r.ok && r.message).toBe('unknown condition operator "stringEquals"; did you mean "StringEquals"? (operator names are case-sensitive)');
    const q = parseOperator('forallvalues:stringlike');
    expect(!q.ok && q.suggestion).toBe('ForAllValues:StringLike');
    expect(parseOperator('StringLikeifexists').ok).toBe(false);
  });

  test('a misspelt operator gets the nearest real one', () => {
    expect(nearestOperator('StringEqual')).toBe('StringEquals');
    expect(nearestOperator('NumericLessThen')).toBe('NumericLessThan');
    expect(nearestOperator('ForAllValue:StringEquals')).toBe('ForAllValues:StringEquals');
    expect(nearestOperator('IPAddress')).toBe('IpAddress');
    expect(nearestOperator('x'.repeat(500))).toBeUndefined();
  });

  test('an unknown qualifier is an unknown operator', () => {
    const r = parseOperator('ForEachValue:StringEquals');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.code).toBe('unknown-condition-operator');
  });

  test('Null cannot take IfExists (reference_policies_elements_condition_operators.md#Conditions_IfExists)', () => {
    const r = parseOperator('NullIfExists');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.code).toBe('null-ifexists');
    expect(!r.ok && r.suggestion).toBe('Null');
  });
});
