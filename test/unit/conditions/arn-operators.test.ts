import { matches } from './condition-helpers';
import { checkPolicy } from '../../../src/policy/parse-policy';

// IAM User Guide, reference_policies_elements_condition_operators.md, "Amazon Resource Name (ARN) condition operators".
describe('ARN operators (reference_policies_elements_condition_operators.md#Conditions_ARN)', () => {
  const k = 'aws:SourceArn';
  const topic = 'arn:aws:sns:us-west-2:123456789012:TOPIC-ID';

  test('ArnEquals matches the same ARN, not one in another account (the page table)', () => {
    expect(matches('ArnEquals', k, topic, { [k]: topic })).toBe(true);
    expect(matches('ArnEquals', k, topic, { [k]: 'arn:aws:sns:us-west-2:777788889999:TOPIC-ID' })).toBe(false);
  });

  test('ArnEquals and ArnLike behave identically, both with wildcards', () => {
    const pattern = 'arn:aws:sns:*:123456789012:TOPIC-*';
    expect(matches('ArnEquals', k, pattern, { [k]: topic })).toBe(true);
    expect(matches('ArnLike', k, pattern, { [k]: topic })).toBe(true);
  });

  test('matching is per colon-delimited segment: * in the region does not span segments (page example)', () => {
    const pattern = 'arn:aws:someservice:*:111122223333:finance/*';
    const value = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';
    expect(matches('ArnLike', k, pattern, { [k]: value })).toBe(false);
    // The page notes StringLike matches the same pair.
    expect(matches('StringLike', k, pattern, { [k]: value })).toBe(true);
  });

  test('matching is case-sensitive', () => {
    expect(matches('ArnLike', k, 'arn:aws:sns:us-west-2:123456789012:topic-id', { [k]: topic })).toBe(false);
  });

  test('ArnNotEquals / ArnNotLike match an ARN like none of the patterns', () => {
    // reference_policies_condition-logic-multiple-context-keys-or-values.md: the ArnNotLike principal example.
    const k2 = 'aws:PrincipalArn';
    const users = ['arn:aws:iam::222222222222:user/Ana', 'arn:aws:iam::222222222222:user/Mary'];
    expect(matches('ArnNotLike', k2, users, { [k2]: 'arn:aws:iam::222222222222:user/Nikki' })).toBe(true);
    expect(matches('ArnNotLike', k2, users, { [k2]: 'arn:aws:iam::222222222222:user/Mary' })).toBe(false);
    expect(matches('ArnNotEquals', k2, users, { [k2]: 'arn:aws:iam::222222222222:user/Mary' })).toBe(false);
  });

  test('ForAllValues:ArnLike: every ARN in the request must match a pattern (the logs:LogGeneratingResourceArns table)', () => {
    const k3 = 'logs:LogGeneratingResourceArns';
    const patterns = ['arn:aws:cloudfront::123456789012:distribution/*', 'arn:aws:cloudfront::123456789012:distribution/support*'];
    const arn = (acct: string, id: string) => `arn:aws:cloudfront::${acct}:distribution/${id}`;
    expect(matches('ForAllValues:ArnLike', k3, patterns, { [k3]: [arn('123456789012', 'costcenter'), arn('123456789012', 'support2025')] })).toBe(true);
    expect(matches('ForAllValues:ArnLike', k3, patterns, { [k3]: [arn('777788889999', 'costcenter')] })).toBe(false);
    expect(matches('ForAllValues:ArnLike', k3, patterns, {})).toBe(true);
  });
});

// IAM User Guide, reference_policies_elements_condition_operators.md (ARN condition operators):
// the value is an ARN; a typo with a negated operator would otherwise match every request.
describe('ARN condition values must be ARNs', () => {
  test('a value that is no ARN is a bad-condition-value error at its position', () => {
    const policy = JSON.stringify(
      { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam' } } }] },
      null,
      2,
    );
    const { issues } = checkPolicy(policy, { name: 'p.json' });
    const line = policy.split('\n').findIndex((l) => l.includes('"arn:aws:iam"')) + 1;
    expect(issues.map((i) => [i.code, i.pos?.line])).toEqual([['bad-condition-value', line]]);
    expect(issues[0].message).toContain('"arn:aws:iam" is not an ARN');
  });
  test('"*", full ARNs with wildcards and values holding a variable are accepted', () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*', Condition: { ArnLike: { 'aws:SourceArn': ['*', 'arn:aws:sns:*:*:topic', '${aws:PrincipalArn}'] } } },
      ],
    });
    expect(checkPolicy(policy, { name: 'p.json' }).issues).toEqual([]);
  });
});
