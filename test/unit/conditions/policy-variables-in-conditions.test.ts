import { evaluate, matches } from './condition-helpers';
import { describeConditionOutcome } from '../../../src/explain/decision-wording';

// IAM User Guide, reference_policies_variables.md: variables in string and ARN condition values, only in policy
// language 2012-10-17; defaults with `${key, 'default'}`; `${*}`, `${?}`, `${$}` stand for the literal characters.
describe('Policy variables in condition values (reference_policies_variables.md)', () => {
  test('StringLike with ${aws:username}: the s3:prefix home-directory example', () => {
    const values = ['', 'home/', 'home/${aws:username}/'];
    expect(matches('StringLike', 's3:prefix', values, { 's3:prefix': 'home/martha_rivera/', 'aws:username': 'martha_rivera' })).toBe(true);
    expect(matches('StringLike', 's3:prefix', values, { 's3:prefix': 'home/nikki_wolf/', 'aws:username': 'martha_rivera' })).toBe(false);
  });

  test('StringEquals compares a key with another key of the request (s3:ExistingObjectTag/owner example)', () => {
    const ctx = { 's3:ExistingObjectTag/owner': 'ana', 'aws:PrincipalTag/owner': 'ana' };
    expect(matches('StringEquals', 's3:ExistingObjectTag/owner', '${aws:PrincipalTag/owner}', ctx)).toBe(true);
    expect(matches('StringEquals', 's3:ExistingObjectTag/owner', '${aws:PrincipalTag/owner}', { ...ctx, 'aws:PrincipalTag/owner': 'bo' })).toBe(false);
  });

  test('variable names are case-insensitive', () => {
    expect(matches('StringEquals', 'custom:k', '${AWS:UserName}', { 'custom:k': 'ana', 'aws:username': 'ana' })).toBe(true);
  });

  test("a default value is used when the key is missing: ${aws:username, 'nobody'}", () => {
    const v = "home/${aws:username, 'nobody'}/*";
    expect(matches('StringLike', 's3:prefix', v, { 's3:prefix': 'home/nobody/x' })).toBe(true);
    expect(matches('StringLike', 's3:prefix', v, { 's3:prefix': 'home/ana/x', 'aws:username': 'ana' })).toBe(true);
    expect(matches('StringLike', 's3:prefix', v, { 's3:prefix': 'home/nobody/x', 'aws:username': 'ana' })).toBe(false);
    expect(evaluate('StringLike', 's3:prefix', v, { 's3:prefix': 'home/nobody/x' }).unresolvedVariable).toBeUndefined();
  });

  test('an unresolved variable matches nothing: StringEquals does not match and reports the variable', () => {
    // "Policy variables with no value": StringEquals or StringLike do not match.
    const o = evaluate('StringEquals', 's3:ExistingObjectTag/Team', '${aws:PrincipalTag/Team}', { 's3:ExistingObjectTag/Team': 'red' });
    expect(o.matched).toBe(false);
    expect(o.unresolvedVariable).toBe('${aws:PrincipalTag/Team}');
    expect(describeConditionOutcome(o)).toContain('${aws:PrincipalTag/Team} has no value in the request');
  });

  test('an unresolved variable: the negated StringNotEquals matches (the effectively null value equals nothing)', () => {
    // "Inverted condition operators like StringNotEquals or StringNotLike do match against a null value".
    const o = evaluate('StringNotEquals', 's3:ExistingObjectTag/Team', '${aws:PrincipalTag/Team}', { 's3:ExistingObjectTag/Team': 'red' });
    expect(o.matched).toBe(true);
    expect(o.unresolvedVariable).toBe('${aws:PrincipalTag/Team}');
  });

  test('another policy value can still match when one has an unresolved variable (OR across values)', () => {
    const o = evaluate('StringLike', 's3:prefix', ['public/*', 'home/${aws:username}/*'], { 's3:prefix': 'public/a' });
    expect(o.matched).toBe(true);
    expect(o.unresolvedVariable).toBe('${aws:username}');
  });

  test('a multivalued key cannot be a variable ("You can\'t use a multivalued condition key as a variable")', () => {
    expect(evaluate('StringEquals', 'custom:k', '${aws:TagKeys}', { 'custom:k': 'a', 'aws:TagKeys': ['a', 'b'] }).unresolvedVariable).toBe('${aws:TagKeys}');
  });

  test('the escapes ${*} ${?} ${$} are literal characters, never wildcards', () => {
    expect(matches('StringLike', 'custom:k', 'a${*}b', { 'custom:k': 'a*b' })).toBe(true);
    expect(matches('StringLike', 'custom:k', 'a${*}b', { 'custom:k': 'axxb' })).toBe(false);
    expect(matches('StringEquals', 'custom:k', 'cost${$}${?}', { 'custom:k': 'cost$?' })).toBe(true);
  });

  test('a substituted value is literal: a * in the tag value is not a wildcard', () => {
    expect(matches('StringLike', 'custom:k', '${aws:PrincipalTag/p}', { 'custom:k': 'abc', 'aws:PrincipalTag/p': 'a*' })).toBe(false);
    expect(matches('StringLike', 'custom:k', '${aws:PrincipalTag/p}', { 'custom:k': 'a*', 'aws:PrincipalTag/p': 'a*' })).toBe(true);
  });

  test('ArnLike with a variable in the resource part', () => {
    const k = 'aws:SourceArn';
    const v = 'arn:aws:s3:::bucket/${aws:username}/*';
    expect(matches('ArnLike', k, v, { [k]: 'arn:aws:s3:::bucket/ana/x', 'aws:username': 'ana' })).toBe(true);
    const o = evaluate('ArnLike', k, v, { [k]: 'arn:aws:s3:::bucket/ana/x' });
    expect(o.matched).toBe(false);
    expect(o.unresolvedVariable).toBe('${aws:username}');
  });

  test('in policy language 2008-10-17 ${...} is literal text (reference_policies_elements_version.md)', () => {
    expect(matches('StringEquals', 'custom:k', '${aws:username}', { 'custom:k': 'ana', 'aws:username': 'ana' }, '2008-10-17')).toBe(false);
    expect(matches('StringEquals', 'custom:k', '${aws:username}', { 'custom:k': '${aws:username}' }, '2008-10-17')).toBe(true);
  });
});
