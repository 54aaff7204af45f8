import { checkPolicy, parsePolicy } from '../../../src/policy/parse-policy';
import { issuesWith, lines, locate, locateAfter, oneIssue, where } from './policy-test-helpers';

/** A policy around one statement body written on line 3. */
function withStatement(body: string): string {
  return lines('{', '  "Version": "2012-10-17",', `  "Statement": [{${body}}]`, '}');
}

// IAM User Guide, reference_policies_grammar.md: <statement> = { <sid_block?>, <principal_block?>,
// <effect_block>, <action_block>, <resource_block>, <condition_block?> }.
describe('statement elements (reference_policies_grammar.md)', () => {
  test('an unknown statement element is an error with a suggestion', () => {
    const text = withStatement('"Effect": "Allow", "Actions": "s3:GetObject", "Resource": "*"');
    const issue = oneIssue(text, 'unknown-element');
    expect(issue.message).toBe('unknown statement element "Actions"; did you mean "Action"?');
    expect(where(issue)).toBe(locate(text, '"Actions"'));
    expect(issue.path).toEqual(['Statement', 0, 'Actions']);
  });

  test('element names are case-sensitive: "effect" is unknown, with "Effect" suggested', () => {
    const issue = oneIssue(withStatement('"effect": "Allow", "Action": "*", "Resource": "*"'), 'unknown-element');
    expect(issue.message).toContain('did you mean "Effect"?');
  });

  test('a policy-level element inside a statement is pointed to the top level', () => {
    const issue = oneIssue(withStatement('"Version": "2012-10-17", "Effect": "Allow", "Action": "*", "Resource": "*"'), 'unknown-element');
    expect(issue.message).toContain('belongs at the top level');
  });

  test('statement.text is the exact source slice and statement.pos its opening brace', () => {
    const text = withStatement('"Sid": "A1", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"');
    const [s] = parsePolicy(text).statements;
    expect(s.text).toBe('{"Sid": "A1", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}');
    expect(s.pos).toMatchObject({ line: 3, column: 17 });
    expect(s.elements.Effect).toMatchObject({ line: 3, column: 31 });
    expect(s.action?.[0].pos).toMatchObject({ line: 3, column: 60 });
    expect(locate(text, '"s3:GetObject"')).toBe('3:60');
  });
});

// reference_policies_elements_effect.md: "Valid values for Effect are Allow and Deny."
describe('Effect (reference_policies_elements_effect.md)', () => {
  test.each([
    ['allow', 'did you mean "Allow"?'],
    ['Permit', '"Permit"'],
    ['DENY', 'did you mean "Deny"?'],
  ])('Effect "%s" is an error at the value', (value, expected) => {
    const text = withStatement(`"Effect": "${value}", "Action": "*", "Resource": "*"`);
    const issue = oneIssue(text, 'bad-effect');
    expect(issue.message).toContain(expected);
    expect(where(issue)).toBe(locate(text, `"${value}"`));
    expect(issue.path).toEqual(['Statement', 0, 'Effect']);
  });

  test('a non-string Effect is a type error', () => {
    const text = withStatement('"Effect": true, "Action": "*", "Resource": "*"');
    expect(where(oneIssue(text, 'bad-value-type'))).toBe(locate(text, 'true'));
  });

  test('a missing Effect is an error at the statement', () => {
    const issue = oneIssue(withStatement('"Action": "*", "Resource": "*"'), 'missing-effect');
    expect(where(issue)).toBe('3:17');
    expect(issue.path).toEqual(['Statement', 0]);
  });
});

