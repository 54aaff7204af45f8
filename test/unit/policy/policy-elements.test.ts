import { checkPolicy, parsePolicy } from '../../../src/policy/parse-policy';
import { lines, locate, oneIssue, where } from './policy-test-helpers';

// IAM User Guide, reference_policies_grammar.md: policy = { <version_block?> <id_block?> <statement_block> }.
describe('top-level policy elements (reference_policies_grammar.md)', () => {
  test('an unknown top-level element is an error naming it, with "did you mean" for near misses', () => {
    const text = lines('{', '  "Version": "2012-10-17",', '  "Statements": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]', '}');
    const { policy, issues } = checkPolicy(text);
    expect(policy).toBeUndefined();
    const issue = issues.find((i) => i.code === 'unknown-element');
    expect(issue?.message).toBe('unknown policy element "Statements"; did you mean "Statement"?');
    expect(issue && where(issue)).toBe('3:3');
    expect(issue?.path).toEqual(['Statements']);
    // Without "Statement" the policy also lacks its required element.
    expect(issues.find((i) => i.code === 'missing-statement')?.severity).toBe('error');
  });

  test('an unrelated unknown element lists the allowed ones', () => {
    const issue = oneIssue('{"Version": "2012-10-17", "Foo": 1, "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}', 'unknown-element');
    expect(issue.message).toBe('unknown policy element "Foo" (allowed: Version, Id, Statement)');
    expect(where(issue)).toBe('1:27');
  });

  test('a statement element written at the top level is pointed into Statement', () => {
    const issue = oneIssue('{"Version": "2012-10-17", "Effect": "Allow", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}', 'unknown-element');
    expect(issue.message).toContain('belongs inside a statement');
  });

  test('the policy must be an object', () => {
    const issue = oneIssue('[{"Effect": "Allow"}]', 'bad-value-type');
    expect(where(issue)).toBe('1:1');
  });
});

// reference_policies_elements_version.md: "2012-10-17" or "2008-10-17"; without Version the
// older language applies and ${...} policy variables are literal text.
describe('Version (reference_policies_elements_version.md)', () => {
  test('"2012-10-17" and "2008-10-17" are accepted and recorded', () => {
    for (const v of ['2012-10-17', '2008-10-17'] as const) {
      const policy = parsePolicy(`{"Version": "${v}", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}`);
      expect(policy.version).toBe(v);
      expect(policy.versionGiven).toBe(true);
    }
  });

  test('any other Version is an error at the value', () => {
    const text = lines('{', '  "Version": "2012-10-18",', '  "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}', '}');
    const issue = oneIssue(text, 'bad-version');
    expect(where(issue)).toBe('2:14');
    expect(issue.path).toEqual(['Version']);
    expect(issue.message).toBe('Version must be "2012-10-17" or "2008-10-17", not the string "2012-10-18"');
  });

  test('a number Version is an error too', () => {
    expect(oneIssue('{"Version": 2012, "Statement": []}', 'bad-version').message).toContain('the number 2012');
  });

  test('a missing Version is a warning, and the policy is read as 2008-10-17', () => {
    const text = '{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::home/${aws:username}/*"}}';
    const { policy, issues } = checkPolicy(text);
    expect(policy?.version).toBe('2008-10-17');
    expect(policy?.versionGiven).toBe(false);
    const noVersion = issues.find((i) => i.code === 'no-version');
    expect(noVersion?.severity).toBe('warning');
    expect(noVersion?.message).toContain('literal text');
    const literal = issues.find((i) => i.code === 'literal-variable');
    expect(literal?.severity).toBe('warning');
    expect(literal && where(literal)).toBe(locate(text, '"arn:'));
  });

  test('warnings do not make parsePolicy throw', () => {
    expect(() => parsePolicy('{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}')).not.toThrow();
  });
});

// reference_policies_elements_statement.md: Statement is required; a single statement or an array.
describe('Statement (reference_policies_elements_statement.md)', () => {
  test('a single statement object becomes a one-statement list with index 0', () => {
    const policy = parsePolicy(lines('{', '  "Version": "2012-10-17",', '  "Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}', '}'));
    expect(policy.statements).toHaveLength(1);
    expect(policy.statements[0]).toMatchObject({ index: 0, effect: 'Deny', pos: { line: 3, column: 16 } });
  });

  test('statements keep their list index', () => {
    const policy = parsePolicy(
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "a:b", "Resource": "*"}, {"Effect": "Deny", "Action": "c:d", "Resource": "*"}]}',
    );
    expect(policy.statements.map((s) => [s.index, s.effect])).toEqual([
      [0, 'Allow'],
      [1, 'Deny'],
    ]);
  });

  test('a missing Statement is an error', () => {
    const issue = oneIssue('{"Version": "2012-10-17"}', 'missing-statement');
    expect(where(issue)).toBe('1:1');
  });

  test('an empty Statement list is an error', () => {
    const issue = oneIssue('{"Version": "2012-10-17", "Statement": []}', 'empty-list');
    expect(where(issue)).toBe('1:40');
    expect(issue.path).toEqual(['Statement']);
  });

  test('a statement that is not an object is an error at that item', () => {
    const issue = oneIssue('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, "Allow"]}', 'bad-value-type');
    expect(issue.path).toEqual(['Statement', 1]);
    expect(where(issue)).toBe('1:94');
  });
});

// reference_policies_grammar.md notes: "The id_block is optional in resource-based policies. It
// must not be included in identity-based policies."
describe('Id (reference_policies_elements_id.md, reference_policies_grammar.md notes)', () => {
  test('Id is kept on resource-based policies', () => {
    const policy = parsePolicy(
      '{"Version": "2012-10-17", "Id": "Policy1", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}}',
      {
        policyType: 'resource',
      },
    );
    expect(policy.id).toBe('Policy1');
  });

  test('Id in an identity policy is a warning', () => {
    const issue = oneIssue('{"Version": "2012-10-17", "Id": "x", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}', 'id-in-identity-policy', {
      policyType: 'identity',
    });
    expect(issue.severity).toBe('warning');
    expect(where(issue)).toBe('1:27');
  });

  test('a non-string Id is an error', () => {
    expect(where(oneIssue('{"Version": "2012-10-17", "Id": [], "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}', 'bad-value-type'))).toBe(
      '1:33',
    );
  });
});
