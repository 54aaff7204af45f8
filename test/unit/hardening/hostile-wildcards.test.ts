import fc from 'fast-check';
import { wildcardMatch } from '../../../src/match/glob';
import { evaluate } from '../../../src/engine/evaluate';
import { toPolicy } from '../../../src/policy/policy-input';

/**
 * IAM User Guide, reference_policies_elements_resource.md: "*" matches any combination of
 * characters and "?" any single character. Hostile patterns (many stars, long segments with
 * "?") against 100,000-character values must give the right answer; how fast is a bench figure
 * (bench/sections/hostile-wildcard.js), never asserted here.
 */

const LONG = 'a'.repeat(100_000);

/** A reference matcher: the textbook dynamic program, fine for the short inputs below. */
function reference(pattern: string, value: string): boolean {
  const p = Array.from(pattern);
  const v = Array.from(value);
  let row = new Array<boolean>(v.length + 1).fill(false);
  row[0] = true;
  for (const c of p) {
    const next = new Array<boolean>(v.length + 1).fill(false);
    if (c === '*') {
      let any = false;
      for (let j = 0; j <= v.length; j++) {
        any = any || row[j];
        next[j] = any;
      }
    } else {
      for (let j = 1; j <= v.length; j++) next[j] = row[j - 1] && (c === '?' || c === v[j - 1]);
    }
    row = next;
  }
  return row[v.length];
}

describe('reference_policies_elements_resource.md: wildcards on hostile input decide correctly', () => {
  test('*a*a*...*b against 100,000 a: no match (the value has no b)', () => {
    expect(wildcardMatch(`${'*a'.repeat(50)}*b`, LONG)).toBe(false);
    expect(wildcardMatch(`${'*a'.repeat(1000)}*b*`, LONG)).toBe(false);
  });

  test('*a*a*...*a against 100,000 a: a match', () => {
    expect(wildcardMatch(`${'*a'.repeat(1000)}`, LONG)).toBe(true);
    expect(wildcardMatch(`${'*a'.repeat(1000)}*`, LONG)).toBe(true);
  });

  test('"?" counts exactly one character, also in long segments', () => {
    expect(wildcardMatch(`*${'a'.repeat(999)}?b*`, LONG)).toBe(false);
    expect(wildcardMatch(`*${'a'.repeat(999)}?a*`, LONG)).toBe(true);
    expect(wildcardMatch('?'.repeat(100_000), LONG)).toBe(true);
    expect(wildcardMatch('?'.repeat(99_999), LONG)).toBe(false);
    expect(wildcardMatch(`${'*?'.repeat(200)}*b*`, LONG)).toBe(false);
  });

  test('a hostile Resource pattern in a policy: evaluate() decides against a 100,000-character key', () => {
    const policy = toPolicy({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/${'*a'.repeat(1000)}*b*` }],
    });
    const request = { action: 's3:GetObject', resource: `arn:aws:s3:::b/${LONG}`, principal: 'arn:aws:iam::111122223333:user/u' };
    expect(evaluate(policy, request).result).toBe('ImplicitDeny');
    expect(evaluate(policy, { ...request, resource: `arn:aws:s3:::b/${LONG}b` }).result).toBe('Allow');
  });

  test('on random short patterns and values, the matcher agrees with the textbook definition', () => {
    const pattern = fc.array(fc.constantFrom('a', 'b', '*', '?', '/'), { maxLength: 8 }).map((cs) => cs.join(''));
    const value = fc.array(fc.constantFrom('a', 'b', '/'), { maxLength: 10 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(pattern, value, (p, v) => {
        expect(wildcardMatch(p, v)).toBe(reference(p, v));
      }),
      { numRuns: 2000 },
    );
  });
});
