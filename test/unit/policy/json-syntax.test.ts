import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkPolicy } from '../../../src/policy/parse-policy';
import { readSourceTree } from '../../../src/policy/source-tree';
import { lines, oneIssue, where } from './policy-test-helpers';

const FIXTURES = path.join(__dirname, '../../fixtures/policies');

// IAM User Guide, reference_policies_grammar.md ("The policy language and JSON"): policies are
// JSON, and IAM identifies JSON syntax errors before anything else.
describe('JSON syntax errors are reported at line:column (reference_policies_grammar.md)', () => {
  test('the AmazonRekognitionCustomLabelsFullAccess policy from the seed lacks a comma after "rekognition:DeleteProjectVersion"', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'rekognition-custom-labels-full-access.malformed.json'), 'utf8');
    const { policy, issues } = checkPolicy(text, { file: 'full-access.json' });
    expect(policy).toBeUndefined();
    expect(issues).toHaveLength(1);
    const [issue] = issues;
    expect(issue.code).toBe('json-syntax');
    expect(issue.severity).toBe('error');
    expect(issue.message).toBe(`expected ',' or ']' but found string "rekognition:TagResource"`);
    // Line 30 holds "rekognition:DeleteProjectVersion"; the next token opens line 31 at column 17.
    expect(where(issue)).toBe('31:17');
    expect(issue.pos?.file).toBe('full-access.json');
    expect(text.split('\n')[29].trim()).toBe('"rekognition:DeleteProjectVersion"');
    expect(text.slice(issue.pos?.offset)).toMatch(/^"rekognition:TagResource"/);
  });

  test('a missing comma between object members names the closing brace', () => {
    const text = lines('{', '  "Version": "2012-10-17"', '  "Statement": []', '}');
    const issue = oneIssue(text, 'json-syntax');
    expect(issue.message).toBe(`expected ',' or '}' but found string "Statement"`);
    expect(where(issue)).toBe('3:3');
  });

  test('comments are not JSON (jsonc-parser with disallowComments)', () => {
    const text = lines('{', '  // allow reads', '  "Version": "2012-10-17"', '}');
    const issue = oneIssue(text, 'json-syntax');
    expect(issue.message).toBe('comments are not allowed in JSON');
    expect(where(issue)).toBe('2:3');
  });

  test('a trailing comma is an error, named as such', () => {
    const text = lines('{', '  "Statement": [', '    {"Effect": "Allow"},', '  ]', '}');
    const issue = oneIssue(text, 'json-syntax');
    expect(issue.message).toBe(`expected a value but found ']' (trailing commas are not allowed in JSON)`);
    expect(where(issue)).toBe('4:3');
  });

  test('an unterminated string is reported where the string opens', () => {
    const text = lines('{', '  "Version": "2012-10-17,', '  "Statement": []', '}');
    const issues = checkPolicy(text).issues;
    expect(issues[0].code).toBe('json-syntax');
    expect(issues[0].message).toBe('unterminated string');
    expect(where(issues[0])).toBe('2:14');
  });

  test('single quotes are not JSON, and the message says so', () => {
    const issue = oneIssue(lines('{', "  'Version': '2012-10-17'", '}'), 'json-syntax');
    expect(issue.message).toBe(`unexpected ''' (JSON strings and keys use double quotes)`);
    expect(where(issue)).toBe('2:3');
  });

  test('two missing commas in different statements are both reported', () => {
    const text = lines(
      '{"Version": "2012-10-17", "Statement": [',
      '  {"Effect": "Allow" "Action": "s3:GetObject", "Resource": "*"},',
      '  {"Effect": "Deny", "Action": "s3:PutObject" "Resource": "*"}',
      ']}',
    );
    const issues = checkPolicy(text).issues;
    expect(issues.map((i) => [i.code, where(i)])).toEqual([
      ['json-syntax', '2:22'],
      ['json-syntax', '3:47'],
    ]);
  });

  test('text after the policy object is an error', () => {
    const text = lines('{"Version": "2012-10-17", "Statement": []}', '{}');
    const issue = oneIssue(text, 'json-syntax');
    expect(issue.message).toBe(`expected the end of the text but found '{'`);
    expect(where(issue)).toBe('2:1');
  });

  test('empty text and blank text are errors, not an empty policy', () => {
    for (const text of ['', '   \n\t\n']) {
      const issue = oneIssue(text, 'empty-policy', { format: 'json' });
      expect(issue.severity).toBe('error');
      expect(where(issue)).toBe('1:1');
    }
  });

  test('a byte-order mark before the JSON is accepted and does not shift columns', () => {
    const tree = readSourceTree('\uFEFF{"Version": "2012-10-17"}', { format: 'json' });
    expect(tree.issues).toEqual([]);
    expect(tree.root?.entries?.[0].keyPos).toMatchObject({ line: 1, column: 3 });
  });
});

// reference_policies_grammar.md, "Policy grammar notes": individual elements must not contain
// multiple instances of the same key. JSON.parse would silently keep the last one.
describe('duplicate keys are errors (reference_policies_grammar.md grammar notes)', () => {
  test('a second "Effect" in one statement points at the second key and names the first', () => {
    const text = lines(
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [{',
      '    "Effect": "Deny",',
      '    "Action": "s3:*",',
      '    "Resource": "*",',
      '    "Effect": "Allow"',
      '  }]',
      '}',
    );
    const issue = oneIssue(text, 'duplicate-key');
    expect(where(issue)).toBe('7:5');
    expect(issue.path).toEqual(['Statement', 0, 'Effect']);
    expect(issue.message).toContain('first written at line 4:5');
    expect(checkPolicy(text).policy).toBeUndefined();
  });

  test('the same condition operator twice is caught (JSON.parse would drop the first)', () => {
    const text = lines(
      '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",',
      '  "Condition": {',
      '    "StringEquals": {"aws:PrincipalTag/team": "blue"},',
      '    "StringEquals": {"aws:RequestedRegion": "eu-west-1"}',
      '  }}}',
    );
    const issue = oneIssue(text, 'duplicate-key');
    expect(where(issue)).toBe('4:5');
    expect(issue.path).toEqual(['Statement', 'Condition', 'StringEquals']);
  });
});
