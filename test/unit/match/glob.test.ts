import { compileGlob, parseGlob, wildcardMatch } from '../../../src/match/glob';

// IAM User Guide, reference_policies_elements_resource.md / reference_policies_elements_action.md:
// `*` matches any run of characters, `?` exactly one.
describe('wildcards (reference_policies_elements_resource.md)', () => {
  test('* matches any run, including empty, / and :', () => {
    expect(wildcardMatch('project/*', 'project/a/version/b:c')).toBe(true);
    expect(wildcardMatch('project/*', 'project/')).toBe(true);
    expect(wildcardMatch('project/*', 'projects/a')).toBe(false);
  });
  test('? matches exactly one character', () => {
    expect(wildcardMatch('v?', 'v1')).toBe(true);
    expect(wildcardMatch('v?', 'v')).toBe(false);
    expect(wildcardMatch('v?', 'v12')).toBe(false);
    expect(wildcardMatch('a?c*e', 'abcXXe')).toBe(true);
  });
  test('? counts a character outside the BMP once', () => {
    expect(wildcardMatch('x?y', 'x\u{1F600}y')).toBe(true);
  });
  test('literal patterns compare exactly (case-sensitive by default)', () => {
    expect(wildcardMatch('MyProject', 'MyProject')).toBe(true);
    expect(wildcardMatch('MyProject', 'myproject')).toBe(false);
    expect(compileGlob(parseGlob('MyProject'), true).test('myproject')).toBe(true);
  });
  test('a middle segment must fit between prefix and suffix', () => {
    expect(wildcardMatch('ab*ba', 'aba')).toBe(false);
    expect(wildcardMatch('ab*ba', 'abba')).toBe(true);
    expect(wildcardMatch('a*b*c', 'a-c-b')).toBe(false);
    expect(wildcardMatch('a*b*c', 'a-b-c')).toBe(true);
  });
  test('hostile patterns do not backtrack (result only; timing is a bench figure)', () => {
    const pattern = `${'*a'.repeat(50)}*b`;
    expect(wildcardMatch(pattern, 'a'.repeat(100_000))).toBe(false);
    expect(wildcardMatch(pattern, `${'a'.repeat(100_000)}b`)).toBe(true);
  });
});
