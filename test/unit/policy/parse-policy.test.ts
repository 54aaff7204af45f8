import { checkPolicy, parsePolicy } from '../../../src/policy/parse-policy';
import { PolicyValidationError } from '../../../src/diagnostics/policy-issue';
import { lines } from './policy-test-helpers';

describe('parsePolicy / checkPolicy', () => {
  const bad = lines(
    '{',
    '  "Version": "2012-10-17",',
    '  "Statement": [',
    '    {"Effect": "Permit", "Action": "s3:GetObject", "Resource": "*"},',
    '    {"Effect": "Allow", "Action": "s3", "Resource": "bucket"}',
    '  ]',
    '}',
  );

  test('parsePolicy throws one PolicyValidationError holding every error, each with position and path', () => {
    let error: unknown;
    try {
      parsePolicy(bad, { file: 'bad.json' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyValidationError);
    const issues = (error as PolicyValidationError).issues;
    expect(issues.map((i) => [i.code, `${i.pos?.line}:${i.pos?.column}`, i.path])).toEqual([
      ['bad-effect', '4:16', ['Statement', 0, 'Effect']],
      ['bad-action', '5:35', ['Statement', 1, 'Action']],
      ['bad-resource', '5:53', ['Statement', 1, 'Resource']],
    ]);
    expect((error as Error).message).toContain('bad.json: 3 problems:');
    expect((error as Error).message).toContain('bad.json:4:16: error: Effect must be "Allow" or "Deny"');
  });

  test('checkPolicy returns the same issues without throwing, and no policy', () => {
    const result = checkPolicy(bad);
    expect(result.policy).toBeUndefined();
    expect(result.issues.map((i) => i.code)).toEqual(['bad-effect', 'bad-action', 'bad-resource']);
  });

  test('a valid policy records name, file and the whole text', () => {
    const text = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}';
    expect(parsePolicy(text, { file: 'dir/admin.json' })).toMatchObject({ name: 'admin.json', file: 'dir/admin.json', text });
    expect(parsePolicy(text).name).toBe('inline policy');
    expect(parsePolicy(text, { name: 'Admin' }).name).toBe('Admin');
  });

  test('format "yaml" forces YAML and format "json" forces JSON', () => {
    const yaml = 'Version: "2012-10-17"\nStatement: {Effect: Allow, Action: "*", Resource: "*"}\n';
    expect(parsePolicy(yaml, { format: 'yaml' }).statements).toHaveLength(1);
    expect(checkPolicy(yaml, { format: 'json' }).issues[0].code).toBe('json-syntax');
  });

  test('a non-string input from JavaScript is an issue, not a TypeError', () => {
    const result = checkPolicy(undefined as unknown as string);
    expect(result.issues).toEqual([{ severity: 'error', code: 'bad-input', message: 'policy text must be a string, not undefined', path: [] }]);
    expect(() => parsePolicy({} as unknown as string)).toThrow(PolicyValidationError);
  });
});
