import { checkPolicy } from '../../../src/policy/parse-policy';
import { detectFormat, readSourceTree } from '../../../src/policy/source-tree';
import { MAX_YAML_ALIASES } from '../../../src/policy/yaml-source-tree';
import { lines, oneIssue, where } from './policy-test-helpers';

// Policies written as YAML read into the same model as JSON (the grammar is the JSON grammar of
// IAM User Guide, reference_policies_grammar.md; YAML is only another way to write that data).
describe('YAML policy text', () => {
  test('format auto-detection: JSON when the text opens with { or [, YAML otherwise', () => {
    expect(detectFormat('  \n {"Version": "2012-10-17"}')).toBe('json');
    expect(detectFormat('[1]')).toBe('json');
    expect(detectFormat('Version: "2012-10-17"')).toBe('yaml');
    expect(detectFormat('# comment\n{}')).toBe('yaml');
  });

  test('a YAML syntax error is reported at its line and column', () => {
    const text = lines('Version: "2012-10-17"', 'Statement:', '  - Effect: Allow', '    Action: [s3:GetObject', '  Resource: "*"');
    const { policy, issues } = checkPolicy(text);
    expect(policy).toBeUndefined();
    const syntax = issues.filter((i) => i.code === 'yaml-syntax');
    expect(syntax.length).toBeGreaterThan(0);
    expect(where(syntax[0])).toBe('5:3');
  });

  test('two documents in one file are an error', () => {
    const text = lines('Version: "2012-10-17"', '---', 'Statement: []');
    const issue = oneIssue(text, 'yaml-syntax');
    expect(issue.message).toMatch(/multiple documents/);
    expect(where(issue)).toBe('2:1');
  });

  test("a duplicate key is an error with the first key's line (reference_policies_grammar.md notes)", () => {
    const text = lines('Version: "2012-10-17"', 'Statement:', '  Effect: Allow', '  Action: s3:GetObject', '  Resource: "*"', '  Action: s3:PutObject');
    const issue = oneIssue(text, 'duplicate-key');
    expect(where(issue)).toBe('6:3');
    expect(issue.path).toEqual(['Statement', 'Action']);
    expect(issue.message).toContain('line 4:3');
  });

  test('YAML 1.2 core schema: an unquoted 2012-10-17 is the Version string, yes/no stay strings', () => {
    const text = lines(
      'Version: 2012-10-17',
      'Statement:',
      '  Effect: Allow',
      '  Action: s3:GetObject',
      '  Resource: "*"',
      '  Condition:',
      '    StringEquals:',
      '      aws:PrincipalTag/flag: yes',
    );
    const { policy, issues } = checkPolicy(text);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(policy?.version).toBe('2012-10-17');
    expect(policy?.statements[0].conditions[0].values[0]).toMatchObject({ value: 'yes', pos: { line: 8, column: 30 } });
  });

  test('a complex (non-string) key is an error', () => {
    const text = lines('? [a, b]', ': 1');
    const issue = oneIssue(text, 'bad-key');
    expect(where(issue)).toBe('1:3');
  });

  test('a document holding only comments is an empty policy', () => {
    const issue = oneIssue('# nothing here\n', 'empty-policy');
    expect(issue.severity).toBe('error');
  });

  test("anchors and aliases are expanded (a statement may reuse another's action list)", () => {
    const text = lines(
      'Version: "2012-10-17"',
      'Statement:',
      '  - Effect: Allow',
      '    Action: &reads [s3:GetObject, s3:ListBucket]',
      '    Resource: "*"',
      '  - Effect: Deny',
      '    Action: *reads',
      '    Resource: arn:aws:s3:::secret/*',
    );
    const { policy, issues } = checkPolicy(text);
    expect(issues).toEqual([]);
    expect(policy?.statements[1].action?.map((a) => a.value)).toEqual(['s3:GetObject', 's3:ListBucket']);
    // The values are where they are written: at the anchor.
    expect(policy?.statements[1].action?.[0].pos).toMatchObject({ line: 4, column: 21 });
  });

  test('an alias bomb ("billion laughs") is refused, not expanded', () => {
    const rows = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++)
      rows.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const tree = readSourceTree(rows.join('\n'), { format: 'yaml' });
    expect(tree.root).toBeUndefined();
    const errors = tree.issues.filter((i) => i.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].code).toBe('yaml-alias');
    expect(errors[0].message).toContain(String(MAX_YAML_ALIASES));
  });

  test('an alias that refers to its own anchor stops at the nesting limit instead of looping', () => {
    const tree = readSourceTree('a: &x [1, *x]', { format: 'yaml' });
    expect(tree.root).toBeUndefined();
    expect(tree.issues.some((i) => i.severity === 'error')).toBe(true);
  });
});
