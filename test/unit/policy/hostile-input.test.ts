import { checkPolicy, parsePolicy } from '../../../src/policy/parse-policy';
import { PolicyValidationError } from '../../../src/diagnostics/policy-issue';
import { readSourceTree } from '../../../src/policy/source-tree';
import { lines, oneIssue, where } from './policy-test-helpers';

// Bad input gets a clear error, never a crash: deep nesting, prototype keys, huge values.
describe('hostile input: deep nesting', () => {
  test('10,000 nested JSON arrays give a too-deep error at the 65th bracket, not a stack overflow', () => {
    const text = '['.repeat(10_000) + ']'.repeat(10_000);
    const issue = oneIssue(text, 'too-deep');
    expect(where(issue)).toBe('1:65');
  });

  test('10,000 nested JSON objects inside a Condition give too-deep', () => {
    const text = `{"Statement": {"Condition": ${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}}`;
    expect(oneIssue(text, 'too-deep').severity).toBe('error');
  });

  test('brackets inside JSON strings do not count as nesting', () => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/${'['.repeat(200)}` },
    });
    expect(checkPolicy(text).policy).toBeDefined();
  });

  test('10,000 nested YAML flow sequences give too-deep', () => {
    const text = `Statement: ${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    expect(oneIssue(text, 'too-deep').severity).toBe('error');
  });

  test('5,000 compact nested YAML block sequences ("- - - ...") give too-deep', () => {
    const text = `${'- '.repeat(5_000)}x`;
    const issue = oneIssue(text, 'too-deep', { format: 'yaml' });
    expect(where(issue)).toBe('1:1');
  });

  test('YAML mappings indented one level deeper per line, 200 levels, give too-deep', () => {
    const text = Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    const issue = oneIssue(text, 'too-deep');
    expect(where(issue)).toBe('65:65');
  });

  test('nesting within the limit is read normally', () => {
    const tree = readSourceTree('['.repeat(60) + ']'.repeat(60));
    expect(tree.issues).toEqual([]);
    expect(tree.root?.kind).toBe('array');
  });
});

describe('hostile input: prototype keys are plain keys', () => {
  test('__proto__ and constructor are unknown elements, reported where written, and pollute nothing', () => {
    const text = lines(
      '{',
      '  "Version": "2012-10-17",',
      '  "__proto__": {"polluted": true},',
      '  "Statement": [{',
      '    "Effect": "Allow", "Action": "*", "Resource": "*",',
      '    "constructor": "x",',
      '    "Principal": {"__proto__": "123456789012"}',
      '  }]',
      '}',
    );
    const { issues } = checkPolicy(text);
    const unknown = issues.filter((i) => i.code === 'unknown-element');
    expect(unknown.map(where)).toEqual(['3:3', '6:5']);
    expect(unknown.map((i) => i.path)).toEqual([['__proto__'], ['Statement', 0, 'constructor']]);
    expect(issues.find((i) => i.code === 'unknown-principal-type')?.pos).toMatchObject({ line: 7, column: 19 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a YAML __proto__ key stays an entry of the tree', () => {
    const tree = readSourceTree('__proto__: {a: 1}\nconstructor: 2\n');
    expect(tree.root?.entries?.map((e) => e.key)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });

  test('a condition key named __proto__ is just a key', () => {
    const text = lines(
      '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",',
      '  "Condition": {"StringEquals": {"__proto__": "x"}}}}',
    );
    const policy = parsePolicy(text);
    expect(policy.statements[0].conditions[0]).toMatchObject({
      operator: 'StringEquals',
      key: '__proto__',
      keyPos: { line: 2, column: 34 },
      values: [{ value: 'x', pos: { line: 2, column: 47 } }],
    });
  });
});

describe('hostile input: huge values', () => {
  const MB = 1 << 20;

  test('a 1 MB resource ARN parses', () => {
    const arn = `arn:aws:s3:::bucket/${'a'.repeat(MB)}`;
    const policy = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: arn } }));
    expect(policy.statements[0].resource?.[0].value).toHaveLength(arn.length);
  });

  test('a 1 MB bogus action gives an error whose message stays short', () => {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'x'.repeat(MB), Resource: '*' } });
    const issue = oneIssue(text, 'bad-action');
    expect(issue.message.length).toBeLessThan(300);
  });

  test('a 1 MB element name gives a short unknown-element error', () => {
    const text = `{"${'k'.repeat(MB)}": 1, "Statement": []}`;
    const issue = oneIssue(text, 'unknown-element');
    expect(issue.message.length).toBeLessThan(300);
    expect(where(issue)).toBe('1:2');
  });

  test('parsePolicy throws only PolicyValidationError for garbage', () => {
    for (const text of ['\u0000\u0001', '{"a": [}', ': : :', '!!binary x', '[', '"just a string"', '42']) {
      let thrown: unknown;
      try {
        parsePolicy(text);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(PolicyValidationError);
    }
  });
});
