import { checkPolicy, parsePolicy } from '../../../src/policy/parse-policy';
import { lines, locate, oneIssue, where } from './policy-test-helpers';

function withCondition(condition: string): string {
  return lines(
    '{',
    '  "Version": "2012-10-17",',
    '  "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",',
    `    "Condition": ${condition}`,
    '  }',
    '}',
  );
}

// IAM User Guide, reference_policies_grammar.md: "Condition" : { <condition_type_string> :
// { <condition_key_string> : <condition_value_list> }, ... } with <condition_value> =
// ("string" | "number" | "Boolean").
describe('Condition block (reference_policies_grammar.md, reference_policies_elements_condition.md)', () => {
  test('every operator/key pair becomes one clause with positions', () => {
    const text = withCondition(
      '{"StringEquals": {"aws:PrincipalTag/team": ["blue", "red"], "aws:RequestedRegion": "eu-west-1"}, "NumericLessThan": {"s3:max-keys": 10}}',
    );
    const [s] = parsePolicy(text).statements;
    expect(s.conditions.map((c) => [c.operator, c.key, c.values.map((v) => v.value)])).toEqual([
      ['StringEquals', 'aws:PrincipalTag/team', ['blue', 'red']],
      ['StringEquals', 'aws:RequestedRegion', ['eu-west-1']],
      ['NumericLessThan', 's3:max-keys', ['10']],
    ]);
    expect(s.conditions[0].operatorPos).toMatchObject({ line: 4, column: 19 });
    expect(s.conditions[0].keyPos).toMatchObject({ line: 4, column: 36 });
    expect(`${s.conditions[0].values[1].pos?.line}:${s.conditions[0].values[1].pos?.column}`).toBe(locate(text, '"red"'));
    expect(`${s.conditions[2].keyPos?.line}:${s.conditions[2].keyPos?.column}`).toBe(locate(text, '"s3:max-keys"'));
  });

  test('numbers and booleans become their text (JSON: as written)', () => {
    const [s] = parsePolicy(withCondition('{"Bool": {"aws:SecureTransport": true}, "NumericEquals": {"s3:max-keys": 1.50}}')).statements;
    expect(s.conditions.map((c) => c.values[0].value)).toEqual(['true', '1.50']);
  });

  test('the empty string is a valid condition value (reference_policies_elements_statement.md example "s3:prefix": "")', () => {
    const [s] = parsePolicy(withCondition('{"StringLike": {"s3:prefix": ["", "home/"]}}')).statements;
    expect(s.conditions[0].values.map((v) => v.value)).toEqual(['', 'home/']);
  });

  test.each([
    ['null', '{"StringEquals": {"aws:username": null}}', 'null'],
    ['a nested object', '{"StringEquals": {"aws:username": {"x": "y"}}}', '{"x"'],
    ['a nested list', '{"StringEquals": {"aws:username": ["a", ["b"]]}}', '["b"]'],
  ])('%s as a condition value is an error at that value', (_label, condition, needle) => {
    const text = withCondition(condition);
    const issue = oneIssue(text, 'bad-condition-value');
    expect(issue.message).toContain('condition values must be strings, numbers, booleans or a list of them');
    expect(where(issue)).toBe(locate(text, needle));
  });

  test('an empty value list is a warning with its location, not an error (Access Analyzer: "Empty array condition" is a Suggestion)', () => {
    const text = withCondition('{"StringEquals": {"aws:username": []}}');
    const issue = oneIssue(text, 'empty-condition-values');
    expect(issue.severity).toBe('warning');
    expect(where(issue)).toBe(locate(text, '[]'));
  });

  test('an operator whose value is not an object is an error', () => {
    const text = withCondition('{"StringEquals": "aws:username"}');
    const issue = oneIssue(text, 'bad-value-type');
    expect(where(issue)).toBe(locate(text, '"aws:username"'));
    expect(issue.path).toEqual(['Statement', 'Condition', 'StringEquals']);
  });

  test('a Condition that is not an object is an error', () => {
    expect(where(oneIssue(withCondition('["StringEquals"]'), 'bad-value-type'))).toBe('4:18');
  });

  test('an empty Condition is only a warning', () => {
    const { policy, issues } = checkPolicy(withCondition('{}'));
    expect(policy).toBeDefined();
    expect(issues.map((i) => [i.severity, i.code])).toEqual([['warning', 'empty-condition']]);
  });

  test('operator names are handed to validateConditionClause, whose issues carry the statement path', () => {
    const text = withCondition('{"StringEqualz": {"aws:username": "bob"}}');
    const { policy, issues } = checkPolicy(text);
    expect(policy).toBeUndefined();
    const errors = issues.filter((i) => i.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(where(errors[0])).toBe(locate(text, '"StringEqualz"'));
    expect(errors[0].path?.slice(0, 3)).toEqual(['Statement', 'Condition', 'StringEqualz']);
  });

  test('condition keys named like Object.prototype members are plain keys', () => {
    const text = withCondition('{"StringEquals": {"constructor": "x", "toString": "y"}}');
    expect(parsePolicy(text).statements[0].conditions.map((c) => c.key)).toEqual(['constructor', 'toString']);
  });
});
