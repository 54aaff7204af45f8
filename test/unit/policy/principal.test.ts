import { parsePolicy } from '../../../src/policy/parse-policy';
import { lines, locate, oneIssue, where } from './policy-test-helpers';

function bucketPolicy(principal: string, element = 'Principal'): string {
  return lines(
    '{',
    '  "Version": "2012-10-17",',
    '  "Statement": [{',
    '    "Effect": "Allow",',
    `    "${element}": ${principal},`,
    '    "Action": "s3:GetObject",',
    '    "Resource": "arn:aws:s3:::b/*"',
    '  }]',
    '}',
  );
}

// IAM User Guide, reference_policies_grammar.md: <principal_block> = ("Principal" | "NotPrincipal") :
// ("*" | <principal_map>); map keys "AWS" | "Federated" | "Service" | "CanonicalUser".
describe('Principal (reference_policies_elements_principal.md, reference_policies_grammar.md)', () => {
  test('"*" means every principal', () => {
    const [s] = parsePolicy(bucketPolicy('"*"'), { policyType: 'resource' }).statements;
    expect(s.principal).toMatchObject({ any: true, AWS: [], pos: { line: 5, column: 18 } });
  });

  test('a principal map keeps every type and value with its position', () => {
    const text = bucketPolicy('{"AWS": ["arn:aws:iam::123456789012:root", "999999999999"], "Service": "lambda.amazonaws.com", "CanonicalUser": "79a59df9"}');
    const [s] = parsePolicy(text, { policyType: 'resource' }).statements;
    expect(s.principal?.any).toBe(false);
    expect(s.principal?.AWS.map((v) => v.value)).toEqual(['arn:aws:iam::123456789012:root', '999999999999']);
    expect(s.principal?.AWS[1].pos).toMatchObject({ line: 5, column: locateColumn(text, '"999999999999"') });
    expect(s.principal?.Service.map((v) => v.value)).toEqual(['lambda.amazonaws.com']);
    expect(s.principal?.CanonicalUser.map((v) => v.value)).toEqual(['79a59df9']);
    expect(s.principal?.Federated).toEqual([]);
  });

  test('{"AWS": "*"} lands in AWS as "*"', () => {
    const [s] = parsePolicy(bucketPolicy('{"AWS": "*"}'), { policyType: 'resource' }).statements;
    expect(s.principal).toMatchObject({ any: false, AWS: [{ value: '*' }] });
  });

  test('an unknown principal type is an error with a suggestion', () => {
    const text = bucketPolicy('{"Services": "ec2.amazonaws.com"}');
    const issue = oneIssue(text, 'unknown-principal-type', { policyType: 'resource' });
    expect(issue.message).toContain('did you mean "Service"?');
    expect(where(issue)).toBe(locate(text, '"Services"'));
    expect(issue.path).toEqual(['Statement', 0, 'Principal', 'Services']);
  });

  test('a string other than "*" is an error', () => {
    const text = bucketPolicy('"arn:aws:iam::123456789012:root"');
    expect(where(oneIssue(text, 'bad-principal', { policyType: 'resource' }))).toBe('5:18');
  });

  test('a partial wildcard in a principal is an error (reference_policies_grammar.md: "*" only for everyone)', () => {
    const text = bucketPolicy('{"AWS": ["arn:aws:iam::123456789012:user/*"]}');
    const issue = oneIssue(text, 'bad-principal', { policyType: 'resource' });
    expect(where(issue)).toBe(locate(text, '"arn:aws:iam::123456789012:user/*"'));
    expect(issue.path).toEqual(['Statement', 0, 'Principal', 'AWS', 0]);
  });

  test.each([
    ['{}', 'bad-principal'],
    ['{"AWS": []}', 'empty-list'],
    ['{"AWS": 123456789012}', 'bad-value-type'],
    ['["*"]', 'bad-value-type'],
  ])('Principal %s is rejected with %s', (value, code) => {
    expect(oneIssue(bucketPolicy(value), code, { policyType: 'resource' }).severity).toBe('error');
  });

  test('Principal and NotPrincipal together is an error', () => {
    const text = lines(
      '{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*",',
      '  "Principal": "*",',
      '  "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}}}',
    );
    const issue = oneIssue(text, 'principal-and-notprincipal', { policyType: 'resource' });
    expect(where(issue)).toBe('3:3');
  });
});

function locateColumn(text: string, needle: string): number {
  return Number(locate(text, needle).split(':')[1]);
}
