import { parseTree, type Node } from 'jsonc-parser';
import { compileCondition } from '../../../src/conditions/compile-condition';
import { validateConditionClause } from '../../../src/conditions/validate-condition';
import { PolicyValidationError } from '../../../src/diagnostics/policy-issue';
import type { ConditionClause, LocatedString } from '../../../src/policy/policy-model';
import { LineIndex } from '../../../src/diagnostics/source-position';

/** Reads a Condition block from JSON text into clauses with positions, as the policy parser does. */
function clausesFrom(text: string): ConditionClause[] {
  const lines = new LineIndex(text, 'policy.json');
  const root = parseTree(text) as Node;
  const out: ConditionClause[] = [];
  for (const opProp of root.children ?? []) {
    const [opKey, opBody] = opProp.children as Node[];
    for (const keyProp of opBody.children ?? []) {
      const [keyNode, valueNode] = keyProp.children as Node[];
      const valueNodes = valueNode.type === 'array' ? (valueNode.children ?? []) : [valueNode];
      const values: LocatedString[] = valueNodes.map((n) => ({ value: String(n.value), pos: lines.at(n.offset) }));
      out.push({ operator: opKey.value, key: keyNode.value, values, operatorPos: lines.at(opKey.offset), keyPos: lines.at(keyNode.offset) });
    }
  }
  return out;
}

const text = `{
  "NumericLessThan": { "s3:max-keys": ["10", "ten"] },
  "DateGreaterThan": { "aws:CurrentTime": "2019-13-01T00:00:00Z" },
  "IpAddress": { "aws:SourceIp": ["203.0.113.0/24", "203.0.113.0/33", "10.1"] },
  "Bool": { "aws:SecureTransport": "yes" },
  "BinaryEquals": { "custom:blob": "not base64!" },
  "Null": { "aws:TokenIssueTime": "maybe" },
  "stringEquals": { "aws:username": "ana" },
  "NumericEquals": { "custom:n": "\${aws:x}" }
}`;

// IAM User Guide, reference_policies_elements_condition_operators.md: each operator family accepts only its value form.
describe('Validating condition clauses (reference_policies_elements_condition_operators.md)', () => {
  const clauses = clausesFrom(text);
  const byOp = (op: string) =>
    validateConditionClause(
      clauses.find((c) => c.operator === op)!,
      '2012-10-17',
    );

  test('a bad number is an error at the exact line and column of the value', () => {
    const issues = byOp('NumericLessThan');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      severity: 'error',
      code: 'bad-condition-value',
      pos: { file: 'policy.json', line: 2, column: 46 },
      path: ['Condition', 'NumericLessThan', 's3:max-keys', 1],
    });
    expect(issues[0].message).toBe('NumericLessThan value "ten" for s3:max-keys is not a number (an integer or decimal such as 10 or 2.5)');
  });

  test('a bad date is an error at the value', () => {
    const [i] = byOp('DateGreaterThan');
    expect(i).toMatchObject({ code: 'bad-condition-value', pos: { line: 3, column: 43 } });
    expect(i.message).toContain('is not a date');
  });

  test('a bad CIDR prefix and a short-form IPv4 address are errors at each value', () => {
    const issues = byOp('IpAddress');
    expect(issues.map((i) => [i.pos?.line, i.pos?.column, i.path?.[3]])).toEqual([
      [4, 53, 1],
      [4, 71, 2],
    ]);
    expect(issues[0].message).toContain('bad prefix length (0 to 32 for IPv4)');
  });

  test('Bool, Null and BinaryEquals values must be true/false and base64', () => {
    expect(byOp('Bool')[0].message).toContain('"yes" for aws:SecureTransport is not true or false');
    expect(byOp('Null')[0].message).toContain('is not true or false');
    expect(byOp('BinaryEquals')[0].message).toContain('is not base64');
  });

  test('an unknown (miscased) operator is an error at the operator, with a suggestion and path Condition.<op>', () => {
    const [i] = byOp('stringEquals');
    expect(i).toMatchObject({ severity: 'error', code: 'unknown-condition-operator', pos: { line: 8, column: 3 }, path: ['Condition', 'stringEquals'] });
    expect(i.message).toContain('did you mean "StringEquals"?');
  });

  test('a policy variable where variables are not allowed is a bad value, with a hint', () => {
    // reference_policies_variables.md: "You can't use a policy variable with ... Numeric ... operators".
    expect(byOp('NumericEquals')[0].message).toContain('policy variables cannot be used with Numeric operators');
  });

  test('valid clauses have no issues', () => {
    expect(validateConditionClause({ operator: 'ForAllValues:StringLikeIfExists', key: 'aws:TagKeys', values: [{ value: 'a*' }] }, '2012-10-17')).toEqual([]);
    expect(validateConditionClause({ operator: 'DateLessThan', key: 'aws:EpochTime', values: [{ value: '1563278400' }] }, '2012-10-17')).toEqual([]);
    expect(validateConditionClause({ operator: 'IpAddress', key: 'aws:SourceIp', values: [{ value: '2001:DB8:1234:5678::/64' }] }, '2012-10-17')).toEqual([]);
  });

  test('a set qualifier on Null is accepted with a warning', () => {
    const issues = validateConditionClause({ operator: 'ForAnyValue:Null', key: 'aws:TagKeys', values: [{ value: 'true' }] }, '2012-10-17');
    expect(issues).toEqual([expect.objectContaining({ severity: 'warning', code: 'null-set-qualifier' })]);
  });

  test('compileCondition throws PolicyValidationError carrying every issue and its position', () => {
    const c = clauses.find((x) => x.operator === 'IpAddress')!;
    let caught: unknown;
    try {
      compileCondition(c, '2012-10-17');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(PolicyValidationError);
    const err = caught as PolicyValidationError;
    expect(err.issues).toHaveLength(2);
    expect(err.message).toContain('policy.json:4:53: error: IpAddress value "203.0.113.0/33"');
  });
});
