import { evaluate, matches } from './condition-helpers';
import { describeConditionOutcome } from '../../../src/explain/decision-wording';

// IAM User Guide, reference_policies_elements_condition_operators.md, "String condition operators".
describe('String operators (reference_policies_elements_condition_operators.md#Conditions_String)', () => {
  const key = 'aws:PrincipalTag/job-category';

  test('StringEquals is exact and case-sensitive', () => {
    expect(matches('StringEquals', key, 'iamuser-admin', { [key]: 'iamuser-admin' })).toBe(true);
    expect(matches('StringEquals', key, 'iamuser-admin', { [key]: 'IAMUser-Admin' })).toBe(false);
    expect(matches('StringEquals', key, 'iamuser-admin', { [key]: 'dev-ops' })).toBe(false);
  });

  test('StringEquals treats * and ? as ordinary characters (wildcards only in the Like forms)', () => {
    expect(matches('StringEquals', key, 'iam*', { [key]: 'iamuser-admin' })).toBe(false);
    expect(matches('StringEquals', key, 'iam*', { [key]: 'iam*' })).toBe(true);
  });

  test('StringNotEquals matches a value equal to none of the policy values (NOR across values)', () => {
    // reference_policies_condition-logic-multiple-context-keys-or-values.md: negated operators use a logical NOR.
    expect(matches('StringNotEquals', key, ['a', 'b'], { [key]: 'c' })).toBe(true);
    expect(matches('StringNotEquals', key, ['a', 'b'], { [key]: 'b' })).toBe(false);
  });

  test('StringEqualsIgnoreCase and StringNotEqualsIgnoreCase ignore case', () => {
    // reference_policies_elements_condition.md: StringEqualsIgnoreCase matches johndoe or JohnDoe.
    expect(matches('StringEqualsIgnoreCase', 'aws:username', 'johndoe', { 'aws:username': 'JohnDoe' })).toBe(true);
    expect(matches('StringEqualsIgnoreCase', 'aws:username', 'johndoe', { 'aws:username': 'JaneDoe' })).toBe(false);
    expect(matches('StringNotEqualsIgnoreCase', 'aws:username', 'johndoe', { 'aws:username': 'JOHNDOE' })).toBe(false);
    expect(matches('StringNotEqualsIgnoreCase', 'aws:username', 'johndoe', { 'aws:username': 'jane' })).toBe(true);
  });

  test('StringLike: * matches any run, ? exactly one character, case-sensitive', () => {
    const k = 'ec2:InstanceType';
    expect(matches('StringLike', k, ['t1.*', 't2.*', 'm3.*'], { [k]: 't2.micro' })).toBe(true);
    expect(matches('StringLike', k, ['t1.*', 't2.*', 'm3.*'], { [k]: 'm2.micro' })).toBe(false);
    expect(matches('StringLike', k, 'T2.*', { [k]: 't2.micro' })).toBe(false);
    expect(matches('StringLike', k, 't?.micro', { [k]: 't2.micro' })).toBe(true);
    expect(matches('StringLike', k, 't?.micro', { [k]: 't22.micro' })).toBe(false);
  });

  test('StringNotLike matches a value like none of the patterns', () => {
    const k = 's3:prefix';
    expect(matches('StringNotLike', k, ['home/*', 'tmp/*'], { [k]: 'etc/passwd' })).toBe(true);
    expect(matches('StringNotLike', k, ['home/*', 'tmp/*'], { [k]: 'tmp/x' })).toBe(false);
  });

  test('the reason names the operator, key, request value and policy value', () => {
    const o = evaluate('StringEquals', 'aws:PrincipalTag/team', 'ops', { 'aws:PrincipalTag/team': 'dev' });
    expect(o.matched).toBe(false);
    expect(describeConditionOutcome(o)).toBe('StringEquals aws:PrincipalTag/team: request value "dev" is not "ops"');
    const hit = evaluate('StringLike', 's3:prefix', ['a/*', 'home/*'], { 's3:prefix': 'home/x' });
    expect(describeConditionOutcome(hit)).toBe('StringLike s3:prefix: request value "home/x" is like "home/*"');
  });
});

// reference_policies_elements_condition.md: "Condition key names are not case-sensitive".
describe('Condition key names are case-insensitive (reference_policies_elements_condition.md)', () => {
  test('aws:SourceIP in the policy finds AWS:SourceIp in the request', () => {
    expect(matches('IpAddress', 'aws:SourceIP', '203.0.113.0/24', { 'AWS:SourceIp': '203.0.113.9' })).toBe(true);
  });

  test('a tag key differing only by case is the same key, its value still compared case-sensitively', () => {
    expect(matches('StringEquals', 'aws:PrincipalTag/Team', 'ops', { 'aws:principaltag/team': 'ops' })).toBe(true);
    expect(matches('StringEquals', 'aws:PrincipalTag/Team', 'ops', { 'aws:principaltag/team': 'OPS' })).toBe(false);
  });
});
