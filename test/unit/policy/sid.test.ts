import { parsePolicy } from '../../../src/policy/parse-policy';
import { issuesWith, lines, oneIssue, where } from './policy-test-helpers';

// IAM User Guide, reference_policies_elements_sid.md: the Sid is optional, "must be unique within a
// JSON policy", and in IAM supports ASCII letters A-Z, a-z and digits 0-9.
describe('Sid (reference_policies_elements_sid.md)', () => {
  test('the Sid is kept on the statement', () => {
    const policy = parsePolicy('{"Version": "2012-10-17", "Statement": {"Sid": "ReadOnly1", "Effect": "Allow", "Action": "*", "Resource": "*"}}');
    expect(policy.statements[0].sid).toBe('ReadOnly1');
  });

  test("a duplicate Sid is an error at the second, naming the first one's line", () => {
    const text = lines(
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [',
      '    {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},',
      '    {"Sid": "Write", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"},',
      '    {"Sid": "Read", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::secret/*"}',
      '  ]',
      '}',
    );
    const issue = oneIssue(text, 'duplicate-sid');
    expect(where(issue)).toBe('6:13');
    expect(issue.path).toEqual(['Statement', 2, 'Sid']);
    expect(issue.message).toContain('statement 0 (line 4:13)');
  });

  test('Sids differing only in case are different Sids', () => {
    expect(
      issuesWith(
        '{"Version": "2012-10-17", "Statement": [{"Sid": "a", "Effect": "Allow", "Action": "*", "Resource": "*"}, {"Sid": "A", "Effect": "Allow", "Action": "*", "Resource": "*"}]}',
        'duplicate-sid',
      ),
    ).toEqual([]);
  });

  test.each(['Allow S3', 'allow-s3', 'read_only', 'Überall'])('Sid %j is an error in an identity policy', (sid) => {
    const text = `{"Version": "2012-10-17", "Statement": {"Sid": ${JSON.stringify(sid)}, "Effect": "Allow", "Action": "*", "Resource": "*"}}`;
    const issue = oneIssue(text, 'bad-sid', { policyType: 'identity' });
    expect(where(issue)).toBe('1:48');
  });

  test('the same Sid is accepted in a resource-based policy, where services may allow more characters', () => {
    const text = '{"Version": "2012-10-17", "Statement": {"Sid": "Allow S3", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}}';
    expect(issuesWith(text, 'bad-sid', { policyType: 'resource' })).toEqual([]);
  });

  test('a non-string Sid is a type error', () => {
    const text = '{"Version": "2012-10-17", "Statement": {"Sid": 1, "Effect": "Allow", "Action": "*", "Resource": "*"}}';
    expect(where(oneIssue(text, 'bad-value-type'))).toBe('1:48');
  });
});