// reference_policies_elements_action.md: statements must include either an Action or a NotAction element.
describe('Action / NotAction (reference_policies_elements_action.md, reference_policies_elements_notaction.md)', () => {
  test('both Action and NotAction is an error at the second of them', () => {
    const text = withStatement('"Effect": "Allow", "Action": "s3:*", "NotAction": "iam:*", "Resource": "*"');
    const issue = oneIssue(text, 'action-and-notaction');
    expect(where(issue)).toBe(locate(text, '"NotAction"'));
    expect(issue.path).toEqual(['Statement', 0, 'NotAction']);
  });

  test('neither Action nor NotAction is an error at the statement', () => {
    expect(where(oneIssue(withStatement('"Effect": "Allow", "Resource": "*"'), 'missing-action'))).toBe('3:17');
  });

  test.each(['s3', 's3:Get Object', 's3:GetObject:x', 's3 :GetObject', 'S3_:Get', '', 's3:GetObject,'])('action %j is malformed', (action) => {
    const text = withStatement(`"Effect": "Allow", "Action": ["s3:ListBucket", ${JSON.stringify(action)}], "Resource": "*"`);
    const issue = oneIssue(text, 'bad-action');
    expect(where(issue)).toBe(locateAfter(text, '"s3:ListBucket", ', JSON.stringify(action)));
    expect(issue.path).toEqual(['Statement', 0, 'Action', 1]);
  });

  test.each(['*', 's3:*', 'iam:*AccessKey*', 'IAM:listaccesskeys', 'ec2:Describe?pc*', 'execute-api:Invoke', '*:*'])('action %j is accepted', (action) => {
    expect(issuesWith(withStatement(`"Effect": "Allow", "Action": ${JSON.stringify(action)}, "Resource": "*"`), 'bad-action')).toEqual([]);
  });

  test('a number in the Action list is a type error at that item', () => {
    const text = withStatement('"Effect": "Allow", "Action": ["s3:GetObject", 42], "Resource": "*"');
    const issue = oneIssue(text, 'bad-value-type');
    expect(issue.message).toBe('Action must be a string or a list of strings; item 1 is the number 42');
    expect(where(issue)).toBe(locate(text, '42'));
  });

  test.each([
    ['{"s3": "GetObject"}', 'an object'],
    ['null', 'null'],
    ['[["s3:GetObject"]]', 'a list'],
  ])('Action %s is a type error', (value, kind) => {
    const text = withStatement(`"Effect": "Allow", "Action": ${value}, "Resource": "*"`);
    const issue = oneIssue(text, 'bad-value-type');
    expect(issue.message).toContain('Action must be a string or a list of strings');
    expect(issue.message).toContain(kind);
  });

  test('an empty Action list is an error', () => {
    const text = withStatement('"Effect": "Allow", "Action": [], "Resource": "*"');
    expect(where(oneIssue(text, 'empty-list'))).toBe(locate(text, '[]'));
  });
});

// reference_policies_elements_resource.md: statements must include either a Resource or a NotResource element; values are ARNs or "*".
describe('Resource / NotResource (reference_policies_elements_resource.md)', () => {
  test('both Resource and NotResource is an error', () => {
    const text = withStatement('"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::b", "Resource": "*"');
    expect(where(oneIssue(text, 'resource-and-notresource'))).toBe(locate(text, '"Resource"'));
  });

  test('neither Resource nor NotResource is an error in an identity policy', () => {
    expect(where(oneIssue(withStatement('"Effect": "Allow", "Action": "*"'), 'missing-resource', { policyType: 'identity' }))).toBe('3:17');
  });

  test.each([
    'arn:aws:s3:::bucket',
    'arn:aws:iam::123456789012:user/Bob',
    'arn:aws:rekognition:*:*:project/MyProject/*',
    'arn:aws:s3:::home/${aws:username}/*',
    '*',
    'arn:aws:sqs:us-east-2:123456789012:queue1',
  ])('resource %j is accepted', (arn) => {
    expect(issuesWith(withStatement(`"Effect": "Allow", "Action": "*", "Resource": ${JSON.stringify(arn)}`), 'bad-resource')).toEqual([]);
  });

  test.each(['bucket/*', 'arn:aws:s3', 'arn:aws:s3::bucket', 'arn::s3:::b', 'arn:aws::::x', '', 'ARN:aws:s3:::b'])('resource %j is malformed', (arn) => {
    const text = withStatement(`"Effect": "Allow", "Action": "*", "Resource": ["*", ${JSON.stringify(arn)}]`);
    const issue = oneIssue(text, 'bad-resource');
    expect(where(issue)).toBe(locateAfter(text, '["*", ', JSON.stringify(arn)));
    expect(issue.path).toEqual(['Statement', 0, 'Resource', 1]);
  });

  test('NotResource values are checked the same way', () => {
    const text = withStatement('"Effect": "Deny", "Action": "*", "NotResource": "my-bucket"');
    expect(where(oneIssue(text, 'bad-resource'))).toBe(locate(text, '"my-bucket"'));
  });

  test('every bad value of a policy is reported at once', () => {
    const text = withStatement('"Effect": "allow", "Action": ["s3", 1], "Resource": "bucket"');
    const codes = checkPolicy(text)
      .issues.filter((i) => i.severity === 'error')
      .map((i) => i.code);
    expect(codes).toEqual(['bad-effect', 'bad-value-type', 'bad-action', 'bad-resource']);
  });
});
